#!/usr/bin/env bash
# Copy the browser assets the pages use from node_modules into fazhi/static/vendor,
# so they are served locally (no CDN: a government intranet is often closed).
set -euo pipefail
dest=fazhi/static/vendor
mkdir -p "$dest"
cp node_modules/htmx.org/dist/htmx.min.js "$dest/"
cp node_modules/echarts/dist/echarts.min.js "$dest/"
cp node_modules/axe-core/axe.min.js "$dest/"
