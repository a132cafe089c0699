#!/usr/bin/env bash
# Builds the agent, compiles the eunit suites and runs them in a distributed VM (the
# cluster tests start peer nodes). Exits non-zero when a test fails.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/_build"
"$here/build.sh" "$out"
mkdir -p "$out/test"
erlc +warnings_as_errors +debug_info -pa "$out/ebin" -o "$out/test" "$here"/test/*.erl
cd "$out"
exec erl -sname "erlmcp_scale_admin_test_$$" -noshell -kernel logger_level warning -pa "$out/ebin" "$out/test" -eval '
    Suites = lists:sort([list_to_atom(filename:basename(F, ".beam"))
                         || F <- filelib:wildcard("test/*_tests.beam")]),
    case eunit:test(Suites, [verbose]) of
        ok -> halt(0);
        _ -> halt(1)
    end.'
