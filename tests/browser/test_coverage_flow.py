"""An analyst opens the coverage dashboard, clicks a regency on the map and sees its figures."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from lindung.accounts.models import Role
from lindung.coverage import services as coverage_services
from tests.coverage.snapshots import Stat, make_snapshot
from tests.factories import accounts as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Finds a point well inside a region's polygon (ray casting on a grid over its bounding box),
# then the screen position MapLibre draws it at; clicking there is a real click on the map.
INSIDE_POINT_JS = """
(code) => {
  const el = document.querySelector('[data-testid="coverage-map"]');
  const trace = el.data.find((t) => (t.locations || []).includes(code));
  const feature = trace.geojson.features.find((f) => f.properties.code === code);
  const polygons = feature.geometry.type === "Polygon"
    ? [feature.geometry.coordinates] : feature.geometry.coordinates;
  const inside = (x, y) => polygons.some((rings) => {
    let hit = false;
    for (const ring of rings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i]; const [xj, yj] = ring[j];
        if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
      }
    }
    return hit;
  });
  const xs = polygons.flat(3).filter((_, i) => i % 2 === 0);
  const ys = polygons.flat(3).filter((_, i) => i % 2 === 1);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const points = [];
  for (let i = 1; i < 20; i++) for (let k = 1; k < 20; k++) {
    const x = x0 + ((x1 - x0) * i) / 20; const y = y0 + ((y1 - y0) * k) / 20;
    if (inside(x, y)) points.push([x, y]);
  }
  const mx = points.reduce((s, p) => s + p[0], 0) / points.length;
  const my = points.reduce((s, p) => s + p[1], 0) / points.length;
  points.sort((a, b) => Math.hypot(a[0] - mx, a[1] - my) - Math.hypot(b[0] - mx, b[1] - my));
  const map = el._fullLayout.map._subplot.map;
  const pixel = map.project(points[0]);
  const box = map.getCanvas().getBoundingClientRect();
  return { x: box.left + pixel.x, y: box.top + pixel.y };
}
"""


@pytest.fixture(autouse=True)
def _short_timeouts(page: Page) -> None:
    page.set_default_timeout(15_000)


def _login(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(f.DEFAULT_PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def _figures() -> None:
    year = timezone.localdate().year
    for code, workers in (("61", 40_000), ("61.03", 12_320), ("61.71", 10_000)):
        coverage_services.record_denominator(
            actor=None, region_code=code, sector="all", year=year, workers=workers,
            source="Sakernas",
        )  # fmt: skip
    january = make_snapshot(
        date(year, 1, 31),
        [
            Stat("61.03", "61.03.01", n=4_000, change="first"),
            Stat("61.71", n=3_000, change="first"),
        ],
    )
    make_snapshot(
        date(year, 6, 30),
        [
            Stat("61.03", "61.03.01", "jakon", "construction", n=4_000),
            Stat("61.03", "61.03.02", "bpu", "farming", n=519, change="new"),
            Stat("61.03", "61.03.02", "bpu", "farming", "lapsed", "lapsed", n=81),
            Stat("61.71", "61.71.01", "pu", "", n=3_100),
        ],
        previous=january,
    )


def _console_errors(page: Page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


class TestCoverageFlow:
    def test_analyst_clicks_a_regency_on_the_map_and_sees_its_figures(
        self, live_server: Any, page: Page
    ) -> None:
        _figures()
        analyst = f.user_of_role(Role.PROVINCIAL_ANALYST, "61", username="analis.provinsi")
        errors = _console_errors(page)
        _login(page, live_server.url, analyst.username)

        expect(page.get_by_test_id("dashboard-title")).to_have_text("Kalimantan Barat")
        expect(page.get_by_test_id("figure-participants")).to_have_text("7.619")
        the_map = page.get_by_test_id("coverage-map")
        expect(the_map).to_have_attribute("data-ready", "true")
        expect(the_map.locator("canvas").first).to_be_visible()

        the_map.scroll_into_view_if_needed()
        point = page.evaluate(INSIDE_POINT_JS, "61.03")
        page.mouse.move(point["x"], point["y"])
        expect(page.locator(".hoverlayer .hovertext")).to_contain_text("Kabupaten Sanggau")
        page.mouse.click(point["x"], point["y"])

        expect(page).to_have_url(re.compile(r"/dasbor/61\.03/$"))
        expect(page.get_by_test_id("dashboard-title")).to_have_text("Kabupaten Sanggau")
        expect(page.get_by_test_id("figure-participants")).to_have_text("4.519")
        expect(page.get_by_test_id("figure-percent")).to_have_text("36,68%")
        expect(page.get_by_test_id("figure-new")).to_have_text("519")
        expect(page.get_by_test_id("figure-lapse")).to_have_text("1,76%")
        expect(page.get_by_test_id("participant-source")).to_contain_text("30")
        district_map = page.get_by_test_id("coverage-map")
        expect(district_map).to_have_attribute("data-ready", "true")
        expect(page.get_by_test_id("region-row").filter(has_text="Kapuas")).to_contain_text("4.000")
        assert errors == []

    def test_regency_officer_sees_only_their_districts(self, live_server: Any, page: Page) -> None:
        _figures()
        officer = f.regency_officer("61.03", username="petugas.sanggau")
        errors = _console_errors(page)
        _login(page, live_server.url, officer.username)

        expect(page.get_by_test_id("dashboard-title")).to_have_text("Kabupaten Sanggau")
        the_map = page.get_by_test_id("coverage-map")
        expect(the_map).to_have_attribute("data-ready", "true")
        codes = page.evaluate(
            "() => document.querySelector('[data-testid=\"coverage-map\"]').data"
            ".flatMap((t) => t.locations)"
        )
        assert codes
        assert all(code.startswith("61.03.") for code in codes)
        page.get_by_test_id("region-row").first.get_by_role("link").click()
        expect(page).to_have_url(re.compile(r"/dasbor/61\.03\.\d\d/$"))
        expect(page.get_by_test_id("villages")).to_be_visible()

        response = page.goto(f"{live_server.url}/dasbor/61.71/")
        assert response is not None
        assert response.status == 404
        assert errors == [] or all("404" in e for e in errors)
