/* Dashboard charts: ECharts with the Vietnamese locale; a click opens the list behind a bar. */
(function () {
  "use strict";
  var locale = document.documentElement.lang === "vi" ? "VI" : "EN";

  function go(params) {
    var url = params.data && params.data.url;
    if (url) { window.location.href = url; }
  }

  function draw(el, spec) {
    var chart = echarts.init(el, null, { locale: locale, renderer: "svg" });
    var data = spec.items.map(function (b) { return { name: b.label, value: b.count, url: b.url }; });
    var option;
    if (spec.type === "pie") {
      option = {
        tooltip: { trigger: "item" },
        series: [{ type: "pie", radius: ["35%", "70%"], data: data, label: { formatter: "{b}: {c}" } }]
      };
    } else if (spec.type === "line") {
      option = {
        tooltip: { trigger: "axis" },
        xAxis: { type: "category", data: data.map(function (d) { return d.name; }) },
        yAxis: { type: "value" },
        series: [{ type: "line", data: data, label: { show: true } }]
      };
    } else {
      option = {
        tooltip: { trigger: "axis" },
        grid: { left: 160, right: 40, top: 10, bottom: 20 },
        yAxis: { type: "category", inverse: true, data: data.map(function (d) { return d.name; }) },
        xAxis: { type: "value" },
        series: [{ type: "bar", data: data, label: { show: true, position: "right" } }]
      };
    }
    // Colour never carries meaning alone: every slice, bar and point is labelled with its name and
    // figure, slices also differ by pattern (decal), and the container's aria-describedby points at
    // the table of the same figures. ECharts' own aria-label is off: the template names the chart.
    option.aria = { enabled: true, label: { enabled: false }, decal: { show: true } };
    chart.setOption(option);
    chart.on("click", go);
    window.addEventListener("resize", function () { chart.resize(); });
  }

  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var spec = JSON.parse(document.getElementById(el.dataset.chart).textContent);
    draw(el, spec);
  });
})();
