#!/usr/bin/env bash
# Times the orderflow launcher (client/target/orderflow) from its start to its first request, and
# to its exit, against a stand-in GraphQL API that answers at once (python3), so that only the
# command line's own start-up is measured. Builds the client first when its jar is missing.
#
#   scripts/bench-client.sh [runs]      (default 20)
#
# Its last line is `first-request-ms p50=<n> max=<n> exit-ms p50=<n>`.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
target=${ORDERFLOW_TARGET:-target}
launcher="client/$target/orderflow"
if [ ! -x "$launcher" ]; then
  echo "building the client..." >&2
  ./mvnw -q -B -Dorderflow.target="$target" -pl client package -Dmaven.test.skip=true \
    -Dmaven.javadoc.skip=true -Dmaven.source.skip=true >&2
fi
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
python3 - "$work/port" "$work/arrivals" <<'PY' &
import http.server, sys, time
order = ('{"id":"bench","name":"Pizza","quantity":1,"restaurantId":"Here","orderStatus":"SUCCESS",'
         '"failureReason":null,"paymentId":"p","paidQuantity":1,"createdAt":"2026-01-01T00:00:00Z","updatedAt":null}')
body = ('{"data":{"getSingleOrder":' + order + '}}').encode()
arrivals = open(sys.argv[2], 'a', buffering=1)
class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        arrivals.write('%.6f\n' % time.time())
        self.rfile.read(int(self.headers.get('content-length', 0)))
        self.send_response(200)
        self.send_header('content-type', 'application/json')
        self.send_header('content-length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
server = http.server.HTTPServer(('127.0.0.1', 0), Handler)
open(sys.argv[1], 'w').write(str(server.server_port))
server.serve_forever()
PY
server=$!
while [ ! -s "$work/port" ]; do sleep 0.05; done
url="http://127.0.0.1:$(cat "$work/port")/graphql"
# The first run makes the class-data archive when there is none; it is not counted.
"$launcher" get bench --url "$url" --api-key da2-bench >/dev/null
: > "$work/arrivals"
first=()
total=()
for _ in $(seq "$runs"); do
  start=$(date +%s.%N)
  "$launcher" get bench --url "$url" --api-key da2-bench >/dev/null
  end=$(date +%s.%N)
  arrival=$(tail -n 1 "$work/arrivals")
  first+=("$(echo "($arrival - $start) * 1000" | bc -l)")
  total+=("$(echo "($end - $start) * 1000" | bc -l)")
done
stats() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {printf "p50=%.0f max=%.0f", v[int((NR+1)/2)], v[NR]}'; }
echo "runs: $runs against a stand-in API; archive: $(ls client/$target/launcher/orderflow.jsa 2>/dev/null || echo none)"
echo "first-request-ms $(stats "${first[@]}") exit-ms $(stats "${total[@]}")"
