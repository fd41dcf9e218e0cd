// Lindung: small progressive enhancements. No inline scripts anywhere (CSP).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-nav-toggle]");
    if (!toggle) return;
    var nav = document.getElementById(toggle.getAttribute("aria-controls"));
    var open = toggle.getAttribute("aria-expanded") === "true";
    toggle.setAttribute("aria-expanded", String(!open));
    nav.classList.toggle("open", !open);
  });
  // Show server-side errors of htmx requests instead of failing silently.
  document.addEventListener("htmx:responseError", function (event) {
    var box = document.createElement("div");
    box.className = "alert alert-error";
    box.setAttribute("role", "alert");
    var message = event.detail.xhr.getResponseHeader("X-Error-Message");
    var en = document.documentElement.lang === "en";
    if (message) {
      box.textContent = decodeURIComponent(message);
    } else if (event.detail.xhr.status === 403 || event.detail.xhr.status === 404) {
      box.textContent = en ? "Not allowed or not found." : "Tidak diizinkan atau tidak ditemukan.";
    } else {
      box.textContent = en ? "The request failed. Try again." : "Permintaan gagal. Coba lagi.";
    }
    var main = document.getElementById("main");
    if (main) main.prepend(box);
  });
})();
