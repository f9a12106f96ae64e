/* The yearly review's chart: items by state for each month of issue, as stacked bars.
 *
 * The data comes from <script id="annual-data" type="application/json"> written by Django's json_script:
 * {labels: [...], series: [{key, label, data: [...]}, ...]}; nothing is interpolated into script.
 */
(function () {
  "use strict";

  const COLOURS = {
    done_on_time: "#5b8c5a",
    done_late: "#e9b949",
    overdue_open: "#c8102e",
    open_not_due: "#8d99ae",
  };

  function init() {
    const canvas = document.getElementById("annual-chart");
    const source = document.getElementById("annual-data");
    if (!canvas || !source || typeof window.Chart === "undefined") return;
    const data = JSON.parse(source.textContent);
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.series.map((s) => ({
          label: s.label,
          data: s.data,
          backgroundColor: COLOURS[s.key] || "#7d5ba6",
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { position: "bottom" } },
        scales: {
          x: { stacked: true },
          y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
        },
      },
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
