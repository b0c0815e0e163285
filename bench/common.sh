# Shared by bench/run.sh and bench/compare.sh (sourced; expects PORT).

# Waits until the server on $PORT answers /healthz.
wait_ready() {
  for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "server did not become ready" >&2; return 1
}

# Prints the path of the first article the English home page links to.
first_article() {
  curl -fs "http://127.0.0.1:$PORT/en/" | sed 's/&#x2f;/\//g' |
    grep -o 'href="/en/[a-z-]*/[a-z0-9-][a-z0-9-]*"' | grep -v -E '/en/(region|tag|author)/' |
    sed -n '1{s/href="//; s/"$//; p}' || true
}
