// The reflection page: autosave of the text (PUT, shown as saved only
// once the server acknowledged it, which it does after the commit), a
// character count as the minimum counts, and a confirmation before
// submitting. Without it the page still works: the buttons post the form.
(function () {
  "use strict";
  var form = document.getElementById("refl-form");
  if (!form) return;
  var body = document.getElementById("refl-body");
  var share = form.querySelector('[name="share_ok"]');
  var stateEl = document.getElementById("save-state");
  var countEl = document.getElementById("char-count");
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var url = "/api/v1/courses/" + form.getAttribute("data-course") + "/reflection";
  var msg = function (k) { return form.getAttribute("data-msg-" + k) || k; };
  var timer = null, inflight = null, again = false, pause = 1000;

  function chars(s) {
    var m = s.match(/[\p{L}\p{N}]/gu);
    return m ? m.length : 0;
  }
  function show(text, cls) { stateEl.textContent = text; stateEl.className = "save-state " + (cls || ""); }
  function clock(d) {
    var p = function (n) { return (n < 10 ? "0" : "") + n; };
    return p(d.getHours()) + ":" + p(d.getMinutes()) + ":" + p(d.getSeconds());
  }

  function save() {
    if (inflight) { again = true; return inflight; }
    show(msg("saving"));
    inflight = fetch(url, {
      method: "PUT", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify({ body: body.value, share_ok: share.checked })
    }).then(function (r) {
      return r.json().then(function (j) {
        if (!r.ok) throw new Error((j.error && j.error.message) || r.status);
        pause = 1000;
        show(msg("saved") + " " + clock(new Date(j.saved_at)), "ok");
      });
    }).catch(function (e) {
      show(msg("failed") + " " + e.message, "error");
      pause = Math.min(pause * 2, 30000);
      again = true;
    }).then(function () {
      inflight = null;
      if (again) { again = false; schedule(pause); }
    });
    return inflight;
  }
  function schedule(ms) {
    clearTimeout(timer);
    timer = setTimeout(save, ms);
  }

  function changed() {
    countEl.textContent = countEl.getAttribute("data-label") + " " + chars(body.value);
    schedule(1200);
  }
  body.addEventListener("input", changed);
  share.addEventListener("change", changed);
  form.addEventListener("submit", function (ev) {
    var b = ev.submitter;
    if (b && b.value === "submit" && !window.confirm(msg("confirm"))) { ev.preventDefault(); return; }
    clearTimeout(timer);
  });
  window.addEventListener("beforeunload", function (ev) {
    if (timer && !inflight) { save(); }
  });
})();
