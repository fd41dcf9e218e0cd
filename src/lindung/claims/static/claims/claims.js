// Claim pages: show only the fields that apply, and pick a worker from the search results.
(function () {
  "use strict";

  function showFor(form, selectName, attribute) {
    var select = form.querySelector("[name=" + selectName + "]");
    if (!select) return;
    var update = function () {
      form.querySelectorAll("[" + attribute + "]").forEach(function (block) {
        var wanted = block.getAttribute(attribute).split(" ");
        block.hidden = wanted.indexOf(select.value) === -1;
      });
    };
    select.addEventListener("change", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-case-form]").forEach(function (form) {
      showFor(form, "claim_type", "data-for-type");
    });
    document.querySelectorAll("form[data-step-form]").forEach(function (form) {
      showFor(form, "to_status", "data-for-step");
    });
  });

  document.addEventListener("click", function (event) {
    var pick = event.target.closest("[data-pick-worker]");
    if (!pick) return;
    event.preventDefault();
    var input = document.getElementById("id_worker_id");
    var chosen = document.getElementById("chosen-worker");
    if (!input || !chosen) return;
    input.value = pick.getAttribute("data-pick-worker");
    chosen.textContent = pick.getAttribute("data-label");
    chosen.hidden = false;
    var results = document.getElementById("worker-results");
    if (results) results.innerHTML = "";
  });
})();
