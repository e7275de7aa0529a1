// Live state of the lectures being processed: the library polls each busy
// row every few seconds and reloads once one is ready or failed.
(function () {
  "use strict";
  var table = document.getElementById("media");
  if (!table) return;
  function poll() {
    var rows = table.querySelectorAll("tr[data-busy]");
    if (!rows.length) return;
    Promise.all(Array.prototype.map.call(rows, function (tr) {
      return fetch("/api/v1/media/" + tr.dataset.id, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (a) {
          if (!a) return false;
          if (a.state === "ready" || a.state === "failed") return true;
          var badge = tr.querySelector(".badge");
          badge.textContent = table.dataset[a.state] || a.state_label;
          badge.className = "badge state-" + a.state;
          var wrap = tr.querySelector(".progress-wrap");
          var pct = Math.floor(a.progress * 100);
          wrap.hidden = a.state !== "transcoding";
          wrap.querySelector("progress").value = pct;
          wrap.querySelector(".pct").textContent = pct + "%";
          return false;
        }).catch(function () { return false; });
    })).then(function (finished) {
      if (finished.indexOf(true) >= 0) { window.location.reload(); return; }
      setTimeout(poll, 3000);
    });
  }
  setTimeout(poll, 2000);
})();
