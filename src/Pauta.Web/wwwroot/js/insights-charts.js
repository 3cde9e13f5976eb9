// Draws the insights charts. Each <figure data-chart> carries its numbers as JSON in a data- attribute (no inline
// script under the CSP); the table beside it is the accessible source, so the canvas is aria-hidden and a failure
// here leaves a complete page.
(function () {
  "use strict";
  function draw(root) {
    var Chart = window.Chart;
    if (!Chart) return;
    var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
    var ink = dark ? "#e6e6e6" : "#222";
    var palette = ["#1f6feb", "#d9480f", "#2b8a3e", "#862e9c", "#e67700", "#0b7285"];
    root.querySelectorAll("figure[data-chart]:not(.drawn)").forEach(function (figure) {
      var spec;
      try { spec = JSON.parse(figure.getAttribute("data-chart")); } catch (e) { return; }
      var canvas = figure.querySelector("canvas");
      if (!canvas || !spec || !spec.labels) return;
      var old = Chart.getChart(canvas);
      if (old) old.destroy();
      new Chart(canvas, {
        type: spec.type || "bar",
        data: {
          labels: spec.labels,
          datasets: (spec.datasets || []).map(function (d, i) {
            var colour = palette[i % palette.length];
            return { label: d.label, data: d.data, backgroundColor: colour, borderColor: colour, fill: false, tension: 0.2 };
          }),
        },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          plugins: { legend: { labels: { color: ink } } },
          scales: {
            x: { ticks: { color: ink } },
            y: { beginAtZero: true, ticks: { color: ink }, max: spec.max || undefined },
          },
        },
      });
      figure.classList.add("drawn");
    });
  }
  function start() { draw(document); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
  // A filter with a bad value answers 400 with the problems beside their fields: show that page too.
  document.addEventListener("htmx:beforeSwap", function (e) {
    if (e.detail.xhr && e.detail.xhr.status === 400 && e.detail.target && e.detail.target.id === "insights") {
      e.detail.shouldSwap = true;
      e.detail.isError = false;
    }
  });
  // The boosted filter form swaps the insights block: draw what arrived and put focus on the results (or the problem),
  // so a keyboard or screen-reader user lands on what changed rather than at the top of the page.
  document.addEventListener("htmx:afterSettle", function () {
    draw(document);
    var target = document.querySelector("#insights [data-focus-after-swap]");
    if (target) target.focus();
  });
})();
