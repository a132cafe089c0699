#!/usr/bin/env bash
# Round trips of rpc:call(Target, erlang, node, []) on loopback, one call at a time and 64 in flight, measured in
# one run against one target node from an Erlang node (rpc_bench.escript) and from the .NET client
# (bench/Erlmcp.Autoscaler.Erlang.Bench), one after the other. Prints one table.
#   bench/erlang-rpc/run.sh [SECONDS]     (SECONDS per measurement, default 10)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
seconds=${1:-10}
in_flight=(1 64)

"$root/scripts/setup.sh"
dotnet build "$root/bench/Erlmcp.Autoscaler.Erlang.Bench" -c Release -v quiet -nologo >/dev/null

work=$(mktemp -d)
target_os_pid=
cleanup() {
  if [ -n "$target_os_pid" ]; then kill "$target_os_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$work/cookie"
host=$(hostname -s)
target="rpc_bench_target_$$@$host"
erl -sname "${target%@*}" -setcookie "$(cat "$work/cookie")" -noshell \
    -eval 'io:format("ready ~s~n", [os:getpid()])' < /dev/null > "$work/target.log" 2>&1 &
for _ in $(seq 300); do grep -q '^ready ' "$work/target.log" && break; sleep 0.1; done
# The pid of the VM itself: erl's wrapper may not be the process that runs it.
target_os_pid=$(awk '/^ready / { print $2 }' "$work/target.log")
[ -n "$target_os_pid" ] || { echo "the target node did not start:" >&2; cat "$work/target.log" >&2; exit 1; }

escript "$here/rpc_bench.escript" "$target" "$work/cookie" "$seconds" "${in_flight[@]}" > "$work/results"
dotnet "$root/bench/Erlmcp.Autoscaler.Erlang.Bench/bin/Release/net10.0/Erlmcp.Autoscaler.Erlang.Bench.dll" \
    "$target" "$work/cookie" "$seconds" "${in_flight[@]}" >> "$work/results"

echo "rpc:call($target, erlang, node, []) on loopback, ${seconds} s per row, $(nproc) CPUs, OTP $(erl -noshell -eval 'io:format("~s", [erlang:system_info(otp_release)]), halt().')"
awk '
  { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[$1, kv[1]] = kv[2] } n[$1, v[$1, "in_flight"]] = 1 }
  { rows[NR] = $1 " " v[$1, "in_flight"]; rate[$1 " " v[$1, "in_flight"]] = v[$1, "calls_per_s"]
    line[$1 " " v[$1, "in_flight"]] = sprintf("| %-7s | %9s | %10s | %9s | %9s |", $1, v[$1, "in_flight"], v[$1, "calls_per_s"], v[$1, "p50_us"], v[$1, "p99_us"]) }
  END {
    print "| driver  | in flight | calls/s    | p50 (µs)  | p99 (µs)  | .NET / Erlang |"
    print "|---------|-----------|------------|-----------|-----------|---------------|"
    for (r = 1; r <= NR; r++) {
      split(rows[r], k, " "); ratio = ""
      if (k[1] == "dotnet" && rate["erlang " k[2]] > 0) ratio = sprintf("%.0f%%", 100 * rate[rows[r]] / rate["erlang " k[2]])
      printf "%s %13s |\n", line[rows[r]], ratio
    }
  }' "$work/results"
