%% @doc The gen_tcp listener and adapter on their own, with real sockets.
-module(erlmcp_scale_admin_gen_tcp_tests).

-include_lib("eunit/include/eunit.hrl").

-import(erlmcp_scale_admin_test_lib, [connect/1, connect_many/2, try_connect/1, ping/1,
                                      client_closes/1, wait_until/1]).

-define(L, erlmcp_scale_admin_gen_tcp).

listener_test_() ->
    {foreach,
     fun() -> {ok, Pid} = ?L:start(#{}), Pid end,
     fun(Pid) -> ?L:stop(Pid) end,
     [fun echoes_and_counts/1,
      fun suspend_refuses_and_resume_listens_on_the_same_port/1,
      fun close_closes_exactly_n/1,
      fun registered_name_is_a_handle/1]}.

echoes_and_counts(L) ->
    {"connections are counted and echo", fun() ->
        Clients = connect_many(?L:port(L), 4),
        ?assertEqual([<<"ping\n">> || _ <- Clients], [ping(C) || C <- Clients]),
        wait_until(fun() -> ?L:count(L) =:= 4 end),
        ?assertMatch(#{accepting := true, connections := 4}, ?L:info(L))
    end}.

suspend_refuses_and_resume_listens_on_the_same_port(L) ->
    {"suspend refuses new clients, keeps open ones; resume accepts again", fun() ->
        Port = ?L:port(L),
        Open = connect(Port),
        ?assertEqual(ok, ?L:suspend(L)),
        ?assertEqual(ok, ?L:suspend(L)),
        ?assertEqual({error, econnrefused}, try_connect(Port)),
        ?assertEqual(<<"ping\n">>, ping(Open)),
        ?assertMatch(#{accepting := false, port := Port}, ?L:info(L)),
        ?assertEqual(ok, ?L:resume(L)),
        ?assertEqual(ok, ?L:resume(L)),
        ?assertEqual(<<"ping\n">>, ping(connect(Port))),
        wait_until(fun() -> ?L:count(L) =:= 2 end)
    end}.

close_closes_exactly_n(L) ->
    {"close(N) closes N connections and reports how many it closed", fun() ->
        Clients = connect_many(?L:port(L), 5),
        wait_until(fun() -> ?L:count(L) =:= 5 end),
        ?assertEqual(3, ?L:close(L, 3)),
        ?assertEqual(3, length(client_closes(3))),
        ?assertEqual(2, ?L:count(L)),
        Open = [C || C <- Clients, is_process_alive(C)],
        ?assertEqual([<<"ping\n">>, <<"ping\n">>], [ping(C) || C <- Open]),
        ?assertEqual(2, ?L:close(L, 10)),
        ?assertEqual(0, ?L:close(L, 1))
    end}.

registered_name_is_a_handle(_L) ->
    {"a listener started with a name is reachable by it", fun() ->
        {ok, Pid} = ?L:start(#{name => gen_tcp_tests_named}),
        ?assertEqual(Pid, whereis(gen_tcp_tests_named)),
        ?assertEqual(0, ?L:count(gen_tcp_tests_named)),
        ok = ?L:stop(gen_tcp_tests_named)
    end}.
