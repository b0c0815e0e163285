#!/usr/bin/env bash
# Revista benchmark: loads N synthetic articles (default 100,000) into a fresh SQLite
# database, then measures requests/s and p50/p99 latency with wrk at 16 and 64 connections
# for the home, an article and a section page, with the page cache on and off, and the
# server's peak memory (VmHWM); then rebuilds the search index (timed) and measures the
# search page and live search (never page-cached) with rotating queries (bench/search.lua).
# Results go to bench/out/results.md.
#
#   bash bench/run.sh            # 100,000 articles, 10 s per run
#   ARTICLES=20000 DURATION=5 bash bench/run.sh
#   SKIP_BUILD=1 BIN=/path/to/revista ONLY_SEARCH=1 SKIP_REINDEX=1 bash bench/run.sh
#                                # another binary, search only, on the index already built
set -euo pipefail
cd "$(dirname "$0")/.."

ARTICLES=${ARTICLES:-100000}
DURATION=${DURATION:-10}
PORT=${PORT:-18080}
DATA=${DATA:-/tmp/revista-bench}
OUT=bench/out
mkdir -p "$OUT"

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
[ "${SKIP_BUILD:-0}" = 1 ] || cargo build --release --quiet
BIN=${BIN:-${CARGO_TARGET_DIR:-target}/release/revista}
# Bump when the synthetic articles change, so an older corpus is not measured by mistake.
CORPUS=2

if [ ! -f "$DATA/.loaded-$ARTICLES-v$CORPUS" ]; then
  rm -rf "$DATA"
  /usr/bin/time -v "$BIN" demo --data-dir "$DATA" --articles "$ARTICLES" 2> "$OUT/load-time.txt"
  touch "$DATA/.loaded-$ARTICLES-v$CORPUS"
fi
LOAD_SECS=$(grep -o 'added [0-9]* synthetic articles in .*' "$OUT/load-time.txt" 2>/dev/null || true)
# Index every published article from scratch (the figure the search targets speak of);
# SKIP_REINDEX=1 keeps an index already built.
if [ "${SKIP_REINDEX:-0}" = 1 ] && [ -f "$DATA/search/meta.json" ]; then
  INDEXED="kept the existing index"
else
  /usr/bin/time -v "$BIN" reindex --data-dir "$DATA" > "$OUT/reindex.txt" 2>&1
  INDEXED=$(grep -o 'indexed [0-9]* published articles in .*' "$OUT/reindex.txt" || true)
  INDEX_HWM=$(awk -F': ' '/Maximum resident set size/ {printf "%d MB", $2/1024}' "$OUT/reindex.txt")
fi
INDEX_SIZE=$(du -sh "$DATA/search" | cut -f1)

# shellcheck source=bench/common.sh
. bench/common.sh

# A real article URL and section URL from the home page.
pick_urls() {
  ARTICLE=$(first_article)
  [ -n "$ARTICLE" ] || { echo "no article link found on /en/" >&2; return 1; }
  SECTION=/en/balkan-overview/
}

run_wrk() { # name path conns [lua-script [script-arg]]; BROWSER=1: a browser's Accept-Encoding
  local res hdr=()
  [ "${BROWSER:-0}" = 1 ] && hdr=(-H "Accept-Encoding: gzip, deflate, br, zstd")
  if [ -n "${4:-}" ]; then
    res=$(wrk -t2 -c"$3" -d"${DURATION}s" --latency -s "$4" "http://127.0.0.1:$PORT/" -- "${5:-}")
  else
    res=$(wrk -t2 -c"$3" -d"${DURATION}s" --latency "${hdr[@]}" "http://127.0.0.1:$PORT$2")
  fi
  local rps p50 p99
  rps=$(printf '%s' "$res" | awk '/Requests\/sec/ {print $2}')
  p50=$(printf '%s' "$res" | awk '$1=="50%" {print $2}')
  p99=$(printf '%s' "$res" | awk '$1=="99%" {print $2}')
  local errs
  errs=$(printf '%s' "$res" | grep -E 'Non-2xx|Socket errors' | tr '\n' ' ' || true)
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$MODE" "$1" "$3" "$rps" "$p50" "$p99" "${errs:-}" >> "$OUT/results.md"
}

warm_up() { # path lua-script script-arg: unrecorded requests before a measurement
  wrk -t2 -c16 -d"${WARMUP:-3}s" -s "$2" "http://127.0.0.1:$PORT$1" -- "$3" > /dev/null
}

{
  echo "# Benchmark results"
  echo
  echo "- date: $(date -u +%FT%TZ), machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB"
  echo "- articles: $ARTICLES (synthetic corpus v$CORPUS, loaded: ${LOAD_SECS:-already loaded}), duration per run: ${DURATION}s, tool: wrk -t2"
  echo "- binary: $BIN ($(git rev-parse --short HEAD 2>/dev/null || echo '?')), load before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- search index: ${INDEXED:-?} (peak memory of \`revista reindex\`: ${INDEX_HWM:-?}; index size: ${INDEX_SIZE:-?})"
  echo
  echo "| cache | page | connections | req/s | p50 | p99 | errors |"
  echo "|---|---|---|---|---|---|---|"
} > "$OUT/results.md"

MODES=(on off)
[ "${ONLY_SEARCH:-0}" = 1 ] && MODES=(on)
for MODE in "${MODES[@]}"; do
  flags=()
  [ "$MODE" = off ] && flags=(--no-page-cache)
  "$BIN" serve --data-dir "$DATA" --listen "127.0.0.1:$PORT" --no-demo "${flags[@]}" > "$OUT/server-$MODE.log" 2>&1 &
  PID=$!
  wait_ready
  pick_urls
  if [ "${ONLY_SEARCH:-0}" != 1 ]; then
    for c in 16 64; do
      run_wrk home /en/ "$c"
      run_wrk article "$ARTICLE" "$c"
      run_wrk section "$SECTION" "$c"
    done
    # The same article as a browser asks for it: compressed (brotli from the page cache,
    # gzip level 1 when rendered for the one response).
    BROWSER=1 run_wrk "article (compressed)" "$ARTICLE" 16
  fi
  if [ "$MODE" = on ]; then
    # Search is never page-cached, so one mode measures it. A few unrecorded seconds first:
    # the index was just rebuilt, and the first searches fault its files in and fill the
    # database connections' caches (a running server has done this long before).
    warm_up /en/search bench/search.lua full
    warm_up /en/search/live bench/search.lua live
    for c in 16 64; do
      run_wrk "search (12 queries)" /en/search "$c" bench/search.lua full
      run_wrk "live search (6 prefixes)" /en/search/live "$c" bench/search.lua live
    done
  fi
  HWM=$(awk '/VmHWM/ {print $2" "$3}' "/proc/$PID/status")
  echo "peak memory (VmHWM), cache $MODE: $HWM" >> "$OUT/memory.txt"
  kill -TERM "$PID"; wait "$PID" || true
done
{
  echo
  echo "Peak memory of the server process:"
  echo
  sed 's/^/- /' "$OUT/memory.txt"
  echo
  echo "Article measured: $ARTICLE"
} >> "$OUT/results.md"
rm -f "$OUT/memory.txt"
cat "$OUT/results.md"
