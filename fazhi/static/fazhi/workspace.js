// Supervision chart: the table's figures as one horizontal bar per agency, overdue and
// due-soon stacked (fazhi/barchart.js); a bar opens the inbox of that agency, its overdue
// cases for the overdue part. Without JavaScript or ECharts the table alone is shown.
document.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("supervision-chart");
  var source = document.getElementById("supervision-data");
  if (!el || !source || !window.echarts || !window.FazhiBarChart) return;
  window.FazhiBarChart.draw(el, JSON.parse(source.textContent));
});
