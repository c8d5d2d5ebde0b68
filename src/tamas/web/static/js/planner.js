/* The planner's workspace (/planner): each step calls the planner's API and keeps its
   answer for the next one, forecast → staffing plan → schedule → what-if.

   Long steps answer with a job; `follow` polls it, showing its step and elapsed time
   against its limit, until it is done or failed. Every text shown comes from the page's
   data attributes (translated there); numbers and dates are written in the page's
   locale (Persian digits and the Jalali calendar in Persian). */
(function () {
  "use strict";
  const root = document.getElementById("planner");
  if (!root) return;
  const API = "/api/v1/planner";
  const POLL_MS = 400;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const locale = root.dataset.locale;
  const numbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const percents = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  const dayFormat = new Intl.DateTimeFormat(locale, { weekday: "short", day: "numeric", month: "short" });
  const longDay = new Intl.DateTimeFormat(locale, { weekday: "long", year: "numeric", month: "long", day: "numeric" });
  const clockFormat = new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  const lists = new Intl.ListFormat(locale, { style: "narrow", type: "unit" });
  const plan = { forecast: null, staffing: null, schedule: null, charts: {} };

  const $ = (id) => document.getElementById(id);
  const camel = (name) => name.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
  const text = (name) => root.dataset[camel(name)] || name;
  const fill = (template, values) =>
    template.replace(/%\((\w+)\)s/g, (_, key) => (key in values ? values[key] : ""));
  /* A local date-time "2026-11-24T08:30" as a Date on the reader's clock: the planner's
     times are the center's wall clock, shown as they are. */
  const moment = (ds) => new Date(ds.length === 10 ? `${ds}T00:00` : ds);
  const isoDay = (ds) => ds.slice(0, 10);
  /* Persian dates as the server writes them (۲ آذر ۱۴۰۵), not in the browser's order. */
  const persian = locale.startsWith("fa");
  function written(format, date, order) {
    if (!persian) return format.format(date);
    const parts = Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]));
    return order.map((part) => parts[part]).filter(Boolean).join(" ");
  }
  const shownDay = (ds) => written(dayFormat, moment(ds), ["weekday", "day", "month"]);
  const shownDate = (ds) => written(longDay, moment(ds), ["weekday", "day", "month", "year"]);
  const shownTime = (ds) => `${shownDay(ds)} ${clockFormat.format(moment(ds))}`;

  class ApiError extends Error {
    constructor(message, code, values) {
      super(message);
      this.code = code;
      this.values = values || {};
    }
  }

  async function api(method, path, body) {
    const headers = { Accept: "application/json" };
    const request = { method, headers };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      request.body = JSON.stringify(body);
    }
    if (method !== "GET") headers["X-CSRF-Token"] = csrf;
    const answer = await fetch(API + path, request);
    if (answer.status === 204) return null;
    const data = await answer.json().catch(() => ({}));
    if (!answer.ok) {
      const detail = Array.isArray(data.detail)
        ? data.detail.map((d) => `${d.loc.slice(1).join(".") || d.loc[0]}: ${d.msg}`).join("; ")
        : data.detail || answer.statusText;
      throw new ApiError(detail);
    }
    return data;
  }

  /* An error for people: the page's own words for the errors it knows, else the API's. */
  function say(error) {
    const known = error.code && root.dataset[camel(`error-${error.code.replace(/_/g, "-")}`)];
    if (known) return fill(known, error.values);
    return `${text("text-failed")} ${error.message}`;
  }

  function showError(id, error) {
    const box = $(`${id}-error`);
    box.textContent = error ? say(error) : "";
    box.hidden = !error;
  }

  function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  /* Poll a job until it ends; its result, or an ApiError with the job's error. */
  async function follow(id, job) {
    const box = $(`${id}-progress`);
    box.hidden = false;
    try {
      for (;;) {
        $(`${id}-bar`).value = job.done;
        $(`${id}-status`).textContent = fill(text("text-running"), {
          step: text(`step-${job.step}`),
          elapsed: numbers.format(job.elapsed_s),
          limit: numbers.format(job.time_limit_s),
        });
        if (job.state === "done") return job.result;
        if (job.state === "failed") {
          throw new ApiError(job.error.message, job.error.code, job.error.values);
        }
        await sleep(POLL_MS);
        job = await api("GET", `/jobs/${encodeURIComponent(job.id)}`);
      }
    } finally {
      box.hidden = true;
    }
  }

  /* Run one step from its form: disable the form meanwhile, show what failed. */
  function step(id, form, run) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const button = form.querySelector("button[type=submit]");
      button.disabled = true;
      showError(id, null);
      try {
        await run(new FormData(form));
      } catch (error) {
        showError(id, error);
      } finally {
        button.disabled = false;
      }
    });
  }

  function draw(name, canvas, config) {
    if (plan.charts[name]) plan.charts[name].destroy();
    plan.charts[name] = tamasCharts.chart(canvas, config);
  }

  function cell(row, value) {
    const td = document.createElement("td");
    td.textContent = value;
    row.appendChild(td);
    return td;
  }

  function removeButton(row, label, remove) {
    const td = cell(row, "");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "quiet";
    button.textContent = text("text-remove");
    button.setAttribute("aria-label", `${text("text-remove")}: ${label}`);
    button.addEventListener("click", remove);
    td.appendChild(button);
  }

  function emptyRow(body, columns) {
    const row = body.insertRow();
    const td = cell(row, text("text-none"));
    td.colSpan = columns;
    td.className = "empty";
  }

  /* Dates typed in the browser's (Gregorian) date field are shown in the reader's calendar. */
  function showDates() {
    for (const output of root.querySelectorAll("output[data-shows]")) {
      const input = $(output.dataset.shows);
      const update = () => {
        output.textContent = input.value ? shownDate(input.value) : "";
      };
      input.addEventListener("input", update);
      update();
    }
  }

  // 1. Forecast -----------------------------------------------------------------------

  function forecastChart(result) {
    const labels = [...new Set([...result.actual, ...result.forecast].map((r) => r.ds))].sort();
    const at = (rows, key) => {
      const values = new Map(rows.map((r) => [r.ds, r[key]]));
      return labels.map((ds) => (values.has(ds) ? values.get(ds) : null));
    };
    const [actualColour, forecastColour, , bandColour] = tamasCharts.palette();
    draw("forecast", $("forecast-chart"), {
      type: "line",
      data: {
        labels: labels.map(shownTime),
        datasets: [
          { label: text("text-low"), data: at(result.forecast, "yhat_lo"), borderWidth: 0,
            pointRadius: 0, borderColor: bandColour, backgroundColor: bandColour },
          { label: fill(text("text-band"), { level: numbers.format(result.level) }),
            data: at(result.forecast, "yhat_hi"), borderWidth: 0, pointRadius: 0, fill: "-1",
            borderColor: bandColour, backgroundColor: `${bandColour}55` },
          { label: text("text-actual"), data: at(result.actual, "y"), pointRadius: 0,
            borderWidth: 1.5, borderColor: actualColour, backgroundColor: actualColour },
          { label: text("text-forecast"), data: at(result.forecast, "yhat"), pointRadius: 0,
            borderWidth: 2, borderColor: forecastColour, backgroundColor: forecastColour },
        ],
      },
      options: {
        maintainAspectRatio: false,
        interaction: { mode: "index", intersect: false },
        plugins: { legend: { labels: { filter: (item) => item.datasetIndex !== 0 } } },
        scales: { x: { ticks: { maxTicksLimit: 12 } }, y: { beginAtZero: true } },
      },
    });
  }

  function backtestTable(report) {
    const body = $("backtest-table").tBodies[0];
    body.replaceChildren();
    if (!report) {
      const row = body.insertRow();
      cell(row, text("text-no-backtest")).colSpan = 3;
      return;
    }
    for (const [model, score] of Object.entries(report.scores)) {
      const row = body.insertRow();
      cell(row, text(`text-model-${model}`));
      cell(row, score.wape === null ? "–" : percents.format(score.wape));
      cell(row, score.mase === null ? "–" : numbers.format(score.mase));
    }
  }

  step("forecast", $("forecast-form"), async (form) => {
    const holidays = form.get("holidays");
    const body = {
      freq: form.get("freq"),
      horizon_days: Number(form.get("horizon_days")),
      level: Number(form.get("level")),
      history_until: form.get("history_until"),
      holidays: holidays ? [holidays] : [],
      queues: form.get("queue") ? [form.get("queue")] : [],
    };
    const result = await follow("forecast", await api("POST", "/forecast", body));
    plan.forecast = result;
    plan.staffing = plan.schedule = null;
    $("forecast-result").hidden = false;
    forecastChart(result);
    backtestTable(result.backtest);
  });

  // Special days ----------------------------------------------------------------------

  async function loadSpecialDays() {
    const body = $("special-table").tBodies[0];
    body.replaceChildren();
    const days = await api("GET", "/special-days");
    if (!days.length) emptyRow(body, 6);
    for (const day of days) {
      const row = body.insertRow();
      cell(row, day.name);
      cell(row, text(`kind-${day.kind}`));
      cell(row, shownDate(day.start));
      cell(row, shownDate(day.end));
      cell(row, `×${numbers.format(day.lift)}`);
      removeButton(row, day.name, () =>
        api("DELETE", `/special-days/${day.id}`).then(loadSpecialDays, (e) => showError("special", e))
      );
    }
  }

  step("special", $("special-form"), async (form) => {
    await api("POST", "/special-days", {
      name: form.get("name"),
      kind: form.get("kind"),
      start: form.get("start"),
      end: form.get("end"),
      lift: form.get("lift") || "1",
    });
    $("special-form").reset();
    await loadSpecialDays();
  });

  // 2. Staffing -----------------------------------------------------------------------

  /* Two step lines over the intervals: what is needed against what there is. */
  function stepChart(name, rows, lines) {
    const colours = tamasCharts.palette();
    draw(name, $(`${name}-chart`), {
      type: "line",
      data: {
        labels: rows.map((r) => shownTime(r.ds)),
        datasets: lines.map(([label, key], n) => ({
          label: text(label),
          data: rows.map((r) => r[key]),
          stepped: true,
          pointRadius: 0,
          borderColor: colours[n],
          backgroundColor: colours[n],
        })),
      },
      options: {
        maintainAspectRatio: false,
        interaction: { mode: "index", intersect: false },
        scales: { x: { ticks: { maxTicksLimit: 12 } }, y: { beginAtZero: true } },
      },
    });
  }

  step("staffing", $("staffing-form"), async (form) => {
    if (!plan.forecast) throw new ApiError(text("text-need-forecast"));
    const model = form.get("model");
    const body = {
      rows: plan.forecast.forecast.map((r) => ({ ds: r.ds, calls: r.yhat })),
      interval_min: plan.forecast.interval_min,
      model,
      aht_s: Number(form.get("aht_s")),
      target_sl: Number(form.get("target_sl")) / 100,
      threshold_s: Number(form.get("threshold_s")),
      shrinkage: Number(form.get("shrinkage")) / 100,
      max_occupancy: Number(form.get("max_occupancy")) / 100,
    };
    if (model === "erlang_a") body.patience_s = Number(form.get("patience_s"));
    const result = await api("POST", "/staffing", body);
    plan.staffing = Object.assign(result, { request: body });
    plan.schedule = null;
    const hours = result.rows.reduce((sum, r) => sum + r.agents_scheduled, 0) * result.interval_min / 60;
    $("staffing-summary").textContent = fill(text("text-staffing-summary"), {
      peak: numbers.format(Math.max(...result.rows.map((r) => r.agents))),
      hours: numbers.format(hours),
    });
    $("staffing-result").hidden = false;
    stepChart("staffing", result.rows, [["text-agents", "agents"], ["text-agents-scheduled", "agents_scheduled"]]);
    whatIfDays();
  });

  // Shift templates -------------------------------------------------------------------

  const hours = (value) => Math.round(Number(value) * 60);

  function templateBody(form) {
    const breaks = [];
    for (const n of [1, 2]) {
      const name = (form.get(`break${n}_name`) || "").trim();
      if (!name) continue;
      breaks.push({
        name,
        earliest: hours(form.get(`break${n}_earliest`)),
        latest: hours(form.get(`break${n}_latest`)),
        length: Number(form.get(`break${n}_length`)),
        paid: form.get(`break${n}_paid`) === "on",
      });
    }
    return {
      name: form.get("name"),
      earliest_start: form.get("earliest_start"),
      latest_start: form.get("latest_start"),
      length: hours(form.get("length")),
      days: form.getAll("days"),
      breaks,
    };
  }

  const duration = (minutes) =>
    `${numbers.format(Math.floor(minutes / 60))}:${numbers.format(minutes % 60).padStart(2, numbers.format(0))}`;

  async function loadTemplates() {
    const body = $("template-table").tBodies[0];
    body.replaceChildren();
    const templates = await api("GET", "/shift-templates");
    if (!templates.length) emptyRow(body, 6);
    for (const template of templates) {
      const row = body.insertRow();
      cell(row, template.name);
      cell(row, `${template.earliest_start}–${template.latest_start}`).dir = "ltr";
      cell(row, duration(template.length));
      cell(row, lists.format(template.days.map((day) => text(`day-${day}`))));
      cell(row, template.breaks.map((b) => `${b.name} ${duration(b.length)}`).join("; "));
      removeButton(row, template.name, () =>
        api("DELETE", `/shift-templates/${template.id}`).then(loadTemplates, (e) => showError("template", e))
      );
    }
  }

  step("template", $("template-form"), async (form) => {
    await api("POST", "/shift-templates", templateBody(form));
    $("template-form").reset();
    await loadTemplates();
  });

  // 3. Schedule -----------------------------------------------------------------------

  function ganttChart(result) {
    const start = moment(result.coverage[0].ds).getTime();
    const hour = (ds) => (moment(ds).getTime() - start) / 3.6e6;
    const names = result.positions.map((p, n) => p.agent || fill(text("text-agent-n"), { n: numbers.format(n + 1) }));
    const shifts = [];
    const breaks = [];
    result.positions.forEach((position, n) => {
      for (const shift of position.shifts) {
        shifts.push({ x: [hour(shift.start), hour(shift.end)], y: names[n] });
        for (const b of shift.breaks) breaks.push({ x: [hour(b.start), hour(b.end)], y: names[n] });
      }
    });
    const [shiftColour, , , breakColour] = tamasCharts.palette();
    $("gantt-chart").parentElement.style.height = `${Math.max(240, 28 * names.length + 80)}px`;
    draw("gantt", $("gantt-chart"), {
      type: "bar",
      data: {
        labels: names,
        datasets: [
          { label: text("text-shift"), data: shifts, backgroundColor: shiftColour, grouped: false, barPercentage: 0.8 },
          { label: text("text-break"), data: breaks, backgroundColor: breakColour, grouped: false, barPercentage: 0.5 },
        ],
      },
      options: {
        indexAxis: "y",
        maintainAspectRatio: false,
        scales: {
          x: { type: "linear", min: 0, ticks: { stepSize: 24, callback: (v) => shownDay(toLocal(start + v * 3.6e6)) } },
          y: { ticks: { autoSkip: false } },
        },
        plugins: {
          tooltip: {
            callbacks: {
              label: (item) => `${item.dataset.label}: ${clockFormat.format(new Date(start + item.raw.x[0] * 3.6e6))}–${clockFormat.format(new Date(start + item.raw.x[1] * 3.6e6))}`,
            },
          },
        },
      },
    });
  }

  /* Milliseconds on the reader's clock back to the local "YYYY-MM-DDTHH:MM" the API uses. */
  function toLocal(ms) {
    const d = new Date(ms);
    const pad = (n) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  }

  function shiftTable(result) {
    const body = $("shift-table").tBodies[0];
    body.replaceChildren();
    result.positions.forEach((position, n) => {
      for (const shift of position.shifts) {
        const row = body.insertRow();
        cell(row, position.agent || fill(text("text-agent-n"), { n: numbers.format(n + 1) }));
        cell(row, shift.template);
        cell(row, shownTime(shift.start));
        cell(row, shownTime(shift.end));
        cell(row, shift.breaks.map((b) => `${b.name} ${clockFormat.format(moment(b.start))}–${clockFormat.format(moment(b.end))}`).join("; "));
      }
    });
  }

  step("schedule", $("schedule-form"), async (form) => {
    if (!plan.staffing) throw new ApiError(text("text-need-staffing"));
    const body = {
      rows: plan.staffing.rows.map((r) => ({ ds: r.ds, agents: r.agents_scheduled })),
      interval_min: plan.staffing.interval_min,
      time_limit_s: Number(form.get("time_limit_s")),
    };
    const result = await follow("schedule", await api("POST", "/schedule", body));
    plan.schedule = result;
    $("schedule-summary").textContent = fill(text("text-schedule-summary"), {
      shifts: numbers.format(result.totals.shifts),
      hours: numbers.format(result.totals.paid_hours),
      under: numbers.format(result.totals.under_staffed),
      status: text(`text-${result.status}`),
      seconds: numbers.format(result.seconds),
    });
    $("schedule-result").hidden = false;
    ganttChart(result);
    shiftTable(result);
    stepChart("coverage", result.coverage, [["text-required", "required"], ["text-scheduled", "scheduled"]]);
  });

  // 4. What-if ------------------------------------------------------------------------

  function whatIfDays() {
    const select = $("whatif-day");
    select.replaceChildren();
    const days = [...new Set(plan.staffing.rows.map((r) => isoDay(r.ds)))];
    for (const day of days) select.add(new Option(shownDate(day), day));
  }

  /* Agents on duty per interval: the schedule's coverage when there is one (people and
     their breaks), else the staffing plan's agents on the phones. */
  function agentsOn(day) {
    const onPhones = plan.schedule
      ? new Map(plan.schedule.coverage.map((c) => [c.ds, Math.floor(c.scheduled)]))
      : new Map(plan.staffing.rows.map((r) => [r.ds, r.agents]));
    return plan.staffing.rows
      .filter((r) => isoDay(r.ds) === day)
      .map((r) => ({ ds: r.ds, calls: r.calls, agents: onPhones.get(r.ds) || 0 }));
  }

  const plusMinus = (figure, format) =>
    figure.value === null
      ? "–"
      : `${format(figure.value)}${figure.half_width === null ? "" : ` ± ${format(figure.half_width)}`}`;

  step("whatif", $("whatif-form"), async (form) => {
    if (!plan.staffing) throw new ApiError(text("text-need-staffing"));
    const request = plan.staffing.request;
    const body = {
      day: form.get("day"),
      rows: agentsOn(form.get("day")),
      interval_min: plan.staffing.interval_min,
      aht_s: request.aht_s,
      threshold_s: Math.max(1, Math.round(request.threshold_s)),
      agents_delta: Number(form.get("agents_delta")),
      calls_pct: Number(form.get("calls_pct")),
      aht_pct: Number(form.get("aht_pct")),
      replications: Number(form.get("replications")),
      patience_s: Number(form.get("patience_s")),
    };
    const result = await follow("whatif", await api("POST", "/what-if", body));
    const totals = result.totals;
    $("whatif-sl").textContent = plusMinus(totals.service_level, (v) => percents.format(v));
    $("whatif-abandon").textContent = plusMinus(totals.abandon_rate, (v) => percents.format(v));
    $("whatif-asa").textContent = plusMinus(totals.asa_s, (v) => numbers.format(v));
    $("whatif-offered").textContent = numbers.format(totals.offered.value);
    $("whatif-result").hidden = false;
  });

  showDates();
  loadSpecialDays().catch((e) => showError("special", e));
  loadTemplates().catch((e) => showError("template", e));
})();
