// Resumable lecture upload: each file is cut into the parts the server
// asks for and sent part by part (S3 multipart). The object store keeps
// the parts, so after a dropped connection the part is sent again, and
// after a closed tab choosing the same file continues from the parts the
// server reports as stored.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form) return;
  var msg = form.dataset;
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var queue = document.getElementById("queue");
  var busy = 0;

  function api(method, path, body) {
    return fetch("/api/v1/media/uploads" + path, {
      method: method, credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: body ? JSON.stringify(body) : undefined
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (j) {
        if (!r.ok) {
          var e = new Error((j.error && j.error.message) || r.statusText);
          e.status = r.status;
          throw e;
        }
        return j;
      });
    });
  }

  function fmtBytes(n) {
    if (n >= 1 << 30) return (n / (1 << 30)).toFixed(2) + " GB";
    if (n >= 1 << 20) return (n / (1 << 20)).toFixed(1) + " MB";
    return Math.ceil(n / 1024) + " KB";
  }

  function fmtTime(s) {
    s = Math.max(0, Math.round(s));
    var h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, r = s % 60;
    return (h ? h + ":" + String(m).padStart(2, "0") : m) + ":" + String(r).padStart(2, "0");
  }

  // Row shows one file: name, bar, percent, speed, time left, state.
  function Row(file) {
    this.li = document.createElement("li");
    this.li.className = "upload-item";
    var name = document.createElement("div");
    name.className = "upload-name";
    name.textContent = (file.title ? file.title + " · " : "") + file.name + " (" + fmtBytes(file.size) + ")";
    this.bar = document.createElement("progress");
    this.bar.max = 100;
    this.bar.value = 0;
    this.info = document.createElement("div");
    this.info.className = "upload-info";
    this.state = document.createElement("div");
    this.state.className = "upload-state";
    this.state.textContent = msg.waiting;
    this.li.append(name, this.bar, this.info, this.state);
    queue.appendChild(this.li);
  }

  Row.prototype.show = function (sent, total, speed) {
    var pct = total ? Math.floor(sent * 100 / total) : 0;
    this.bar.value = pct;
    var text = pct + "% · " + fmtBytes(sent) + " / " + fmtBytes(total);
    if (speed > 0) {
      text += " · " + fmtBytes(speed) + "/s · " + msg.left + " " + fmtTime((total - sent) / speed);
    }
    this.info.textContent = text;
  };

  Row.prototype.status = function (text, cls) {
    this.state.textContent = text;
    this.li.className = "upload-item" + (cls ? " " + cls : "");
  };

  // Speed over the last few seconds, so it follows the line's changes.
  function Meter() { this.points = []; }
  Meter.prototype.add = function (bytes) {
    var now = Date.now();
    this.points.push([now, bytes]);
    while (this.points.length > 2 && now - this.points[0][0] > 5000) this.points.shift();
    var first = this.points[0];
    var dt = (now - first[0]) / 1000;
    return dt > 0.5 ? (bytes - first[1]) / dt : 0;
  };

  function storeKey(f) { return "lms-upload:" + f.name + ":" + f.size + ":" + f.lastModified; }

  // The title of each chosen file, prefilled from its name without the
  // extension; the trainer may change it before starting.
  var input = document.getElementById("files");
  var titles = document.getElementById("titles");
  var titleList = document.getElementById("title-list");

  function baseName(name) { return name.replace(/\.[^.]+$/, "") || name; }

  function showTitles() {
    titleList.textContent = "";
    Array.prototype.forEach.call(input.files, function (f, i) {
      var label = document.createElement("label");
      label.textContent = msg.title + " · " + f.name;
      var t = document.createElement("input");
      t.type = "text";
      t.className = "upload-title";
      t.maxLength = 200;
      t.required = true;
      t.dataset.index = i;
      t.value = baseName(f.name);
      label.appendChild(t);
      titleList.appendChild(label);
    });
    titles.hidden = input.files.length === 0;
  }
  input.addEventListener("change", showTitles);

  function chosenTitles() {
    return Array.prototype.map.call(titleList.querySelectorAll(".upload-title"), function (t) {
      return t.value.trim();
    });
  }

  // start resumes the upload of this very file if one is open, else opens one.
  function start(file) {
    var saved = localStorage.getItem(storeKey(file));
    var fresh = function () {
      return api("POST", "", { filename: file.name, size: file.size, title: file.title || baseName(file.name) })
        .then(function (u) { localStorage.setItem(storeKey(file), u.id); return u; });
    };
    if (!saved) return fresh();
    return api("GET", "/" + saved).then(function (u) {
      if (u.size !== file.size) throw new Error("size");
      u.resumed = u.done.length > 0;
      return u;
    }).catch(function () { localStorage.removeItem(storeKey(file)); return fresh(); });
  }

  function wait(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }

  function online() {
    if (navigator.onLine !== false) return Promise.resolve();
    return new Promise(function (r) { window.addEventListener("online", r, { once: true }); });
  }

  // putPart sends one part with XHR, for its upload progress events.
  function putPart(url, blob, direct, onProgress) {
    return new Promise(function (resolve, reject) {
      var x = new XMLHttpRequest();
      x.open("PUT", url);
      if (!direct) x.setRequestHeader("X-CSRF-Token", csrf);
      x.upload.onprogress = function (e) { onProgress(e.loaded); };
      x.onload = function () {
        if (x.status >= 200 && x.status < 300) return resolve();
        var m = "";
        try { m = JSON.parse(x.responseText).error.message; } catch (e) { m = x.statusText; }
        var err = new Error(m || ("HTTP " + x.status));
        err.status = x.status;
        reject(err);
      };
      x.onerror = x.ontimeout = function () { reject(new Error("network")); };
      x.send(blob);
    });
  }

  // sendPart retries a part until it is stored: network faults and server
  // hiccups wait and try again; a refusal (4xx) stops the file.
  function sendPart(row, u, file, n, base, meter) {
    var from = (n - 1) * u.part_size, blob = file.slice(from, Math.min(file.size, from + u.part_size));
    var attempt = 0;
    function once() {
      return online().then(function () { return api("POST", "/" + u.id + "/parts/" + n); }).then(function (p) {
        return putPart(p.url, blob, p.direct, function (loaded) {
          var sent = base() + loaded;
          row.show(sent, file.size, meter.add(sent));
        });
      }).catch(function (e) {
        if (e.status && e.status >= 400 && e.status < 500 && e.status !== 408 && e.status !== 429) throw e;
        attempt++;
        row.status(navigator.onLine === false ? msg.offline : msg.retrying, "retrying");
        return wait(Math.min(30000, 1000 * Math.pow(2, attempt - 1))).then(once);
      });
    }
    return once();
  }

  function upload(file) {
    var row = new Row(file);
    if (file.size === 0) return Promise.resolve(row.status(msg.failed + msg.empty, "failed"));
    if (file.size > Number(msg.max)) return Promise.resolve(row.status(msg.failed + msg.tooBig, "failed"));
    busy++;
    var meter = new Meter();
    return start(file).then(function (u) {
      var done = {}, sentBefore = 0;
      u.done.forEach(function (n) { done[n] = true; sentBefore += Math.min(u.part_size, file.size - (n - 1) * u.part_size); });
      row.status(u.resumed ? msg.resumed : msg.uploading, "uploading");
      row.show(sentBefore, file.size, 0);
      var n = 1;
      function next() {
        while (n <= u.parts && done[n]) n++;
        if (n > u.parts) return api("POST", "/" + u.id + "/complete");
        var len = Math.min(u.part_size, file.size - (n - 1) * u.part_size);
        return sendPart(row, u, file, n, function () { return sentBefore; }, meter).then(function () {
          done[n] = true;
          sentBefore += len;
          row.status(msg.uploading, "uploading");
          return next();
        });
      }
      return next();
    }).then(function (asset) {
      localStorage.removeItem(storeKey(file));
      row.show(file.size, file.size, 0);
      row.status(msg.done, "done");
      row.li.dataset.assetId = asset.id;
    }).catch(function (e) {
      row.status(msg.failed + e.message, "failed");
    }).finally(function () { busy--; });
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var files = Array.prototype.slice.call(input.files);
    var names = chosenTitles();
    files.forEach(function (f, i) { f.title = names[i]; });
    input.value = "";
    showTitles();
    // One file at a time: on a slow line parallel files only slow each other.
    files.reduce(function (p, f) { return p.then(function () { return upload(f); }); }, Promise.resolve());
  });

  window.addEventListener("beforeunload", function (e) {
    if (busy > 0) { e.preventDefault(); e.returnValue = msg.leave; }
  });
})();
