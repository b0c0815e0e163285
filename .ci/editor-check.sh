#!/usr/bin/env bash
# The article editor (tools/editor, docs/editor.md): installs its pinned npm packages,
# rebuilds assets/editor.* and fails if they differ from the committed ones (the build is
# reproducible), then runs the browser smoke test in headless Chromium under the site's CSP.
# Chromium comes from .ci/browser-setup.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$root/tools/editor"
[ -x /usr/bin/chromium ] || bash "$root/.ci/browser-setup.sh"
stamp="$dir/node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ "$dir/package-lock.json" -nt "$stamp" ]; then
  (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund)
fi
(cd "$dir" && npm run --silent build)
if ! git -C "$root" diff --exit-code --stat -- assets/ tools/editor/THIRD_PARTY_LICENSES.txt; then
  echo "editor-check: the committed editor assets are stale: run 'npm run build' in tools/editor and commit" >&2
  exit 1
fi
node "$dir/test/smoke.mjs" --shots="${EDITOR_SHOTS:-$(mktemp -d)}"
