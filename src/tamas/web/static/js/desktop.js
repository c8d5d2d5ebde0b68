// The agent desktop, kept live: the agent's state with the time in it, the screen pop of
// the contact in hand, its actions, and the wrap-up form. Everything it shows comes from
// the JSON API (docs/api.md) as the signed-in person; every text it writes comes from the
// page's data attributes, which the server translated. No framework, no build step.
"use strict";

(() => {
  const desk = document.getElementById("desk");
  if (!desk) return;
  const $ = (selector) => desk.querySelector(selector);
  const text = (key) => desk.getAttribute(`data-${key}`) || "";
  const locale = desk.dataset.locale;
  const dispositions = JSON.parse(desk.dataset.dispositions);
  const { api, element } = window.tamasLive; // static/js/live.js
  const clock = window.tamasLive.durations(locale);
  const whole = new Intl.NumberFormat(locale);
  const when = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });

  let me = null; // GET /agents/me
  let popFor = null; // the contact id whose pop is shown
  let pop = null; // its pop
  let wrapping = null; // the contact waiting for its wrap-up: {contact_id, queue}

  const typed = (value) => element("bdi", value); // what people typed keeps its direction

  function showError(error) {
    const box = $(".desk-error");
    box.textContent = error ? `${text("text-failed")} ${error.message}` : "";
    box.hidden = !error;
  }

  async function act(method, path, body) {
    try {
      showError(null);
      const answer = await api(method, path, body);
      await refresh();
      return answer;
    } catch (error) {
      showError(error);
      return null;
    }
  }

  // --- state -------------------------------------------------------------------------

  function renderState() {
    const name = text(`state-${me.state}`) || me.state;
    const reason = me.reason ? ` (${text(`reason-${me.reason}`) || me.reason})` : "";
    $(".state-name").textContent = name + reason;
    $(".state-since").hidden = !me.since;
    const free = me.state === "logged_out" || me.state === "paused";
    $('[data-state="ready"]').disabled = !free; // a contact in hand makes the agent ready after it
    $('[data-state="logged_out"]').disabled = me.state === "logged_out";
    $('[data-state="paused"]').disabled = false;
    $("#pause-reason").disabled = false;
    tick();
  }

  function tick() {
    if (me && me.since) {
      const time = $(".state-clock");
      time.dateTime = me.since;
      time.textContent = clock((Date.now() - Date.parse(me.since)) / 1000);
    }
    const hand = inHand();
    const wrapClock = $(".wrap-clock");
    if (wrapping && hand && hand.wrap_up_until) {
      const left = (Date.parse(hand.wrap_up_until) - Date.now()) / 1000;
      wrapClock.textContent = left > 0 ? `${text("text-wrap-left")} ${clock(left)}` : text("text-wrap-over");
      wrapClock.hidden = false;
    } else {
      wrapClock.hidden = !wrapping;
      if (wrapping) wrapClock.textContent = text("text-wrap-over");
    }
  }

  desk.querySelectorAll("[data-state]").forEach((button) => {
    button.addEventListener("click", () => {
      const state = button.dataset.state;
      const reason = state === "paused" ? $("#pause-reason").value : null;
      act("POST", "/api/v1/agents/me/state", { state, reason });
    });
  });

  // --- the contact in hand and its screen pop ------------------------------------------

  const inHand = () => (me && me.contacts.length ? me.contacts[0] : null);

  function list(selector, items, render) {
    const target = $(selector);
    target.replaceChildren(...items.map((item) => element("li", render(item))));
    if (!items.length) target.append(element("li", text("text-none"), "empty"));
  }

  const dated = (at, ...content) => {
    const span = element("span");
    const time = element("time", when.format(new Date(at)), "hint");
    time.dateTime = at;
    span.append(...content, " · ", time);
    return span;
  };

  function contactTitle(item) {
    const { channel, outcome } = item.detail;
    return text("text-contact")
      .replace("%(channel)s", text(`channel-${channel}`) || channel)
      .replace("%(outcome)s", text(`outcome-${outcome}`) || outcome);
  }

  function renderPop() {
    const box = $(".pop");
    box.hidden = !pop;
    $(".screen-pop .empty").hidden = Boolean(pop);
    if (!pop) return;
    const contact = pop.contact;
    $(".pop-number").textContent = contact.caller || "—";
    $(".pop-queue").textContent = contact.queue || "";
    const heading = $(".pop-customer");
    if (pop.customer) {
      const link = element("a", typed(pop.customer.name));
      link.href = `/customers/${pop.customer.id}`;
      heading.replaceChildren(link);
    } else {
      heading.replaceChildren(text("text-unknown-caller"));
    }
    const context = contact.context || {};
    const from = $(".pop-context");
    from.hidden = !context.from_agent;
    from.textContent = context.from_agent ? `${text("text-from-agent")} ${context.from_agent}` : "";
    const handed = (context.notes || []).map((body) => ({ body, author: context.from_agent }));
    list(".pop-notes", [...handed, ...pop.notes], (note) => {
      const body = typed(note.body);
      return note.created_at ? dated(note.created_at, body, " — ", note.author) : body;
    });
    list(".pop-cases", pop.open_cases, (item) =>
      dated(item.sla_due_at, `${item.number} `, typed(item.title), ` · ${text(`status-${item.status}`)}`)
    );
    list(".pop-contacts", pop.last_contacts, (item) => dated(item.at, contactTitle(item)));
    const cases = $("#wrap-case");
    cases.replaceChildren(cases.options[0]);
    pop.open_cases.forEach((item) => cases.add(new Option(`${item.number} ${item.title}`, item.id)));
  }

  async function showPop(contactId, popUrl) {
    if (popFor === contactId) return;
    popFor = contactId;
    try {
      pop = await api("GET", popUrl);
    } catch (error) {
      showError(error);
      pop = null;
    }
    renderPop();
  }

  function renderContact() {
    const hand = inHand();
    if (hand && hand.phase === "wrap_up" && !wrapping) startWrapUp(hand);
    if (hand && hand.contact_id !== popFor) showPop(hand.contact_id, hand.pop_url);
    const controls = $(".contact-controls");
    controls.hidden = !hand || hand.phase === "wrap_up";
    if (!hand) return;
    const talking = hand.phase === "busy";
    $('[data-action="answer"]').hidden = hand.phase !== "reserved";
    $('[data-action="hold"]').hidden = !talking || hand.held;
    $('[data-action="unhold"]').hidden = !talking || !hand.held;
    $('[data-action="hangup"]').hidden = !talking;
    $(".transfer-form").hidden = !talking;
    $(".pop-held").textContent = hand.held ? `· ${text("text-held")}` : "";
  }

  desk.querySelectorAll("[data-action]").forEach((button) => {
    button.addEventListener("click", async () => {
      const hand = inHand();
      if (!hand) return;
      const action = button.dataset.action;
      const answer = await act("POST", `/api/v1/contacts/${hand.contact_id}/${action}`);
      if (answer && action === "hangup") startWrapUp(hand);
    });
  });

  $(".transfer-form").addEventListener("submit", async (submitted) => {
    submitted.preventDefault();
    const hand = inHand();
    const form = submitted.target;
    const agent = form.agent.value.trim();
    const [kind, name] = agent ? ["agent", agent] : form.target.value.split(/:(.*)/s);
    const body = { [kind]: name, note: form.note.value.trim() || null };
    if (await act("POST", `/api/v1/contacts/${hand.contact_id}/transfer`, body)) {
      form.reset(); // the agent wraps the contact up as after Hang up
      done(text("text-transferred"));
    }
  });

  function clearPop() {
    pop = null;
    popFor = null;
    renderPop();
  }

  // --- wrap-up -------------------------------------------------------------------------

  function startWrapUp(contact) {
    wrapping = { contact_id: contact.contact_id, queue: contact.queue };
    const codes = $("#wrap-disposition");
    codes.replaceChildren(...(dispositions[contact.queue] || []).map(([code, title]) => new Option(title, code)));
    $(".wrap-up-form").hidden = false;
    $("#wrap-up > .empty").hidden = true;
    $(".wrap-done").hidden = true;
    tick();
  }

  function done(message) {
    const status = $(".wrap-done");
    status.textContent = message;
    status.hidden = false;
  }

  function wrapUpBody(form) {
    const body = { disposition: form.disposition.value, note: form.note.value.trim() || null };
    if (pop && pop.customer) body.customer_id = pop.customer.id;
    const department = form.department.value || undefined;
    const priority = form.priority.value;
    if (form.case_id.value) {
      body.case = { id: Number(form.case_id.value), department };
    } else if (form.case_title.value.trim()) {
      body.case = { title: form.case_title.value.trim(), department, priority };
    }
    const kind = form.querySelector('input[name="follow_kind"]:checked');
    if (kind && form.follow_due.value) {
      body.follow_up = {
        kind: kind.value,
        due_at: new Date(form.follow_due.value).toISOString(),
        note: form.follow_note.value.trim(),
      };
    }
    return body;
  }

  $(".wrap-up-form").addEventListener("submit", async (submitted) => {
    submitted.preventDefault();
    const form = submitted.target;
    const answer = await act("POST", `/api/v1/contacts/${wrapping.contact_id}/wrap-up`, wrapUpBody(form));
    if (!answer) return;
    wrapping = null;
    form.reset();
    form.hidden = true;
    clearPop();
    done(text("text-saved"));
    tick();
  });

  // --- live ----------------------------------------------------------------------------

  async function refresh() {
    try {
      me = await api("GET", "/api/v1/agents/me");
    } catch (error) {
      showError(error);
      return;
    }
    renderState();
    renderContact();
    renderToday();
  }

  function renderToday() {
    if (!me.today) return;
    desk.querySelectorAll("[data-today]").forEach((figure) => {
      const value = me.today[figure.dataset.today];
      figure.textContent = figure.dataset.today === "contacts" ? whole.format(value) : clock(value);
    });
  }

  const stream = new EventSource("/api/v1/stream");
  stream.addEventListener("stream.open", refresh);
  stream.addEventListener("contact.offered", (message) => {
    const offer = JSON.parse(message.data);
    showPop(offer.contact_id, offer.pop_url);
    refresh();
  });
  [
    "contact.answered", "contact.held", "contact.unheld", "contact.ended",
    "contact.transferred", "contact.wrap_up_done", "contact.ring_no_answer",
    "contact.ring_canceled", "agent.logged_in", "agent.ready", "agent.busy",
    "agent.wrap_up", "agent.paused", "agent.logged_out",
  ].forEach((type) => stream.addEventListener(type, refresh));
  stream.addEventListener("other", (message) => {
    const event = JSON.parse(message.data);
    if (event.reason !== "message") return; // a supervisor's message (docs/web.md)
    const from = event.attrs.from_name || event.attrs.from;
    const box = $(".desk-message");
    box.replaceChildren(dated(event.ts, `${text("text-message").replace("%(name)s", from)} `, typed(event.attrs.text)));
    box.hidden = false;
  });
  stream.addEventListener("error", () => {
    $(".state-name").textContent = text("text-offline");
  });
  setInterval(tick, 1000);
})();
