%% @doc The agent through its public API, with a real gen_tcp listener, real client sockets
%% and real HTTP requests to the readiness endpoint.
-module(erlmcp_scale_admin_tests).

-include_lib("eunit/include/eunit.hrl").

-import(erlmcp_scale_admin_test_lib,
        [connect/1, connect_many/2, try_connect/1, ping/1, close_client/1, client_closes/1,
         http/3, wait_until/1, status/0, count/0]).

agent_test_() ->
    {foreach,
     fun erlmcp_scale_admin_test_lib:start_agent/0,
     fun erlmcp_scale_admin_test_lib:stop_agent/1,
     [fun counts_real_connections/1,
      fun drain_turns_readiness_false_at_once/1,
      fun drain_stops_accepting_after_the_wait_then_drains/1,
      fun end_drain_accepts_again/1,
      fun shed_spreads_closes_at_the_rate/1,
      fun shed_closes_exactly_count/1,
      fun shed_status_reports_progress_and_cancel_stops/1,
      fun shed_beyond_the_connections_is_done_with_remaining/1,
      fun shed_jobs_unknown_or_finished/1,
      fun subscribe_pushes_changes_throttled/1,
      fun subscription_ends_with_the_subscriber/1,
      fun readiness_endpoint_routes/1,
      fun listeners_added_and_removed_at_run_time/1,
      fun listener_added_during_drain_is_suspended/1,
      fun failing_listener_is_unavailable_not_zero/1,
      fun restarted_server_keeps_the_drain/1]}.

-define(T(Title, Body), {Title, {timeout, 30, fun() -> Body end}}).

counts_real_connections(#{port := Port}) ->
    ?T("status and connection_count count real client connections", begin
        Clients = connect_many(Port, 5),
        wait_until(fun() -> count() =:= 5 end),
        {ok, Count} = erlmcp_scale_admin:connection_count(),
        ?assertMatch(#{total := 5, by_listener := #{tcp := 5}, unavailable := [],
                       limit := 100, accepting := true}, Count),
        ?assert(is_integer(maps:get(ts_ms, Count))),
        Node = node(),
        ?assertMatch(#{node := Node, state := serving, ready := true, accepting := true,
                       connections := 5, limit := 100, cluster_nodes := [], listeners := [tcp],
                       subscribers := 0, shed := #{running := [], remaining := 0}},
                     status()),
        [close_client(C) || C <- lists:sublist(Clients, 2)],
        wait_until(fun() -> count() =:= 3 end),
        ?assertMatch(#{connections := 3}, status())
    end).

drain_turns_readiness_false_at_once(#{port := Port, readiness := Ready}) ->
    ?T("begin_drain answers 503 on /ready at once; listeners accept during the wait", begin
        ?assertEqual({200, <<"serving\n">>}, http(get, Ready, "/ready")),
        {ok, Status} = erlmcp_scale_admin:begin_drain(#{health_check_wait_ms => 60000}),
        ?assertMatch(#{state := draining, ready := false, accepting := true}, Status),
        ?assertEqual({503, <<"draining\n">>}, http(get, Ready, "/ready")),
        ?assertEqual({200, <<"draining\n">>}, http(get, Ready, "/phase")),
        ?assertEqual({200, <<"ok\n">>}, http(get, Ready, "/healthz")),
        %% The wait lets the Service's health checks notice; clients still get in meanwhile.
        _ = connect(Port),
        wait_until(fun() -> count() =:= 1 end),
        ?assertMatch({ok, #{state := draining}},
                     erlmcp_scale_admin:begin_drain(#{health_check_wait_ms => 0})),
        ?assertMatch(#{accepting := true}, status())
    end).

drain_stops_accepting_after_the_wait_then_drains(#{port := Port, readiness := Ready}) ->
    ?T("after the wait new connections are refused; drained once the last one closes", begin
        Clients = connect_many(Port, 3),
        wait_until(fun() -> count() =:= 3 end),
        {ok, _} = erlmcp_scale_admin:begin_drain(#{health_check_wait_ms => 100}),
        wait_until(fun() -> maps:get(accepting, status()) =:= false end),
        ?assertEqual({error, econnrefused}, try_connect(Port)),
        %% Open connections are not touched by a drain.
        ?assertEqual([<<"ping\n">>, <<"ping\n">>, <<"ping\n">>], [ping(C) || C <- Clients]),
        ?assertMatch(#{state := draining, connections := 3}, status()),
        [close_client(C) || C <- Clients],
        wait_until(fun() -> maps:get(state, status()) =:= drained end),
        ?assertEqual({503, <<"drained\n">>}, http(get, Ready, "/ready"))
    end).

end_drain_accepts_again(#{port := Port, readiness := Ready}) ->
    ?T("end_drain resumes the listeners and readiness", begin
        {ok, _} = erlmcp_scale_admin:begin_drain(#{health_check_wait_ms => 0}),
        ?assertEqual({error, econnrefused}, try_connect(Port)),
        {ok, Status} = erlmcp_scale_admin:end_drain(),
        ?assertMatch(#{state := serving, ready := true, accepting := true}, Status),
        ?assertEqual({200, <<"serving\n">>}, http(get, Ready, "/ready")),
        Client = connect(Port),
        ?assertEqual(<<"ping\n">>, ping(Client)),
        wait_until(fun() -> count() =:= 1 end)
    end).

shed_spreads_closes_at_the_rate(#{port := Port}) ->
    ?T("shed of 10 at 20/s spaces the closes 50 ms apart", begin
        _ = connect_many(Port, 10),
        wait_until(fun() -> count() =:= 10 end),
        %% The runtime stamps each close the job makes as it happens, so the check is on
        %% the job's pacing, not on how promptly the client processes got scheduled.
        CloseTimes = with_close_calls_traced(fun() ->
            {ok, #{job := Job}} = erlmcp_scale_admin:shed(#{count => 10, rate_per_s => 20,
                                                            reason => <<"test">>}),
            ?assertEqual(10, length(client_closes(10))),
            wait_until(fun() -> state_of(Job) =:= done end),
            ?assertMatch({ok, #{job := Job, state := done, requested := 10, closed := 10,
                                remaining := 0, rate_per_s := 20, reason := <<"test">>}},
                         erlmcp_scale_admin:shed_status(Job))
        end),
        ?assertEqual(10, length(CloseTimes)),
        Gaps = [B - A || {A, B} <- lists:zip(lists:droplast(CloseTimes), tl(CloseTimes))],
        ?assert(lists:last(CloseTimes) - hd(CloseTimes) >= 450),
        ?assert(lists:min(Gaps) >= 30),
        ?assertEqual(0, count())
    end).

shed_closes_exactly_count(#{port := Port}) ->
    ?T("shed closes exactly count connections and leaves the others open", begin
        Clients = connect_many(Port, 15),
        wait_until(fun() -> count() =:= 15 end),
        {ok, #{job := Job}} = erlmcp_scale_admin:shed(#{count => 10, rate_per_s => 200}),
        wait_until(fun() -> state_of(Job) =:= done end),
        ?assertEqual(10, length(client_closes(10))),
        Open = [C || C <- Clients, is_process_alive(C)],
        ?assertEqual(5, length(Open)),
        ?assertEqual(lists:duplicate(5, <<"ping\n">>), [ping(C) || C <- Open]),
        wait_until(fun() -> count() =:= 5 end)
    end).

shed_status_reports_progress_and_cancel_stops(#{port := Port}) ->
    ?T("shed_status shows progress; cancel_shed stops the job where it is", begin
        _ = connect_many(Port, 20),
        wait_until(fun() -> count() =:= 20 end),
        {ok, #{job := Job}} = erlmcp_scale_admin:shed(#{count => 20, rate_per_s => 10}),
        wait_until(fun() -> closed_of(Job) >= 2 end),
        {ok, Running} = erlmcp_scale_admin:shed_status(Job),
        ?assertMatch(#{state := running, requested := 20}, Running),
        #{closed := C0, remaining := R0} = Running,
        ?assertEqual(20, C0 + R0),
        ?assertMatch(#{shed := #{running := [Job]}}, status()),
        {ok, Cancelled} = erlmcp_scale_admin:cancel_shed(Job),
        #{state := cancelled, closed := Closed, remaining := Remaining} = Cancelled,
        ?assert(Closed >= C0 andalso Closed < 20),
        ?assertEqual(20 - Closed, Remaining),
        ?assertMatch(#{shed := #{running := [], remaining := 0}}, status()),
        ?assertEqual({ok, Cancelled}, erlmcp_scale_admin:shed_status(Job)),
        ?assertEqual(Closed, length(client_closes(Closed))),
        wait_until(fun() -> count() =:= 20 - Closed end)
    end).

shed_beyond_the_connections_is_done_with_remaining(#{port := Port}) ->
    ?T("a shed asking for more than is open closes what there is and is done", begin
        _ = connect_many(Port, 3),
        wait_until(fun() -> count() =:= 3 end),
        {ok, #{job := Job}} = erlmcp_scale_admin:shed(#{count => 5, rate_per_s => 500}),
        wait_until(fun() -> state_of(Job) =:= done end),
        ?assertMatch({ok, #{state := done, requested := 5, closed := 3, remaining := 2}},
                     erlmcp_scale_admin:shed_status(Job)),
        ?assertEqual(0, count())
    end).

shed_jobs_unknown_or_finished(_Ctx) ->
    ?T("unknown job ids are not_found; cancelling a finished job returns it as it is", begin
        ?assertEqual({error, {not_found, 999}}, erlmcp_scale_admin:shed_status(999)),
        ?assertEqual({error, {not_found, 999}}, erlmcp_scale_admin:cancel_shed(999)),
        {ok, #{job := Job}} = erlmcp_scale_admin:shed(#{count => 1, rate_per_s => 1}),
        wait_until(fun() -> state_of(Job) =:= done end),
        {ok, Done} = erlmcp_scale_admin:shed_status(Job),
        ?assertMatch(#{state := done, closed := 0, remaining := 1}, Done),
        ?assertEqual({ok, Done}, erlmcp_scale_admin:cancel_shed(Job))
    end).

subscribe_pushes_changes_throttled(#{port := Port}) ->
    ?T("subscribe pushes the count at once, then changes at most once per interval", begin
        Node = node(),
        {ok, #{total := 0, min_interval_ms := 300}} =
            erlmcp_scale_admin:subscribe(self(), #{min_interval_ms => 300}),
        First = receive {erlmcp_scale_admin, connections, Node, 0, Ts0} -> Ts0
                after 5000 -> error(no_first_push)
                end,
        %% Three changes in quick succession, well inside one interval.
        _ = [begin _ = connect(Port), wait_until(fun() -> count() =:= N end) end
             || N <- [1, 2, 3]],
        Pushes = pushes_until(Node, 3),
        Times = [First | [Ts || {_, Ts} <- Pushes]],
        Gaps = [B - A || {A, B} <- lists:zip(lists:droplast(Times), tl(Times))],
        ?assert(lists:min(Gaps) >= 300),
        %% Each push carries a new value, and the last one is the latest count.
        Values = [0 | [V || {V, _} <- Pushes]],
        ?assertEqual(length(Values), length(lists:usort(Values))),
        ?assertEqual(3, lists:last(Values)),
        ?assert(length(Pushes) < 3),
        ?assertEqual({ok, #{subscribed => true}}, erlmcp_scale_admin:unsubscribe(self()))
    end).

subscription_ends_with_the_subscriber(#{port := Port}) ->
    ?T("a subscriber that exits is dropped and gets nothing more", begin
        Test = self(),
        Subscriber = spawn(erlmcp_scale_admin_test_lib, forward, [Test]),
        {ok, _} = erlmcp_scale_admin:subscribe(Subscriber, #{min_interval_ms => 0}),
        ?assertMatch(#{subscribers := 1}, status()),
        receive {forwarded, {erlmcp_scale_admin, connections, _, 0, _}} -> ok
        after 5000 -> error(no_push)
        end,
        exit(Subscriber, kill),
        wait_until(fun() -> maps:get(subscribers, status()) =:= 0 end),
        ?assertEqual({ok, #{subscribed => false}}, erlmcp_scale_admin:unsubscribe(Subscriber)),
        _ = connect(Port),
        wait_until(fun() -> count() =:= 1 end)
    end).

readiness_endpoint_routes(#{readiness := Ready}) ->
    ?T("the readiness endpoint answers /healthz, /phase, 404 and 405", begin
        ?assertEqual({200, <<"ok\n">>}, http(get, Ready, "/healthz")),
        ?assertEqual({200, <<"serving\n">>}, http(get, Ready, "/ready?verbose=1")),
        ?assertEqual({200, <<"serving\n">>}, http(get, Ready, "/phase")),
        ?assertEqual({200, <<>>}, http(head, Ready, "/ready")),
        ?assertEqual({404, <<"not found\n">>}, http(get, Ready, "/metrics")),
        ?assertEqual({405, <<"method not allowed\n">>}, http(post, Ready, "/ready"))
    end).

listeners_added_and_removed_at_run_time(#{port := Port}) ->
    ?T("add_listener and remove_listener change what is counted", begin
        {ok, Second} = erlmcp_scale_admin_gen_tcp:start_link(#{}),
        ?assertEqual({ok, #{listeners => [tcp, ws]}},
                     erlmcp_scale_admin:add_listener(ws, erlmcp_scale_admin_gen_tcp, Second)),
        ?assertEqual({error, {already_registered, ws}},
                     erlmcp_scale_admin:add_listener(ws, erlmcp_scale_admin_gen_tcp, Second)),
        _ = connect(Port),
        _ = connect_many(erlmcp_scale_admin_gen_tcp:port(Second), 2),
        wait_until(fun() -> count() =:= 3 end),
        ?assertMatch({ok, #{by_listener := #{tcp := 1, ws := 2}}},
                     erlmcp_scale_admin:connection_count()),
        {ok, #{listeners := Infos}} = erlmcp_scale_admin:listeners(),
        ?assertMatch([#{name := tcp, info := #{connections := 1, accepting := true}},
                      #{name := ws, info := #{connections := 2}}], Infos),
        ?assertEqual({ok, #{listeners => [tcp]}}, erlmcp_scale_admin:remove_listener(ws)),
        ?assertEqual({error, {not_found, ws}}, erlmcp_scale_admin:remove_listener(ws)),
        ?assertMatch({ok, #{total := 1, by_listener := #{tcp := 1}}},
                     erlmcp_scale_admin:connection_count())
    end).

listener_added_during_drain_is_suspended(_Ctx) ->
    ?T("a listener added while drained does not accept; end_drain resumes it", begin
        {ok, _} = erlmcp_scale_admin:begin_drain(#{health_check_wait_ms => 0}),
        {ok, Late} = erlmcp_scale_admin_gen_tcp:start_link(#{}),
        LatePort = erlmcp_scale_admin_gen_tcp:port(Late),
        {ok, _} = erlmcp_scale_admin:add_listener(late, erlmcp_scale_admin_gen_tcp, Late),
        ?assertEqual({error, econnrefused}, try_connect(LatePort)),
        {ok, _} = erlmcp_scale_admin:end_drain(),
        ?assertMatch({ok, _}, try_connect(LatePort))
    end).

failing_listener_is_unavailable_not_zero(#{port := Port}) ->
    ?T("a listener whose count fails is reported unavailable and does not stop a drain", begin
        %% ranch is not loaded here, so every call of this adapter fails.
        {ok, _} = erlmcp_scale_admin:add_listener(ws, erlmcp_scale_admin_ranch, erlmcp_ws),
        _ = connect(Port),
        wait_until(fun() -> count() =:= 1 end),
        ?assertMatch({ok, #{total := 1, by_listener := #{tcp := 1}, unavailable := [ws]}},
                     erlmcp_scale_admin:connection_count()),
        {ok, #{by_listener := ByListener}} = erlmcp_scale_admin:connection_count(),
        ?assertNot(maps:is_key(ws, ByListener)),
        ?assertMatch({ok, #{state := draining, accepting := false}},
                     erlmcp_scale_admin:begin_drain(#{health_check_wait_ms => 0})),
        ?assertEqual({error, econnrefused}, try_connect(Port))
    end).

restarted_server_keeps_the_drain(#{port := Port}) ->
    ?T("after a crash the server comes back draining, with the listeners added at run time", begin
        Client = connect(Port),
        wait_until(fun() -> count() =:= 1 end),
        {ok, _} = erlmcp_scale_admin:begin_drain(#{health_check_wait_ms => 0}),
        Old = whereis(erlmcp_scale_admin_server),
        exit(Old, kill),
        wait_until(fun() -> not lists:member(whereis(erlmcp_scale_admin_server), [Old, undefined])
                                andalso erlmcp_scale_admin:readiness_port() =/= {error, disabled}
                   end),
        ?assertMatch(#{state := draining, accepting := false, listeners := [tcp],
                       connections := 1}, status()),
        ?assertEqual(<<"ping\n">>, ping(Client)),
        {ok, #{port := Ready}} = erlmcp_scale_admin:readiness_port(),
        ?assertEqual({503, <<"draining\n">>}, http(get, Ready, "/ready")),
        ?assertEqual({error, econnrefused}, try_connect(Port)),
        {ok, _} = erlmcp_scale_admin:end_drain(),
        ?assertMatch({ok, _}, try_connect(Port))
    end).

%%% Helpers

%% Runs Fun while every call of the gen_tcp adapter's close/2 is traced; returns the times
%% of the calls that closed one connection each, in milliseconds, in order.
with_close_calls_traced(Fun) ->
    MFA = {erlmcp_scale_admin_gen_tcp, close, 2},
    erlang:trace_pattern(MFA, true, [global]),
    erlang:trace(all, true, [call, monotonic_timestamp]),
    try
        Fun()
    after
        erlang:trace(all, false, [call, monotonic_timestamp]),
        erlang:trace_pattern(MFA, false, [global])
    end,
    Delivered = erlang:trace_delivered(all),
    receive {trace_delivered, all, Delivered} -> ok end,
    traced_closes().

traced_closes() ->
    receive
        {trace_ts, _Job, call, {erlmcp_scale_admin_gen_tcp, close, [_, 1]}, Ts} ->
            [erlang:convert_time_unit(Ts, native, microsecond) / 1000 | traced_closes()]
    after 0 ->
        []
    end.

state_of(Job) ->
    {ok, #{state := State}} = erlmcp_scale_admin:shed_status(Job),
    State.

closed_of(Job) ->
    {ok, #{closed := Closed}} = erlmcp_scale_admin:shed_status(Job),
    Closed.

%% Pushes received until one carries Total: [{Total, TsMs}].
pushes_until(Node, Total) ->
    receive
        {erlmcp_scale_admin, connections, Node, Total, Ts} -> [{Total, Ts}];
        {erlmcp_scale_admin, connections, Node, Other, Ts} -> [{Other, Ts} | pushes_until(Node, Total)]
    after 5000 -> error({no_push_of, Total})
    end.
