%% @doc A plain gen_tcp listener and its `erlmcp_scale_admin_listener' adapter.
%%
%% The listener process owns the listen socket and is the parent of every connection: each
%% connection is an owner process linked to it that echoes what the client sends, so a
%% client can check that its connection is alive. One owner at a time waits in accept/1;
%% when it gets a client it tells the listener, which starts the next one. Suspending closes
%% the listen socket (new clients get "connection refused", as with a suspended ranch
%% listener); resuming listens again on the same port. Closing a connection kills its owner
%% with reason `shutdown', which closes the socket.
%%
%% The adapter's handle is the listener's pid or registered name.
-module(erlmcp_scale_admin_gen_tcp).
-behaviour(gen_server).
-behaviour(erlmcp_scale_admin_listener).

-export([start_link/1, start/1, stop/1, port/1]).
-export([count/1, suspend/1, resume/1, close/2, info/1]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2, terminate/2]).

-type opts() :: #{port => inet:port_number(), ip => inet:ip_address(), name => atom()}.
-export_type([opts/0]).

-record(state, {
    ip :: inet:ip_address(),
    port :: inet:port_number(),
    lsock :: gen_tcp:socket() | undefined,
    acceptor :: pid() | undefined,
    conns = #{} :: #{pid() => true}
}).

%%% Starting and stopping

%% @doc Starts a listener linked to the caller. `port' 0 (the default) picks a free port.
-spec start_link(opts()) -> {ok, pid()} | {error, term()}.
start_link(Opts) ->
    start(start_link, Opts).

%% @doc Starts a listener that outlives the caller (for shells and test nodes).
-spec start(opts()) -> {ok, pid()} | {error, term()}.
start(Opts) ->
    start(start, Opts).

start(How, Opts) when is_map(Opts) ->
    case maps:get(name, Opts, undefined) of
        undefined -> gen_server:How(?MODULE, Opts, []);
        Name when is_atom(Name) -> gen_server:How({local, Name}, ?MODULE, Opts, [])
    end.

-spec stop(pid() | atom()) -> ok.
stop(Listener) ->
    gen_server:stop(Listener).

%% @doc The port the listener is bound to (the real one when it was started with port 0).
-spec port(pid() | atom()) -> inet:port_number().
port(Listener) ->
    gen_server:call(Listener, port).

%%% erlmcp_scale_admin_listener callbacks

count(Listener) -> gen_server:call(Listener, count).
suspend(Listener) -> gen_server:call(Listener, suspend).
resume(Listener) -> gen_server:call(Listener, resume).
close(Listener, N) -> gen_server:call(Listener, {close, N}).
info(Listener) -> gen_server:call(Listener, info).

%%% gen_server callbacks

init(Opts) ->
    process_flag(trap_exit, true),
    Ip = maps:get(ip, Opts, {0, 0, 0, 0}),
    case listen(Ip, maps:get(port, Opts, 0)) of
        {ok, LSock} ->
            {ok, Port} = inet:port(LSock),
            {ok, start_acceptor(#state{ip = Ip, port = Port, lsock = LSock})};
        {error, Why} ->
            {stop, {listen_failed, Why}}
    end.

handle_call(port, _From, State) ->
    {reply, State#state.port, State};
handle_call(count, _From, State) ->
    {reply, map_size(State#state.conns), State};
handle_call(suspend, _From, #state{lsock = undefined} = State) ->
    {reply, ok, State};
handle_call(suspend, _From, #state{lsock = LSock} = State) ->
    %% The waiting owner's accept returns {error, closed} and it exits normally.
    ok = gen_tcp:close(LSock),
    {reply, ok, State#state{lsock = undefined, acceptor = undefined}};
handle_call(resume, _From, #state{lsock = undefined, ip = Ip, port = Port} = State) ->
    case listen(Ip, Port) of
        {ok, LSock} -> {reply, ok, start_acceptor(State#state{lsock = LSock})};
        {error, Why} -> {reply, {error, {listen_failed, Why}}, State}
    end;
handle_call(resume, _From, State) ->
    {reply, ok, State};
handle_call({close, N}, _From, #state{conns = Conns} = State) when is_integer(N), N > 0 ->
    Victims = lists:sublist(maps:keys(Conns), N),
    lists:foreach(fun(Pid) -> exit(Pid, shutdown) end, Victims),
    {reply, length(Victims), State#state{conns = maps:without(Victims, Conns)}};
handle_call(info, _From, State) ->
    {reply, #{port => State#state.port,
              accepting => State#state.lsock =/= undefined,
              connections => map_size(State#state.conns)}, State};
handle_call(Request, _From, State) ->
    {reply, {error, {unknown_request, Request}}, State}.

handle_cast(_Msg, State) ->
    {noreply, State}.

handle_info({accepted, Pid}, #state{conns = Conns} = State) ->
    %% An owner that accepted just before a suspend closed the listen socket is no longer
    %% the current acceptor, but its client is connected all the same.
    State1 = State#state{conns = Conns#{Pid => true}},
    case State#state.acceptor of
        Pid -> {noreply, start_acceptor(State1)};
        _ -> {noreply, State1}
    end;
handle_info({'EXIT', Pid, _Why}, #state{acceptor = Pid} = State) ->
    %% The waiting owner failed in accept (e.g. out of file descriptors): wait for the next
    %% client with a fresh one.
    {noreply, start_acceptor(State#state{acceptor = undefined})};
handle_info({'EXIT', Pid, _Why}, #state{conns = Conns} = State) ->
    {noreply, State#state{conns = maps:remove(Pid, Conns)}};
handle_info(_Msg, State) ->
    {noreply, State}.

terminate(_Why, State) ->
    %% Owners are linked and do not trap exits: they and their sockets go with us.
    case State#state.lsock of
        undefined -> ok;
        LSock -> gen_tcp:close(LSock)
    end.

%%% Internals

listen(Ip, Port) ->
    gen_tcp:listen(Port, [binary, {ip, Ip}, {active, false}, {reuseaddr, true},
                          {backlog, 1024}]).

start_acceptor(#state{lsock = undefined} = State) ->
    State;
start_acceptor(#state{lsock = LSock} = State) ->
    Listener = self(),
    Pid = spawn_link(fun() -> accept(Listener, LSock) end),
    State#state{acceptor = Pid}.

accept(Listener, LSock) ->
    case gen_tcp:accept(LSock) of
        {ok, Sock} ->
            Listener ! {accepted, self()},
            echo(Sock);
        {error, closed} ->
            ok;
        {error, Why} ->
            exit({accept_failed, Why})
    end.

echo(Sock) ->
    case inet:setopts(Sock, [{active, once}]) of
        ok -> echo_next(Sock);
        {error, _} -> ok
    end.

echo_next(Sock) ->
    receive
        {tcp, Sock, Data} ->
            _ = gen_tcp:send(Sock, Data),
            echo(Sock);
        {tcp_closed, Sock} ->
            ok;
        {tcp_error, Sock, _} ->
            ok
    end.
