#!/usr/bin/env bash
# Lighthouse 12 (mobile, the default form factor) on each URL, with Debian's Chromium.
# Prints the four category scores per URL and keeps the JSON and HTML reports in
# $LH_OUT (default /tmp/lighthouse). Never downloads a browser.
#
#   tools/browser/lighthouse.sh [--min=95] URL...
#
# With --min=N it exits 1 when any category of any URL scores below N.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
lh="$here/node_modules/.bin/lighthouse"
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
out="${LH_OUT:-/tmp/lighthouse}"
min=""
urls=()
for a in "$@"; do
  case "$a" in
    --min=*) min="${a#--min=}" ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    -*) echo "unknown option $a" >&2; exit 2 ;;
    *) urls+=("$a") ;;
  esac
done
if [ "${#urls[@]}" -eq 0 ]; then echo "usage: $0 [--min=N] URL..." >&2; exit 2; fi
[ -x "$lh" ] || { echo "lighthouse not installed: run 'npm ci' in $here (or .ci/browser-setup.sh)" >&2; exit 2; }
[ -x "$CHROME_PATH" ] || { echo "Chromium not found at $CHROME_PATH" >&2; exit 2; }
mkdir -p "$out"

fail=0
printf '%-70s %5s %5s %5s %5s\n' "URL (mobile)" "perf" "a11y" "bp" "seo"
for url in "${urls[@]}"; do
  name="$(printf '%s' "$url" | sed -E 's#^[a-z]+://[^/]+##; s#[^A-Za-z0-9._-]+#-#g; s#^-+|-+$##g')"
  name="${name:-root}"
  name="${name:0:80}"
  profile="$(mktemp -d /tmp/lh-profile.XXXXXX)"
  # A fresh profile per run; the flags keep Chromium from calling home.
  flags="--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update --disable-sync --user-data-dir=$profile"
  if ! "$lh" "$url" --quiet --chrome-flags="$flags" \
      --output=json --output=html --output-path="$out/$name" \
      --only-categories=performance,accessibility,best-practices,seo >"$out/$name.log" 2>&1; then
    echo "lighthouse failed on $url (log: $out/$name.log)" >&2
    tail -5 "$out/$name.log" >&2 || true
    rm -rf "$profile"
    fail=1
    continue
  fi
  rm -rf "$profile"
  node - "$out/$name.report.json" "$url" "$min" <<'EOF' || fail=1
const [file, url, min] = process.argv.slice(2);
const r = JSON.parse(require("fs").readFileSync(file, "utf8"));
const ids = ["performance", "accessibility", "best-practices", "seo"];
const s = ids.map((id) => Math.round((r.categories[id]?.score ?? 0) * 100));
console.log(`${url.padEnd(70)} ${s.map((x) => String(x).padStart(5)).join(" ")}`);
// Name what costs points, so a low score says why.
for (const id of ids) {
  const cat = r.categories[id];
  if (!cat || cat.score === 1) continue;
  for (const ref of cat.auditRefs) {
    const a = r.audits[ref.id];
    if (ref.weight > 0 && a.score !== null && a.score < 1) {
      const v = a.displayValue ? ` (${a.displayValue})` : "";
      console.log(`    ${id}: ${a.id}${v} — ${a.title}`);
    }
  }
}
if (min && s.some((x) => x < Number(min))) process.exit(1);
EOF
done
echo "reports: $out/*.report.html"
exit $fail
