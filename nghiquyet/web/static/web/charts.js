/* Charts of statistics pages, drawn with the vendored Chart.js.
 *
 * Markup: <canvas data-chart="bar|doughnut" data-source="ID" data-series="KEY">, where ID names a
 * <script type="application/json"> written by Django's json_script and KEY a list in it of
 * {label, count, percent}. The data never passes through inline script, so nothing is interpolated into JS.
 */
(function () {
  "use strict";

  const COLOURS = ["#c8102e", "#e07a2f", "#e9b949", "#4f7cac", "#5b8c5a", "#8d99ae", "#7d5ba6"];
  const lang = document.documentElement.lang || undefined;
  const oneDecimal = new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

  function readSeries(canvas) {
    const source = document.getElementById(canvas.dataset.source);
    if (!source) return null;
    const series = JSON.parse(source.textContent)[canvas.dataset.series];
    return Array.isArray(series) ? series : null;
  }

  function draw(canvas) {
    const buckets = readSeries(canvas);
    if (!buckets) return;
    const type = canvas.dataset.chart === "doughnut" ? "doughnut" : "bar";
    const options = {
      responsive: true,
      maintainAspectRatio: false,
      plugins: {
        legend: { display: type === "doughnut", position: "bottom" },
        tooltip: {
          callbacks: {
            label: (item) => {
              const b = buckets[item.dataIndex];
              return `${b.count} (${oneDecimal.format(b.percent)}%)`;
            },
          },
        },
      },
    };
    if (type === "bar") {
      options.scales = { y: { beginAtZero: true, ticks: { precision: 0 } } };
    }
    new window.Chart(canvas, {
      type: type,
      data: {
        labels: buckets.map((b) => b.label),
        datasets: [
          {
            data: buckets.map((b) => b.count),
            backgroundColor: buckets.map((_, i) => COLOURS[i % COLOURS.length]),
          },
        ],
      },
      options: options,
    });
  }

  function init() {
    if (typeof window.Chart === "undefined") return;
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
