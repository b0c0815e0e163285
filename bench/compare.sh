#!/usr/bin/env bash
# Compares revista binaries in one run, on the corpus bench/run.sh loaded (run it first):
# for each binary, the article page with the page cache, the search page and live search
# (bench/search.lua), then the article and home pages without the page cache, at 16
# connections, and the server's peak memory in each mode. Binaries run one after the other
# on the same machine, so their ratios mean something even when the machine's speed varies
# from day to day.
#
#   git worktree add /tmp/base OLD && (cd /tmp/base && CARGO_TARGET_DIR=/tmp/base-target cargo build --release)
#   bash bench/compare.sh /tmp/base-target/release/revista target/release/revista
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10}
PORT=${PORT:-18080}
DATA=${DATA:-/tmp/revista-bench}
[ -f "$DATA/revista.db" ] || { echo "no corpus in $DATA: run bash bench/run.sh first" >&2; exit 1; }
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

# shellcheck source=bench/common.sh
. bench/common.sh

measure() { # wrk arguments; prints "req/s | p50 | p99"
  wrk -t2 -c16 -d"${DURATION}s" --latency "$@" |
    awk '/Requests\/sec/ {r=$2} $1=="50%" {a=$2} $1=="99%" {b=$2} END {printf "%s | %s | %s", r, a, b}'
}

echo "| binary | cache | page | req/s | p50 | p99 |"
echo "|---|---|---|---|---|---|"
for BIN in "$@"; do
  for MODE in on off; do
    flags=()
    [ "$MODE" = off ] && flags=(--no-page-cache)
    "$BIN" serve --data-dir "$DATA" --listen "127.0.0.1:$PORT" --no-demo "${flags[@]}" > /tmp/revista-compare.log 2>&1 &
    PID=$!
    wait_ready
    ARTICLE=$(first_article)
    if [ "$MODE" = on ]; then
      echo "| $BIN | on | article | $(measure "http://127.0.0.1:$PORT$ARTICLE") |"
      echo "| $BIN | on | search (12 queries) | $(measure -s bench/search.lua "http://127.0.0.1:$PORT/" -- full) |"
      echo "| $BIN | on | live search (6 prefixes) | $(measure -s bench/search.lua "http://127.0.0.1:$PORT/" -- live) |"
    else
      echo "| $BIN | off | article | $(measure "http://127.0.0.1:$PORT$ARTICLE") |"
      echo "| $BIN | off | home | $(measure "http://127.0.0.1:$PORT/en/") |"
    fi
    echo "| $BIN | $MODE | peak memory (VmHWM) | $(awk '/VmHWM/ {print $2" "$3}' "/proc/$PID/status") | | |"
    kill -TERM "$PID"; wait "$PID" || true
  done
done
