// Horizontal bar charts (ECharts, SVG renderer) shared by the supervision dashboard, the
// workspace supervision page and the public report page.
//
// One bar per label, each 28 px high or more (more when a long label wraps), so the chart
// grows with the number of agencies and no two labels overlap. Labels are the short names;
// the tooltip shows the full name. Clicking a bar or its label follows the bar's link; the
// table next to every chart holds the same figures and links for keyboard and screen-reader
// users. The SVG renderer keeps labels as DOM text (zoomable, measurable in tests).
//
// FazhiBarChart.draw(el, spec) draws into el and returns {update(spec)}. spec:
//   labels: [short label], titles: [full label for the tooltip],
//   series: [{name, values: [number|null], notes: [text], links: [url], color, stack}],
//   rate: true for a percentage (axis fixed at 0–100 %), unit: "件" …,
//   average: {label, value} (a dashed line, e.g. the city rate), labelLinks: [url],
//   empty: text shown when there is nothing to draw.
(function () {
  "use strict";
  var BAR = 28;
  var FONT = 12;
  var LINE = 15;
  var AXIS = 48;
  var LEGEND = 30;
  var COLORS = ["#0b5cad", "#b42318", "#c58a00", "#0f5a24", "#6e40c9"];

  function labelWidth(el) {
    return Math.max(72, Math.min(220, Math.floor(el.clientWidth * 0.34)));
  }

  // How many lines a label wraps to: CJK glyphs are one em wide, Latin about half of one.
  function lineCount(text, width) {
    var w = 0;
    for (var i = 0; i < text.length; i++) w += text.charCodeAt(i) > 255 ? FONT : FONT * 0.6;
    return Math.max(1, Math.ceil(w / width));
  }

  function encode(text) { return window.echarts.format.encodeHTML(String(text)); }

  function formatValue(value, spec) {
    if (value === null || value === undefined) return "—";
    return spec.rate ? value + "%" : String(value) + (spec.unit ? " " + spec.unit : "");
  }

  function tooltip(spec) {
    return function (items) {
      if (!items.length) return "";
      var i = items[0].dataIndex;
      var lines = ["<strong>" + encode(spec.titles[i] || spec.labels[i]) + "</strong>"];
      items.forEach(function (item) {
        var s = spec.series[item.seriesIndex];
        var note = s.notes && s.notes[i] ? "（" + s.notes[i] + "）" : "";
        lines.push(item.marker + encode(s.name) + "：" + encode(formatValue(item.value, spec) + note));
      });
      return lines.join("<br>");
    };
  }

  function averageLine(spec) {
    if (!spec.average || spec.average.value === null || spec.average.value === undefined) return undefined;
    var text = spec.average.label + " " + formatValue(spec.average.value, spec);
    return {
      silent: true, symbol: "none",
      lineStyle: { type: "dashed", color: "#57606a", width: 1.5 },
      label: { formatter: text, position: "start", color: "#1f2328" },
      data: [{ xAxis: spec.average.value }]
    };
  }

  function option(el, spec) {
    var width = labelWidth(el);
    var lines = spec.labels.reduce(function (most, label) {
      return Math.max(most, lineCount(label, width));
    }, 1);
    var band = Math.max(BAR, lines * LINE + 10);
    var legend = spec.series.length > 1;
    var single = spec.series.length === 1;
    el.style.height = (spec.labels.length * band + AXIS + (legend ? LEGEND : 0) + (spec.average ? 16 : 0)) + "px";
    return {
      animation: false,
      color: COLORS,
      textStyle: { fontSize: FONT },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, confine: true, formatter: tooltip(spec) },
      legend: { show: legend, top: 0, textStyle: { color: "#1f2328" } },
      grid: { top: legend ? LEGEND : (spec.average ? 28 : 12), left: 8, right: single ? 64 : 24, bottom: 8, containLabel: true },
      xAxis: {
        type: "value", min: 0, max: spec.rate ? 100 : null, minInterval: spec.rate ? 0 : 1,
        splitNumber: Math.max(2, Math.min(5, Math.floor((el.clientWidth - width) / 90))),
        axisLabel: { color: "#57606a", hideOverlap: true, formatter: spec.rate ? "{value}%" : "{value}" }
      },
      yAxis: {
        type: "category", inverse: true, data: spec.labels, triggerEvent: true,
        axisTick: { alignWithLabel: true },
        axisLabel: { interval: 0, width: width, overflow: "break", lineHeight: LINE, color: "#1f2328" }
      },
      series: spec.series.map(function (s, i) {
        return {
          name: s.name, type: "bar", data: s.values, stack: s.stack, barMaxWidth: 18,
          itemStyle: s.color ? { color: s.color } : undefined,
          cursor: s.links ? "pointer" : "default",
          label: single ? {
            show: true, position: "right", color: "#1f2328",
            formatter: function (p) { return formatValue(p.value, spec); }
          } : { show: false },
          markLine: i === 0 ? averageLine(spec) : undefined
        };
      })
    };
  }

  function linkFor(spec, params) {
    if (params.componentType === "series") {
      var links = spec.series[params.seriesIndex].links || [];
      return links[params.dataIndex];
    }
    if (params.componentType === "yAxis") {
      var i = typeof params.dataIndex === "number" ? params.dataIndex : spec.labels.indexOf(params.value);
      var byLabel = spec.labelLinks || (spec.series[0] && spec.series[0].links) || [];
      return byLabel[i];
    }
    return undefined;
  }

  function draw(el, spec) {
    var chart = null;
    var current = spec;

    function render() {
      if (!current.labels.length) {
        if (chart) { chart.dispose(); chart = null; }
        el.style.height = "";
        el.classList.add("chart-empty");
        el.textContent = current.empty || "";
        return;
      }
      el.classList.remove("chart-empty");
      if (!chart) {
        el.textContent = "";
        var opts = option(el, current);
        chart = window.echarts.init(el, null, { renderer: "svg" });
        chart.setOption(opts);
        chart.on("click", function (params) {
          var link = linkFor(current, params);
          if (link) window.location.assign(link);
        });
      } else {
        chart.setOption(option(el, current), true);
        chart.resize();
      }
      el.setAttribute("data-bars", String(current.labels.length));
    }

    render();
    var pending = null;
    window.addEventListener("resize", function () {
      window.clearTimeout(pending);
      pending = window.setTimeout(render, 100);
    });
    return { update: function (next) { current = next; render(); } };
  }

  window.FazhiBarChart = { draw: draw };
})();
