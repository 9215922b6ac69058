// Supervision chart: draws the figures of the table next to it (progressive enhancement;
// without JavaScript or ECharts the table alone is shown).
document.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("supervision-chart");
  var source = document.getElementById("supervision-data");
  if (!el || !source || !window.echarts) return;
  var data = JSON.parse(source.textContent);
  el.style.height = Math.max(240, data.agencies.length * 32 + 80) + "px";
  var chart = window.echarts.init(el);
  chart.setOption({
    aria: { enabled: true },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { data: [data.labels.overdue, data.labels.soon] },
    grid: { left: 8, right: 24, containLabel: true },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", data: data.agencies, inverse: true },
    series: [
      { name: data.labels.overdue, type: "bar", stack: "t", data: data.overdue, itemStyle: { color: "#b42318" } },
      { name: data.labels.soon, type: "bar", stack: "t", data: data.soon, itemStyle: { color: "#c58a00" } }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
});
