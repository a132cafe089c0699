%% @doc Test support, not part of the application: a pool of erlmcp clients for end-to-end
%% tests, run in its own OS process so that the test process does not hold tens of thousands
%% of sockets. Each client is an Erlang process with one TCP connection to a test node's
%% gen_tcp echo listener. The pool behaves as clients behind a Kubernetes Service:
%% - the Service's endpoints (the ready pods' listener ports) are pushed in with
%%   set_endpoints/1 whenever readiness changes;
%% - a client connects to the endpoint with the fewest connections from this pool among the
%%   ready ones (least-connections), sends a ping and waits for its echo: only then is it
%%   connected. A connect error, or a close before the echo, is a refusal: the client waits
%%   a little and tries again;
%% - a client whose connection the server closes (a shed, or the node dying) counts a shed,
%%   waits a small random jitter and reconnects, counting a reconnect.
%%
%% From a shell:
%%   erl -name pool@127.0.0.1 -hidden -setcookie COOKIE -noshell -pa _build/ebin \
%%       -run erlmcp_scale_admin_clientpool start_cli stdin
%% prints
%%   erlmcp_scale_admin_clientpool ready node=pool@127.0.0.1
%% and, with the optional `stdin' argument, halts when its standard input closes.
-module(erlmcp_scale_admin_clientpool).
-behaviour(gen_server).

-export([start/0, start_cli/1, set_endpoints/1, add_clients/1, stats/0, stop_clients/0]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2]).

-define(SERVER, ?MODULE).
-define(COUNTERS, erlmcp_scale_admin_clientpool_counters).
-define(BALANCER, erlmcp_scale_admin_clientpool_balancer).
%% The longest a connect, or the echo that confirms it, may take.
-define(CONNECT_TIMEOUT_MS, 30000).
%% A shed client waits 1..RECONNECT_JITTER_MS before it reconnects.
-define(RECONNECT_JITTER_MS, 50).
%% A refused client waits REFUSAL_BACKOFF_MS plus a jitter before it tries again.
-define(REFUSAL_BACKOFF_MS, 100).
%% No ready endpoint: the client looks again after this long (nothing counted).
-define(NO_ENDPOINT_WAIT_MS, 20).
%% Clients are started in batches, so that a listener's accept queue is not flooded.
-define(START_BATCH, 100).
-define(START_BATCH_PAUSE_MS, 25).
-define(PING, <<"ping">>).

-record(state, {clients = #{} :: #{pid() => true}}).

%%% API (called over rpc by the tests)

%% @doc Starts the pool's server, not linked to the caller.
-spec start() -> {ok, pid()} | {error, term()}.
start() ->
    gen_server:start({local, ?SERVER}, ?MODULE, [], []).

%% @doc Entry point for `erl -run': optionally "stdin". Prints the ready line.
-spec start_cli([string()]) -> ok.
start_cli(Watch) ->
    case start() of
        {ok, _} ->
            io:format("erlmcp_scale_admin_clientpool ready node=~s~n", [node()]),
            case Watch of
                ["stdin"] -> _ = spawn(fun halt_on_eof/0), ok;
                [] -> ok
            end;
        {error, Why} ->
            io:format("erlmcp_scale_admin_clientpool failed: ~tp~n", [Why]),
            erlang:halt(1)
    end.

%% @doc Replaces the Service's endpoints: `[{Name, ListenerPort}]' with Name a binary (the pod).
%% Connected clients stay where they are; only new connections follow the list.
-spec set_endpoints([{binary(), inet:port_number()}]) -> ok | {error, term()}.
set_endpoints(Endpoints) ->
    case lists:all(fun valid_endpoint/1, Endpoints) of
        true -> gen_server:call(?SERVER, {set_endpoints, Endpoints});
        false -> {error, {badarg, endpoints, Endpoints}}
    end.

%% @doc Starts `N' more clients. Returns at once; they connect in batches.
-spec add_clients(pos_integer()) -> ok | {error, term()}.
add_clients(N) when is_integer(N), N > 0 ->
    gen_server:call(?SERVER, {add_clients, N});
add_clients(N) ->
    {error, {badarg, count, N}}.

%% @doc The pool's counters since it started: `#{clients, waiting, reconnects, open, connects,
%% refusals, sheds}'. `clients' is how many client processes live, `waiting' how many of them
%% found no ready endpoint at their last try; `open' (connections now, connecting ones
%% included), `connects' (confirmed connections), `refusals' and `sheds' are maps from
%% endpoint name to count; `refusal_reasons' maps the socket error of each refusal (`econnrefused',
%% `closed', `econnreset', `timeout'...) to its count.
-spec stats() -> {ok, map()}.
stats() ->
    gen_server:call(?SERVER, stats).

%% @doc Stops every client, closing its connection. Counters are kept.
-spec stop_clients() -> ok.
stop_clients() ->
    gen_server:call(?SERVER, stop_clients, 60000).

%%% gen_server callbacks

init([]) ->
    process_flag(trap_exit, true),
    _ = ets:new(?COUNTERS, [named_table, public, set, {write_concurrency, true}, {read_concurrency, true}]),
    true = ets:insert(?COUNTERS, [{endpoints, []}, {reconnects, 0}, {waiting, 0}]),
    true = register(?BALANCER, spawn_link(fun balance/0)),
    {ok, #state{}}.

handle_call({set_endpoints, Endpoints}, _From, State) ->
    true = ets:insert(?COUNTERS, {endpoints, Endpoints}),
    {reply, ok, State};
handle_call({add_clients, N}, _From, State) ->
    Server = self(),
    _ = spawn_link(fun() -> start_batches(Server, N) end),
    {reply, ok, State};
handle_call(stats, _From, #state{clients = Clients} = State) ->
    {reply, {ok, counters(map_size(Clients))}, State};
handle_call(stop_clients, _From, #state{clients = Clients} = State) ->
    Monitors = [{Pid, monitor(process, Pid)} || Pid <- maps:keys(Clients)],
    _ = [Pid ! stop || {Pid, _} <- Monitors],
    _ = [receive {'DOWN', Ref, process, Pid, _} -> ok end || {Pid, Ref} <- Monitors],
    {reply, ok, State#state{clients = #{}}}.

handle_cast({started, Pids}, #state{clients = Clients} = State) ->
    {noreply, State#state{clients = maps:merge(Clients, maps:from_keys(Pids, true))}}.

handle_info({'EXIT', Pid, _Why}, #state{clients = Clients} = State) ->
    {noreply, State#state{clients = maps:remove(Pid, Clients)}};
handle_info(_Msg, State) ->
    {noreply, State}.

%%% Clients

start_batches(_Server, 0) ->
    ok;
start_batches(Server, N) ->
    Batch = min(N, ?START_BATCH),
    %% Linked to the server, so that they go when it goes (and it sees them go).
    Pids = [proc_lib:spawn(fun() -> link(Server), connect(first) end) || _ <- lists:seq(1, Batch)],
    gen_server:cast(Server, {started, Pids}),
    timer:sleep(?START_BATCH_PAUSE_MS),
    start_batches(Server, N - Batch).

%% Attempt is `first' or `reconnect': a reconnect is counted once it has an endpoint.
connect(Attempt) ->
    Ref = make_ref(),
    ?BALANCER ! {pick, self(), Ref},
    Pick = receive {Ref, Picked} -> Picked end,
    case Pick of
        none ->
            wait_for_endpoint(Attempt);
        {Name, Port} ->
            count(reconnects, Attempt =:= reconnect),
            try_endpoint(Name, Port)
    end.

wait_for_endpoint(Attempt) ->
    _ = ets:update_counter(?COUNTERS, waiting, 1),
    Next = receive stop -> stop after ?NO_ENDPOINT_WAIT_MS -> Attempt end,
    _ = ets:update_counter(?COUNTERS, waiting, -1),
    case Next of
        stop -> ok;
        _ -> connect(Attempt)
    end.

try_endpoint(Name, Port) ->
    case gen_tcp:connect({127, 0, 0, 1}, Port, [binary, {active, false}], ?CONNECT_TIMEOUT_MS) of
        {ok, Sock} ->
            confirm(Name, Sock);
        {error, Why} ->
            refused(Name, Why)
    end.

%% The server echoes: a connection that does not echo the ping was refused (a listen socket
%% closed with the connection still in its accept queue resets it).
confirm(Name, Sock) ->
    Echo = case gen_tcp:send(Sock, ?PING) of
               ok -> gen_tcp:recv(Sock, byte_size(?PING), ?CONNECT_TIMEOUT_MS);
               {error, _} = Error -> Error
           end,
    case Echo of
        {ok, ?PING} ->
            bump({connects, Name}, 1),
            ok = inet:setopts(Sock, [{active, once}]),
            connected(Name, Sock);
        {ok, Other} ->
            _ = gen_tcp:close(Sock),
            refused(Name, {unexpected, Other});
        {error, Why} ->
            _ = gen_tcp:close(Sock),
            refused(Name, Why)
    end.

refused(Name, Why) ->
    bump({open, Name}, -1),
    bump({refusals, Name}, 1),
    bump({refusal_reasons, reason_name(Why)}, 1),
    Next = receive stop -> stop after ?REFUSAL_BACKOFF_MS + rand:uniform(?RECONNECT_JITTER_MS) -> retry end,
    case Next of
        stop -> ok;
        retry -> connect(first)
    end.

connected(Name, Sock) ->
    receive
        {tcp, Sock, _} ->
            ok = inet:setopts(Sock, [{active, once}]),
            connected(Name, Sock);
        {tcp_closed, Sock} ->
            shed(Name);
        {tcp_error, Sock, _} ->
            _ = gen_tcp:close(Sock),
            shed(Name);
        stop ->
            _ = gen_tcp:close(Sock),
            bump({open, Name}, -1)
    end.

shed(Name) ->
    bump({open, Name}, -1),
    bump({sheds, Name}, 1),
    receive
        stop -> ok
    after rand:uniform(?RECONNECT_JITTER_MS) ->
        connect(reconnect)
    end.

%% One process picks for every client, so that a pick and the count it adds are one step:
%% concurrent clients never both take the same least-loaded endpoint.
balance() ->
    receive
        {pick, Client, Ref} ->
            Client ! {Ref, least_connections()},
            balance()
    end.

%% The endpoint with the fewest open connections (ties broken at random), counted as open
%% from now on; `none' when no endpoint is ready.
least_connections() ->
    case ets:lookup_element(?COUNTERS, endpoints, 2) of
        [] ->
            none;
        Endpoints ->
            Loads = [{counter({open, Name}), rand:uniform(), Endpoint} || {Name, _} = Endpoint <- Endpoints],
            {_, _, {Name, _} = Least} = lists:min(Loads),
            bump({open, Name}, 1),
            Least
    end.

%%% Counters

bump(Key, By) ->
    _ = ets:update_counter(?COUNTERS, Key, By, {Key, 0}),
    ok.

count(_Key, false) -> ok;
count(Key, true) -> bump(Key, 1).

counter(Key) ->
    case ets:lookup(?COUNTERS, Key) of
        [{_, N}] -> N;
        [] -> 0
    end.

counters(Clients) ->
    Empty = #{open => #{}, connects => #{}, refusals => #{}, sheds => #{}, refusal_reasons => #{}},
    ByEndpoint = ets:foldl(fun({{Kind, Name}, N}, Acc) ->
                                   maps:update_with(Kind, fun(M) -> M#{Name => N} end, Acc);
                              (_, Acc) ->
                                   Acc
                           end, Empty, ?COUNTERS),
    ByEndpoint#{clients => Clients,
                waiting => counter(waiting),
                reconnects => counter(reconnects)}.

reason_name(Why) when is_atom(Why) -> atom_to_binary(Why);
reason_name({unexpected, _}) -> <<"unexpected_reply">>;
reason_name(_) -> <<"other">>.

valid_endpoint({Name, Port}) ->
    is_binary(Name) andalso is_integer(Port) andalso Port > 0 andalso Port < 65536;
valid_endpoint(_) ->
    false.

halt_on_eof() ->
    case io:get_line('') of
        eof -> erlang:halt(0);
        {error, _} -> erlang:halt(0);
        _ -> halt_on_eof()
    end.
