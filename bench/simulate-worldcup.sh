#!/usr/bin/env bash
# The simulator's speed: simulated seconds per wall second over the whole 1998 World Cup trace (88 days,
# 7.6 million one-second steps) through the erlmcp deployment guide's HPA, with up to 20 pods, writing all outputs.
# The scenario and its calibration: simulations/worldcup98.yaml.
# Usage: bench/simulate-worldcup.sh [extra simulate flags]
set -euo pipefail
cd "$(dirname "$0")/.."
trace=""
for dir in .. ../.. ../../..; do
  if [ -f "$dir/shared/traces/worldcup98/requests-per-minute.csv" ]; then
    trace="$dir/shared/traces/worldcup98/requests-per-minute.csv"
    break
  fi
done
[ -n "$trace" ] || { echo "shared/traces/worldcup98/requests-per-minute.csv not found beside the repository" >&2; exit 1; }

dotnet build src/Erlmcp.Autoscaler -c Release -v quiet -nologo >/dev/null
cli=(dotnet src/Erlmcp.Autoscaler/bin/Release/net10.0/erlmcp-autoscaler.dll)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The scenario and its calibration are simulations/worldcup98.yaml; the trace is imported beside a copy of it.
cp simulations/worldcup98.yaml "$work/"
"${cli[@]}" trace import --from worldcup98 --in "$trace" --out "$work/worldcup98-opened.csv" --scale 0.05 2>/dev/null

TIMEFORMAT='%R %U %S'
times=$( { time "${cli[@]}" simulate --scenario "$work/worldcup98.yaml" --out "$work/out" "$@" >"$work/table.txt"; } 2>&1 )
read -r wall user sys <<<"$times"
simulated=$(grep -o '"durationSeconds": [0-9.]*' "$work/out/summary.json" | grep -o '[0-9.]*$')
cat "$work/table.txt"
awk -v s="$simulated" -v w="$wall" -v u="$user" -v k="$sys" 'BEGIN {
  printf "simulated %.0f s (%.1f days) in %.2f s wall (%.2f s user, %.2f s sys, whole process): %.0f simulated seconds per wall second\n",
    s, s / 86400, w, u, k, s / w }'
