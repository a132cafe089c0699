%% @doc The shed pacing: one close every 1000/R ms up to 1000/s, batches per millisecond
%% beyond.
-module(erlmcp_scale_admin_pace_tests).

-include_lib("eunit/include/eunit.hrl").

%% {RatePerS, IntervalMs, ClosesPerTick}
pace_cases() ->
    [{20, 50.0, 1.0},
     {1, 1000.0, 1.0},
     {0.5, 2000.0, 1.0},
     {3, 1000 / 3, 1.0},
     {1000, 1.0, 1.0},
     {2500, 1.0, 2.5},
     {100000, 1.0, 100.0}].

pace_test_() ->
    [{lists:flatten(io_lib:format("~p per second", [Rate])),
      ?_assertEqual({Interval, PerTick}, erlmcp_scale_admin_shed:pace(Rate))}
     || {Rate, Interval, PerTick} <- pace_cases()].
