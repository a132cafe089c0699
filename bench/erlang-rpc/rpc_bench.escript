#!/usr/bin/env escript
%% The Erlang side of the round-trip benchmark: rpc:call(Target, erlang, node, []) in a loop from
%% IN_FLIGHT concurrent processes of this node, for SECONDS, timing each call with
%% erlang:monotonic_time. One warm-up second per IN_FLIGHT value first.
%%   escript rpc_bench.escript TARGET_NODE COOKIE_FILE SECONDS IN_FLIGHT...
%% prints, per IN_FLIGHT value:
%%   erlang in_flight=N calls=C seconds=S calls_per_s=R p50_us=P p99_us=Q
-mode(compile).

main([Target0, CookieFile, Seconds0 | InFlights0]) when InFlights0 =/= [] ->
    Target = list_to_atom(Target0),
    Seconds = list_to_integer(Seconds0),
    InFlights = [list_to_integer(N) || N <- InFlights0],
    {ok, CookieText} = file:read_file(CookieFile),
    Name = list_to_atom("rpc_bench_driver_" ++ os:getpid()),
    {ok, _} = net_kernel:start([Name, shortnames]),
    true = erlang:set_cookie(node(), binary_to_atom(string:trim(CookieText))),
    case net_kernel:connect_node(Target) of
        true -> ok;
        _ -> io:format(standard_error, "cannot connect to ~s~n", [Target]), halt(1)
    end,
    [run(Target, N, 1000) || N <- InFlights],
    [report(N, run(Target, N, Seconds * 1000)) || N <- InFlights],
    ok;
main(_) ->
    io:format(standard_error, "usage: rpc_bench.escript TARGET_NODE COOKIE_FILE SECONDS IN_FLIGHT...~n", []),
    halt(2).

%% {Calls, ElapsedNative, SortedLatenciesNative}
run(Target, InFlight, DurationMs) ->
    Parent = self(),
    Start = erlang:monotonic_time(),
    StopAt = Start + erlang:convert_time_unit(DurationMs, millisecond, native),
    Callers = [spawn_link(fun() -> Parent ! {self(), loop(Target, StopAt, [])} end)
               || _ <- lists:seq(1, InFlight)],
    Latencies = lists:append([receive {Caller, L} -> L end || Caller <- Callers]),
    Elapsed = erlang:monotonic_time() - Start,
    {length(Latencies), Elapsed, lists:sort(Latencies)}.

loop(Target, StopAt, Acc) ->
    Before = erlang:monotonic_time(),
    case Before < StopAt of
        false ->
            Acc;
        true ->
            Target = rpc:call(Target, erlang, node, []),
            loop(Target, StopAt, [erlang:monotonic_time() - Before | Acc])
    end.

report(InFlight, {Calls, Elapsed, Sorted}) ->
    PerSecond = erlang:convert_time_unit(1, second, native),
    Seconds = Elapsed / PerSecond,
    Micros = fun(Native) -> Native * 1000000 / PerSecond end,
    io:format("erlang in_flight=~b calls=~b seconds=~.3f calls_per_s=~b p50_us=~b p99_us=~b~n",
              [InFlight, Calls, Seconds, round(Calls / Seconds),
               round(Micros(percentile(Sorted, Calls, 0.50))), round(Micros(percentile(Sorted, Calls, 0.99)))]).

%% Nearest rank, as the .NET driver computes it.
percentile(Sorted, Count, Q) ->
    lists:nth(max(1, min(Count, ceil(Q * Count))), Sorted).
