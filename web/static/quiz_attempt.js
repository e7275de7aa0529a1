// The attempt page: a timer from the server's remaining time, autosave of
// each answer (PUT, acknowledged only once stored), the navigator's
// answered/flagged marks, and a confirmation before submitting. Without it
// the page still works: "save" and "submit" post the whole form.
(function () {
  "use strict";
  var root = document.getElementById("attempt");
  if (!root) return;
  var form = document.getElementById("attempt-form");
  var stateEl = document.getElementById("save-state");
  var timerEl = document.getElementById("timer");
  var attemptId = root.getAttribute("data-attempt");
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var msg = function (k) { return root.getAttribute("data-msg-" + k) || k; };
  var pending = {};   // question id -> true while a change waits or is sent
  var inflight = {};  // question id -> promise of the request under way
  var timers = {};
  var finishing = false;

  function fieldset(qid) { return form.querySelector('fieldset[data-qid="' + qid + '"]'); }

  function answerOf(qid) {
    var fs = fieldset(qid), choices = [], texts = [];
    fs.querySelectorAll('[name="q' + qid + '"]').forEach(function (el) {
      if (el.type === "radio" || el.type === "checkbox") {
        if (el.checked) choices.push(parseInt(el.value, 10));
      } else if (el.tagName === "SELECT") {
        choices.push(parseInt(el.value, 10)); // a matching prompt; -1 for none
      } else {
        texts.push(el.value);
      }
    });
    var flag = fs.querySelector('[name="flag' + qid + '"]');
    return { choices: choices, texts: texts, flagged: !!(flag && flag.checked) };
  }

  function answered(a) {
    return a.choices.some(function (c) { return c >= 0; }) || a.texts.some(function (t) { return t.trim() !== ""; });
  }

  function mark(qid, a) {
    var nav = document.getElementById("nav-" + qid);
    if (!nav) return;
    nav.classList.toggle("answered", answered(a));
    nav.classList.toggle("flagged", a.flagged);
  }

  function show(text, cls) {
    stateEl.textContent = text;
    stateEl.className = "save-state " + (cls || "");
  }

  function clock(d) {
    var p = function (n) { return (n < 10 ? "0" : "") + n; };
    return p(d.getHours()) + ":" + p(d.getMinutes()) + ":" + p(d.getSeconds());
  }

  // save sends the question's current answer; a change made meanwhile is
  // sent right after, failures are retried with a growing pause.
  function save(qid, attempt) {
    if (inflight[qid]) { pending[qid] = true; return inflight[qid]; }
    delete pending[qid];
    var a = answerOf(qid);
    mark(qid, a);
    show(msg("saving"), "busy");
    var p = fetch("/api/v1/attempts/" + attemptId + "/answers/" + qid, {
      method: "PUT", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(a)
    }).then(function (r) {
      if (r.status === 409) { closed(); return; }
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json().then(function (s) {
        show(msg("saved") + " " + clock(new Date()), "ok");
        if (typeof s.remaining_s === "number" && s.remaining_s >= 0) startTimer(s.remaining_s);
      });
    }).catch(function () {
      var wait = Math.min(30000, 2000 * Math.pow(2, attempt || 0));
      show(msg("failed"), "bad");
      pending[qid] = true;
      return new Promise(function (res) { setTimeout(res, wait); }).then(function () {
        delete inflight[qid];
        return save(qid, (attempt || 0) + 1);
      });
    }).then(function () {
      delete inflight[qid];
      if (pending[qid]) return save(qid);
    });
    inflight[qid] = p;
    return p;
  }

  // The attempt was closed by the server (deadline or another tab): the
  // attempt's page now shows the result.
  function closed() {
    finishing = true;
    window.location.href = "/quiz/attempts/" + attemptId;
  }

  function schedule(qid, delay) {
    pending[qid] = true;
    clearTimeout(timers[qid]);
    timers[qid] = setTimeout(function () { save(qid); }, delay);
  }

  function flush() {
    var all = [];
    Object.keys(timers).forEach(function (qid) { clearTimeout(timers[qid]); });
    Object.keys(pending).forEach(function (qid) { all.push(save(qid)); });
    Object.keys(inflight).forEach(function (qid) { all.push(inflight[qid]); });
    return Promise.all(all);
  }

  form.addEventListener("change", function (e) {
    var fs = e.target.closest("fieldset[data-qid]");
    if (fs) schedule(fs.getAttribute("data-qid"), 0);
  });
  form.addEventListener("input", function (e) {
    var fs = e.target.closest("fieldset[data-qid]");
    if (fs && (e.target.tagName === "TEXTAREA" || e.target.type === "text" || e.target.inputMode === "decimal")) {
      schedule(fs.getAttribute("data-qid"), 800);
    }
  });

  function submitNow() {
    finishing = true;
    var input = document.createElement("input");
    input.type = "hidden"; input.name = "action"; input.value = "submit";
    form.appendChild(input);
    form.submit();
  }

  document.getElementById("submit-attempt").addEventListener("click", function (e) {
    e.preventDefault();
    flush().then(function () {
      var left = document.querySelectorAll(".navigator a.nav-q:not(.answered)").length;
      var text = left > 0 ? msg("unanswered").replace("%d", left) : msg("confirm");
      if (window.confirm(text)) submitNow();
    });
  });

  window.addEventListener("beforeunload", function (e) {
    if (!finishing && (Object.keys(pending).length || Object.keys(inflight).length)) {
      flush();
      e.preventDefault();
      e.returnValue = "";
    }
  });

  // The timer counts down from the server's remaining seconds (the
  // browser's own clock may be wrong); a reload asks the server again.
  var endAt = null, ticking = null;
  function startTimer(seconds) {
    if (!timerEl) return;
    endAt = Date.now() + seconds * 1000;
    if (!ticking) { ticking = setInterval(tick, 250); tick(); }
  }
  function tick() {
    var left = Math.max(0, Math.round((endAt - Date.now()) / 1000));
    var h = Math.floor(left / 3600), m = Math.floor(left % 3600 / 60), s = left % 60;
    var p = function (n) { return (n < 10 ? "0" : "") + n; };
    timerEl.textContent = (h ? h + ":" : "") + p(m) + ":" + p(s);
    timerEl.parentNode.classList.toggle("urgent", left <= 60);
    if (left === 0 && !finishing) {
      clearInterval(ticking);
      show(msg("timeup"), "bad");
      flush().then(closed, closed);
    }
  }
  var remaining = parseInt(root.getAttribute("data-remaining"), 10);
  if (remaining >= 0) startTimer(remaining);
})();
