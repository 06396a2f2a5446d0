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
    collapsibleMenu();
    stackTables();
    markScrollRegions();
    openTarget();
  });
  window.addEventListener("hashchange", openTarget);

  // One menu group open at a time; Escape or a click elsewhere closes it.
  document.addEventListener("toggle", function (e) {
    var d = e.target;
    if (!d.open || !d.closest || !d.closest(".app-nav__group")) return;
    document.querySelectorAll(".app-nav__group > details[open]").forEach(function (o) { if (o !== d) o.open = false; });
  }, true);
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    var d = document.activeElement && document.activeElement.closest && document.activeElement.closest(".app-nav__group > details[open]");
    if (d) { d.open = false; d.querySelector("summary").focus(); }
  });
  document.addEventListener("click", function (e) {
    document.querySelectorAll(".app-nav__group > details[open]").forEach(function (o) { if (!o.contains(e.target)) o.open = false; });
  });

  // A link to a section that opens on demand (a table of contents, a
  // cell's anchor) opens it: the details around the target, or the one
  // under the target's heading.
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (!el) return;
    var d = el.closest("details");
    if (!d && /^H[1-6]$/.test(el.tagName)) {
      var next = el.nextElementSibling;
      while (next && next.tagName !== "DETAILS" && !/^H[1-6]$/.test(next.tagName)) next = next.nextElementSibling;
      if (next && next.tagName === "DETAILS") d = next;
    }
    if (d && !d.open) {
      d.open = true;
      el.scrollIntoView();
    }
  }

  // On a narrow screen the menu and the user's tools fold behind a button
  // (a disclosure: aria-expanded), so that the page starts on the first
  // screen. Without script the menu wraps instead, all of it visible.
  function collapsibleMenu() {
    var header = document.querySelector(".app-header");
    var nav = header && header.querySelector(".app-nav");
    if (!nav) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "ds-button app-menu-button";
    button.setAttribute("data-variant", "secondary");
    button.setAttribute("data-size", "sm");
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", "app-menu");
    button.textContent = nav.getAttribute("aria-label");
    nav.id = "app-menu";
    header.querySelector(".app-header__top").insertBefore(button, header.querySelector(".app-header__tools"));
    header.classList.add("app-header--collapsible");
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", String(open));
      header.classList.toggle("app-header--open", open);
    });
  }

  // Lists that people scan become stacked rows on a narrow screen: each cell
  // gets its column's name, which the stylesheet shows before the value.
  // Without script such a table scrolls inside its region instead.
  function stackTables() {
    document.querySelectorAll("table.app-table--stack").forEach(function (table) {
      var names = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      table.querySelectorAll("tbody tr").forEach(function (tr) {
        Array.prototype.forEach.call(tr.children, function (cell, i) {
          if (names[i]) cell.setAttribute("data-label", names[i]);
        });
      });
      table.setAttribute("data-labelled", "true");
    });
  }

  // A table region that is wider than the screen says so, above the table.
  function markScrollRegions() {
    var hint = document.body.getAttribute("data-scroll-hint");
    var regions = document.querySelectorAll(".app-scroll[role=region]");
    var update = function () {
      regions.forEach(function (r) {
        var wide = r.scrollWidth > r.clientWidth + 1;
        r.classList.toggle("app-scroll--wide", wide);
        var note = r.previousElementSibling;
        var has = note && note.classList.contains("app-scroll__hint");
        if (wide && !has && hint) {
          var p = document.createElement("p");
          p.className = "app-scroll__hint";
          p.textContent = hint;
          r.parentNode.insertBefore(p, r);
        } else if (!wide && has) {
          note.remove();
        }
      });
    };
    update();
    if (window.ResizeObserver) new ResizeObserver(update).observe(document.body);
  }

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
        // A year axis (the contract timeline) shows years as they are: 2026.
        if (a.axisLabel && a.axisLabel.formatter === "year") {
          a.axisLabel.formatter = function (v) { return String(Math.round(v)); };
          return;
        }
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
      fitNarrow(option, el.clientWidth);
      chart.setOption(option);
      chart.on("click", function (p) {
        var links = spec.links && spec.links[p.seriesIndex];
        var href = links && links[p.dataIndex];
        if (href) window.location.href = href;
      });
      el.setAttribute("data-rendered", "true");
      charts.push(chart);
    });
    // Each chart follows its container's size (a phone turned, a zoom, a
    // grid that goes to one column).
    if (window.ResizeObserver) {
      var ro = new ResizeObserver(function (entries) {
        entries.forEach(function (e) {
          var c = echarts.getInstanceByDom(e.target);
          if (c) c.resize();
        });
      });
      document.querySelectorAll("[data-rendered]").forEach(function (el) { ro.observe(el); });
    } else {
      window.addEventListener("resize", function () {
        charts.forEach(function (c) { c.resize(); });
      });
    }
  }

  // On a narrow chart, axis labels hide where they would collide, category
  // labels turn and shorten, and the legend scrolls in its own row.
  function fitNarrow(option, width) {
    ["xAxis", "yAxis"].forEach(function (key) {
      var axes = option[key];
      if (!axes) return;
      (Array.isArray(axes) ? axes : [axes]).forEach(function (a) {
        a.axisLabel = a.axisLabel || {};
        // Every category keeps its label (the server wraps long ones);
        // numbers on a value axis may thin out.
        var category = a.type === "category" || (!a.type && a.data);
        if (!category) a.axisLabel.hideOverlap = true;
        if (width < 480 && (a.type === "category" || (!a.type && a.data))) {
          a.axisLabel.width = key === "yAxis" ? 110 : 70;
          a.axisLabel.overflow = "truncate";
          if (key === "xAxis") a.axisLabel.rotate = 40;
        }
      });
    });
    if (width < 480 && option.legend) {
      (Array.isArray(option.legend) ? option.legend : [option.legend]).forEach(function (l) {
        l.type = "scroll";
      });
    }
  }
})();
