// Reading time of a document or article lesson. While the page is visible a
// heartbeat goes every ten seconds; the server credits the time between two
// visible heartbeats (and only that), so time spent in another tab or with
// the phone locked never counts. The remaining minimum reading time is
// counted down from what the server credited.
(function () {
  "use strict";
  var root = document.getElementById("reader");
  if (!root) return;
  var ds = root.dataset;
  var meta = document.querySelector('meta[name="csrf-token"]');
  var token = meta ? meta.content : "";
  var api = "/api/v1/lessons/" + ds.lesson + "/heartbeat";
  var left = Math.max(0, (parseFloat(ds.minSeconds) || 0) - (parseFloat(ds.active) || 0));
  var completed = ds.completed === "1";
  var playbackID = newID(), seq = 0, inFlight = false, superseded = false;
  var hiddenSince = document.visibilityState !== "visible";

  function newID() {
    var b = new Uint8Array(12);
    crypto.getRandomValues(b);
    return Array.prototype.map.call(b, function (x) { return ("0" + x.toString(16)).slice(-2); }).join("");
  }

  function $(id) { return document.getElementById(id); }

  function show() {
    var el = $("reading-remaining");
    if (!el) return;
    el.hidden = completed;
    var s = Math.ceil(left);
    el.textContent = (ds.msgRemaining || "").replace("{m}", Math.floor(s / 60)).replace("{s}", s % 60);
  }

  function done() {
    completed = true;
    left = 0;
    $("lesson-done").hidden = false;
    show();
  }

  function beat(final) {
    if (completed || superseded || inFlight && !final) return;
    var body = {
      playback_id: playbackID, seq: ++seq, position: 0, played: [], rate: 1,
      visible: document.visibilityState === "visible" && !hiddenSince,
      presence_answer: "", client_time: new Date().toISOString()
    };
    hiddenSince = document.visibilityState !== "visible";
    inFlight = true;
    fetch(api, {
      method: "POST", keepalive: true, credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": token },
      body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().then(function (j) { return { ok: r.ok, body: j }; });
    }).then(function (r) {
      var msg = $("lesson-msg");
      if (!r.ok) { if (msg) msg.textContent = r.body && r.body.error ? r.body.error.message : ds.msgError; return; }
      if (msg) msg.textContent = "";
      var b = r.body;
      if (b.superseded) {
        // Another page of this learner took over; this one waits until
        // the learner comes back to it or asks to continue here.
        superseded = true;
        $("reader-superseded").hidden = false;
        return;
      }
      left = Math.max(0, left - (b.credited || 0));
      if (b.lesson_completed && !completed) done(); else show();
      if (b.course_completed) $("course-done").hidden = false;
    }).catch(function () {
      var msg = $("lesson-msg");
      if (msg) msg.textContent = ds.msgError;
    }).then(function () { inFlight = false; });
  }

  // Continue here: a new playback takes the lesson back from the other page.
  function resumeHere() {
    superseded = false;
    playbackID = newID();
    seq = 0;
    $("reader-superseded").hidden = true;
    beat();
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState !== "visible") {
      hiddenSince = true;
      beat();
    } else if (superseded) {
      resumeHere();
    } else {
      beat();
    }
  });
  $("reader-resume").addEventListener("click", resumeHere);
  window.addEventListener("pagehide", function () { beat(true); });
  setInterval(function () { if (document.visibilityState === "visible") beat(); }, 10000);
  show();
  beat();
})();
