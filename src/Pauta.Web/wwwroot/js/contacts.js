// The guided run's enhancements: keyboard shortcuts (shown with "?"), the service-level countdown, and htmx
// swapping in the answers that carry a page to show (422: something to fix, 409: someone acted first).
// Every action stays a plain form without this script.
(function () {
  "use strict";

  document.addEventListener("htmx:beforeSwap", function (e) {
    var status = e.detail.xhr.status;
    if (status === 409 || status === 422) { e.detail.shouldSwap = true; e.detail.isError = false; }
  });

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  function activate(el) {
    if (!el) return false;
    if (el.tagName === "SUMMARY") {
      var details = el.parentElement;
      details.open = true;
      var first = details.querySelector("input:not([type=hidden]), textarea, select");
      if (first) first.focus();
    } else if (/^(TEXTAREA|SELECT|INPUT)$/.test(el.tagName)) {
      el.focus();
      if (el.scrollIntoView) el.scrollIntoView({ block: "center" });
    } else if (!el.disabled) {
      el.click();
    }
    return true;
  }

  document.addEventListener("keydown", function (e) {
    var run = document.getElementById("run");
    if (!run || e.ctrlKey || e.metaKey) return;
    var dialog = document.getElementById("shortcuts");
    if (e.key === "Escape" && dialog && dialog.open) { dialog.close(); return; }
    if (typing(e.target)) return;
    if (e.key === "?") {
      if (dialog && typeof dialog.showModal === "function") { if (dialog.open) dialog.close(); else dialog.showModal(); }
      e.preventDefault();
      return;
    }
    var key = e.key.toLowerCase();
    // Alt+digit: some layouts report the digit only in e.code.
    if (e.altKey) {
      var m = /^Digit([1-9])$/.exec(e.code || "");
      if (!m) return;
      key = "alt+" + m[1];
    }
    if (key === "p") {
      var plan = run.querySelector("button.plan");
      if (plan) { plan.focus(); e.preventDefault(); }
      return;
    }
    var target = run.querySelector('[data-key="' + key + '"]');
    if (target && activate(target)) e.preventDefault();
  });

  // Countdowns: the server renders the time left; this keeps it moving until the page is refreshed.
  function pad(n) { return n < 10 ? "0" + n : "" + n; }
  function format(ms) {
    var total = Math.max(0, Math.floor(ms / 1000));
    var d = Math.floor(total / 86400), h = Math.floor(total % 86400 / 3600), m = Math.floor(total % 3600 / 60), s = total % 60;
    var clock = (d > 0 || h > 0) ? h + ":" + pad(m) + ":" + pad(s) : m + ":" + pad(s);
    return d > 0 ? d + " d " + clock : clock;
  }
  function tick() {
    var clocks = document.querySelectorAll(".clock-value[data-due]");
    for (var i = 0; i < clocks.length; i++) {
      var el = clocks[i];
      var due = Date.parse(el.getAttribute("data-due"));
      if (isNaN(due)) continue;
      var left = due - Date.now();
      el.textContent = left > 0 ? format(left) : el.getAttribute("data-over-text");
      el.parentElement.classList.toggle("due-soon", left > 0 && left < 60000);
      el.parentElement.classList.toggle("over", left <= 0);
    }
  }
  setInterval(tick, 1000);
})();
