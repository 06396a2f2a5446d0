// samla's own script: small, no inline handlers, so the CSP can forbid inline script.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="csrf-token"]');
  // htmx requests carry the form token as a header.
  document.addEventListener("htmx:configRequest", function (e) {
    if (meta) e.detail.headers["X-CSRF-Token"] = meta.content;
  });
  document.addEventListener("DOMContentLoaded", function () {
    // A form that comes back with errors moves focus to its summary (WCAG 3.3.1).
    var summary = document.getElementById("error-summary");
    if (summary) {
      listErrors(summary);
      summary.focus();
    }
    drawCharts();
  });

  // The summary links to each field in error: "Label: message". Without
  // script the summary still says the form has errors, and every field
  // carries its own message.
  function listErrors(summary) {
    var list = document.createElement("ul");
    document.querySelectorAll(".ds-validation-message[id$='-error']").forEach(function (msg) {
      var id = msg.id.slice(0, -"-error".length);
      var label = document.querySelector('label[for="' + id + '"]');
      var a = document.createElement("a");
      a.href = "#" + id;
      a.textContent = (label ? label.textContent.replace("*", "").trim() + ": " : "") + msg.textContent;
      var li = document.createElement("li");
      li.appendChild(a);
      list.appendChild(li);
    });
    if (list.children.length) summary.appendChild(list);
  }

  // Numbers on value axes and in tooltips in the page's language: 1 234 567.
  function numbersInNorwegian(option) {
    var locale = document.documentElement.lang === "en" ? "en-GB" : "nb-NO";
    var format = function (v) { return typeof v === "number" ? v.toLocaleString(locale) : v; };
    ["xAxis", "yAxis"].forEach(function (key) {
      var axes = option[key];
      if (!axes) return;
      (Array.isArray(axes) ? axes : [axes]).forEach(function (a) {
        if (a.type === "value" || (!a.type && !a.data)) {
          a.axisLabel = a.axisLabel || {};
          a.axisLabel.formatter = format;
        }
      });
    });
    option.tooltip = option.tooltip || {};
    option.tooltip.valueFormatter = format;
  }

  // Charts: the options come from the server as a JSON data block beside
  // each chart; a click on a bar or point opens the list behind it.
  function drawCharts() {
    if (typeof echarts === "undefined") return;
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var block = document.getElementById(el.getAttribute("data-chart"));
      if (!block) return;
      var spec = JSON.parse(block.textContent);
      var chart = echarts.init(el, null, { renderer: "canvas" });
      var option = spec.option || {};
      option.textStyle = { fontFamily: "Inter, system-ui, sans-serif" };
      numbersInNorwegian(option);
      chart.setOption(option);
      chart.on("click", function (p) {
        var links = spec.links && spec.links[p.seriesIndex];
        var href = links && links[p.dataIndex];
        if (href) window.location.href = href;
      });
      el.setAttribute("data-rendered", "true");
      charts.push(chart);
    });
    window.addEventListener("resize", function () {
      charts.forEach(function (c) { c.resize(); });
    });
  }
})();
