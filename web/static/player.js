// The lesson player. It plays the lecture through hls.js, resumes where the
// learner stopped, keeps a watermark of the learner drifting over the
// picture, stops the seek bar at the furthest point watched when the course
// forbids skipping, and reports by heartbeats only what was really played.
// The server decides what counts; this script reports honestly and shows
// what the server answered.
(function () {
  "use strict";
  var root = document.getElementById("player");
  if (!root) return;
  var video = document.getElementById("video");
  var ds = root.dataset;
  var duration = parseFloat(ds.duration) || 0;
  var maxRate = parseFloat(ds.maxRate) || 1;
  var forbidSkip = ds.forbidSkip === "1";
  // A search hit on a subtitle opens the lecture at that second (?t=).
  var start = ds.start ? parseFloat(ds.start) : -1;
  var meta = document.querySelector('meta[name="csrf-token"]');
  var token = meta ? meta.content : "";
  var api = "/api/v1/lessons/" + ds.lesson;
  var linkRe = /\/media\/s\/[^/]+\//;

  var playbackID = newID(), seq = 0, acked = 0, started = false;
  var spans = [];      // played and not yet reported: [start, end] pairs
  var open = null;     // the stretch being played now, [start, end]
  var last = null;     // the previous timeupdate: media time and wall clock
  var furthest = 0;    // how far the seek bar may go when skipping is forbidden
  var keepMsgUntil = 0; // a message that acknowledged heartbeats must not clear at once
  var segment = 4;     // seconds of one HLS segment: the server's slack past furthest
  var presenceAnswer = "", inFlight = false, again = false;
  var superseded = false, hiddenSince = false, completed = ds.completed === "1";
  var base = "", hls = null;

  function newID() {
    var b = new Uint8Array(12);
    crypto.getRandomValues(b);
    return Array.prototype.map.call(b, function (x) { return ("0" + x.toString(16)).slice(-2); }).join("");
  }

  function $(id) { return document.getElementById(id); }

  function say(msg) { var el = $("lesson-msg"); if (el) el.textContent = msg || ""; }

  // --- what was played -------------------------------------------------

  // Each timeupdate that moves forward by no more than the wall-clock time
  // allows at the current rate extends the stretch being played; anything
  // else (a seek, a jump after a stall) closes it, so a jump never counts.
  function onTime() {
    var t = video.currentTime, at = performance.now();
    if (last && !video.paused && !video.seeking) {
      var dt = t - last.t, wall = (at - last.at) / 1000;
      if (dt > 0 && dt <= wall * video.playbackRate + 0.5) {
        if (!open) open = [last.t, t]; else open[1] = t;
        if (last.t <= furthest + 0.5 && t > furthest) furthest = t;
      } else {
        closeSpan();
      }
    }
    last = { t: t, at: at };
  }

  function closeSpan() {
    if (open && open[1] > open[0]) spans.push(open);
    open = null;
  }

  // played takes what was played since the last heartbeat as sorted,
  // disjoint spans within the lecture; the stretch being played goes on
  // from where it was cut.
  function played() {
    var all = spans;
    spans = [];
    if (open && open[1] > open[0]) {
      all.push([open[0], open[1]]);
      open = [open[1], open[1]];
    }
    all.sort(function (a, b) { return a[0] - b[0]; });
    var out = [];
    all.forEach(function (s) {
      var a = Math.max(0, s[0]), b = duration ? Math.min(s[1], duration) : s[1];
      if (b <= a) return;
      var n = out[out.length - 1];
      if (n && a <= n.end) n.end = Math.max(n.end, b);
      else out.push({ start: a, end: b });
    });
    return out;
  }

  // --- heartbeats -------------------------------------------------------

  function visible() { return document.visibilityState === "visible" && !hiddenSince; }

  function beat(final) {
    if (superseded || !started) return;
    if (inFlight && !final) { again = true; return; }
    var list = played();
    var body = {
      playback_id: playbackID, seq: ++seq, played: list,
      position: Math.min(video.currentTime || 0, duration || Infinity),
      rate: video.playbackRate || 1, visible: visible(),
      presence_answer: presenceAnswer, client_time: new Date().toISOString()
    };
    hiddenSince = document.visibilityState !== "visible";
    inFlight = true;
    fetch(api + "/heartbeat", {
      method: "POST", keepalive: true, credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": token },
      body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().then(function (j) { return { ok: r.ok, status: r.status, body: j }; });
    }).then(function (r) {
      if (r.ok) { if (performance.now() > keepMsgUntil) say(""); answered(r.body, body.position); return; }
      // A refused heartbeat is not sent again; say why.
      say(r.body && r.body.error ? r.body.error.message : ds.msgError);
    }).catch(function () {
      // The network failed: what was played goes with the next heartbeat.
      list.forEach(function (s) { spans.push([s.start, s.end]); });
      say(ds.msgError);
    }).then(function () {
      inFlight = false;
      if (again) { again = false; beat(); }
    });
  }

  function answered(r, sentAt) {
    if (r.superseded) { supersede(); return; }
    acked++;
    if (r.furthest > furthest) furthest = r.furthest;
    behind(r, sentAt);
    var bar = $("lesson-progress"), pct = $("lesson-percent");
    if (bar) bar.value = r.percent;
    if (pct) pct.textContent = Math.round(r.percent) + "%";
    if (r.lesson_completed && !completed) {
      completed = true;
      $("lesson-done").hidden = false;
    }
    if (r.course_completed) $("course-done").hidden = false;
    if (r.presence_check && r.presence_check.id !== presenceAnswer) ask(r.presence_check.id);
    else if (!r.presence_check) presenceAnswer = "";
  }

  // When skipping is forbidden the server credits nothing that starts more
  // than one segment past the furthest point it counted. If it counted less
  // than was played (a hidden page, an unanswered check), playing on would
  // earn nothing: go back to where the counting stopped, and say so.
  function behind(r, sentAt) {
    if (!forbidSkip || completed || r.lesson_completed) return;
    if (document.visibilityState !== "visible") return; // wait until it is seen again
    if (sentAt <= r.furthest + segment) return;
    furthest = r.furthest;
    closeSpan();
    last = null;
    video.currentTime = r.furthest;
    say(ds.msgBehind);
    keepMsgUntil = performance.now() + 15000;
  }

  // Another tab or device took over: this one stops until asked back.
  function supersede() {
    superseded = true;
    video.pause();
    $("superseded").hidden = false;
  }

  function resumeHere() {
    playbackID = newID();
    seq = 0;
    acked = 0;
    superseded = false;
    spans = [];
    open = null;
    $("superseded").hidden = true;
    beat();
    video.play();
  }

  // "Are you still studying?": the video waits for the answer.
  function ask(id) {
    var dlg = $("presence");
    if (dlg.open) return; // already asking
    var wasPlaying = !video.paused;
    video.pause();
    $("presence-yes").onclick = function () {
      presenceAnswer = id;
      if (dlg.close) dlg.close(); else dlg.removeAttribute("open");
      beat();
      if (wasPlaying) video.play();
    };
    if (dlg.showModal) dlg.showModal(); else dlg.setAttribute("open", "");
  }

  // --- seeking and speed ------------------------------------------------

  function onSeeking() {
    closeSpan();
    last = null;
    if (forbidSkip && !completed && video.currentTime > furthest + 1) {
      video.currentTime = furthest;
      say(ds.msgSkip);
    }
  }

  function onRate() {
    if (video.playbackRate > maxRate + 1e-9) {
      video.playbackRate = maxRate;
      say((ds.msgRate || "").replace("%s", maxRate));
    }
  }

  // --- watermark --------------------------------------------------------

  function drift() {
    var wm = $("watermark");
    wm.style.left = (5 + Math.random() * 60) + "%";
    wm.style.top = (5 + Math.random() * 80) + "%";
  }

  // The native full-screen button would show the bare video; full screen
  // goes to the box that holds the watermark instead.
  function keepWatermark() {
    if (document.fullscreenElement === video && root.requestFullscreen) {
      document.exitFullscreen().then(function () { return root.requestFullscreen(); }).catch(function () {});
    }
  }

  // --- loading ----------------------------------------------------------

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", cache: "no-store" }).then(function (r) {
      return r.json().then(function (j) {
        if (!r.ok) throw new Error(j && j.error ? j.error.message : r.status);
        return j;
      });
    });
  }

  function fresh(url) { return base ? url.replace(linkRe, base) : url; }

  function attach(p) {
    base = p.base || "";
    if (p.poster) video.poster = p.poster;
    (p.subtitles || []).forEach(function (s, i) {
      var t = document.createElement("track");
      t.kind = "subtitles"; t.label = s.label; t.srclang = s.lang; t.src = s.url;
      if (i === 0) t.default = true;
      video.appendChild(t);
    });
    if (window.Hls && Hls.isSupported()) {
      // No worker: the page's policy allows scripts from this site only.
      hls = new Hls({ enableWorker: false, xhrSetup: function (xhr, url) { xhr.open("GET", fresh(url), true); } });
      hls.on(Hls.Events.ERROR, function (_, d) { if (d.fatal) say(ds.msgError); });
      hls.loadSource(p.url);
      hls.attachMedia(video);
    } else if (video.canPlayType("application/vnd.apple.mpegurl")) {
      video.src = p.url;
    }
    // Playback links live minutes; later requests carry a fresh one.
    setInterval(function () {
      getJSON("/api/v1/media/" + ds.asset + "/playback").then(function (q) { base = q.base || base; }).catch(function () {});
    }, 3 * 60 * 1000);
  }

  function resume(p) {
    furthest = Math.max(furthest, p.furthest || 0);
    if (p.completed) completed = true;
    // Reopen where the learner stopped, even a lecture watched to its end
    // (a moment before the end, so it does not end at once), with 从头观看.
    var go = function () {
      var end = video.duration || duration, at = 0;
      if (start >= 0 && start < end) at = start;
      else if (p.position > 1) at = Math.min(p.position, Math.max(0, end - 2));
      if (at > 0) {
        video.currentTime = at;
        $("restart").hidden = false;
      }
    };
    if (video.readyState >= 1) go(); else video.addEventListener("loadedmetadata", go, { once: true });
  }

  function wire() {
    video.addEventListener("timeupdate", onTime);
    video.addEventListener("seeking", onSeeking);
    video.addEventListener("seeked", function () { last = null; beat(); });
    video.addEventListener("ratechange", onRate);
    video.addEventListener("play", function () {
      last = null;
      if (!started) { started = true; beat(); }
    });
    // Playback really starts (or restarts after a stall) here: count from now.
    video.addEventListener("playing", function () { last = { t: video.currentTime, at: performance.now() }; });
    video.addEventListener("pause", function () { closeSpan(); beat(); });
    video.addEventListener("ended", function () { closeSpan(); beat(); });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState !== "visible") hiddenSince = true;
      beat();
    });
    window.addEventListener("pagehide", function () { closeSpan(); beat(true); });
    document.addEventListener("fullscreenchange", keepWatermark);
    $("resume-here").addEventListener("click", resumeHere);
    $("restart").addEventListener("click", function () {
      video.currentTime = 0;
      $("restart").hidden = true;
      video.play();
    });
    setInterval(function () { if (!video.paused) beat(); }, 10000);
    setInterval(drift, 4000);
    drift();
  }

  wire();
  getJSON(api + "/progress").then(resume).catch(function () { resume({}); });
  getJSON("/api/v1/media/" + ds.asset + "/playback").then(attach).catch(function (e) { say(e.message || ds.msgError); });
  window.lmsLesson = { video: video, state: function () { return { seq: seq, acked: acked, furthest: furthest, completed: completed }; } };
})();
