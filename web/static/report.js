// Report pages: charts (Apache ECharts), sortable and filterable tables.
// Every figure is also in the page's tables; without script nothing is lost.
(function () {
  "use strict";

  var palette = ["#b71c1c", "#e57373", "#ffb74d", "#81c784", "#2e7d32", "#90a4ae"];

  function chartOption(d) {
    var pct = d.unit === "%";
    var fmt = function (v) { return pct ? (Math.round(v * 10) / 10) + "%" : String(v); };
    if (d.kind === "pie") {
      return {
        color: ["#90a4ae", "#b71c1c", "#ef6c00", "#fbc02d", "#2e7d32"],
        tooltip: { trigger: "item" },
        legend: { bottom: 0, type: "scroll" },
        series: [{ name: d.series, type: "pie", radius: ["35%", "65%"], top: 0, bottom: 40,
          // A slice of nobody keeps its place in the legend but gets no label:
          // several zero slices would pile their labels on one spot.
          data: d.labels.map(function (l, i) {
            var item = { name: l, value: d.values[i] };
            if (!d.values[i]) { item.label = { show: false }; item.labelLine = { show: false }; }
            return item;
          }) }]
      };
    }
    var horizontal = d.kind === "hbar";
    var cat = { type: "category", data: d.labels, axisLabel: { interval: 0, rotate: horizontal ? 0 : 30, width: 110, overflow: "truncate" } };
    var val = { type: "value", max: pct ? 100 : null, axisLabel: { formatter: fmt } };
    return {
      color: palette,
      tooltip: { trigger: "axis", valueFormatter: fmt },
      grid: { left: horizontal ? 120 : 48, right: 24, top: 24, bottom: horizontal ? 24 : 72, containLabel: false },
      xAxis: horizontal ? val : cat,
      yAxis: horizontal ? Object.assign(cat, { inverse: true }) : val,
      series: [{ name: d.series, type: d.kind === "line" ? "line" : "bar", data: d.values, smooth: false,
        label: { show: d.values.length <= 12, position: horizontal ? "right" : "top", formatter: function (p) { return fmt(p.value); } } }]
    };
  }

  function drawCharts() {
    if (!window.echarts) return;
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var d;
      try { d = JSON.parse(el.getAttribute("data-chart")); } catch (e) { return; }
      if (!d.labels || d.labels.length === 0) { el.hidden = true; return; }
      el.classList.add("drawn");
      var c = window.echarts.init(el, null, { renderer: "canvas" });
      c.setOption(chartOption(d));
      charts.push(c);
    });
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  }

  function cellValue(row, i, numeric) {
    var cell = row.cells[i];
    var v = cell ? (cell.getAttribute("data-value") || cell.textContent.trim()) : "";
    return numeric ? parseFloat(v) || 0 : v;
  }

  // Sortable tables: a header button sorts by its column; again, the other way.
  function sortable(table) {
    var body = table.tBodies[0];
    table.querySelectorAll("th[data-sort]").forEach(function (th, i) {
      var btn = document.createElement("button");
      btn.type = "button";
      btn.className = "sort";
      btn.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(btn);
      btn.addEventListener("click", function () {
        var numeric = th.getAttribute("data-sort") === "num";
        var asc = th.getAttribute("aria-sort") !== "ascending";
        table.querySelectorAll("th[aria-sort]").forEach(function (o) { o.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, i, numeric), y = cellValue(b, i, numeric);
          var r = numeric ? x - y : String(x).localeCompare(String(y), "zh-Hans-CN");
          return asc ? r : -r;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }

  // Filter boxes hide the rows whose first cell does not contain the text.
  function filterable(input) {
    var table = document.getElementById(input.getAttribute("data-filter-table"));
    if (!table) return;
    input.addEventListener("input", function () {
      var q = input.value.trim();
      Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
        r.hidden = q !== "" && r.cells[0].textContent.indexOf(q) < 0;
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("table[data-sortable]").forEach(sortable);
    document.querySelectorAll("input[data-filter-table]").forEach(filterable);
    drawCharts();
  });
})();
