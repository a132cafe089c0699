#!/usr/bin/env bash
# Compiles the agent and its test-support module into OUTDIR/ebin (default: _build/ebin
# next to this script) with warnings as errors, and writes erlmcp_scale_admin.app there.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/_build}"
mkdir -p "$out/ebin"
out="$(cd "$out" && pwd)"
opts=(+warnings_as_errors +debug_info -pa "$out/ebin" -o "$out/ebin")
# The behaviour first: the adapters' -behaviour checks need it on the code path.
erlc "${opts[@]}" "$here/src/erlmcp_scale_admin_listener.erl"
erlc "${opts[@]}" "$here"/src/*.erl "$here"/test_support/*.erl
# The .app is the .app.src with the application's modules listed (test support excluded).
erl -noshell -eval '
    [Src, Ebin] = init:get_plain_arguments(),
    {ok, [{application, App, Props}]} = file:consult(filename:join(Src, "erlmcp_scale_admin.app.src")),
    Mods = lists:sort([list_to_atom(filename:basename(F, ".erl"))
                       || F <- filelib:wildcard(filename:join(Src, "*.erl"))]),
    AppFile = {application, App, lists:keystore(modules, 1, Props, {modules, Mods})},
    ok = file:write_file(filename:join(Ebin, "erlmcp_scale_admin.app"), io_lib:format("~p.~n", [AppFile])),
    halt().' -extra "$here/src" "$out/ebin"
echo "built $out/ebin"
