// Coverage dashboard: draws the Plotly figures the page embeds as JSON (CSP: no inline
// scripts), fits the maps to their regions, opens a region's dashboard when it is clicked,
// and submits the filters when one changes.
(function () {
  "use strict";

  var geojsonRequests = {};

  function message(id, en) {
    return document.documentElement.lang === "en" ? en : id;
  }

  function fetchGeojson(url) {
    if (!geojsonRequests[url]) {
      geojsonRequests[url] = fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) throw new Error("boundaries: HTTP " + response.status);
        return response.json();
      });
    }
    return geojsonRequests[url];
  }

  function eachPosition(coordinates, visit) {
    if (typeof coordinates[0] === "number") {
      visit(coordinates[0], coordinates[1]);
      return;
    }
    for (var i = 0; i < coordinates.length; i++) eachPosition(coordinates[i], visit);
  }

  function bounds(geojson, codes) {
    var box = { minLon: 180, maxLon: -180, minLat: 90, maxLat: -90 };
    geojson.features.forEach(function (feature) {
      if (codes && !codes[feature.properties.code]) return;
      if (!feature.geometry) return;
      eachPosition(feature.geometry.coordinates, function (lon, lat) {
        box.minLon = Math.min(box.minLon, lon);
        box.maxLon = Math.max(box.maxLon, lon);
        box.minLat = Math.min(box.minLat, lat);
        box.maxLat = Math.max(box.maxLat, lat);
      });
    });
    return box.minLon <= box.maxLon ? box : null;
  }

  // Pixels kept free at the bottom of a map for its colour scale.
  var SCALE_HEIGHT = 64;

  // Centre and zoom so the box fills the element above the colour scale (MapLibre: the
  // world is 512 px wide at zoom 0, and 2^zoom times wider at each zoom).
  function fit(map, box, width, height) {
    var mercator = function (lat) {
      return Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
    };
    var free = Math.max(height - SCALE_HEIGHT, height / 2);
    var lonSpan = Math.max(box.maxLon - box.minLon, 1e-6);
    var ySpan = Math.max(mercator(box.maxLat) - mercator(box.minLat), 1e-6);
    var zoomX = Math.log2((width * 360) / (lonSpan * 512));
    var zoomY = Math.log2((free * 2 * Math.PI) / (ySpan * 512));
    map.zoom = Math.min(zoomX, zoomY) - 0.15;
    // Move the centre south by half the reserved strip, so the regions sit above the scale.
    var pixelsPerUnit = (512 * Math.pow(2, map.zoom)) / (2 * Math.PI);
    var yCentre = (mercator(box.maxLat) + mercator(box.minLat)) / 2 - (height - free) / 2 / pixelsPerUnit;
    map.center = {
      lon: (box.minLon + box.maxLon) / 2,
      lat: ((2 * Math.atan(Math.exp(yCentre)) - Math.PI / 2) * 180) / Math.PI,
    };
  }

  function openClickedRegion(event) {
    var point = event && event.points && event.points[0];
    var url = point && point.customdata && point.customdata[0];
    if (url) window.location.assign(url);
  }

  function failed(element, error) {
    element.classList.add("chart-error");
    element.textContent = message(
      "Grafik tidak dapat ditampilkan; angkanya ada di tabel.",
      "The chart could not be drawn; its figures are in the table."
    );
    element.dataset.ready = "error";
    if (window.console) window.console.error(error);
  }

  function draw(element) {
    var source = document.getElementById(element.dataset.figure);
    if (!source || typeof window.Plotly === "undefined") return;
    var figure = JSON.parse(source.textContent);
    var traces = figure.data || [];
    var layout = figure.layout || {};
    var config = figure.config || {};
    var ready = Promise.resolve();
    if (element.hasAttribute("data-map") && traces.length && typeof traces[0].geojson === "string") {
      var url = traces[0].geojson;
      ready = fetchGeojson(url).then(function (geojson) {
        var codes = {};
        traces.forEach(function (trace) {
          if (trace.geojson === url) trace.geojson = geojson;
          (trace.locations || []).forEach(function (code) { codes[code] = true; });
        });
        // The stylesheet sets the map's height (smaller on phones); the figure follows it.
        if (element.clientHeight > 0) layout.height = element.clientHeight;
        var box = bounds(geojson, codes) || bounds(geojson, null);
        if (box && layout.map) fit(layout.map, box, element.clientWidth || 600, layout.height || 440);
      });
    }
    ready
      .then(function () {
        return window.Plotly.newPlot(element, traces, layout, config);
      })
      .then(function () {
        if (element.hasAttribute("data-map")) element.on("plotly_click", openClickedRegion);
        element.dataset.ready = "true";
      })
      .catch(function (error) {
        failed(element, error);
      });
  }

  function start() {
    document.querySelectorAll("[data-figure]").forEach(draw);
    document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
      select.addEventListener("change", function () {
        select.form.submit();
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
