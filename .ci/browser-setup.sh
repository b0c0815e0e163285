#!/usr/bin/env bash
# Installs what tools/browser/ and tools/feeds/ need, idempotently:
#   - Debian's Chromium (the checks never download a browser of their own),
#   - a headless Java runtime for the Nu HTML checker (vnu.jar ships in the vnu-jar npm package),
#   - Node and npm, if the machine has none,
#   - the pinned npm packages (npm ci from tools/browser/package-lock.json),
#   - for tools/feeds/check.py: feedparser and lxml from PyPI (tools/feeds/requirements.txt)
#     in tools/feeds/.venv, and the sitemaps.org schema from the npm package `sitemap`.
# Safe to run again: each step is skipped when already done.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$root/tools/browser"

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "browser-setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# npm ci only when node_modules is missing or older than the lock file.
stamp="$dir/node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ "$dir/package-lock.json" -nt "$stamp" ]; then
  echo "browser-setup: npm ci in tools/browser"
  # --ignore-scripts: no install script may fetch anything (vnu-jar's would look for a JDK
  # download; the system Java is used instead). Puppeteer is puppeteer-core: no browser download.
  (cd "$dir" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi

# The feed and sitemap checker: a virtualenv with the pinned PyPI packages, and the XSD.
feeds="$root/tools/feeds"
if ! "$feeds/.venv/bin/python" -c 'import feedparser, lxml' >/dev/null 2>&1 \
   || [ "$feeds/requirements.txt" -nt "$feeds/.venv/pyvenv.cfg" ]; then
  echo "browser-setup: pip install in tools/feeds/.venv"
  python3 -m venv "$feeds/.venv" 2>/dev/null || {
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get install -y -qq --no-install-recommends python3-venv
    python3 -m venv "$feeds/.venv"
  }
  "$feeds/.venv/bin/pip" install --quiet --disable-pip-version-check -r "$feeds/requirements.txt"
  touch "$feeds/.venv/pyvenv.cfg"
fi
stamp="$feeds/node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ "$feeds/package-lock.json" -nt "$stamp" ]; then
  echo "browser-setup: npm ci in tools/feeds"
  (cd "$feeds" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi

# Sanity: each tool answers.
/usr/bin/chromium --version >/dev/null 2>&1 || { echo "browser-setup: chromium does not run" >&2; exit 1; }
java -jar "$dir/node_modules/vnu-jar/build/dist/vnu.jar" --version >/dev/null || { echo "browser-setup: vnu.jar does not run" >&2; exit 1; }
[ -x "$dir/node_modules/.bin/lighthouse" ] || { echo "browser-setup: lighthouse missing" >&2; exit 1; }
[ -f "$feeds/node_modules/sitemap/schema/sitemap.xsd" ] || { echo "browser-setup: sitemap.xsd missing" >&2; exit 1; }
"$feeds/.venv/bin/python" -c 'import feedparser, lxml' || { echo "browser-setup: feedparser or lxml missing" >&2; exit 1; }
echo "browser-setup: ready (chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}'), java $(java -version 2>&1 | awk -F'"' '/version/ {print $2}'), node $(node --version))"
