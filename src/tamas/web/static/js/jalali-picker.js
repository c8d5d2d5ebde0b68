/* A Jalali month grid for the date fields a Persian reader types into (the browser's
   own date picker is Gregorian only). The browser's Persian calendar
   (Intl.DateTimeFormat with calendar "persian") names each Gregorian day's Jalali year,
   month and day, so the month is built by walking days, with no calendar code of our
   own. The chosen day is written as the server reads it (1403/12/20, in the reader's
   digits); without this script the field is still typed by hand.

   Markup: a container with data-jalali-picker (data-locale and the texts in data-*),
   holding buttons with data-picker-for="<input id>". */
(function () {
  "use strict";

  var DAY_MS = 86400000;

  function utcDay(year, month, day) {
    return new Date(Date.UTC(year, month, day, 12));
  }

  function addDays(day, count) {
    return new Date(day.getTime() + count * DAY_MS);
  }

  function setUp(root) {
    var locale = root.dataset.locale || "fa";
    var parts = new Intl.DateTimeFormat("en-u-ca-persian-nu-latn", {
      calendar: "persian", numberingSystem: "latn", timeZone: "UTC",
      year: "numeric", month: "numeric", day: "numeric"
    });
    var fullName = new Intl.DateTimeFormat(locale, {
      calendar: "persian", timeZone: "UTC", dateStyle: "full"
    });
    var monthName = new Intl.DateTimeFormat(locale, {
      calendar: "persian", timeZone: "UTC", year: "numeric", month: "long"
    });
    var weekdayName = new Intl.DateTimeFormat(locale, { timeZone: "UTC", weekday: "narrow" });
    var weekdayLong = new Intl.DateTimeFormat(locale, { timeZone: "UTC", weekday: "long" });
    var number = new Intl.NumberFormat(locale, { useGrouping: false });
    var twoDigits = new Intl.NumberFormat(locale, { useGrouping: false, minimumIntegerDigits: 2 });

    /* The Jalali {year, month, day} of a Gregorian day. */
    function jalali(day) {
      var found = {};
      parts.formatToParts(day).forEach(function (part) {
        if (part.type === "year" || part.type === "month" || part.type === "day") {
          found[part.type] = parseInt(part.value, 10);
        }
      });
      return found;
    }

    /* A day count that grows with the Jalali date; exact within a year, which is enough
       to steer the search in `gregorian`. */
    function ordinal(date) {
      var before = date.month <= 7 ? (date.month - 1) * 31 : 186 + (date.month - 7) * 30;
      return date.year * 365 + before + date.day;
    }

    /* The Gregorian day of a Jalali date, or null when there is none. */
    function gregorian(year, month, day) {
      var guess = addDays(utcDay(year + 621, 2, 21), ordinal({ year: 0, month: month, day: day }) - 1);
      for (var step = 0; step < 6; step += 1) {
        var off = ordinal({ year: year, month: month, day: day }) - ordinal(jalali(guess));
        if (off === 0) { return guess; }
        guess = addDays(guess, off);
      }
      return null;
    }

    /* The day a field holds (either digits; -, / or . between the parts), or null. */
    function read(text) {
      var latin = text.replace(/[\u06f0-\u06f9]/g, function (digit) {
        return String(digit.charCodeAt(0) - 0x06f0);
      }).trim();
      var match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(latin);
      return match ? gregorian(+match[1], +match[2], +match[3]) : null;
    }

    function write(day) {
      var date = jalali(day);
      return number.format(date.year) + "/" + twoDigits.format(date.month) + "/" +
        twoDigits.format(date.day);
    }

    var dialog = document.createElement("div");
    dialog.className = "jalali-picker";
    dialog.setAttribute("role", "dialog");
    dialog.setAttribute("aria-modal", "false");
    dialog.setAttribute("aria-labelledby", "jalali-picker-title");
    dialog.hidden = true;
    dialog.innerHTML =
      '<div class="jalali-picker-head">' +
      '<button type="button" data-move="-1"></button>' +
      '<h2 id="jalali-picker-title" aria-live="polite"></h2>' +
      '<button type="button" data-move="1"></button></div>' +
      '<table role="grid" aria-labelledby="jalali-picker-title"><thead><tr></tr></thead>' +
      "<tbody></tbody></table>" +
      '<p class="hint"></p>';
    var previous = dialog.querySelector('[data-move="-1"]');
    var next = dialog.querySelector('[data-move="1"]');
    var title = dialog.querySelector("h2");
    var body = dialog.querySelector("tbody");
    previous.textContent = root.dataset.previous;
    next.textContent = root.dataset.next;
    dialog.querySelector(".hint").textContent = root.dataset.keys;
    var saturday = utcDay(2025, 0, 4);
    var header = dialog.querySelector("thead tr");
    for (var column = 0; column < 7; column += 1) {
      var cell = document.createElement("th");
      cell.scope = "col";
      var weekday = addDays(saturday, column);
      cell.textContent = weekdayName.format(weekday);
      cell.setAttribute("abbr", weekdayLong.format(weekday));
      header.appendChild(cell);
    }

    var field = null;
    var opener = null;
    var focused = null;

    /* The month of `focused` as weeks from Saturday, its day buttons labelled in full. */
    function draw() {
      var month = jalali(focused).month;
      var first = focused;
      while (jalali(addDays(first, -1)).month === month) { first = addDays(first, -1); }
      var chosen = read(field.value);
      title.textContent = monthName.format(first);
      body.textContent = "";
      var row = document.createElement("tr");
      for (var blank = 0; blank < (first.getUTCDay() + 1) % 7; blank += 1) {
        row.appendChild(document.createElement("td"));
      }
      for (var day = first; jalali(day).month === month; day = addDays(day, 1)) {
        if (row.children.length === 7) {
          body.appendChild(row);
          row = document.createElement("tr");
        }
        var cell = document.createElement("td");
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = number.format(jalali(day).day);
        button.setAttribute("aria-label", fullName.format(day));
        button.dataset.time = String(day.getTime());
        var isFocused = day.getTime() === focused.getTime();
        button.tabIndex = isFocused ? 0 : -1;
        if (chosen && day.getTime() === chosen.getTime()) {
          button.setAttribute("aria-pressed", "true");
        }
        cell.appendChild(button);
        row.appendChild(cell);
      }
      body.appendChild(row);
      var current = body.querySelector('[tabindex="0"]');
      if (dialog.contains(document.activeElement) &&
          document.activeElement.closest("tbody")) {
        current.focus();
      }
      return current;
    }

    /* The same day `count` months away, or that month's last day when it is shorter. */
    function moveMonths(day, count) {
      var date = jalali(day);
      var month = date.month - 1 + count;
      var year = date.year + Math.floor(month / 12);
      month = ((month % 12) + 12) % 12 + 1;
      for (var last = date.day; last > 0; last -= 1) {
        var found = gregorian(year, month, last);
        if (found) { return found; }
      }
      return day;
    }

    function open(button) {
      opener = button;
      field = document.getElementById(button.dataset.pickerFor);
      var today = new Date();
      focused = read(field.value) ||
        utcDay(today.getFullYear(), today.getMonth(), today.getDate());
      button.parentNode.appendChild(dialog);
      dialog.hidden = false;
      button.setAttribute("aria-expanded", "true");
      draw().focus();
    }

    function close() {
      dialog.hidden = true;
      opener.setAttribute("aria-expanded", "false");
      opener.focus();
    }

    function go(day) {
      focused = day;
      draw().focus();
    }

    dialog.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) { return; }
      if (button.dataset.move) {
        focused = moveMonths(focused, +button.dataset.move);
        draw();
      } else if (button.dataset.time) {
        field.value = write(new Date(+button.dataset.time));
        field.dispatchEvent(new Event("change", { bubbles: true }));
        close();
      }
    });

    dialog.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
        close();
        return;
      }
      if (!event.target.dataset.time) { return; }
      /* Right to left, the next day is to the left. */
      var rtl = getComputedStyle(dialog).direction === "rtl";
      var column = (focused.getUTCDay() + 1) % 7;
      var moves = {
        ArrowLeft: function () { return addDays(focused, rtl ? 1 : -1); },
        ArrowRight: function () { return addDays(focused, rtl ? -1 : 1); },
        ArrowUp: function () { return addDays(focused, -7); },
        ArrowDown: function () { return addDays(focused, 7); },
        PageUp: function () { return moveMonths(focused, event.shiftKey ? -12 : -1); },
        PageDown: function () { return moveMonths(focused, event.shiftKey ? 12 : 1); },
        Home: function () { return addDays(focused, -column); },
        End: function () { return addDays(focused, 6 - column); }
      };
      if (moves[event.key]) {
        event.preventDefault();
        go(moves[event.key]());
      }
    });

    root.querySelectorAll("[data-picker-for]").forEach(function (button) {
      button.hidden = false;
      button.setAttribute("aria-haspopup", "dialog");
      button.setAttribute("aria-expanded", "false");
      button.addEventListener("click", function () {
        if (!dialog.hidden && opener === button) { close(); } else { open(button); }
      });
    });
  }

  document.querySelectorAll("[data-jalali-picker]").forEach(setUp);
})();
