#!/usr/bin/env bash
# The tuner's speed: a 200-setting grid (5 targets x 5 scale-down windows x 2 scale-up pod steps x 4 tolerances)
# over one synthetic day through the erlmcp deployment guide's HPA, run on all cores.
# Usage: bench/tune-grid.sh [extra tune flags]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/Erlmcp.Autoscaler -c Release -v quiet -nologo >/dev/null
cli=(dotnet src/Erlmcp.Autoscaler/bin/Release/net10.0/erlmcp-autoscaler.dll)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'name: day\ntrace: {synthetic: {days: 1}}\n' >"$work/day.yaml"
cat >"$work/grid.yaml" <<'GRID'
target: [16000, 18000, 20000, 22000, 24000]
scaleDown: {stabilizationWindow: [1m, 3m, 5m, 10m, 15m]}
scaleUp: {podsValue: [2, 4]}
tolerance: [0.05, 0.1, 0.15, 0.2]
GRID
TIMEFORMAT='%R'
wall=$( { time "${cli[@]}" tune --scenario "$work/day.yaml" --grid "$work/grid.yaml" --out "$work/out" --max-disconnected 1000000000 --max-refused 1000000000 "$@" >"$work/table.txt" 2>"$work/stderr.txt"; } 2>&1 )
tail -n 3 "$work/table.txt"
cat "$work/stderr.txt"
echo "tune: 200 settings over one simulated day in $wall s wall (build excluded) on $(nproc) cores"
