// Draws the score distribution of the results page with ECharts; the
// table beside it carries the same numbers without JavaScript.
(function () {
  "use strict";
  var el = document.getElementById("score-chart");
  if (!el || !window.echarts) return;
  var d = JSON.parse(el.getAttribute("data-chart"));
  var chart = window.echarts.init(el);
  chart.setOption({
    grid: { left: 40, right: 16, top: 24, bottom: 32 },
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: d.labels },
    yAxis: { type: "value", minInterval: 1 },
    series: [{ type: "bar", name: d.name, data: d.buckets, itemStyle: { color: "#b71c1c" } }]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
