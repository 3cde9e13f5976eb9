// Service-level countdowns on the run page and the live board: the server renders the time left and the instant
// it runs out (data-due); this keeps the figure moving between refreshes. Without it the rendered figure stays.
(function () {
  "use strict";
  function pad(n) { return n < 10 ? "0" + n : "" + n; }
  function format(ms) {
    var total = Math.max(0, Math.floor(ms / 1000));
    var d = Math.floor(total / 86400), h = Math.floor(total % 86400 / 3600), m = Math.floor(total % 3600 / 60), s = total % 60;
    var clock = (d > 0 || h > 0) ? h + ":" + pad(m) + ":" + pad(s) : m + ":" + pad(s);
    return d > 0 ? d + " d " + clock : clock;
  }
  // How far this device's clock is from the server's, read once: the page was rendered a moment ago. A shop PC with a
  // wrong clock must not show a running contact as over (or a run-out one as running).
  var serverNow = document.querySelector('meta[name="pauta-server-now"]');
  var skew = serverNow ? Date.parse(serverNow.getAttribute("content")) - Date.now() : 0;
  if (isNaN(skew)) skew = 0;
  function tick() {
    var clocks = document.querySelectorAll(".clock-value[data-due]");
    for (var i = 0; i < clocks.length; i++) {
      var el = clocks[i];
      var due = Date.parse(el.getAttribute("data-due"));
      if (isNaN(due)) continue;
      var left = due - (Date.now() + skew);
      el.textContent = left > 0 ? format(left) : el.getAttribute("data-over-text");
      el.parentElement.classList.toggle("due-soon", left > 0 && left < 60000);
      el.parentElement.classList.toggle("over", left <= 0);
    }
  }
  setInterval(tick, 1000);
})();
