// Small progressive enhancements; every page works without them.
(function () {
  "use strict";
  document.documentElement.classList.remove("no-js");
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
        // On a phone the opened menu is one list: every group unfolds.
        nav.querySelectorAll("details.menu-group").forEach(function (d) { d.open = open; });
      });
    }
    menuGroups(btn);
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

  // Drop-down groups at desktop width: one open at a time, closed by a
  // click elsewhere or by Escape (focus goes back to the group's title).
  function menuGroups(btn) {
    var groups = document.querySelectorAll("#nav details.menu-group");
    var phone = function () { return btn && getComputedStyle(btn).display !== "none"; };
    groups.forEach(function (d) {
      d.addEventListener("toggle", function () {
        if (!d.open || phone()) return;
        groups.forEach(function (o) { if (o !== d) o.open = false; });
      });
    });
    document.addEventListener("click", function (e) {
      if (phone()) return;
      groups.forEach(function (d) { if (!d.contains(e.target)) d.open = false; });
    });
    document.addEventListener("keydown", function (e) {
      if (e.key !== "Escape") return;
      groups.forEach(function (d) {
        if (d.open && !phone()) { d.open = false; d.querySelector("summary").focus(); }
      });
    });
  }
})();
