// Each textarea[data-rich] (a notice's text, an article lesson) becomes a
// Quill editor, so that trainers format without typing tags. The textarea
// stays the form field: it is hidden and always holds the editor's HTML,
// so the forms post as before, and without script it takes plain lines or
// HTML. The server sanitises whatever arrives; this only produces HTML.
(function () {
  "use strict";
  if (!window.Quill) return; // the vendored script did not load: keep the textarea

  var en = document.documentElement.lang === "en";
  var Delta = window.Quill.import("delta");
  // Toolbar buttons, in order, with their names (title and aria-label: the
  // icons alone say little, and a screen reader says nothing of them).
  var tools = [
    [{ header: 2 }, "小标题", "Heading"],
    [{ header: 3 }, "次级小标题", "Subheading"],
    ["bold", "加粗", "Bold"],
    ["italic", "斜体", "Italic"],
    [{ list: "ordered" }, "编号列表", "Numbered list"],
    [{ list: "bullet" }, "项目符号列表", "Bulleted list"],
    ["link", "链接", "Link"],
    ["blockquote", "引用", "Quote"],
    ["clean", "清除格式", "Clear formatting"]
  ];
  // Only what the toolbar makes: pasted colours, fonts, images and the like
  // are dropped in the editor already, not only by the server.
  var formats = ["header", "bold", "italic", "list", "link", "blockquote"];

  // Quill 2.0.3 writes every space as &nbsp;, which would keep English
  // lines from wrapping; a run of spaces keeps its width.
  function html(quill) {
    if (!quill.getText().trim()) return "";
    return quill.getSemanticHTML().replace(/&nbsp;((?:&nbsp;)*)/g, " $1");
  }

  function enhance(area) {
    var box = document.createElement("div");
    box.className = "richtext";
    var host = document.createElement("div");
    box.appendChild(host);
    area.parentNode.insertBefore(box, area);
    area.hidden = true;
    // The hints on typing lines or HTML are for the bare textarea.
    var field = area.closest("fieldset") || area.closest("label");
    if (field) field.querySelectorAll("[data-rich-hint]").forEach(function (h) { h.hidden = true; });

    var quill = new window.Quill(host, {
      theme: "snow",
      formats: formats,
      bounds: box, // the link tooltip stays inside the editor on a phone
      modules: { toolbar: tools.map(function (t) { return t[0]; }) }
    });
    // A pasted script's source is not text of the article.
    quill.clipboard.addMatcher("script", function () { return new Delta(); });
    // The stored HTML, or lines of plain text as the server would take them.
    var v = area.value;
    // (setContents, not dangerouslyPasteHTML: that would focus the editor.)
    if (/<[a-z!\/]/i.test(v)) quill.setContents(quill.clipboard.convert({ html: v }), "silent");
    else if (v.trim()) quill.setText(v, "silent");

    var bar = quill.getModule("toolbar").container;
    bar.setAttribute("aria-label", en ? "Formatting" : "格式");
    tools.forEach(function (t) {
      var f = t[0], name = typeof f === "string" ? f : Object.keys(f)[0];
      var sel = "button.ql-" + name + (typeof f === "string" ? "" : '[value="' + f[name] + '"]');
      var b = bar.querySelector(sel);
      if (b) { b.title = en ? t[2] : t[1]; b.setAttribute("aria-label", b.title); }
    });
    // The field's <label> would label its first button now (the editor's
    // first), and "click" it on every click in the text: it keeps the
    // hidden textarea, and the text takes the label's name.
    var label = area.closest("label");
    if (label) {
      area.id = area.id || "rich-" + area.name;
      label.htmlFor = area.id;
      quill.root.setAttribute("aria-label", label.firstChild.textContent.trim());
    }
    var tip = box.querySelector(".ql-tooltip input[type=text]");
    if (tip) tip.setAttribute("data-link", "https://…");

    function sync() {
      area.value = html(quill);
      area.dispatchEvent(new Event("input", { bubbles: true }));
    }
    quill.on("text-change", sync);
    if (area.form) area.form.addEventListener("submit", function () { area.value = html(quill); });
  }

  document.querySelectorAll("textarea[data-rich]").forEach(enhance);
})();
