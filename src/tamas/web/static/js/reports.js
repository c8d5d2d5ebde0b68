/* The reports page's charts, drawn from the JSON the page carries (#report-data): the
   same rows as the tables under each chart, so the charts add a picture, never a figure
   of their own. Texts come from the canvases' data attributes (translated by the page). */
(function () {
  "use strict";
  const source = document.getElementById("report-data");
  if (!source) return;
  const data = JSON.parse(source.textContent);
  const colours = tamasCharts.palette();
  const otherSide = tamasCharts.rtl ? "left" : "right";

  function bars(label, values, colour, axis) {
    return {
      type: "bar", label: label, data: values, backgroundColor: colour,
      yAxisID: axis || "y", order: 1,
    };
  }

  /* Lines are drawn over the bars (a lower order is drawn last), with their points
     marked so that a single period still shows its figure. */
  function line(label, values, colour, axis) {
    return {
      type: "line", label: label, data: values, borderColor: colour, backgroundColor: colour,
      yAxisID: axis, spanGaps: true, order: 0, pointRadius: 4,
    };
  }

  /* A second value axis on the other side: a percentage (0-100) or a count of its own. */
  function second(percent) {
    const axis = { axis: "y", position: otherSide, beginAtZero: true, grid: { drawOnChartArea: false } };
    return percent ? Object.assign(axis, { min: 0, max: 100 }) : axis;
  }

  function draw(id, labels, datasets, extraAxes) {
    const canvas = document.getElementById(id);
    if (!canvas) return;
    const text = canvas.dataset;
    tamasCharts.chart(canvas, {
      data: { labels: labels, datasets: datasets(text) },
      options: {
        maintainAspectRatio: false,
        scales: Object.assign({ x: {}, y: { beginAtZero: true, ticks: { precision: 0 } } }, extraAxes),
      },
    });
  }

  draw("chart-over-time", data.over_time.labels, (text) => [
    bars(text.offered, data.over_time.offered, colours[1]),
    line(text.serviceLevel, data.over_time.service_level, colours[0], "percent"),
  ], { percent: second(true) });

  draw("chart-wait", data.wait_curve.labels, (text) => [
    bars(text.abandoned, data.wait_curve.abandoned, colours[3]),
    line(text.abandonedBy, data.wait_curve.abandoned_by, colours[0], "percent"),
  ], { percent: second(true) });

  draw("chart-handle", data.handle_time.labels, (text) => [
    bars(text.answered, data.handle_time.answered, colours[1]),
  ], {});

  draw("chart-agents", data.agents.labels, (text) => [
    bars(text.answered, data.agents.answered, colours[1]),
    bars(text.aht, data.agents.aht_s, colours[0], "seconds"),
  ], { seconds: second(false) });
})();
