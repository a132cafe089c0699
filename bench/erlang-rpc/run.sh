#!/usr/bin/env bash
# Round trips of rpc:call(Target, erlang, node, []) on loopback, one call at a time and 64 in flight, measured in
# one run against one target node from an Erlang node (rpc_bench.escript) and from the .NET client
# (bench/Erlmcp.Autoscaler.Erlang.Bench). The two drivers take turns for ROUNDS rounds, so that a machine whose
# load changes meanwhile affects both alike; the table shows the median of the rounds (and the range of calls/s), and
# the median of each round's ratio of .NET to Erlang calls/s.
#   bench/erlang-rpc/run.sh [SECONDS [ROUNDS]]     (SECONDS per measurement, default 10; ROUNDS default 3)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
seconds=${1:-10}
rounds=${2:-3}
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

dotnet_driver="$root/bench/Erlmcp.Autoscaler.Erlang.Bench/bin/Release/net10.0/Erlmcp.Autoscaler.Erlang.Bench.dll"
for round in $(seq "$rounds"); do
  echo "round $round of $rounds" >&2
  escript "$here/rpc_bench.escript" "$target" "$work/cookie" "$seconds" "${in_flight[@]}" >> "$work/results"
  dotnet "$dotnet_driver" "$target" "$work/cookie" "$seconds" "${in_flight[@]}" >> "$work/results"
done

echo "rpc:call($target, erlang, node, []) on loopback; median of $rounds rounds of ${seconds} s per driver and row;" \
     "$(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); OTP $(erl -noshell -eval 'io:format("~s", [erlang:system_info(otp_release)]), halt().'), .NET $(dotnet --version)"
awk -f "$here/table.awk" "$work/results"
