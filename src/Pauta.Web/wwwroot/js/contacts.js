// The guided run's enhancements: keyboard shortcuts (shown with "?") and htmx
// swapping in the answers that carry a page to show (422: something to fix, 409: someone acted first).
// Every action stays a plain form without this script.
(function () {
  "use strict";

  document.addEventListener("htmx:beforeSwap", function (e) {
    var status = e.detail.xhr.status;
    if (status === 409 || status === 422) { e.detail.shouldSwap = true; e.detail.isError = false; }
  });

  // After an action on a clock (a milestone, an extension) the focus lands on the clocks panel's status, which says what was recorded.
  document.addEventListener("htmx:afterSettle", function (e) {
    var elt = e.detail.requestConfig && e.detail.requestConfig.elt;
    var form = elt && elt.closest ? elt.closest("[data-focus-after]") : null;
    var target = form ? document.getElementById(form.getAttribute("data-focus-after")) : null;
    if (target) target.focus();
  });

  // After any other action on the run the button pressed is usually gone with the swap: rather than leave the focus on
  // the body, it lands on the heading of the step the run is now at (or of the closed contact).
  document.addEventListener("htmx:afterSettle", function (e) {
    var elt = e.detail.requestConfig && e.detail.requestConfig.elt;
    if (!elt || !elt.closest || !elt.closest("#run")) return;
    var active = document.activeElement;
    if (active && active !== document.body && document.contains(active)) return;
    var title = document.getElementById("step-title");
    if (title) title.focus({ preventScroll: true });
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

})();
