/* Chart defaults shared by the wallboard, reports and planner pages.

   Every chart is drawn by the vendored Chart.js (vendor/chart.umd.min.js, loaded
   before this file). `tamasChart` applies what every page needs the same way: the
   page's font, its locale's digits, and in a right-to-left page a mirrored time axis,
   legend and tooltips, so a Persian chart reads from right to left like its text.
   Colours come from the stylesheet's custom properties so charts follow the theme. */
(function () {
  "use strict";
  const root = document.documentElement;
  const rtl = root.dir === "rtl";
  const style = getComputedStyle(root);
  const token = (name) => style.getPropertyValue(name).trim();

  const palette = () => [
    token("--accent"), token("--link"), token("--focus"), token("--warn"),
    token("--ok"), token("--error"), token("--ink-muted"), token("--brand"),
  ];

  function localeOf(element) {
    const holder = element.closest("[data-locale]");
    return holder ? holder.dataset.locale : root.lang;
  }

  function tamasChart(canvas, config) {
    const locale = localeOf(canvas);
    Chart.defaults.font.family = style.fontFamily;
    Chart.defaults.color = token("--ink");
    const options = config.options || (config.options = {});
    options.locale = options.locale || locale;
    options.animation = window.matchMedia("(prefers-reduced-motion: reduce)").matches
      ? false : options.animation;
    const plugins = options.plugins || (options.plugins = {});
    plugins.legend = Object.assign({ rtl: rtl, textDirection: root.dir }, plugins.legend);
    plugins.tooltip = Object.assign({ rtl: rtl, textDirection: root.dir }, plugins.tooltip);
    const horizontal = (options.indexAxis || "x") === "x" ? "x" : "y";
    const scales = options.scales || {};
    for (const [id, scale] of Object.entries(scales)) {
      const axis = scale.axis || id.charAt(0);
      if (rtl && axis === "x" && scale.reverse === undefined) scale.reverse = true;
      if (rtl && axis === "y" && horizontal === "x" && scale.position === undefined) {
        scale.position = "right";
      }
    }
    return new Chart(canvas, config);
  }

  window.tamasCharts = { chart: tamasChart, palette: palette, rtl: rtl, locale: localeOf };
})();
