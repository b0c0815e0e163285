#!/usr/bin/env bash
# Serves the demo magazine from a fresh data dir and runs the browser checks on its pages:
# the Nu HTML checker and axe-core (WCAG 2.2 AA) in headless Chromium, phone and desktop
# widths, light and dark; then the feeds (feedparser) and sitemaps (sitemaps.org XSD) with
# tools/feeds/check.py; then the newsroom's end-to-end test (tools/browser/e2e.mjs). Exits
# non-zero on any finding.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash .ci/browser-setup.sh
bin=${REVISTA_BIN:-target/debug/revista}
[ -x "$bin" ] || cargo build --quiet
data=$(mktemp -d)
port=${PORT:-18099}
# The first admin, made the way the README says, for the newsroom's end-to-end test.
e2e_email=e2e-admin@example.org
e2e_password="e2e-$(date +%s)-kafe-e-forte"
printf '%s\n' "$e2e_password" | "$bin" user create --data-dir "$data" --email "$e2e_email" \
  --name "E2E Admin" --role admin --language en
"$bin" serve --data-dir "$data" --listen "127.0.0.1:$port" > "$data/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 150); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
base="http://127.0.0.1:$port"
node tools/browser/check.mjs --no-shots --widths=390,1366 --scheme=both $(sed "s#^#$base#" tools/browser/pages.txt)
echo "== feeds and sitemaps (feedparser, sitemaps.org XSD)"
tools/feeds/.venv/bin/python tools/feeds/check.py "$base" \
  /sq/ /en/ /sq/panorama-ballkanike/ /en/balkan-overview/ /en/tag/nato /sq/etiketa/nato \
  /en/region/kosovo /sq/rajoni/kosove /en/author/arta-berisha /sq/autori/arta-berisha
echo "== newsroom end to end (sign in, upload, write, translate, schedule, published)"
node tools/browser/e2e.mjs "$base" "$e2e_email" "$e2e_password"
