// What the live pages (the agent desktop, the wallboard) share: calling the JSON API as
// the signed-in person (with the page's CSRF token), durations written as the server's
// Formatter.duration writes them, and making elements. Loaded before the page's script.
"use strict";

(() => {
  const csrf = () => document.querySelector('meta[name="csrf-token"]').content;

  function durations(locale) {
    // h:mm:ss, or m:ss under an hour, in the page's digits
    const two = new Intl.NumberFormat(locale, { minimumIntegerDigits: 2 });
    const whole = new Intl.NumberFormat(locale);
    return (seconds) => {
      if (seconds === null || seconds === undefined) return "–";
      const s = Math.max(0, Math.round(seconds));
      const hours = Math.floor(s / 3600);
      const minutes = Math.floor(s / 60) % 60;
      const secs = two.format(s % 60);
      return hours ? `${whole.format(hours)}:${two.format(minutes)}:${secs}` : `${whole.format(minutes)}:${secs}`;
    };
  }

  async function api(method, path, body) {
    const options = { method, headers: { Accept: "application/json" } };
    if (method !== "GET") {
      options.headers["X-CSRF-Token"] = csrf();
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body || {});
    }
    const answer = await fetch(path, options);
    const data = await answer.json().catch(() => ({}));
    if (!answer.ok) {
      const detail = Array.isArray(data.detail)
        ? data.detail.map((d) => `${d.loc.slice(-1)[0]}: ${d.msg}`).join("; ")
        : data.detail || answer.statusText;
      throw new Error(detail);
    }
    return data;
  }

  function element(tag, content, className) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined) node.append(content);
    return node;
  }

  window.tamasLive = { api, durations, element };
})();
