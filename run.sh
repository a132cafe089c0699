#!/usr/bin/env bash
# Runs the main job on the bundled example; extra arguments go to erlmcp-autoscaler instead.
set -euo pipefail
cd "$(dirname "$0")"
if [ $# -eq 0 ]; then
  set -- hpa explain --hpa examples/hpa/erlmcp-hpa.yaml --metrics examples/hpa/metrics.yaml --history examples/hpa/history.yaml
fi
exec ./scripts/setup.sh --then dotnet run --project src/Erlmcp.Autoscaler -c Release -- "$@"
