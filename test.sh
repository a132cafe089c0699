#!/usr/bin/env bash
# Installs what the tests need when it is missing, then runs every test of the solution.
set -euo pipefail
cd "$(dirname "$0")"
exec ./scripts/setup.sh --then dotnet test Erlmcp.Autoscaler.sln -c Release "$@"
