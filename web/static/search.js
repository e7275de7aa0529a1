// Suggestions as you type in the header's search box. The box works
// without this: it is a plain GET form to /search.
(function () {
  "use strict";

  // Titles come from the server as escaped text with <mark> around matches;
  // rebuild them from text and MARK nodes only, never as raw HTML.
  function appendMarked(el, html) {
    var tpl = document.createElement("template");
    tpl.innerHTML = html;
    tpl.content.childNodes.forEach(function (n) {
      if (n.nodeName === "MARK") {
        var m = document.createElement("mark");
        m.textContent = n.textContent;
        el.appendChild(m);
      } else {
        el.appendChild(document.createTextNode(n.textContent));
      }
    });
  }

  function setup(form) {
    var input = form.querySelector("input[data-suggest]");
    var list = form.querySelector(".suggestions");
    var timer = null, seq = 0, active = -1;
    if (!input || !list) return;

    function hide() {
      list.hidden = true;
      list.textContent = "";
      active = -1;
      input.setAttribute("aria-expanded", "false");
    }

    function show(items) {
      list.textContent = "";
      active = -1;
      items.forEach(function (it, i) {
        var li = document.createElement("li");
        li.setAttribute("role", "option");
        li.id = "search-suggestion-" + i;
        var a = document.createElement("a");
        a.href = it.url || "/search?q=" + encodeURIComponent(input.value.trim());
        var kind = document.createElement("span");
        kind.className = "kind";
        kind.textContent = form.getAttribute("data-label-" + it.kind) || it.kind;
        var title = document.createElement("span");
        title.className = "title";
        appendMarked(title, it.title);
        a.appendChild(kind);
        a.appendChild(title);
        li.appendChild(a);
        list.appendChild(li);
      });
      list.hidden = items.length === 0;
      input.setAttribute("aria-expanded", items.length ? "true" : "false");
    }

    function load() {
      var q = input.value.trim();
      if (!q) { hide(); return; }
      var mine = ++seq;
      fetch(input.getAttribute("data-suggest") + "?q=" + encodeURIComponent(q), {
        credentials: "same-origin", headers: { Accept: "application/json" }
      }).then(function (r) {
        return r.ok ? r.json() : { suggestions: [] };
      }).then(function (data) {
        if (mine === seq) show(data.suggestions || []);
      }).catch(hide);
    }

    function move(step) {
      var items = list.querySelectorAll("li");
      if (!items.length) return;
      if (active >= 0) items[active].removeAttribute("aria-selected");
      active = (active + step + items.length) % items.length;
      items[active].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", items[active].id);
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(load, 200);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { e.preventDefault(); move(1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); move(-1); }
      else if (e.key === "Escape") { hide(); }
      else if (e.key === "Enter" && active >= 0) {
        e.preventDefault();
        window.location.href = list.querySelectorAll("a")[active].href;
      }
    });
    document.addEventListener("click", function (e) {
      if (!form.contains(e.target)) hide();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.search-box").forEach(setup);
  });
})();
