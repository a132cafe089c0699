%% @doc Bad arguments through the public API: each gets a reason naming the field, and the
%% caller never crashes. Also the application refusing a bad environment.
-module(erlmcp_scale_admin_args_tests).

-include_lib("eunit/include/eunit.hrl").

%% {Title, Call, ExpectedError}: checked before any process is asked, so the agent need
%% not run.
bad_argument_cases() ->
    Self = self(),
    [{"begin_drain without the wait", fun() -> erlmcp_scale_admin:begin_drain(#{}) end,
      {missing, health_check_wait_ms}},
     {"begin_drain with a negative wait",
      fun() -> erlmcp_scale_admin:begin_drain(#{health_check_wait_ms => -1}) end,
      {badarg, health_check_wait_ms, -1}},
     {"begin_drain with a binary key",
      fun() -> erlmcp_scale_admin:begin_drain(#{<<"health_check_wait_ms">> => 10}) end,
      {unknown_option, <<"health_check_wait_ms">>}},
     {"begin_drain with a proplist", fun() -> erlmcp_scale_admin:begin_drain([{health_check_wait_ms, 1}]) end,
      {badarg, options, [{health_check_wait_ms, 1}]}},
     {"begin_drain with a wait over a day",
      fun() -> erlmcp_scale_admin:begin_drain(#{health_check_wait_ms => 86400001}) end,
      {badarg, health_check_wait_ms, 86400001}},
     {"shed without count", fun() -> erlmcp_scale_admin:shed(#{rate_per_s => 10}) end,
      {missing, count}},
     {"shed without rate", fun() -> erlmcp_scale_admin:shed(#{count => 10}) end,
      {missing, rate_per_s}},
     {"shed of zero", fun() -> erlmcp_scale_admin:shed(#{count => 0, rate_per_s => 10}) end,
      {badarg, count, 0}},
     {"shed of a float count", fun() -> erlmcp_scale_admin:shed(#{count => 2.0, rate_per_s => 10}) end,
      {badarg, count, 2.0}},
     {"shed at rate zero", fun() -> erlmcp_scale_admin:shed(#{count => 1, rate_per_s => 0}) end,
      {badarg, rate_per_s, 0}},
     {"shed at a runaway rate",
      fun() -> erlmcp_scale_admin:shed(#{count => 1, rate_per_s => 100001}) end,
      {badarg, rate_per_s, 100001}},
     {"shed with a tuple reason",
      fun() -> erlmcp_scale_admin:shed(#{count => 1, rate_per_s => 1, reason => {x}}) end,
      {badarg, reason, {x}}},
     {"shed with an unknown key",
      fun() -> erlmcp_scale_admin:shed(#{count => 1, rate_per_s => 1, rate => 5}) end,
      {unknown_option, rate}},
     {"subscribe a non-pid", fun() -> erlmcp_scale_admin:subscribe(self, #{}) end,
      {badarg, pid, self}},
     {"subscribe with a float interval",
      fun() -> erlmcp_scale_admin:subscribe(Self, #{min_interval_ms => 1.5}) end,
      {badarg, min_interval_ms, 1.5}},
     {"unsubscribe a name", fun() -> erlmcp_scale_admin:unsubscribe(me) end,
      {badarg, pid, me}},
     {"shed_status of a negative id", fun() -> erlmcp_scale_admin:shed_status(-1) end,
      {badarg, job, -1}},
     {"cancel_shed of a binary id", fun() -> erlmcp_scale_admin:cancel_shed(<<"1">>) end,
      {badarg, job, <<"1">>}},
     {"join_cluster without seeds", fun() -> erlmcp_scale_admin:join_cluster(#{}) end,
      {missing, seeds}},
     {"join_cluster with no seed", fun() -> erlmcp_scale_admin:join_cluster(#{seeds => []}) end,
      {badarg, seeds, []}},
     {"join_cluster with a host-less seed",
      fun() -> erlmcp_scale_admin:join_cluster(#{seeds => ['erlmcp@host', erlmcp]}) end,
      {badarg, seeds, ['erlmcp@host', erlmcp]}},
     {"join_cluster with string seeds",
      fun() -> erlmcp_scale_admin:join_cluster(#{seeds => ["erlmcp@host"]}) end,
      {badarg, seeds, ["erlmcp@host"]}},
     {"leave_cluster with an infinite timeout",
      fun() -> erlmcp_scale_admin:leave_cluster(#{timeout_ms => infinity}) end,
      {badarg, timeout_ms, infinity}},
     {"add_listener with a string name",
      fun() -> erlmcp_scale_admin:add_listener("tcp", erlmcp_scale_admin_gen_tcp, x) end,
      {badarg, name, "tcp"}},
     {"add_listener with a module that is not an adapter",
      fun() -> erlmcp_scale_admin:add_listener(tcp, lists, x) end,
      {badarg, module, {lists, {missing_callbacks, [{count, 1}, {suspend, 1}, {resume, 1}, {close, 2}]}}}},
     {"add_listener with a missing module",
      fun() -> erlmcp_scale_admin:add_listener(tcp, no_such_module, x) end,
      {badarg, module, {no_such_module, nofile}}},
     {"remove_listener with a binary name",
      fun() -> erlmcp_scale_admin:remove_listener(<<"tcp">>) end,
      {badarg, name, <<"tcp">>}}].

bad_arguments_test_() ->
    [{Title, fun() -> ?assertEqual({error, Expected}, Call()) end}
     || {Title, Call, Expected} <- bad_argument_cases()].

good_defaults_test_() ->
    [{"subscribe interval defaults to 1000 ms",
      ?_assertEqual({ok, {self(), #{min_interval_ms => 1000}}},
                    erlmcp_scale_admin_args:subscribe(self(), #{}))},
     {"shed reason defaults and fractional rates are taken",
      ?_assertEqual({ok, #{count => 3, rate_per_s => 0.5, reason => <<"shed">>}},
                    erlmcp_scale_admin_args:shed(#{count => 3, rate_per_s => 0.5}))},
     {"leave timeout defaults to 5000 ms",
      ?_assertEqual({ok, #{timeout_ms => 5000}}, erlmcp_scale_admin_args:leave_cluster(#{}))}].

not_running_test() ->
    _ = application:stop(erlmcp_scale_admin),
    ?assertEqual({error, not_running}, erlmcp_scale_admin:status()),
    ?assertEqual({error, not_running},
                 erlmcp_scale_admin:begin_drain(#{health_check_wait_ms => 0})),
    ?assertEqual({error, disabled}, erlmcp_scale_admin:readiness_port()).

%% {Title, Env, ExpectedReason}
bad_env_cases() ->
    [{"a zero limit", [{max_connections, 0}], {badarg, max_connections, 0}},
     {"a port out of range", [{readiness_port, 70000}], {badarg, readiness_port, 70000}},
     {"a listener that is not a triple", [{listeners, [{tcp, erlmcp_scale_admin_ranch}]}],
      {badarg, listeners, [{tcp, erlmcp_scale_admin_ranch}]}},
     {"a poll faster than 10 ms", [{poll_interval_ms, 1}], {badarg, poll_interval_ms, 1}},
     {"an address that is not one", [{readiness_ip, "0.0.0.0"}],
      {badarg, readiness_ip, "0.0.0.0"}}].

bad_env_test_() ->
    [{Title, fun() -> ?assertEqual({bad_env, Expected}, start_error(Env)) end}
     || {Title, Env, Expected} <- bad_env_cases()].

bad_listener_env_test() ->
    ?assertMatch({bad_listener, {tcp, lists, x}, {badarg, module, {lists, _}}},
                 shutdown_reason(start_error([{listeners, [{tcp, lists, x}]},
                                              {readiness_port, 0}]))).

start_error(Env) ->
    _ = application:stop(erlmcp_scale_admin),
    _ = application:unload(erlmcp_scale_admin),
    ok = application:load(erlmcp_scale_admin),
    _ = [application:set_env(erlmcp_scale_admin, K, V) || {K, V} <- Env],
    %% The refused start is expected: keep its crash report out of the test output.
    #{level := Level} = logger:get_primary_config(),
    ok = logger:set_primary_config(level, none),
    try
        {error, {Reason, {erlmcp_scale_admin_app, start, _}}} =
            application:start(erlmcp_scale_admin),
        Reason
    after
        ok = logger:set_primary_config(level, Level),
        ok = application:unload(erlmcp_scale_admin)
    end.

%% The supervisor wraps a child's init failure: dig out the server's stop reason.
shutdown_reason({shutdown, {failed_to_start_child, erlmcp_scale_admin_server, Why}}) -> Why;
shutdown_reason(Other) -> Other.
