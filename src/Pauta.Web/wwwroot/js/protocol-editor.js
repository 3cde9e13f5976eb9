// The protocol editor's enhancements. Without this file every button still works as a plain form post.
(function () {
  "use strict";

  function form() { return document.getElementById("protocol-form"); }

  // 409 (someone saved first) and 422 (values to fix) carry the page to show: swap them in like a 200.
  document.addEventListener("htmx:beforeSwap", function (e) {
    var status = e.detail.xhr.status;
    if (status === 409 || status === 422) { e.detail.shouldSwap = true; e.detail.isError = false; }
  });

  // After a row was added, removed or moved in place, put the focus where the server says (autofocus), as a
  // full page load would.
  document.addEventListener("htmx:afterSettle", function (e) {
    var target = e.detail.target;
    if (!target || !target.querySelector) return;
    var el = target.id === "editor" ? target.querySelector("[autofocus]") : null;
    if (el) el.focus();
  });

  // Unsaved edits are not part of a lifecycle form: ask before leaving them behind.
  var dirty = false;
  document.addEventListener("input", function (e) {
    if (e.target.closest && e.target.closest("#protocol-form")) dirty = true;
  });
  document.addEventListener("htmx:afterSwap", function (e) {
    // A swap after saving shows the stored draft; after a row change the edits are still unsaved.
    if (e.detail.target && e.detail.target.id === "editor" && document.getElementById("editor-status")) dirty = false;
  });
  document.addEventListener("submit", function (e) {
    var f = e.target;
    if (f.id === "protocol-form") {
      var submitter = e.submitter;
      if (submitter && submitter.value === "save") dirty = false;
      return;
    }
    if (f.hasAttribute && f.hasAttribute("data-lifecycle") && dirty) {
      var message = form() && form().getAttribute("data-unsaved");
      if (message && !window.confirm(message)) e.preventDefault();
    }
  }, true);

  // Alt+ArrowUp / Alt+ArrowDown moves the step that holds the focus, like its ↑ ↓ buttons.
  document.addEventListener("keydown", function (e) {
    if (!e.altKey || (e.key !== "ArrowUp" && e.key !== "ArrowDown")) return;
    var step = document.activeElement && document.activeElement.closest("[data-step]");
    if (!step) return;
    var button = step.querySelector(".step-head button[data-move='" + (e.key === "ArrowUp" ? "up" : "down") + "']");
    if (!button || button.disabled) return;
    e.preventDefault();
    button.click();
  });

  // Dragging a step by its handle: the drop posts "list:from:to" and the server reorders and re-renders.
  var dragged = null;
  document.addEventListener("dragstart", function (e) {
    var handle = e.target.closest && e.target.closest(".drag-handle");
    if (!handle) return;
    dragged = handle.closest("[data-step]");
    if (!dragged) return;
    dragged.classList.add("dragging");
    e.dataTransfer.effectAllowed = "move";
    e.dataTransfer.setData("text/plain", dragged.getAttribute("data-index"));
    e.dataTransfer.setDragImage(dragged, 20, 20);
  });
  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("dragging");
    dragged = null;
    document.querySelectorAll(".drop-before").forEach(function (el) { el.classList.remove("drop-before"); });
  });
  function dropTarget(e) {
    if (!dragged) return null;
    var step = e.target.closest && e.target.closest("[data-step]");
    if (!step || step === dragged || step.getAttribute("data-list") !== dragged.getAttribute("data-list")) return null;
    return step;
  }
  document.addEventListener("dragover", function (e) {
    var step = dropTarget(e);
    if (!step) return;
    e.preventDefault();
    document.querySelectorAll(".drop-before").forEach(function (el) { if (el !== step) el.classList.remove("drop-before"); });
    step.classList.add("drop-before");
  });
  document.addEventListener("drop", function (e) {
    var step = dropTarget(e);
    if (!step) return;
    e.preventDefault();
    var from = parseInt(dragged.getAttribute("data-index"), 10);
    var to = parseInt(step.getAttribute("data-index"), 10);
    var f = form();
    if (!f || isNaN(from) || isNaN(to) || from === to) return;
    f.querySelector("input[name='drag']").value = dragged.getAttribute("data-list") + ":" + from + ":" + to;
    dirty = true;
    if (f.requestSubmit) f.requestSubmit(); else f.submit();
  });
})();
