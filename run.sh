#!/usr/bin/env bash
# Runs the main job on the embedded default: one synthetic day of erlmcp load with flash crowds, replayed through
# the Kubernetes HPA algorithm and our coordinator, written to ./simulation. Extra arguments go to
# erlmcp-autoscaler instead (for example: ./run.sh simulate --strategy baseline).
set -euo pipefail
cd "$(dirname "$0")"
if [ $# -eq 0 ]; then
  set -- simulate --strategy coordinator --out simulation
fi
exec ./scripts/setup.sh --then dotnet run --project src/Erlmcp.Autoscaler -c Release -- "$@"
