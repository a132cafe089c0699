%% @doc How the ranch adapter closes a connection. ranch itself is not available here, so
%% count/suspend/resume and the listing of connections are untested; this checks the part
%% that decides whether a close works on erlmcp's connection processes.
-module(erlmcp_scale_admin_ranch_tests).

-include_lib("eunit/include/eunit.hrl").

exit_shutdown_is_ignored_by_trapping_connections_test() ->
    %% Why the adapter does not use exit(Pid, shutdown).
    {ok, Conn} = erlmcp_scale_admin_fake_conn:start(self()),
    exit(Conn, shutdown),
    ?assertEqual(pong, gen_server:call(Conn, ping)),
    ?assert(is_process_alive(Conn)),
    ?assert(erlmcp_scale_admin_ranch:stop_connection(Conn, 1000)).

stop_connection_runs_terminate_test() ->
    {ok, Conn} = erlmcp_scale_admin_fake_conn:start(self()),
    Mon = monitor(process, Conn),
    ?assert(erlmcp_scale_admin_ranch:stop_connection(Conn, 1000)),
    ?assertEqual(shutdown, receive {terminated, Conn, Why} -> Why after 5000 -> none end),
    ?assertEqual(shutdown, receive {'DOWN', Mon, _, _, Why2} -> Why2 after 5000 -> none end).

stop_connection_of_a_dead_process_is_false_test() ->
    {Pid, Mon} = spawn_monitor(fun() -> ok end),
    receive {'DOWN', Mon, _, _, _} -> ok end,
    ?assertNot(erlmcp_scale_admin_ranch:stop_connection(Pid, 1000)).

stop_connection_kills_a_process_deaf_to_system_messages_test() ->
    Deaf = spawn(fun() -> receive never -> ok end end),
    Mon = monitor(process, Deaf),
    ?assert(erlmcp_scale_admin_ranch:stop_connection(Deaf, 100)),
    ?assertEqual(killed, receive {'DOWN', Mon, _, _, Why} -> Why after 5000 -> none end).

adapter_loads_without_ranch_test() ->
    ?assertEqual(non_existing, code:which(ranch)),
    ?assertEqual(ok, erlmcp_scale_admin_listener:validate(ws, erlmcp_scale_admin_ranch, ref)),
    %% Without ranch a count fails, and the guarded call says so instead of crashing.
    ?assertMatch({error, {error, undef}},
                 erlmcp_scale_admin_listener:count(erlmcp_scale_admin_ranch, ref)).
