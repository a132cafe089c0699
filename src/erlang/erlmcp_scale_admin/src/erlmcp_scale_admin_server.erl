%% @doc The agent's state: the node's phase (serving, draining, drained, leaving), the
%% registered listeners, the connection-count subscribers and the shed jobs.
%%
%% Requests come from `erlmcp_scale_admin' already checked. The phase is also published in
%% an ETS table so the readiness endpoint answers without waiting on this process.
%% The phase, whether listeners accept, and the listeners added at run time are kept in the
%% application environment (`drain_state', `listeners'), so a restart of this process after
%% a crash resumes where it was: readiness does not flip back to true in the middle of a
%% drain. Shed jobs and subscriptions do not survive a restart.
%% Counts are polled every `poll_interval_ms'; subscribers get a push when the total
%% changes, at most once per their `min_interval_ms' (a change inside the interval is sent
%% when the interval ends, with the value of that moment).
%% While leaving, any visible node that connects is disconnected again (at once on nodeup,
%% and by a sweep at every poll for connections that slip through a race), so peers'
%% automatic reconnection cannot pull the node back into the cluster; hidden nodes (the
%% autoscaler) are left alone.
-module(erlmcp_scale_admin_server).
-behaviour(gen_server).

-export([start_link/1, phase/0]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2]).

-define(PHASE_TABLE, erlmcp_scale_admin_phase).
%% Finished shed jobs kept for shed_status/1.
-define(KEPT_FINISHED_JOBS, 100).

-type phase() :: serving | draining | drained | leaving.

-record(state, {
    phase = serving :: phase(),
    accepting = true :: boolean(),
    %% Set while a drain waits for the health checks before suspending listeners.
    suspend_timer :: reference() | undefined,
    listeners = [] :: [{atom(), module(), term()}],
    limit :: pos_integer(),
    poll_ms :: pos_integer(),
    total = 0 :: non_neg_integer(),
    %% Pid => #{mon, interval, sent, sent_at, timer}
    subs = #{} :: #{pid() => map()},
    %% Id => #{job, state, requested, closed, remaining, ...} plus pid and waiters while running
    jobs = #{} :: #{pos_integer() => map()},
    next_job = 1 :: pos_integer(),
    finished = queue:new() :: queue:queue(pos_integer())
}).

%%% API for this application's modules

-spec start_link(map()) -> {ok, pid()} | {error, term()}.
start_link(Env) ->
    gen_server:start_link({local, ?MODULE}, ?MODULE, Env, []).

%% @doc The published phase, or `starting' before the server has published one.
-spec phase() -> phase() | starting.
phase() ->
    try ets:lookup(?PHASE_TABLE, phase) of
        [{phase, Phase}] -> Phase;
        [] -> starting
    catch
        error:badarg -> starting
    end.

%%% gen_server callbacks

init(#{max_connections := Limit, poll_interval_ms := PollMs}) ->
    ?PHASE_TABLE = ets:new(?PHASE_TABLE, [named_table, protected, {read_concurrency, true}]),
    _ = net_kernel:monitor_nodes(true, [{node_type, all}]),
    Listeners = application:get_env(erlmcp_scale_admin, listeners, []),
    case register_all(Listeners, #state{limit = Limit, poll_ms = PollMs}) of
        {ok, State} ->
            self() ! poll,
            {ok, restore(application:get_env(erlmcp_scale_admin, drain_state, {serving, true}),
                         State)};
        {error, Why} ->
            {stop, Why}
    end.

%% The state a previous incarnation left. A drain whose wait was cut short by the restart
%% suspends the listeners now; suspending again is harmless when they already are.
restore({serving, _}, State) ->
    enter(serving, true, State);
restore({leaving, true}, State) ->
    enter(leaving, true, State);
restore({leaving, false}, State) ->
    suspend_all(enter(leaving, false, State));
restore({_Draining, _}, State) ->
    suspend_all(enter(draining, false, State)).

handle_call(status, _From, State) ->
    State1 = refresh(State),
    {reply, {ok, status_map(State1)}, State1};
handle_call(connection_count, _From, State) ->
    {Total, ByListener, Unavailable} = count_all(State),
    State1 = counted(Total, State),
    {reply, {ok, #{total => Total, by_listener => ByListener, unavailable => Unavailable,
                   limit => State#state.limit, accepting => State#state.accepting,
                   ts_ms => erlang:system_time(millisecond)}}, State1};
handle_call({subscribe, Pid, IntervalMs}, _From, State) ->
    State1 = refresh(State),
    Sub = case maps:find(Pid, State1#state.subs) of
              {ok, Existing} -> Existing#{interval := IntervalMs};
              error -> #{mon => erlang:monitor(process, Pid), interval => IntervalMs,
                         sent => undefined, sent_at => undefined, timer => undefined}
          end,
    %% The first push tells the subscriber where the count stands.
    Sub1 = push(Pid, Sub, State1#state.total),
    {reply, {ok, #{total => State1#state.total, min_interval_ms => IntervalMs}},
     State1#state{subs = (State1#state.subs)#{Pid => Sub1}}};
handle_call({unsubscribe, Pid}, _From, State) ->
    {reply, {ok, #{subscribed => maps:is_key(Pid, State#state.subs)}}, drop_sub(Pid, State)};
handle_call({begin_drain, WaitMs}, _From, #state{phase = serving} = State) ->
    State1 = enter(draining, State#state.accepting, State),
    State2 = case WaitMs of
                 0 -> suspend_all(State1);
                 _ -> State1#state{suspend_timer =
                                       erlang:start_timer(WaitMs, self(), suspend_listeners)}
             end,
    State3 = refresh(State2),
    {reply, {ok, status_map(State3)}, State3};
handle_call({begin_drain, _WaitMs}, _From, State) ->
    %% Already draining, drained or leaving: a retried call changes nothing.
    {reply, {ok, status_map(State)}, State};
handle_call(end_drain, _From, State) ->
    cancel_timer(State#state.suspend_timer),
    case State#state.accepting of
        true -> ok;
        false -> lists:foreach(fun resume/1, State#state.listeners)
    end,
    State2 = refresh(enter(serving, true, State#state{suspend_timer = undefined})),
    {reply, {ok, status_map(State2)}, State2};
handle_call({shed, Count, Rate, Reason}, _From, State) ->
    Id = State#state.next_job,
    Spec = #{id => Id, server => self(), listeners => State#state.listeners,
             count => Count, rate_per_s => Rate, reason => Reason},
    case supervisor:start_child(erlmcp_scale_admin_shed_sup, [Spec]) of
        {ok, Pid} ->
            Job = #{job => Id, state => running, requested => Count, closed => 0,
                    remaining => Count, rate_per_s => Rate, reason => Reason,
                    started_ms => erlang:system_time(millisecond),
                    pid => Pid, mon => erlang:monitor(process, Pid), waiters => []},
            {reply, {ok, #{job => Id}},
             State#state{jobs = (State#state.jobs)#{Id => Job}, next_job = Id + 1}};
        {error, Why} ->
            {reply, {error, {shed_not_started, Why}}, State}
    end;
handle_call({shed_status, Id}, _From, State) ->
    case maps:find(Id, State#state.jobs) of
        {ok, Job} -> {reply, {ok, public_job(Job)}, State};
        error -> {reply, {error, {not_found, Id}}, State}
    end;
handle_call({cancel_shed, Id}, From, State) ->
    case maps:find(Id, State#state.jobs) of
        {ok, #{state := running, pid := Pid, waiters := Waiters} = Job} ->
            %% Answered once the job has stopped, with its final count.
            ok = erlmcp_scale_admin_shed:cancel(Pid),
            Jobs = (State#state.jobs)#{Id := Job#{waiters := [From | Waiters]}},
            {noreply, State#state{jobs = Jobs}};
        {ok, Job} ->
            {reply, {ok, public_job(Job)}, State};
        error ->
            {reply, {error, {not_found, Id}}, State}
    end;
handle_call(leave_cluster, _From, State) ->
    State1 = enter(leaving, State#state.accepting, State),
    Peers = nodes(),
    %% With prevent_overlapping_partitions (on by default since OTP 25), global answers a
    %% plain disconnect_node by disconnecting the remaining nodes from each other as well;
    %% global:disconnect/0 takes only this node out of the cluster.
    _ = global_disconnect(),
    _ = [erlang:disconnect_node(Node) || Node <- nodes()],
    logger:notice("erlmcp_scale_admin: leaving the cluster, disconnected from ~p", [Peers]),
    {reply, {ok, #{disconnected => Peers}}, State1};
handle_call(join_permitted, _From, #state{phase = leaving} = State) ->
    {reply, {error, {refused, leaving}}, State};
handle_call(join_permitted, _From, State) ->
    {reply, ok, State};
handle_call({add_listener, Name, Module, Handle}, _From, State) ->
    case register_listener({Name, Module, Handle}, State) of
        {ok, State1} ->
            %% A listener added during a drain stops accepting like the others.
            case State1#state.accepting of
                true -> ok;
                false -> suspend({Name, Module, Handle})
            end,
            remember_listeners(State1),
            {reply, {ok, #{listeners => names(State1)}}, refresh(State1)};
        {error, _} = Error ->
            {reply, Error, State}
    end;
handle_call({remove_listener, Name}, _From, State) ->
    case lists:keymember(Name, 1, State#state.listeners) of
        true ->
            State1 = State#state{listeners = lists:keydelete(Name, 1, State#state.listeners)},
            remember_listeners(State1),
            {reply, {ok, #{listeners => names(State1)}}, refresh(State1)};
        false ->
            {reply, {error, {not_found, Name}}, State}
    end;
handle_call(listeners, _From, State) ->
    Infos = [#{name => Name, module => Module, info => erlmcp_scale_admin_listener:info(Module, H)}
             || {Name, Module, H} <- State#state.listeners],
    {reply, {ok, #{listeners => Infos}}, State};
handle_call(Request, _From, State) ->
    {reply, {error, {unknown_request, Request}}, State}.

handle_cast(_Msg, State) ->
    {noreply, State}.

handle_info(poll, State) ->
    erlang:send_after(State#state.poll_ms, self(), poll),
    case State#state.phase of
        leaving -> refuse(nodes());
        _ -> ok
    end,
    {noreply, refresh(State)};
handle_info({timeout, Timer, suspend_listeners}, #state{suspend_timer = Timer} = State) ->
    {noreply, refresh(suspend_all(State#state{suspend_timer = undefined}))};
handle_info({sub_due, Pid}, State) ->
    case maps:find(Pid, State#state.subs) of
        {ok, Sub} ->
            Sub1 = notify(Pid, Sub#{timer := undefined}, State#state.total, now_ms()),
            {noreply, State#state{subs = (State#state.subs)#{Pid := Sub1}}};
        error ->
            {noreply, State}
    end;
handle_info({shed_progress, Id, Closed}, State) ->
    {noreply, update_job(Id, fun(Job) -> progress(Job, Closed) end, State)};
handle_info({shed_finished, Id, How, Closed}, State) ->
    {noreply, finish_job(Id, How, Closed, #{}, State)};
handle_info({'DOWN', Mon, process, Pid, Why}, State) ->
    case [Id || {Id, #{mon := M}} <- maps:to_list(State#state.jobs), M =:= Mon] of
        [Id] ->
            %% The job died without reporting its end.
            #{closed := Closed} = maps:get(Id, State#state.jobs),
            {noreply, finish_job(Id, done, Closed, #{error => Why}, State)};
        [] ->
            {noreply, drop_sub(Pid, State)}
    end;
handle_info({nodeup, Node, Info}, #state{phase = leaving} = State) ->
    case proplists:get_value(node_type, Info) of
        visible -> refuse([Node]);
        hidden -> ok
    end,
    {noreply, State};
handle_info({nodedown, Node, _Info}, State) ->
    Gone = [Pid || Pid <- maps:keys(State#state.subs), node(Pid) =:= Node],
    {noreply, lists:foldl(fun drop_sub/2, State, Gone)};
handle_info(_Msg, State) ->
    {noreply, State}.

%%% Cluster

refuse([]) ->
    ok;
refuse(Nodes) ->
    logger:notice("erlmcp_scale_admin: leaving, refusing reconnection from ~p", [Nodes]),
    lists:foreach(fun erlang:disconnect_node/1, Nodes).

%%% Listeners

register_all([], State) ->
    {ok, State};
register_all([Listener | Rest], State) ->
    case register_listener(Listener, State) of
        {ok, State1} -> register_all(Rest, State1);
        {error, Why} -> {error, {bad_listener, Listener, Why}}
    end.

register_listener({Name, Module, Handle} = Listener, State) ->
    case erlmcp_scale_admin_listener:validate(Name, Module, Handle) of
        ok ->
            case lists:keymember(Name, 1, State#state.listeners) of
                true -> {error, {already_registered, Name}};
                false -> {ok, State#state{listeners = State#state.listeners ++ [Listener]}}
            end;
        {error, _} = Error ->
            Error
    end.

names(State) ->
    [Name || {Name, _, _} <- State#state.listeners].

remember_listeners(State) ->
    application:set_env(erlmcp_scale_admin, listeners, State#state.listeners).

suspend_all(State) ->
    lists:foreach(fun suspend/1, State#state.listeners),
    enter(State#state.phase, false, State).

%% A listener that cannot be suspended or resumed is logged and skipped: the others must
%% still follow the drain.
suspend({Name, Module, Handle}) ->
    log_failure(Name, suspend, erlmcp_scale_admin_listener:suspend(Module, Handle)).

resume({Name, Module, Handle}) ->
    log_failure(Name, resume, erlmcp_scale_admin_listener:resume(Module, Handle)).

log_failure(_Name, _What, ok) ->
    ok;
log_failure(Name, What, {error, Why}) ->
    logger:warning("erlmcp_scale_admin: ~p of listener ~p failed: ~tp", [What, Name, Why]).

%%% Counting, phase and subscribers

%% Listeners whose count fails are reported as unavailable rather than as zero, so a
%% broken adapter cannot pass for an idle node.
count_all(State) ->
    lists:foldl(
      fun({Name, Module, Handle}, {Total, By, Unavailable}) ->
              case erlmcp_scale_admin_listener:count(Module, Handle) of
                  {ok, N} -> {Total + N, By#{Name => N}, Unavailable};
                  {error, _} -> {Total, By, [Name | Unavailable]}
              end
      end, {0, #{}, []}, State#state.listeners).

refresh(State) ->
    {Total, _, _} = count_all(State),
    counted(Total, State).

%% Records a fresh total: pushes it to subscribers and settles draining vs drained.
counted(Total, State) ->
    State1 = case Total =:= State#state.total of
                 true -> State;
                 false ->
                     Now = now_ms(),
                     Subs = maps:map(fun(Pid, Sub) -> notify(Pid, Sub, Total, Now) end,
                                     State#state.subs),
                     State#state{total = Total, subs = Subs}
             end,
    settle(State1).

settle(#state{phase = draining, accepting = false, total = 0} = State) ->
    enter(drained, false, State);
settle(#state{phase = drained, total = Total} = State) when Total > 0 ->
    enter(draining, false, State);
settle(State) ->
    State.

%% Every change of phase or of accepting goes through here: it is published for the
%% readiness endpoint and remembered for a restart.
enter(Phase, Accepting, State) ->
    true = ets:insert(?PHASE_TABLE, {phase, Phase}),
    ok = application:set_env(erlmcp_scale_admin, drain_state, {Phase, Accepting}),
    State#state{phase = Phase, accepting = Accepting}.

notify(_Pid, #{sent := Total} = Sub, Total, _Now) ->
    Sub;
notify(_Pid, #{timer := Timer} = Sub, _Total, _Now) when Timer =/= undefined ->
    Sub;
notify(Pid, #{sent_at := SentAt, interval := Interval} = Sub, Total, Now)
  when SentAt =:= undefined; Now - SentAt >= Interval ->
    push(Pid, Sub, Total);
notify(Pid, #{sent_at := SentAt, interval := Interval} = Sub, _Total, Now) ->
    Sub#{timer := erlang:send_after(ceil(SentAt + Interval - Now), self(), {sub_due, Pid})}.

push(Pid, Sub, Total) ->
    %% noconnect: a push must never be what reconnects a node that left or was dropped.
    _ = erlang:send(Pid, {erlmcp_scale_admin, connections, node(), Total,
                          erlang:system_time(millisecond)}, [noconnect]),
    %% Taken after the stamp in the message, so the next push's stamp is at least one
    %% interval later.
    Sub#{sent := Total, sent_at := now_ms()}.

drop_sub(Pid, State) ->
    case maps:take(Pid, State#state.subs) of
        {#{mon := Mon, timer := Timer}, Subs} ->
            erlang:demonitor(Mon, [flush]),
            cancel_timer(Timer),
            State#state{subs = Subs};
        error ->
            State
    end.

status_map(State) ->
    Running = [Job || Job = #{state := running} <- maps:values(State#state.jobs)],
    #{node => node(),
      state => State#state.phase,
      ready => State#state.phase =:= serving,
      accepting => State#state.accepting,
      connections => State#state.total,
      limit => State#state.limit,
      cluster_nodes => nodes(),
      listeners => names(State),
      subscribers => map_size(State#state.subs),
      shed => #{running => lists:sort([Id || #{job := Id} <- Running]),
                remaining => lists:sum([R || #{remaining := R} <- Running])}}.

%%% Shed jobs

update_job(Id, Fun, State) ->
    case maps:find(Id, State#state.jobs) of
        {ok, Job} -> State#state{jobs = (State#state.jobs)#{Id := Fun(Job)}};
        error -> State
    end.

progress(#{requested := Requested} = Job, Closed) ->
    Job#{closed := Closed, remaining := Requested - Closed}.

finish_job(Id, How, Closed, Extra, State) ->
    case maps:find(Id, State#state.jobs) of
        {ok, #{state := running, mon := Mon, waiters := Waiters} = Job} ->
            erlang:demonitor(Mon, [flush]),
            Done = maps:merge(maps:without([pid, mon, waiters], progress(Job, Closed)),
                              Extra#{state => How,
                                     finished_ms => erlang:system_time(millisecond)}),
            _ = [gen_server:reply(From, {ok, public_job(Done)}) || From <- Waiters],
            prune_jobs(State#state{jobs = (State#state.jobs)#{Id := Done},
                                   finished = queue:in(Id, State#state.finished)});
        _ ->
            State
    end.

prune_jobs(State) ->
    case queue:len(State#state.finished) > ?KEPT_FINISHED_JOBS of
        true ->
            {{value, Oldest}, Rest} = queue:out(State#state.finished),
            State#state{jobs = maps:remove(Oldest, State#state.jobs), finished = Rest};
        false ->
            State
    end.

public_job(Job) ->
    maps:without([pid, mon, waiters], Job).

%%% Time

cancel_timer(undefined) -> ok;
cancel_timer(Timer) -> _ = erlang:cancel_timer(Timer), ok.

%% Milliseconds with microsecond precision, so throttling never rounds an interval down.
now_ms() ->
    erlang:monotonic_time(microsecond) / 1000.

global_disconnect() ->
    case erlang:function_exported(global, disconnect, 0) of
        true -> global:disconnect();
        false -> []
    end.
