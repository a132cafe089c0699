#!/usr/bin/env bash
# Installs what the tests need when it is missing, then runs every test: the Erlang agent's eunit suites
# (real sockets and peer nodes), then the whole .NET solution (unit, property and integration tests against
# real OTP nodes). Extra arguments go to `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")"
./scripts/setup.sh
echo "== erlmcp_scale_admin (eunit)"
src/erlang/erlmcp_scale_admin/test.sh
echo "== .NET solution"
dotnet test Erlmcp.Autoscaler.sln -c Release "$@"
