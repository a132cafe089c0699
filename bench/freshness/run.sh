#!/usr/bin/env bash
# Freshness of the metrics API through the Erlang source: how long after a node's connection count changes does
# GET .../namespaces/erlmcp/pods/*/erlmcp_connections serve the new value. Starts 3 real Erlang nodes running the
# erlmcp_scale_admin agent (with the test node's echo listener), `erlmcp-autoscaler serve` with the Erlang source over
# a fixed pod list (Sources:Erlang:Pods, as outside Kubernetes), then freshness.py changes one node's client
# connections at a time, ITERATIONS times, and prints p50/p90/p99/max. Goal (issue 4): p99 under 1 s.
#   bench/freshness/run.sh [ITERATIONS [POLL_MS [MIN_INTERVAL_MS]]]
# POLL_MS is the agent's poll_interval_ms (how often it counts; default 500, the agent's own default);
# MIN_INTERVAL_MS the source's Sources:Erlang:MinInterval (default 250, the source's default).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
iterations=${1:-100}
poll_ms=${2:-500}
min_interval_ms=${3:-250}
pods=3

"$root/scripts/setup.sh"
dotnet build "$root/src/Erlmcp.Autoscaler" -c Release -v quiet -nologo >/dev/null

work=$(mktemp -d)
node_pids=()
server_pid=
cleanup() {
  for pid in "${node_pids[@]}" $server_pid; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

bash "$root/src/erlang/erlmcp_scale_admin/build.sh" "$work/agent" >/dev/null
head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$work/cookie"
host=$(hostname -s)
pod_settings=
listeners=()
for i in $(seq 0 $((pods - 1))); do
  alive="freshness_${i}_$$"
  erl -sname "$alive" -setcookie "$(cat "$work/cookie")" -noshell -pa "$work/agent/ebin" -eval "
      {ok, #{listener_port := Port}} = erlmcp_scale_admin_testnode:start(#{poll_interval_ms => $poll_ms, max_connections => 25000}),
      io:format(\"ready ~s ~b~n\", [os:getpid(), Port])." < /dev/null > "$work/node$i.log" 2>&1 &
  for _ in $(seq 300); do grep -qs '^ready ' "$work/node$i.log" && break; sleep 0.1; done
  read -r _ os_pid port < <(grep '^ready ' "$work/node$i.log") || { echo "node $i did not start:" >&2; cat "$work/node$i.log" >&2; exit 1; }
  node_pids+=("$os_pid")
  listeners+=("erlmcp-$i=$port")
  pod_settings+="${pod_settings:+,}{\"Namespace\": \"erlmcp\", \"Name\": \"erlmcp-$i\", \"Node\": \"$alive@$host\", \"StatefulSet\": \"erlmcp\", \"Labels\": {\"app\": \"erlmcp\"}}"
done

api_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$work/settings.json" <<JSON
{
  "MetricsApi": { "BindAddress": "127.0.0.1", "SecurePort": $api_port, "AuthorizationMode": "AlwaysAllow", "SelfSignedCaFile": "$work/ca.pem" },
  "Sources": { "Erlang": { "CookieFile": "$work/cookie", "MinInterval": "$(printf '00:00:%02d.%03d' $((min_interval_ms / 1000)) $((min_interval_ms % 1000)))", "Pods": [ $pod_settings ] } }
}
JSON
dotnet "$root/src/Erlmcp.Autoscaler/bin/Release/net10.0/erlmcp-autoscaler.dll" serve --config "$work/settings.json" > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 600); do [ -s "$work/ca.pem" ] && curl -sf --cacert "$work/ca.pem" "https://127.0.0.1:$api_port/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
[ -s "$work/ca.pem" ] || { echo "the server did not start:" >&2; cat "$work/server.log" >&2; exit 1; }

echo "freshness: $pods nodes (poll_interval_ms $poll_ms), Sources:Erlang:MinInterval ${min_interval_ms} ms, $iterations changes;" \
     "$(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); OTP $(erl -noshell -eval 'io:format("~s", [erlang:system_info(otp_release)]), halt().'), .NET $(dotnet --version)"
python3 "$here/freshness.py" "https://127.0.0.1:$api_port" "$work/ca.pem" erlmcp "$iterations" "${listeners[@]}"
