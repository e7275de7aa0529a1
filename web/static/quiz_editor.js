// The question editor: upload a picture and put an <img> for it where the
// cursor is in the stem.
(function () {
  "use strict";
  var input = document.getElementById("stem-image");
  var stem = document.getElementById("stem");
  if (!input || !stem || !window.fetch) return;
  input.closest("label").hidden = false;
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  input.addEventListener("change", function () {
    if (!input.files.length) return;
    var body = new FormData();
    body.append("image", input.files[0]);
    fetch("/quiz/images", { method: "POST", body: body, credentials: "same-origin", headers: { "X-CSRF-Token": csrf } })
      .then(function (r) { return r.json().then(function (j) { if (!r.ok) throw new Error(j.error ? j.error.message : r.status); return j; }); })
      .then(function (j) {
        var tag = '<img src="' + j.url + '" alt="">';
        var at = stem.selectionStart || stem.value.length;
        stem.value = stem.value.slice(0, at) + tag + stem.value.slice(at);
        input.value = "";
      })
      .catch(function (e) { window.alert(input.getAttribute("data-failed") + " " + e.message); });
  });
})();
