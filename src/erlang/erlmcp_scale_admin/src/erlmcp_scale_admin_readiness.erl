%% @doc The HTTP endpoint of the Kubernetes probes, on gen_tcp (no inets needed):
%%   GET /ready   200 while the node serves, 503 from the moment a drain begins (and while
%%                drained or leaving); the body names the phase.
%%   GET /healthz 200 as long as the node runs.
%%   GET /phase   200 with the phase (serving, draining, drained, leaving) for scripts such
%%                as the preStop hook, whose HTTP client may hide the body of a 503.
%% HEAD is answered like GET without a body; other paths get 404, other methods 405.
%% Each request gets its own process, so a slow client cannot hold up the probes.
-module(erlmcp_scale_admin_readiness).
-behaviour(gen_server).

-export([start_link/1, port/0]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2]).

%% A probe client that has not sent its request in this time is dropped.
-define(REQUEST_TIMEOUT_MS, 5000).
-define(MAX_HEADERS, 100).

-record(state, {lsock :: gen_tcp:socket(), port :: inet:port_number(), acceptor :: pid()}).

%% @doc Port 0 or `ephemeral' binds a free port (read it back with port/0).
-spec start_link(#{port := inet:port_number() | ephemeral, ip := inet:ip_address()}) ->
          {ok, pid()} | {error, term()}.
start_link(Opts) ->
    gen_server:start_link({local, ?MODULE}, ?MODULE, Opts, []).

%% @doc The bound port, or `{error, disabled}' when the endpoint is not running.
-spec port() -> {ok, inet:port_number()} | {error, disabled}.
port() ->
    try
        {ok, gen_server:call(?MODULE, port)}
    catch
        exit:{noproc, _} -> {error, disabled}
    end.

init(#{port := Port0, ip := Ip}) ->
    process_flag(trap_exit, true),
    Port = case Port0 of ephemeral -> 0; _ -> Port0 end,
    case gen_tcp:listen(Port, [binary, {ip, Ip}, {active, false}, {reuseaddr, true},
                               {packet, http_bin}]) of
        {ok, LSock} ->
            {ok, Bound} = inet:port(LSock),
            {ok, #state{lsock = LSock, port = Bound, acceptor = start_acceptor(LSock)}};
        {error, Why} ->
            {stop, {readiness_listen_failed, Port, Why}}
    end.

handle_call(port, _From, State) ->
    {reply, State#state.port, State};
handle_call(_Request, _From, State) ->
    {reply, {error, unknown_request}, State}.

handle_cast(_Msg, State) ->
    {noreply, State}.

handle_info({'EXIT', Pid, Why}, #state{acceptor = Pid} = State) ->
    {stop, {acceptor_exited, Why}, State};
handle_info(_Msg, State) ->
    {noreply, State}.

%%% Accepting and answering

start_acceptor(LSock) ->
    spawn_link(fun() -> accept_loop(LSock) end).

accept_loop(LSock) ->
    case gen_tcp:accept(LSock) of
        {ok, Sock} ->
            Handler = spawn(fun() -> receive {go, S} -> answer(S) end end),
            case gen_tcp:controlling_process(Sock, Handler) of
                ok -> Handler ! {go, Sock};
                {error, _} -> exit(Handler, kill), gen_tcp:close(Sock)
            end,
            accept_loop(LSock);
        {error, Why} when Why =:= econnaborted; Why =:= emfile; Why =:= enfile ->
            %% The client gave up or the node is out of descriptors: keep serving.
            accept_loop(LSock);
        {error, Why} ->
            exit({accept_failed, Why})
    end.

answer(Sock) ->
    {Method, Response} = case read_request(Sock) of
                             {ok, M, Path} -> {M, respond(M, Path)};
                             {error, _} -> {undefined, {400, <<"bad request\n">>, []}}
                         end,
    send(Sock, Response, Method =:= 'HEAD'),
    gen_tcp:close(Sock).

read_request(Sock) ->
    case gen_tcp:recv(Sock, 0, ?REQUEST_TIMEOUT_MS) of
        {ok, {http_request, Method, {abs_path, Target}, _Version}} ->
            case skip_headers(Sock, ?MAX_HEADERS) of
                ok -> {ok, Method, path(Target)};
                Error -> Error
            end;
        {ok, Other} -> {error, {unexpected, Other}};
        {error, _} = Error -> Error
    end.

skip_headers(_Sock, 0) ->
    {error, too_many_headers};
skip_headers(Sock, Left) ->
    case gen_tcp:recv(Sock, 0, ?REQUEST_TIMEOUT_MS) of
        {ok, http_eoh} -> ok;
        {ok, {http_header, _, _, _, _}} -> skip_headers(Sock, Left - 1);
        {ok, Other} -> {error, {unexpected, Other}};
        {error, _} = Error -> Error
    end.

path(Target) ->
    hd(binary:split(Target, <<"?">>)).

respond(Method, Path) when Method =:= 'GET'; Method =:= 'HEAD' ->
    case Path of
        <<"/ready">> ->
            case erlmcp_scale_admin_server:phase() of
                serving -> {200, <<"serving\n">>, []};
                Phase -> {503, <<(atom_to_binary(Phase))/binary, "\n">>, []}
            end;
        <<"/healthz">> -> {200, <<"ok\n">>, []};
        <<"/phase">> -> {200, <<(atom_to_binary(erlmcp_scale_admin_server:phase()))/binary, "\n">>, []};
        _ -> {404, <<"not found\n">>, []}
    end;
respond(_Method, _Path) ->
    {405, <<"method not allowed\n">>, [<<"Allow: GET, HEAD\r\n">>]}.

send(Sock, {Code, Body, ExtraHeaders}, HeadOnly) ->
    _ = inet:setopts(Sock, [{packet, raw}]),
    _ = gen_tcp:send(Sock, [<<"HTTP/1.1 ">>, integer_to_binary(Code), $\s, reason(Code),
                            <<"\r\nContent-Type: text/plain\r\nContent-Length: ">>,
                            integer_to_binary(byte_size(Body)),
                            <<"\r\nConnection: close\r\n">>, ExtraHeaders, <<"\r\n">>,
                            case HeadOnly of true -> <<>>; false -> Body end]),
    ok.

reason(200) -> <<"OK">>;
reason(400) -> <<"Bad Request">>;
reason(404) -> <<"Not Found">>;
reason(405) -> <<"Method Not Allowed">>;
reason(503) -> <<"Service Unavailable">>.
