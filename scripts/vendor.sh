#!/usr/bin/env bash
# Refreshes the vendored front-end libraries from npm into wwwroot/lib (committed, so running Pauta needs no network).
set -euo pipefail
cd "$(dirname "$0")/.."
npm install --no-audit --no-fund --silent
lib=src/Pauta.Web/wwwroot/lib
rm -rf "$lib" && mkdir -p "$lib/htmx" "$lib/mermaid" "$lib/chartjs"
cp node_modules/htmx.org/dist/htmx.min.js "$lib/htmx/"
cp node_modules/htmx.org/LICENSE "$lib/htmx/LICENSE" 2>/dev/null || true
mkdir -p "$lib/signalr"
cp node_modules/@microsoft/signalr/dist/browser/signalr.min.js "$lib/signalr/"
cp node_modules/@microsoft/signalr/LICENSE* "$lib/signalr/" 2>/dev/null || true
# The one-file build: the protocol page loads it (deferred) only where a flowchart is drawn.
cp node_modules/mermaid/dist/mermaid.min.js "$lib/mermaid/"
cp node_modules/mermaid/LICENSE "$lib/mermaid/LICENSE"
# The UMD build (no module loader needed): only the insights pages load it, deferred, under the same CSP.
cp node_modules/chart.js/dist/chart.umd.min.js "$lib/chartjs/"
cp node_modules/chart.js/LICENSE.md "$lib/chartjs/LICENSE.md"
echo "Vendored into $lib:"; find "$lib" -type f | sort
