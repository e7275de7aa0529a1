// The trainer's and committee's forms, enhanced: drag and drop of chapters
// and lessons in the course editor (saved at once through the outline API;
// the up and down buttons remain for phones and for browsers without
// script), the add-lesson form showing only the fields of the chosen kind,
// and the people search of the assignment form.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="csrf-token"]');
  var token = meta ? meta.content : "";

  // --- outline: drag and drop -------------------------------------------
  function outline() {
    var box = document.getElementById("outline");
    var list = document.getElementById("chapters");
    if (!box || !list) return;
    var dragged = null;

    function kindOf(el) { return el.classList.contains("lesson") ? "lesson" : "chapter"; }

    function order() {
      return Array.prototype.map.call(list.querySelectorAll(".chapter"), function (ch) {
        return {
          id: Number(ch.dataset.chapterId),
          lessons: Array.prototype.map.call(ch.querySelectorAll(".lesson"), function (l) {
            return { id: Number(l.dataset.lessonId) };
          })
        };
      });
    }

    function save() {
      var msg = document.getElementById("outline-msg");
      fetch("/api/v1/courses/" + box.dataset.course + "/outline", {
        method: "PUT", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": token },
        body: JSON.stringify({ chapters: order() })
      }).then(function (r) {
        msg.textContent = r.ok ? box.dataset.msgSaved : box.dataset.msgError;
      }).catch(function () { msg.textContent = box.dataset.msgError; });
    }

    // The element before which the dragged one goes, from the pointer's height.
    function before(container, selector, y) {
      var items = Array.prototype.filter.call(container.querySelectorAll(selector), function (el) { return el !== dragged; });
      for (var i = 0; i < items.length; i++) {
        var r = items[i].getBoundingClientRect();
        if (y < r.top + r.height / 2) return items[i];
      }
      return null;
    }

    list.addEventListener("dragstart", function (e) {
      var el = e.target.closest(".lesson") || e.target.closest(".chapter");
      if (!el) return;
      dragged = el;
      el.classList.add("dragging");
      e.dataTransfer.effectAllowed = "move";
      e.dataTransfer.setData("text/plain", kindOf(el));
      if (kindOf(el) === "chapter") e.dataTransfer.setDragImage(el, 10, 10);
    });
    list.addEventListener("dragover", function (e) {
      if (!dragged) return;
      e.preventDefault();
      if (kindOf(dragged) === "lesson") {
        var ch = e.target.closest(".chapter");
        var ol = e.target.closest(".lessons") || (ch && ch.querySelector(".lessons"));
        if (!ol) return;
        ol.insertBefore(dragged, before(ol, ".lesson", e.clientY));
      } else {
        list.insertBefore(dragged, before(list, ".chapter", e.clientY));
      }
    });
    list.addEventListener("drop", function (e) { e.preventDefault(); });
    list.addEventListener("dragend", function () {
      if (!dragged) return;
      dragged.classList.remove("dragging");
      dragged = null;
      save();
    });
  }

  // --- add-lesson form: the chosen kind's fields ------------------------
  function kinds() {
    var sel = document.getElementById("lesson-kind");
    if (!sel) return;
    var form = sel.form;
    function update() {
      form.querySelectorAll("fieldset.kind-fields").forEach(function (fs) {
        var on = fs.dataset.kind.split(" ").indexOf(sel.value) >= 0;
        fs.hidden = !on;
        fs.disabled = !on;
      });
    }
    sel.addEventListener("change", update);
    update();
  }

  // --- assignment form: find people -------------------------------------
  function people() {
    var box = document.getElementById("user-search");
    if (!box) return;
    var q = document.getElementById("user-q");
    var results = document.getElementById("user-results");
    var picked = document.getElementById("picked");
    var timer = null;
    box.hidden = false;

    // who names a person with their account and unit, in the page's punctuation.
    function who(u) {
      if (document.documentElement.lang === "en") return u.display_name + " (" + u.username + ", " + u.unit_name + ")";
      return u.display_name + "（" + u.username + "，" + u.unit_name + "）";
    }

    function pick(u) {
      if (picked.querySelector('input[value="' + u.id + '"]')) return;
      var li = document.createElement("li");
      var input = document.createElement("input");
      input.type = "hidden"; input.name = "user_ids"; input.value = u.id;
      var label = document.createElement("span");
      label.textContent = who(u);
      var rm = document.createElement("button");
      rm.type = "button"; rm.textContent = box.dataset.msgRemove;
      rm.addEventListener("click", function () { li.remove(); });
      li.append(input, label, rm);
      picked.appendChild(li);
    }

    function show(users) {
      results.textContent = "";
      if (!users.length) {
        var none = document.createElement("li");
        none.textContent = box.dataset.msgNone;
        results.appendChild(none);
      }
      users.forEach(function (u) {
        var li = document.createElement("li");
        var b = document.createElement("button");
        b.type = "button";
        b.textContent = "＋ " + who(u);
        b.addEventListener("click", function () { pick(u); });
        li.appendChild(b);
        results.appendChild(li);
      });
    }

    function search() {
      var text = q.value.trim();
      if (!text) { results.textContent = ""; return; }
      fetch("/api/v1/users?per_page=10&q=" + encodeURIComponent(text), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : { users: [] }; })
        .then(function (j) { show(j.users || []); })
        .catch(function () {});
    }

    q.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(search, 300); });
    q.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); search(); } });
  }

  function init() { outline(); kinds(); people(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
