%% @doc Test support, not part of the application: turns a bare node into an erlmcp
%% stand-in for integration tests. It starts the agent with one gen_tcp listener named
%% `tcp' (an echo server) that external processes can connect to and see counted, drained
%% and shed. build.sh compiles it into the same ebin as the agent.
%%
%% From a shell (ports 0 = free ports, printed on the ready line):
%%   erl -sname scale_it -setcookie COOKIE -noshell -pa _build/ebin \
%%       -run erlmcp_scale_admin_testnode start_cli 0 0 100 stdin
%% prints
%%   erlmcp_scale_admin_testnode ready node=scale_it@host listener_port=P readiness_port=R
%% and, with the optional `stdin' argument, halts when its standard input closes (so a test
%% harness that dies cannot leave the node behind).
-module(erlmcp_scale_admin_testnode).

-export([start/1, start_cli/1, ports/0, stop/0]).

-define(LISTENER, erlmcp_scale_admin_testnode_tcp).
-define(KEYS, [listener_port, readiness_port, max_connections, poll_interval_ms]).

%% @doc Starts the agent and the `tcp' listener. Keys: `listener_port' (0, the default,
%% picks a free port), `readiness_port' (0, the default, picks a free port: a test node
%% always serves readiness), `max_connections' (default 25000), `poll_interval_ms'
%% (default 50, so pushes follow changes quickly). Returns ports/0.
-spec start(map()) -> {ok, map()} | {error, term()}.
start(Opts) when is_map(Opts) ->
    case maps:keys(maps:without(?KEYS, Opts)) of
        [] -> start_checked(Opts);
        [Unknown | _] -> {error, {unknown_option, Unknown}}
    end;
start(Opts) ->
    {error, {badarg, options, Opts}}.

%% @doc Entry point for `erl -run': [ListenerPort, ReadinessPort, MaxConnections] and
%% optionally "stdin". Prints the ready line, or the error and halts with status 1.
-spec start_cli([string()]) -> ok.
start_cli([ListenerPort, ReadinessPort, MaxConnections | Watch]) ->
    Opts = #{listener_port => list_to_integer(ListenerPort),
             readiness_port => list_to_integer(ReadinessPort),
             max_connections => list_to_integer(MaxConnections)},
    case start(Opts) of
        {ok, #{node := Node, listener_port := LPort, readiness_port := RPort}} ->
            io:format("erlmcp_scale_admin_testnode ready node=~s listener_port=~b "
                      "readiness_port=~b~n", [Node, LPort, RPort]),
            case Watch of
                ["stdin"] -> _ = spawn(fun halt_on_eof/0), ok;
                [] -> ok
            end;
        {error, Why} ->
            io:format("erlmcp_scale_admin_testnode failed: ~tp~n", [Why]),
            erlang:halt(1)
    end.

%% @doc `#{node, listener_port, readiness_port}'.
-spec ports() -> {ok, map()} | {error, term()}.
ports() ->
    case erlmcp_scale_admin:readiness_port() of
        {ok, #{port := RPort}} ->
            {ok, #{node => node(),
                   listener_port => erlmcp_scale_admin_gen_tcp:port(?LISTENER),
                   readiness_port => RPort}};
        Error ->
            Error
    end.

-spec stop() -> ok.
stop() ->
    _ = application:stop(erlmcp_scale_admin),
    catch erlmcp_scale_admin_gen_tcp:stop(?LISTENER),
    ok.

start_checked(Opts) ->
    ReadinessPort = case maps:get(readiness_port, Opts, 0) of
                        0 -> ephemeral;
                        Port -> Port
                    end,
    _ = application:load(erlmcp_scale_admin),
    Env = [{readiness_port, ReadinessPort},
           {max_connections, maps:get(max_connections, Opts, 25000)},
           {poll_interval_ms, maps:get(poll_interval_ms, Opts, 50)}],
    _ = [application:set_env(erlmcp_scale_admin, K, V) || {K, V} <- Env],
    case application:ensure_all_started(erlmcp_scale_admin) of
        {ok, _} -> start_listener(maps:get(listener_port, Opts, 0));
        {error, _} = Error -> Error
    end.

start_listener(Port) ->
    %% Not linked: the caller may be a short-lived rpc or -run process.
    case erlmcp_scale_admin_gen_tcp:start(#{port => Port, name => ?LISTENER}) of
        {ok, _} ->
            case erlmcp_scale_admin:add_listener(tcp, erlmcp_scale_admin_gen_tcp, ?LISTENER) of
                {ok, _} -> ports();
                Error -> Error
            end;
        {error, _} = Error ->
            Error
    end.

halt_on_eof() ->
    case io:get_line('') of
        eof -> erlang:halt(0);
        {error, _} -> erlang:halt(0);
        _ -> halt_on_eof()
    end.
