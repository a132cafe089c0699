%% @doc Helpers of the eunit suites: an agent with a real gen_tcp listener, real client
%% sockets that report when the server closes them, HTTP requests, and waiting for a
%% condition (the deadline only bounds the wait, it is never what a test asserts).
-module(erlmcp_scale_admin_test_lib).

-export([start_agent/0, start_agent/1, stop_agent/1]).
-export([connect/1, connect_many/2, try_connect/1, ping/1, close_client/1, client_closes/1]).
-export([http/3, wait_until/1, status/0, count/0, forward/1]).

-define(WAIT_MS, 10000).

%%% The agent under test

%% @doc Starts the application (readiness on a free port, polling every 20 ms, limit 100)
%% with one gen_tcp listener named `tcp'. Extra env entries override those.
start_agent() ->
    start_agent([]).

start_agent(Env) ->
    %% Unloading forgets what a previous run left in the environment (drain_state...).
    _ = application:stop(erlmcp_scale_admin),
    _ = application:unload(erlmcp_scale_admin),
    ok = application:load(erlmcp_scale_admin),
    Defaults = [{listeners, []}, {max_connections, 100}, {readiness_port, ephemeral},
                {poll_interval_ms, 20}],
    _ = [application:set_env(erlmcp_scale_admin, K, V) || {K, V} <- Defaults ++ Env],
    {ok, _} = application:ensure_all_started(erlmcp_scale_admin),
    {ok, Listener} = erlmcp_scale_admin_gen_tcp:start(#{}),
    {ok, _} = erlmcp_scale_admin:add_listener(tcp, erlmcp_scale_admin_gen_tcp, Listener),
    {ok, #{port := Readiness}} = erlmcp_scale_admin:readiness_port(),
    #{listener => Listener, port => erlmcp_scale_admin_gen_tcp:port(Listener),
      readiness => Readiness}.

stop_agent(#{listener := Listener}) ->
    ok = application:stop(erlmcp_scale_admin),
    ok = application:unload(erlmcp_scale_admin),
    erlmcp_scale_admin_gen_tcp:stop(Listener).

status() ->
    {ok, Status} = erlmcp_scale_admin:status(),
    Status.

count() ->
    {ok, #{total := Total}} = erlmcp_scale_admin:connection_count(),
    Total.

%%% Clients

%% @doc A client process holding one real connection; when the server closes it, the
%% caller gets `{client_closed, Client, MonotonicMicroseconds}'.
connect(Port) ->
    Owner = self(),
    Client = spawn_link(fun() -> client(Port, Owner) end),
    receive
        {connected, Client} -> Client;
        {connect_failed, Client, Why} -> error({connect_failed, Why})
    after ?WAIT_MS -> error(connect_timeout)
    end.

connect_many(Port, N) ->
    [connect(Port) || _ <- lists:seq(1, N)].

%% @doc A bare connection attempt: `{ok, Socket}' or `{error, Reason}'.
try_connect(Port) ->
    gen_tcp:connect({127, 0, 0, 1}, Port, [binary, {active, false}], ?WAIT_MS).

%% @doc Round trip through the echo server: proves the connection is open.
ping(Client) ->
    Client ! {ping, self()},
    receive {pong, Client, Reply} -> Reply
    after ?WAIT_MS -> error(ping_timeout)
    end.

close_client(Client) ->
    unlink(Client),
    Client ! close,
    ok.

%% @doc The next N server-side closes, as sorted times in milliseconds.
client_closes(N) ->
    lists:sort([receive {client_closed, _, AtUs} -> AtUs / 1000
                after ?WAIT_MS -> error({closes_missing, N})
                end || _ <- lists:seq(1, N)]).

client(Port, Owner) ->
    case gen_tcp:connect({127, 0, 0, 1}, Port, [binary, {active, true}], ?WAIT_MS) of
        {ok, Sock} ->
            Owner ! {connected, self()},
            client_loop(Sock, Owner);
        {error, Why} ->
            Owner ! {connect_failed, self(), Why}
    end.

client_loop(Sock, Owner) ->
    receive
        {tcp_closed, Sock} ->
            Owner ! {client_closed, self(), erlang:monotonic_time(microsecond)};
        {ping, From} ->
            ok = gen_tcp:send(Sock, <<"ping\n">>),
            receive
                {tcp, Sock, Data} -> From ! {pong, self(), Data};
                {tcp_closed, Sock} -> From ! {pong, self(), closed}
            end,
            client_loop(Sock, Owner);
        close ->
            gen_tcp:close(Sock)
    end.

%% @doc Loop that forwards every message to To as `{forwarded, Msg}' (a subscriber).
forward(To) ->
    receive Msg -> To ! {forwarded, Msg}, forward(To) end.

%%% HTTP and waiting

%% @doc A request with httpc: `{StatusCode, Body}'.
http(Method, Port, Path) ->
    {ok, _} = application:ensure_all_started(inets),
    Url = "http://127.0.0.1:" ++ integer_to_list(Port) ++ Path,
    Request = case Method of
                  post -> {Url, [], "text/plain", <<>>};
                  _ -> {Url, []}
              end,
    {ok, {{_, Code, _}, _Headers, Body}} =
        httpc:request(Method, Request, [{timeout, ?WAIT_MS}], [{body_format, binary}]),
    {Code, Body}.

wait_until(Condition) ->
    wait_until(Condition, erlang:monotonic_time(millisecond) + ?WAIT_MS).

wait_until(Condition, Deadline) ->
    case Condition() of
        true -> ok;
        false ->
            case erlang:monotonic_time(millisecond) > Deadline of
                true -> error({condition_never_met, erlang:fun_info(Condition, name)});
                false -> timer:sleep(10), wait_until(Condition, Deadline)
            end
    end.
