// Draws the protocol's flowchart from the Mermaid text the server put in <pre class="mermaid">.
// Without JavaScript (or if this fails) the text itself stays on the page, and the steps are listed below it.
(function () {
  "use strict";
  var mermaid = window.mermaid;
  if (!mermaid) return;
  var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  mermaid.initialize({
    startOnLoad: false,
    // "strict" keeps labels as text and turns off click handlers inside diagrams.
    securityLevel: "strict",
    theme: dark ? "dark" : "neutral",
    // SVG text labels rather than HTML inside <foreignObject>: they print, scale and can be searched.
    htmlLabels: false,
    flowchart: { htmlLabels: false, useMaxWidth: true },
  });
  var blocks = document.querySelectorAll("pre.mermaid[data-flowchart]");
  if (blocks.length === 0) return;
  mermaid.run({ nodes: blocks }).then(function () {
    blocks.forEach(function (b) { b.classList.add("drawn"); });
  }).catch(function () {
    // Leave the text in place; the page is still complete without the drawing.
  });
})();
