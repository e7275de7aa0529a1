// Lecture player: hls.js switches renditions with the bandwidth (or as the
// viewer picks), subtitles are text tracks, and the storyboard shows a
// thumbnail over the seek bar. Playback links expire within minutes, so
// the player fetches a fresh one every few minutes and rewrites the link
// of each request it makes.
(function () {
  "use strict";
  var box = document.getElementById("player");
  if (!box) return;
  var video = document.getElementById("video");
  var seek = document.getElementById("seek");
  var thumb = document.getElementById("thumb");
  var quality = document.getElementById("quality");
  var now = document.getElementById("quality-now");
  var errBox = document.getElementById("player-error");
  var base = "", hls = null, cues = [], sprite = "";
  var linkRe = /\/media\/s\/[^/]+\//;

  function playback() {
    return fetch("/api/v1/media/" + box.dataset.id + "/playback", { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); });
  }

  function fail() { errBox.textContent = box.dataset.expired; errBox.hidden = false; }

  // Renew the link before it expires; requests then carry the new one.
  function renew() {
    playback().then(function (p) { base = p.base; }).catch(function () {});
  }

  function fresh(url) { return base ? url.replace(linkRe, base) : url; }

  function fmt(s) {
    s = Math.floor(s);
    var h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, r = s % 60;
    return (h ? h + ":" + String(m).padStart(2, "0") : m) + ":" + String(r).padStart(2, "0");
  }

  function addTracks(subs) {
    subs.forEach(function (s, i) {
      var t = document.createElement("track");
      t.kind = "subtitles";
      t.label = s.label;
      t.srclang = s.lang;
      t.src = s.url;
      if (i === 0) t.default = true;
      video.appendChild(t);
    });
  }

  function parseTime(t) {
    var p = t.split(":").map(parseFloat);
    return p.length === 3 ? p[0] * 3600 + p[1] * 60 + p[2] : p[0] * 60 + p[1];
  }

  // The storyboard track: cues of "storyboard.jpg#xywh=x,y,w,h".
  function loadStoryboard(url) {
    if (!url) return;
    fetch(url, { credentials: "same-origin" }).then(function (r) { return r.ok ? r.text() : ""; }).then(function (text) {
      var base = url.replace(/[^/]*$/, "");
      text.split(/\n\n+/).forEach(function (block) {
        var lines = block.trim().split("\n");
        if (lines.length < 2 || lines[0].indexOf("-->") < 0) return;
        var times = lines[0].split("-->");
        var m = /^(.*)#xywh=(\d+),(\d+),(\d+),(\d+)$/.exec(lines[1].trim());
        if (!m) return;
        sprite = base + m[1];
        cues.push({ start: parseTime(times[0].trim()), end: parseTime(times[1].trim()),
          x: +m[2], y: +m[3], w: +m[4], h: +m[5] });
      });
    });
  }

  function showThumb(t) {
    var label = thumb.querySelector(".thumb-time");
    var img = thumb.querySelector(".thumb-img");
    var c = cues.find(function (q) { return t >= q.start && t < q.end; });
    label.textContent = fmt(t);
    img.hidden = !c;
    if (c) {
      img.style.width = c.w + "px";
      img.style.height = c.h + "px";
      img.style.backgroundImage = "url(" + JSON.stringify(fresh(sprite)) + ")";
      img.style.backgroundPosition = -c.x + "px " + -c.y + "px";
    }
    var frac = (t / (Number(seek.max) || 1));
    thumb.style.left = "calc(" + (frac * 100).toFixed(2) + "% - " + ((c ? c.w : 60) / 2) + "px)";
    thumb.hidden = false;
  }

  function hoverTime(e) {
    var r = seek.getBoundingClientRect();
    return Math.max(0, Math.min(1, (e.clientX - r.left) / r.width)) * Number(seek.max);
  }

  function wireSeek() {
    video.addEventListener("loadedmetadata", function () { seek.max = video.duration || box.dataset.duration; });
    video.addEventListener("timeupdate", function () { if (!seek.matches(":active")) seek.value = video.currentTime; });
    seek.addEventListener("input", function () { video.currentTime = Number(seek.value); showThumb(Number(seek.value)); });
    seek.addEventListener("change", function () { thumb.hidden = true; });
    seek.addEventListener("mousemove", function (e) { showThumb(hoverTime(e)); });
    seek.addEventListener("mouseleave", function () { thumb.hidden = true; });
  }

  function wireLevels() {
    hls.on(Hls.Events.MANIFEST_PARSED, function () {
      hls.levels.forEach(function (l, i) {
        var o = document.createElement("option");
        o.value = i;
        o.textContent = l.height ? l.height + "p" : Math.round(l.bitrate / 1000) + " kbps";
        quality.appendChild(o);
      });
    });
    hls.on(Hls.Events.LEVEL_SWITCHED, function (_, d) {
      var l = hls.levels[d.level];
      now.textContent = l && l.height ? l.height + "p" : "";
    });
    quality.addEventListener("change", function () { hls.currentLevel = Number(quality.value); });
    hls.on(Hls.Events.ERROR, function (_, d) { if (d.fatal) fail(); });
  }

  function attach(p) {
    base = p.base;
    video.poster = p.poster;
    addTracks(p.subtitles);
    loadStoryboard(p.storyboard);
    wireSeek();
    if (window.Hls && Hls.isSupported()) {
      // The worker comes from our static files: the policy forbids the
      // blob: worker hls.js would otherwise make (script-src 'self').
      hls = new Hls({ workerPath: box.dataset.worker,
        xhrSetup: function (xhr, url) { xhr.open("GET", fresh(url), true); } });
      wireLevels();
      hls.loadSource(p.url);
      hls.attachMedia(video);
    } else if (video.canPlayType("application/vnd.apple.mpegurl")) {
      quality.parentNode.hidden = true; // Safari picks the rendition itself
      video.src = p.url;
    } else {
      fail();
    }
    setInterval(renew, 3 * 60 * 1000);
    window.lmsPlayer = { video: video, hls: hls };
  }

  playback().then(attach).catch(fail);
})();
