%% @doc The test node as the C# integration tests start it: a separate `erl' OS process
%% started from the documented command line, driven over rpc, TCP and HTTP.
-module(erlmcp_scale_admin_testnode_tests).

-include_lib("eunit/include/eunit.hrl").

-import(erlmcp_scale_admin_test_lib, [connect/1, try_connect/1, client_closes/1, http/3,
                                      wait_until/1]).

testnode_command_line_test_() ->
    {timeout, 60, fun() ->
        true = is_alive(),
        Name = "scale_admin_cli_" ++ integer_to_list(erlang:unique_integer([positive])),
        Ebin = filename:dirname(code:which(erlmcp_scale_admin_testnode)),
        Port = open_port({spawn_executable, os:find_executable("erl")},
                         [{args, ["-sname", Name, "-setcookie", atom_to_list(erlang:get_cookie()),
                                  "-noshell", "-pa", Ebin,
                                  "-run", "erlmcp_scale_admin_testnode", "start_cli",
                                  "0", "0", "50", "stdin"]},
                          {line, 1024}, use_stdio, stderr_to_stdout, exit_status]),
        #{node := Node, listener_port := LPort, readiness_port := RPort} = ready_line(Port),
        Rpc = fun(F, A) -> rpc:call(Node, erlmcp_scale_admin, F, A) end,

        _Client = connect(LPort),
        wait_until(fun() -> total_on(Rpc) =:= 1 end),
        ?assertMatch({ok, #{total := 1, by_listener := #{tcp := 1}, limit := 50}},
                     Rpc(connection_count, [])),
        ?assertEqual({200, <<"serving\n">>}, http(get, RPort, "/ready")),

        ?assertMatch({ok, #{state := draining}},
                     Rpc(begin_drain, [#{health_check_wait_ms => 0}])),
        ?assertEqual({503, <<"draining\n">>}, http(get, RPort, "/ready")),
        ?assertEqual({error, econnrefused}, try_connect(LPort)),

        {ok, #{job := Job}} = Rpc(shed, [#{count => 1, rate_per_s => 10}]),
        ?assertEqual(1, length(client_closes(1))),
        wait_until(fun() -> state_on(Rpc) =:= drained end),
        ?assertMatch({ok, #{state := done, closed := 1}}, Rpc(shed_status, [Job])),

        %% Closing its standard input stops the node.
        monitor_node(Node, true),
        port_close(Port),
        receive {nodedown, Node} -> ok after 10000 -> error(testnode_still_up) end
    end}.

ready_line(Port) ->
    receive
        {Port, {data, {eol, "erlmcp_scale_admin_testnode ready " ++ Rest}}} ->
            Fields = [list_to_tuple(string:split(F, "=")) || F <- string:split(Rest, " ", all)],
            #{node => list_to_atom(proplists:get_value("node", Fields)),
              listener_port => list_to_integer(proplists:get_value("listener_port", Fields)),
              readiness_port => list_to_integer(proplists:get_value("readiness_port", Fields))};
        {Port, {data, {_, Other}}} ->
            ?debugFmt("testnode: ~s", [Other]),
            ready_line(Port);
        {Port, {exit_status, Status}} ->
            error({testnode_exited, Status})
    after 20000 ->
        error(no_ready_line)
    end.

total_on(Rpc) ->
    {ok, #{total := Total}} = Rpc(connection_count, []),
    Total.

state_on(Rpc) ->
    {ok, #{state := State}} = Rpc(status, []),
    State.
