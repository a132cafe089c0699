%% @doc priv/prestop.sh, the preStop hook, run against a live agent.
-module(erlmcp_scale_admin_prestop_tests).

-include_lib("eunit/include/eunit.hrl").

prestop_test_() ->
    {foreach,
     fun erlmcp_scale_admin_test_lib:start_agent/0,
     fun erlmcp_scale_admin_test_lib:stop_agent/1,
     [fun returns_once_drained/1,
      fun returns_once_leaving/1,
      fun gives_up_at_the_deadline/1]}.

returns_once_drained(#{readiness := Ready}) ->
    {"returns as soon as the coordinator's drain is complete", fun() ->
        {ok, #{state := drained}} = erlmcp_scale_admin:begin_drain(#{health_check_wait_ms => 0}),
        ?assertEqual("prestop: node is drained, stopping\n", prestop(Ready, 60))
    end}.

returns_once_leaving(#{readiness := Ready}) ->
    {"returns when the node has left the cluster", fun() ->
        {ok, _} = erlmcp_scale_admin:leave_cluster(#{timeout_ms => 0}),
        ?assertEqual("prestop: node is leaving, stopping\n", prestop(Ready, 60))
    end}.

gives_up_at_the_deadline(#{readiness := Ready}) ->
    {"a node still serving is let go at the deadline", fun() ->
        ?assertEqual("prestop: deadline of 0s reached while serving, stopping\n",
                     prestop(Ready, 0))
    end}.

prestop(ReadinessPort, DeadlineS) ->
    Source = proplists:get_value(source, ?MODULE:module_info(compile)),
    Script = filename:join([filename:dirname(filename:dirname(Source)), "priv", "prestop.sh"]),
    os:cmd(lists:flatten(io_lib:format("READINESS_PORT=~b DRAIN_DEADLINE_S=~b POLL_S=1 sh ~s",
                                       [ReadinessPort, DeadlineS, Script]))).
