// The live board: listens on the board hub and asks htmx to fetch the rows again when a contact changes.
// Without JavaScript (or when the connection drops) the rows still refresh every 30 seconds.
(function () {
  "use strict";
  var status = document.getElementById("board-status");
  if (!status || !window.signalR) return;
  function show(live) {
    status.textContent = status.getAttribute(live ? "data-live-text" : "data-offline-text");
    status.classList.toggle("live", live);
  }
  // WebSockets straight away, without the negotiate round trip: the whole connection lives on the one node that
  // accepted the socket, so a round-robin balancer needs no sticky sessions.
  var connection = new signalR.HubConnectionBuilder()
    .withUrl("/hubs/board", { skipNegotiation: true, transport: signalR.HttpTransportType.WebSockets })
    .withAutomaticReconnect().build();
  var pending = null;
  connection.on("contactChanged", function () {
    // Several changes in a burst cause one refresh.
    if (pending) return;
    pending = setTimeout(function () { pending = null; htmx.trigger(document.body, "board-changed"); }, 150);
  });
  connection.onreconnecting(function () { show(false); });
  connection.onreconnected(function () { show(true); htmx.trigger(document.body, "board-changed"); });
  connection.onclose(function () { show(false); });
  connection.start().then(function () { show(true); }).catch(function () { show(false); });
})();
