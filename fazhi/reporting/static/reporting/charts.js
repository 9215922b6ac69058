// Charts of the supervision dashboard and the public report page, drawn by FazhiBarChart
// from each chart's json_script data (data-chart names it). A dashboard chart holds one
// indicator family (one unit) and shows one indicator at a time, chosen with a labelled
// select, its agencies sorted by value; a public chart is drawn when its <details> opens.
(function () {
  "use strict";

  function pick(list, order) { return order.map(function (k) { return list[k]; }); }

  // The spec of series i: agencies without a figure left out, largest first when sorted.
  function spec(data, i) {
    var s = data.series[i];
    var order = [];
    s.values.forEach(function (v, k) { if (v !== null) order.push(k); });
    if (data.sort) order.sort(function (a, b) { return s.values[b] - s.values[a] || a - b; });
    return {
      labels: pick(data.labels, order), titles: pick(data.titles, order),
      rate: data.rate, unit: data.unit,
      series: [{ name: s.name, values: pick(s.values, order), notes: pick(s.notes, order),
                 links: pick(s.links, order) }],
      average: data.rate && s.city !== undefined ? { label: "全市", value: s.city } : null,
      empty: "“" + s.name + "”本年度没有可计算的数据，见下表。"
    };
  }

  function describe(el, data, i) {
    var what = data.series.length > 1 ? "：" + data.series[i].name : "";
    el.setAttribute("aria-label", data.title + what + "，横向柱状图，数据与下方表格相同");
  }

  function chooser(el, data, chart) {
    var id = el.getAttribute("data-chart") + "-indicator";
    var wrap = document.createElement("p");
    wrap.className = "chart-controls";
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = "图中显示的指标";
    var select = document.createElement("select");
    select.id = id;
    data.series.forEach(function (s, i) {
      var option = document.createElement("option");
      option.value = String(i);
      option.textContent = s.name;
      select.appendChild(option);
    });
    select.addEventListener("change", function () {
      var i = Number(select.value);
      describe(el, data, i);
      chart.update(spec(data, i));
    });
    wrap.appendChild(label);
    wrap.appendChild(select);
    el.parentNode.insertBefore(wrap, el);
  }

  function setup(el) {
    var source = document.getElementById(el.getAttribute("data-chart"));
    if (!source) return;
    var data = JSON.parse(source.textContent);
    describe(el, data, 0);
    var chart = window.FazhiBarChart.draw(el, spec(data, 0));
    if (data.series.length > 1) chooser(el, data, chart);
  }

  function start() {
    if (!window.echarts || !window.FazhiBarChart) return;
    document.querySelectorAll(".chart[data-chart]").forEach(function (el) {
      var details = el.closest("details");
      if (!details || details.open) { setup(el); return; }
      details.addEventListener("toggle", function once() {
        if (!details.open) return;
        details.removeEventListener("toggle", once);
        setup(el);
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
