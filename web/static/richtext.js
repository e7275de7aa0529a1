// A small formatting bar above each textarea[data-rich] (a notice's text,
// an article lesson): 加粗, 小标题, 列表, 链接 wrap the selected text in the
// HTML the server keeps (it sanitises whatever arrives), so that nobody
// has to type tags. Without script the textarea still takes plain lines
// or HTML.
(function () {
  "use strict";
  var tools = [
    { key: "bold", label: "加粗", en: "Bold", wrap: function (s) { return "<strong>" + s + "</strong>"; } },
    { key: "heading", label: "小标题", en: "Heading", wrap: function (s) { return "<h3>" + s + "</h3>"; } },
    { key: "list", label: "列表", en: "List", wrap: function (s) {
      return "<ul>\n" + s.split("\n").filter(Boolean).map(function (l) { return "  <li>" + l + "</li>"; }).join("\n") + "\n</ul>";
    } },
    { key: "link", label: "链接", en: "Link", wrap: function (s, area) {
      var url = window.prompt(area.dataset.linkPrompt || "链接地址（https://…）", "https://");
      if (!url || !/^https?:\/\//i.test(url)) return null;
      return '<a href="' + url.replace(/"/g, "&quot;") + '">' + (s || url) + "</a>";
    } }
  ];

  function apply(area, tool) {
    var start = area.selectionStart, end = area.selectionEnd;
    var picked = area.value.slice(start, end);
    var out = tool.wrap(picked, area);
    if (out === null) return;
    area.setRangeText(out, start, end, "end");
    area.dispatchEvent(new Event("input", { bubbles: true }));
    area.focus();
  }

  function bar(area) {
    var div = document.createElement("div");
    div.className = "richbar";
    div.setAttribute("role", "toolbar");
    var en = document.documentElement.lang === "en";
    tools.forEach(function (tool) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = en ? tool.en : tool.label;
      b.dataset.tool = tool.key;
      b.addEventListener("click", function () { apply(area, tool); });
      div.appendChild(b);
    });
    area.parentNode.insertBefore(div, area);
  }

  document.querySelectorAll("textarea[data-rich]").forEach(bar);
})();
