/* Monthly trend charts of the bloc dashboard (R31), drawn with the vendored Chart.js.
 *
 * Markup: <canvas data-trend="KEY" data-type="bar|line" data-unit="%|" data-label="TITLE"
 * data-source="ID">, where ID names the <script type="application/json"> written by Django's json_script:
 * a list of {month: "MM/YYYY", KEY: number|null, ...}. No data passes through inline script.
 */
(function () {
  "use strict";

  const COLOUR = "#c8102e";
  const lang = document.documentElement.lang || undefined;
  const formats = {
    "%": new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
    "": new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }),
  };

  function readPoints(canvas) {
    const source = document.getElementById(canvas.dataset.source);
    if (!source) return null;
    const points = JSON.parse(source.textContent);
    return Array.isArray(points) ? points : null;
  }

  function draw(canvas) {
    const points = readPoints(canvas);
    if (!points) return;
    const key = canvas.dataset.trend;
    const unit = canvas.dataset.unit || "";
    const format = formats[unit] || formats[""];
    const type = canvas.dataset.type === "bar" ? "bar" : "line";
    const y = { beginAtZero: true, ticks: { precision: 0 } };
    if (unit === "%") y.suggestedMax = 100;
    new window.Chart(canvas, {
      type: type,
      data: {
        labels: points.map((p) => p.month),
        datasets: [
          {
            label: canvas.dataset.label,
            data: points.map((p) => (p[key] === undefined ? null : p[key])),
            backgroundColor: type === "bar" ? COLOUR : "rgba(200, 16, 46, 0.15)",
            borderColor: COLOUR,
            pointRadius: 3,
            spanGaps: true,
            fill: type === "line",
            tension: 0.2,
          },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { y: y },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: (item) => (item.raw === null ? "–" : format.format(item.raw) + (unit === "%" ? "%" : "")),
            },
          },
        },
      },
    });
  }

  function init() {
    if (typeof window.Chart === "undefined") return;
    document.querySelectorAll("canvas[data-trend]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
