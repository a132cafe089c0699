#!/usr/bin/env bash
# Installs what building and testing need on a fresh Debian machine, then runs the command after --then.
set -euo pipefail

need_apt=()
command -v erl >/dev/null 2>&1 || need_apt+=(erlang-base)
command -v erlc >/dev/null 2>&1 || need_apt+=(erlang-dev)
# OTP applications the agent and the tests load (TLS distribution, the readiness HTTP client, eunit), each its
# own Debian package; erl may be there without them.
for app in ssl:erlang-ssl inets:erlang-inets public_key:erlang-public-key crypto:erlang-crypto asn1:erlang-asn1 \
           eunit:erlang-eunit tools:erlang-tools; do
  compgen -G "/usr/lib/erlang/lib/${app%%:*}-*" >/dev/null || need_apt+=("${app##*:}")
done
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
# The metrics API tests use kubectl as a real client.
command -v kubectl >/dev/null 2>&1 || need_apt+=(kubernetes-client)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)   # report.html is looked at in headless Chromium by a test
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing ${need_apt[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
command -v dotnet >/dev/null 2>&1 || { echo "setup: the .NET 10 SDK (dotnet) is required and not on PATH" >&2; exit 1; }

if [ "${1:-}" = "--then" ]; then
  shift
  exec "$@"
fi
