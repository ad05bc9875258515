# Sourced by the benchmark scripts. sessiond_url LOG: waits (up to 30 s) for the
# "listening on HOST:PORT" line a `sessiond serve --listen 127.0.0.1:0` writes to LOG and
# prints http://HOST:PORT; prints the log and fails when the server never says it.
sessiond_url() {
  local log=$1 url=
  for _ in $(seq 1 300); do
    url=$(sed -n 's/.*listening on \([0-9.]*:[0-9]*\).*/http:\/\/\1/p' "$log" | head -1)
    [[ -n $url ]] && { echo "$url"; return 0; }
    sleep 0.1
  done
  echo "sessiond did not start:" >&2
  cat "$log" >&2
  return 1
}
