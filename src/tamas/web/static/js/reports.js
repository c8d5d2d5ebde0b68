/* The reports page's charts, drawn from the JSON the page carries (#report-data): the
   same rows as the tables under each chart, so the charts add a picture, never a figure
   of their own. Texts come from the canvases' data attributes (translated by the page). */
(function () {
  "use strict";
  const source = document.getElementById("report-data");
  if (!source) return;
  const data = JSON.parse(source.textContent);
  const colours = tamasCharts.palette();
  const byId = (id) => document.getElementById(id);

  function bars(label, values, colour, extra) {
    return Object.assign(
      { type: "bar", label: label, data: values, backgroundColor: colour, order: 1 }, extra);
  }

  /* Lines are drawn over the bars (a lower order is drawn last), with their points
     marked so that a single period still shows its figure. */
  function line(label, values, colour, axis) {
    return {
      type: "line", label: label, data: values, borderColor: colour, backgroundColor: colour,
      yAxisID: axis, spanGaps: true, order: 0, pointRadius: 4,
    };
  }

  const otherSide = tamasCharts.rtl ? "left" : "right";
  const percentAxis = { position: otherSide, min: 0, max: 100, grid: { drawOnChartArea: false } };

  const overTime = byId("chart-over-time");
  if (overTime) {
    tamasCharts.chart(overTime, {
      data: {
        labels: data.over_time.labels,
        datasets: [
          bars(overTime.dataset.offered, data.over_time.offered, colours[1], { yAxisID: "y" }),
          line(overTime.dataset.serviceLevel, data.over_time.service_level, colours[0], "percent"),
        ],
      },
      options: { maintainAspectRatio: false, scales: { x: {}, y: { beginAtZero: true }, percent: Object.assign({ axis: "y" }, percentAxis) } },
    });
  }

  const wait = byId("chart-wait");
  if (wait) {
    tamasCharts.chart(wait, {
      data: {
        labels: data.wait_curve.labels,
        datasets: [
          bars(wait.dataset.abandoned, data.wait_curve.abandoned, colours[3], { yAxisID: "y" }),
          line(wait.dataset.abandonedBy, data.wait_curve.abandoned_by, colours[0], "percent"),
        ],
      },
      options: { maintainAspectRatio: false, scales: { x: {}, y: { beginAtZero: true }, percent: Object.assign({ axis: "y" }, percentAxis) } },
    });
  }

  const handle = byId("chart-handle");
  if (handle) {
    tamasCharts.chart(handle, {
      data: {
        labels: data.handle_time.labels,
        datasets: [bars(handle.dataset.answered, data.handle_time.answered, colours[1])],
      },
      options: { maintainAspectRatio: false, scales: { x: {}, y: { beginAtZero: true } } },
    });
  }

  const agents = byId("chart-agents");
  if (agents) {
    tamasCharts.chart(agents, {
      data: {
        labels: data.agents.labels,
        datasets: [
          bars(agents.dataset.answered, data.agents.answered, colours[1], { yAxisID: "y" }),
          bars(agents.dataset.aht, data.agents.aht_s, colours[0], { yAxisID: "seconds" }),
        ],
      },
      options: {
        maintainAspectRatio: false,
        scales: {
          x: {}, y: { beginAtZero: true },
          seconds: { axis: "y", position: otherSide, beginAtZero: true, grid: { drawOnChartArea: false } },
        },
      },
    });
  }
})();
