// Service-level countdowns on the run page and the live board. The server renders the figure ("15 h 05 min",
// "4 min 05 s", or "starts Monday 09:00" while the organisation is closed) with the instant the clock runs out
// (data-due), and, when the organisation closes first, the instant it stops counting (data-stops) and what it says
// then (data-stopped-text). This keeps the figure moving each second with the rules of Pauta.Core's Durations.
// Without it the rendered figure stays.
(function () {
  "use strict";
  function pad(n) { return n < 10 ? "0" + n : "" + n; }
  function format(ms, units) {
    var total = Math.max(0, Math.floor(ms / 1000));
    var d = Math.floor(total / 86400), h = Math.floor(total % 86400 / 3600), m = Math.floor(total % 3600 / 60), s = total % 60;
    if (d > 0) return d + " " + units[0] + " " + pad(h) + " " + units[1];
    if (h > 0) return h + " " + units[1] + " " + pad(m) + " " + units[2];
    if (m > 0) return m + " " + units[2] + " " + pad(s) + " " + units[3];
    return s + " " + units[3];
  }
  // How far this device's clock is from the server's, read once: the page was rendered a moment ago. A shop PC with a
  // wrong clock must not show a running contact as over (or a run-out one as running).
  var serverNow = document.querySelector('meta[name="pauta-server-now"]');
  var skew = serverNow ? Date.parse(serverNow.getAttribute("content")) - Date.now() : 0;
  if (isNaN(skew)) skew = 0;
  function tick() {
    var clocks = document.querySelectorAll(".clock-value[data-due]");
    var now = Date.now() + skew;
    for (var i = 0; i < clocks.length; i++) {
      var el = clocks[i];
      var due = Date.parse(el.getAttribute("data-due"));
      if (isNaN(due)) continue;
      var stops = Date.parse(el.getAttribute("data-stops") || "");
      var units = (el.getAttribute("data-units") || "d|h|min|s").split("|");
      var left = due - now;
      var stopped = !isNaN(stops) && now >= stops;
      el.textContent = stopped ? el.getAttribute("data-stopped-text") : left > 0 ? format(left, units) : el.getAttribute("data-over-text");
      el.parentElement.classList.toggle("due-soon", !stopped && left > 0 && left < 60000);
      el.parentElement.classList.toggle("over", !stopped && left <= 0);
    }
  }
  setInterval(tick, 1000);
})();
