%% @doc One shed job: closes `count' connections at no more than `rate_per_s', one close
%% every 1000/R ms (several per millisecond only when R > 1000), so clients reconnect
%% elsewhere as a steady trickle rather than a stampede.
%%
%% Each tick starts at least one interval after the previous tick started, whatever the
%% timer's lateness or a slow close: the job may fall behind the rate, never ahead of it.
%% Connections are taken from the listener that has the most, using counts remembered
%% from the last look and refreshed whenever a listener yields fewer than asked.
%% The job reports `{shed_progress, Id, Closed}' and finally
%% `{shed_finished, Id, done | cancelled, Closed}' to the server that started it.
-module(erlmcp_scale_admin_shed).
-behaviour(gen_server).

-export([start_link/1, cancel/1, pace/1]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2]).

%% Ticks in a row that close nothing while listeners still report connections before the
%% job gives up (their connections cannot be closed: better done than spinning forever).
-define(MAX_STALLED_TICKS, 10).

-record(job, {
    id :: pos_integer(),
    server :: pid(),
    %% {Name, Module, Handle, RememberedCount}
    listeners :: [{atom(), module(), term(), non_neg_integer()}],
    requested :: pos_integer(),
    closed = 0 :: non_neg_integer(),
    interval_ms :: float(),
    per_tick :: float(),
    carry = 0.0 :: float(),
    stalled = 0 :: non_neg_integer()
}).

-spec start_link(map()) -> {ok, pid()}.
start_link(Spec) ->
    gen_server:start_link(?MODULE, Spec, []).

%% @doc Asks the job to stop after the close in progress; it then reports `cancelled'.
-spec cancel(pid()) -> ok.
cancel(Job) ->
    Job ! cancel,
    ok.

%% @doc The tick interval in milliseconds and the number of closes per tick for a rate in
%% connections per second.
-spec pace(number()) -> {float(), float()}.
pace(RatePerS) when RatePerS =< 1000 -> {1000 / RatePerS, 1.0};
pace(RatePerS) -> {1.0, RatePerS / 1000}.

init(#{id := Id, server := Server, listeners := Listeners, count := Count,
       rate_per_s := Rate, reason := Reason}) ->
    %% A job must not outlive the server that tracks it.
    true = link(Server),
    {IntervalMs, PerTick} = pace(Rate),
    logger:notice("erlmcp_scale_admin: shed job ~b closes ~b connections at ~p/s (~tp)",
                  [Id, Count, Rate, Reason]),
    self() ! tick,
    {ok, #job{id = Id, server = Server, requested = Count,
              listeners = [{Name, Mod, H, count(Mod, H)} || {Name, Mod, H} <- Listeners],
              interval_ms = IntervalMs, per_tick = PerTick}}.

handle_call(_Request, _From, Job) ->
    {reply, {error, unknown_request}, Job}.

handle_cast(_Msg, Job) ->
    {noreply, Job}.

handle_info(tick, Job) ->
    Start = now_ms(),
    Due = Job#job.carry + Job#job.per_tick,
    Want = min(trunc(Due), Job#job.requested - Job#job.closed),
    {Closed, Listeners} = take(Want, Job#job.listeners),
    Job1 = Job#job{listeners = Listeners, carry = Due - trunc(Due),
                   closed = Job#job.closed + Closed,
                   stalled = stalled(Closed, Want, Job#job.stalled)},
    case Closed of
        0 -> ok;
        _ -> report(Job1, {shed_progress, Job1#job.id, Job1#job.closed})
    end,
    case finished(Job1, Closed, Want) of
        true ->
            finish(done, Job1);
        false ->
            Wait = max(0, ceil(Start + Job1#job.interval_ms - now_ms())),
            erlang:send_after(Wait, self(), tick),
            {noreply, Job1}
    end;
handle_info(cancel, Job) ->
    finish(cancelled, Job);
handle_info(_Msg, Job) ->
    {noreply, Job}.

%%% Internals

finished(#job{closed = Closed, requested = Requested}, _, _) when Closed >= Requested -> true;
finished(#job{stalled = Stalled}, _, _) when Stalled >= ?MAX_STALLED_TICKS -> true;
finished(#job{listeners = Listeners}, ClosedNow, Want) when ClosedNow < Want ->
    %% Short of the batch although every listener was counted again: nothing left to close.
    lists:sum([N || {_, _, _, N} <- Listeners]) =:= 0;
finished(_, _, _) -> false.

stalled(0, Want, Stalled) when Want > 0 -> Stalled + 1;
stalled(_, _, _) -> 0.

finish(How, Job) ->
    report(Job, {shed_finished, Job#job.id, How, Job#job.closed}),
    {stop, normal, Job}.

report(#job{server = Server}, Msg) ->
    Server ! Msg,
    ok.

%% Closes up to N connections, fullest listener first; when that falls short, every
%% listener is counted again and swept once more.
take(0, Listeners) ->
    {0, Listeners};
take(N, Listeners) ->
    case sweep(N, fullest_first(Listeners)) of
        {N, Swept} ->
            {N, Swept};
        {Short, Swept} ->
            Recounted = [{Name, Mod, H, count(Mod, H)} || {Name, Mod, H, _} <- Swept],
            {More, Swept1} = sweep(N - Short, fullest_first(Recounted)),
            {Short + More, Swept1}
    end.

sweep(0, Listeners) ->
    {0, Listeners};
sweep(_N, []) ->
    {0, []};
sweep(N, [{_, _, _, 0} = Empty | Rest]) ->
    {Closed, Rest1} = sweep(N, Rest),
    {Closed, [Empty | Rest1]};
sweep(N, [{Name, Mod, H, Remembered} | Rest]) ->
    Closed = case erlmcp_scale_admin_listener:close(Mod, H, N) of
                 {ok, C} -> min(C, N);
                 {error, Why} ->
                     logger:warning("erlmcp_scale_admin: closing on listener ~p failed: ~tp",
                                    [Name, Why]),
                     0
             end,
    Left = case Closed < N of
               true -> count(Mod, H);
               false -> max(0, Remembered - Closed)
           end,
    {More, Rest1} = sweep(N - Closed, Rest),
    {Closed + More, [{Name, Mod, H, Left} | Rest1]}.

fullest_first(Listeners) ->
    lists:reverse(lists:keysort(4, Listeners)).

count(Mod, H) ->
    case erlmcp_scale_admin_listener:count(Mod, H) of
        {ok, N} -> N;
        {error, _} -> 0
    end.

now_ms() ->
    erlang:monotonic_time(microsecond) / 1000.
