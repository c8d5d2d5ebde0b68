// The supervisor's wallboard, kept live: each queue (waiting, longest wait, agents by
// state, today's figures against the targets), the alerts, and the agents with their
// state and the supervisor's actions. The server pushes a new snapshot whenever the
// center changes (GET /api/v1/wallboard/stream, docs/api.md); this script only draws it,
// and counts the clocks on between snapshots. Every text comes from the page's data
// attributes, which the server translated.
"use strict";

(() => {
  const board = document.getElementById("wallboard");
  if (!board) return;
  const $ = (selector) => board.querySelector(selector);
  const text = (key) => board.getAttribute(`data-${key}`) || "";
  const fill = (template, values) => template.replace(/%\((\w+)\)s/g, (_, key) => values[key] ?? "");
  const locale = board.dataset.locale;
  const tv = board.dataset.tv === "yes";
  const reasons = Object.keys(JSON.parse(board.dataset.pauseReasons));
  const { api, element } = window.tamasLive; // static/js/live.js
  const clock = window.tamasLive.durations(locale);
  const whole = new Intl.NumberFormat(locale);
  const share = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  const hour = new Intl.DateTimeFormat(locale, { timeStyle: "medium", timeZone: board.dataset.tz });
  const SHARES = new Set(["service_level", "projected_service_level", "abandon_rate"]);
  const MARKS = { on_target: "✓", at_risk: "⚠", missed: "✗", no_data: "–" };
  const TODAY = [
    "offered", "answered", "abandoned", "service_level", "projected_service_level",
    "abandon_rate", "asa_s", "aht_s",
  ];
  const LIMITS = {
    projected_service_level: "service_level", longest_wait_s: "max_wait_s",
    abandon_rate: "abandon_rate", asa_s: "asa_s", aht_s: "aht_s",
  };

  let snapshot = JSON.parse(board.dataset.initial);
  let skew = 0; // the server's clock less this browser's, so that clocks count from its moments

  const stateName = (code) => text(`state-${code}`) || code;
  const reasonName = (code) => text(`reason-${code}`) || code;

  function shown(figure, value) {
    if (value === null || value === undefined) return "–";
    if (SHARES.has(figure)) return share.format(value);
    if (figure.endsWith("_s")) return clock(value);
    return whole.format(value);
  }

  function targetOf(figure, targets) {
    if (figure === "service_level") {
      return fill(text("text-within"), {
        share: share.format(targets.service_level),
        seconds: whole.format(targets.sl_threshold_s),
      });
    }
    if (figure === "projected_service_level") return fill(text("text-at-least"), { value: share.format(targets.service_level) });
    if (!(figure in LIMITS)) return "";
    return fill(text("text-at-most"), { value: shown(figure, targets[LIMITS[figure]]) });
  }

  function badge(status) {
    const mark = element("span", MARKS[status] || "", "wb-mark");
    mark.setAttribute("aria-hidden", "true");
    const node = element("span", mark, `wb-status wb-${status}`);
    node.append(" ", text(`status-${status}`) || status);
    return node;
  }

  function since(moment) {
    const time = element("time", "", "wb-clock");
    time.dateTime = moment;
    time.dataset.since = moment;
    return time;
  }

  // --- queues ----------------------------------------------------------------------------

  function figureRow(term, ...value) {
    const row = element("div");
    row.append(element("dt", term), element("dd", undefined));
    row.lastChild.append(...value);
    return row;
  }

  function queueCard(queue, index) {
    const card = element("article", undefined, "wb-queue panel");
    const worst = ["missed", "at_risk"].find((s) => Object.values(queue.status).includes(s));
    if (worst) card.classList.add(`wb-card-${worst}`);
    const heading = element("h3", queue.title);
    heading.id = `wb-queue-${index}`;
    card.setAttribute("aria-labelledby", heading.id);
    const wait = queue.oldest_queued_at ? since(queue.oldest_queued_at) : "–";
    const live = element("dl", undefined, "wb-live");
    live.append(
      figureRow(text("text-waiting"), element("span", whole.format(queue.waiting), "wb-waiting")),
      figureRow(text("figure-longest_wait_s"), wait, " ", badge(queue.status.longest_wait_s)),
    );
    const states = element("ul", undefined, "wb-states");
    for (const [code, count] of Object.entries(queue.agents)) {
      const item = element("li", `${stateName(code)}: `, `wb-state-${code}`);
      item.append(element("strong", whole.format(count)));
      const why = Object.entries(code === "paused" ? queue.paused : {});
      if (why.length) {
        item.append(` (${why.map(([r, n]) => `${reasonName(r)} ${whole.format(n)}`).join(", ")})`);
      }
      states.append(item);
    }
    const table = element("table", element("caption", text("text-today")), "table wb-today");
    const head = element("tr");
    for (const title of ["text-figure", "text-today", "text-target", "text-status"]) {
      const th = element("th", text(title));
      th.scope = "col";
      head.append(th);
    }
    const body = element("tbody");
    for (const figure of TODAY) {
      const value = figure === "projected_service_level" ? queue.projected_service_level : queue.today[figure];
      const th = element("th", text(`figure-${figure}`));
      th.scope = "row";
      const row = element("tr", th);
      const status = queue.status[figure];
      row.append(
        element("td", shown(figure, value), "wb-value"),
        element("td", targetOf(figure, queue.targets)),
        element("td", status ? badge(status) : ""),
      );
      body.append(row);
    }
    table.append(element("thead", head), body);
    card.append(heading, live, element("h4", text("text-agents")), states, table);
    return card;
  }

  function renderQueues() {
    const target = $(".wb-queues");
    target.replaceChildren(...snapshot.queues.map(queueCard));
    if (!snapshot.queues.length) target.append(element("p", text("text-no-queues"), "empty"));
  }

  function renderAlerts() {
    const lines = snapshot.queues.flatMap((queue) =>
      queue.alerts.map((alert) => ({
        status: alert.status,
        line: fill(text("text-alert"), {
          queue: queue.title,
          figure: text(`figure-${alert.figure}`),
          value: shown(alert.figure, alert.value),
          target: shown(alert.figure, alert.target),
          status: text(`status-${alert.status}`),
        }),
      })),
    );
    const list = $(".wb-alert-list");
    const key = lines.map((l) => l.line).join("\n");
    if (list.dataset.key === key) return; // unchanged: do not make screen readers repeat it
    list.dataset.key = key;
    list.replaceChildren(
      ...lines.map(({ status, line }) => {
        const item = element("li", badge(status), `wb-alert wb-alert-${status}`);
        item.append(" ", line);
        return item;
      }),
    );
    if (!lines.length) list.append(element("li", text("text-no-alerts"), "empty"));
  }

  // --- agents ----------------------------------------------------------------------------

  const rows = new Map(); // agent name -> {row, cells, controls}

  function showResult(message, error) {
    const ok = $(".wb-result");
    const failed = $(".wb-error");
    ok.hidden = Boolean(error) || !message;
    failed.hidden = !error;
    ok.textContent = error ? "" : message;
    failed.textContent = error ? `${text("text-failed")} ${error.message}` : "";
  }

  async function changeState(agent, state, reason) {
    try {
      const answer = await api("POST", `/api/v1/wallboard/agents/${encodeURIComponent(agent.username)}/state`, { state, reason });
      showResult(fill(text("text-done"), { agent: agent.full_name, state: stateName(answer.state) }));
    } catch (error) {
      showResult(null, error);
    }
  }

  function actions(agent) {
    const cell = element("td", undefined, "wb-actions");
    const name = { agent: agent.full_name };
    const button = (label, aria, onClick) => {
      const node = element("button", label);
      node.type = "button";
      node.setAttribute("aria-label", fill(text(aria), name));
      node.addEventListener("click", onClick);
      return node;
    };
    const reason = element("select");
    reason.setAttribute("aria-label", fill(text("text-pause-reason"), name));
    reasons.forEach((code) => reason.add(new Option(reasonName(code), code)));
    const ready = button(text("text-ready"), "text-make-ready", () => changeState(agent, "ready", null));
    const pause = button(text("text-pause-button"), "text-pause", () => changeState(agent, "paused", reason.value));
    const out = button(text("text-log-out-button"), "text-log-out", () => changeState(agent, "logged_out", null));
    cell.append(ready, reason, pause, out);
    return { cell, ready, out };
  }

  function agentRow(agent) {
    const row = element("tr");
    const cells = {};
    for (const key of ["name", "team", "state", "since", "contact", "today"]) {
      cells[key] = element("td");
      row.append(cells[key]);
    }
    cells.name.replaceChildren(element("bdi", agent.full_name));
    const entry = { row, cells, controls: null };
    if (!tv && agent.username) {
      entry.controls = actions(agent);
      row.append(entry.controls.cell);
    } else if (!tv) {
      row.append(element("td"));
    }
    return entry;
  }

  function updateRow(entry, agent) {
    const { cells, controls } = entry;
    const live = agent.live;
    cells.team.textContent = agent.team || "";
    cells.state.textContent = stateName(live.state) + (live.reason ? ` (${reasonName(live.reason)})` : "");
    cells.state.className = `wb-agent-state wb-agent-${live.state}`;
    cells.since.replaceChildren(live.since ? since(live.since) : "–");
    const hand = live.contacts[0];
    cells.contact.replaceChildren(
      hand ? element("bdi", `${hand.queue} · ${hand.caller || "—"} · ${stateName(hand.phase)}`) : text("text-none"),
    );
    cells.today.textContent = whole.format(agent.contacts_today);
    if (controls) {
      controls.ready.disabled = !["logged_out", "paused"].includes(live.state);
      controls.out.disabled = live.state === "logged_out";
    }
  }

  function renderAgents() {
    const body = $(".wb-agent-table tbody");
    const seen = new Set();
    snapshot.agents.forEach((agent) => {
      seen.add(agent.agent);
      if (!rows.has(agent.agent)) rows.set(agent.agent, agentRow(agent));
      updateRow(rows.get(agent.agent), agent);
    });
    for (const [name, entry] of rows) {
      if (!seen.has(name)) {
        entry.row.remove();
        rows.delete(name);
      }
    }
    const ordered = snapshot.agents.map((agent) => rows.get(agent.agent).row);
    if (ordered.some((row, i) => body.children[i] !== row)) body.replaceChildren(...ordered);
    if (!ordered.length) body.replaceChildren(element("tr", element("td", text("text-no-agents"))));
    renderRecipients();
  }

  // --- messages --------------------------------------------------------------------------

  const messageForm = $(".wb-message-form");

  function renderRecipients() {
    if (!messageForm) return;
    const select = messageForm.agent;
    const people = snapshot.agents.filter((agent) => agent.username);
    const key = people.map((agent) => agent.username).join(" ");
    if (select.dataset.key === key) return;
    select.dataset.key = key;
    const chosen = select.value;
    select.replaceChildren(...people.map((agent) => new Option(agent.full_name, agent.username)));
    if (people.some((agent) => agent.username === chosen)) select.value = chosen;
  }

  if (messageForm) {
    messageForm.addEventListener("submit", async (submitted) => {
      submitted.preventDefault();
      const username = messageForm.agent.value;
      const agent = snapshot.agents.find((a) => a.username === username);
      try {
        await api("POST", `/api/v1/wallboard/agents/${encodeURIComponent(username)}/messages`, {
          text: messageForm.text.value.trim(),
        });
        showResult(fill(text("text-sent"), { agent: agent ? agent.full_name : username }));
        messageForm.text.value = "";
      } catch (error) {
        showResult(null, error);
      }
    });
  }

  // --- live ------------------------------------------------------------------------------

  function tick() {
    const now = Date.now() + skew;
    board.querySelectorAll("time[data-since]").forEach((time) => {
      time.textContent = clock((now - Date.parse(time.dataset.since)) / 1000);
    });
  }

  function render() {
    renderAlerts();
    renderQueues();
    renderAgents();
    const updated = $(".wb-updated");
    updated.dateTime = snapshot.at;
    updated.textContent = hour.format(new Date(snapshot.at));
    tick();
  }

  const fullscreen = $(".wb-fullscreen");
  if (fullscreen) {
    fullscreen.hidden = !document.fullscreenEnabled;
    fullscreen.addEventListener("click", () => document.documentElement.requestFullscreen().catch(() => {}));
  }

  render();
  const stream = new EventSource("/api/v1/wallboard/stream");
  stream.addEventListener("wallboard.snapshot", (message) => {
    snapshot = JSON.parse(message.data);
    skew = Date.parse(snapshot.at) - Date.now();
    $(".wb-connection").textContent = text("text-live");
    render();
  });
  stream.addEventListener("error", () => {
    $(".wb-connection").textContent = text("text-offline");
  });
  setInterval(tick, 1000);
})();
