#!/usr/bin/env bash
# Scheduled wirecopy runs on one machine: Prefect server (127.0.0.1) + work pool + the
# deployments of prefect.yaml + a process worker in the foreground. Ctrl-C stops both.
# Operator guide: docs/scheduling.md. Usage: `make serve` (or scripts/serve.sh).
#
#   WIRECOPY_PREFECT_PORT  port of the local server (default 4200)
#   PREFECT_API_URL        use this existing server instead of starting one
#   WIRECOPY_HOME          project dir the deployments run in (default: this checkout)
#   PREFECT_HOME           Prefect's state, incl. the SQLite DB (default: $WIRECOPY_HOME/.prefect)
set -euo pipefail
cd "$(dirname "$0")/.."

BIN="${BIN:-.venv/bin}"
POOL=wirecopy-local
PORT="${WIRECOPY_PREFECT_PORT:-4200}"
export WIRECOPY_HOME="${WIRECOPY_HOME:-$PWD}"
export PREFECT_HOME="${PREFECT_HOME:-$WIRECOPY_HOME/.prefect}"
export DO_NOT_TRACK=1 PREFECT_SERVER_ANALYTICS_ENABLED=false  # nothing phones home
export NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}"
mkdir -p "$PREFECT_HOME"

healthy() {  # healthy URL [SECONDS]: wait until URL/health answers; never through a proxy
  "$BIN/python" - "$1" "${2:-0}" <<'PY'
import sys, time, urllib.request
url, wait = sys.argv[1], float(sys.argv[2])
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
deadline = time.monotonic() + wait
while True:
    try:
        with opener.open(url + "/health", timeout=2) as resp:
            sys.exit(0 if resp.status == 200 else 1)
    except OSError:
        if time.monotonic() >= deadline:
            sys.exit(1)
        time.sleep(0.5)
PY
}

server_pid=""
stop_server() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    echo "stopping the Prefect server (pid $server_pid)"
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
}
trap stop_server EXIT

if [[ -n "${PREFECT_API_URL:-}" ]]; then
  echo "using the existing Prefect server at $PREFECT_API_URL"
  healthy "$PREFECT_API_URL" 10 || { echo "no Prefect API answers at $PREFECT_API_URL" >&2; exit 1; }
else
  export PREFECT_API_URL="http://127.0.0.1:$PORT/api"
  if healthy "$PREFECT_API_URL"; then
    echo "a Prefect server already answers at $PREFECT_API_URL: reuse it with" >&2
    echo "  PREFECT_API_URL=$PREFECT_API_URL make serve   (or pick WIRECOPY_PREFECT_PORT=...)" >&2
    exit 1
  fi
  echo "starting the Prefect server on 127.0.0.1:$PORT (log: $PREFECT_HOME/server.log)"
  # In its own session: Ctrl-C reaches the worker first, which still needs the API to stop
  # cleanly; the EXIT trap stops the server afterwards.
  setsid "$BIN/prefect" server start --host 127.0.0.1 --port "$PORT" \
    >>"$PREFECT_HOME/server.log" 2>&1 </dev/null &
  server_pid=$!
  if ! healthy "$PREFECT_API_URL" 120; then
    echo "the server did not come up; last lines of $PREFECT_HOME/server.log:" >&2
    tail -n 30 "$PREFECT_HOME/server.log" >&2
    exit 1
  fi
fi

"$BIN/prefect" work-pool inspect "$POOL" >/dev/null 2>&1 \
  || "$BIN/prefect" work-pool create "$POOL" --type process
"$BIN/prefect" --no-prompt deploy --all
echo "worker for pool $POOL: Ctrl-C stops it (and the server this script started)"
"$BIN/prefect" worker start --pool "$POOL"
