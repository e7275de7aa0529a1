// Small progressive enhancements; every page works without them.
(function () {
  "use strict";
  var token = document.querySelector('meta[name="csrf-token"]');
  // htmx and fetch requests carry the CSRF token of this page.
  document.addEventListener("htmx:configRequest", function (e) {
    if (token) e.detail.headers["X-CSRF-Token"] = token.content;
  });
  document.addEventListener("DOMContentLoaded", function () {
    var btn = document.querySelector(".menu-toggle");
    var nav = document.getElementById("nav");
    if (btn && nav) {
      btn.addEventListener("click", function () {
        var open = nav.classList.toggle("open");
        btn.setAttribute("aria-expanded", open ? "true" : "false");
      });
    }
    // A filter select sends its form when changed; the button stays for
    // browsers without script.
    document.querySelectorAll("select[data-autosubmit]").forEach(function (s) {
      s.addEventListener("change", function () {
        if (s.form) s.form.submit();
      });
    });
    document.querySelectorAll("form[data-confirm]").forEach(function (f) {
      f.addEventListener("submit", function (e) {
        if (!window.confirm(f.getAttribute("data-confirm"))) e.preventDefault();
      });
    });
  });
})();
