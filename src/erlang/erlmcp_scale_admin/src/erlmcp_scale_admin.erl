%% @doc The agent's public API, called by the erlmcp autoscaler as a hidden node through
%% `rpc:call(Node, erlmcp_scale_admin, Function, Args)'.
%%
%% Every function returns `{ok, Map}' (atom keys) or `{error, Reason}' and never raises:
%% arguments are checked here (see `erlmcp_scale_admin_args' for the reasons), and a
%% stopped or busy agent gives `{error, not_running}' or `{error, timeout}'.
-module(erlmcp_scale_admin).

-export([status/0, connection_count/0]).
-export([subscribe/2, unsubscribe/1]).
-export([begin_drain/1, end_drain/0]).
-export([shed/1, shed_status/1, cancel_shed/1]).
-export([leave_cluster/1, join_cluster/1]).
-export([add_listener/3, remove_listener/1, listeners/0, readiness_port/0]).

-define(SERVER, erlmcp_scale_admin_server).
-define(CALL_TIMEOUT_MS, 5000).
%% A cancel waits for the close in progress, which may be a slow connection's terminate.
-define(CANCEL_TIMEOUT_MS, 30000).
-define(LEAVE_POLL_MS, 20).

-type result() :: {ok, map()} | {error, term()}.

%% @doc `#{node, state, ready, accepting, connections, limit, cluster_nodes, listeners,
%% subscribers, shed => #{running => [JobId], remaining}}'.
-spec status() -> result().
status() ->
    call(status).

%% @doc `#{total, by_listener => #{Name => N}, unavailable => [Name], limit, accepting,
%% ts_ms}'; ts_ms is the node's wall clock in milliseconds since the epoch.
-spec connection_count() -> result().
connection_count() ->
    call(connection_count).

%% @doc Pushes `{erlmcp_scale_admin, connections, Node, Total, TsMs}' to Pid now and
%% whenever the total changes, at most once per `min_interval_ms' (default 1000), until
%% Pid exits, its node disconnects, or unsubscribe/1. Subscribing again changes the
%% interval. Changes are seen at the poll interval (env `poll_interval_ms').
-spec subscribe(pid(), map()) -> result().
subscribe(Pid, Opts) ->
    with(erlmcp_scale_admin_args:subscribe(Pid, Opts),
         fun({_, #{min_interval_ms := Interval}}) -> call({subscribe, Pid, Interval}) end).

%% @doc `#{subscribed => boolean()}' (whether Pid was subscribed).
-spec unsubscribe(pid()) -> result().
unsubscribe(Pid) when is_pid(Pid) ->
    call({unsubscribe, Pid});
unsubscribe(Pid) ->
    {error, {badarg, pid, Pid}}.

%% @doc Readiness turns false at once; after `health_check_wait_ms' the listeners stop
%% accepting; the state is `draining', then `drained' once no connection is left.
%% Idempotent: a drain in progress is not restarted. Returns the status map.
-spec begin_drain(map()) -> result().
begin_drain(Opts) ->
    with(erlmcp_scale_admin_args:begin_drain(Opts),
         fun(#{health_check_wait_ms := Wait}) -> call({begin_drain, Wait}) end).

%% @doc Undoes a drain (or a leave): listeners accept again, readiness is true, state
%% `serving', joins are allowed again. Returns the status map.
-spec end_drain() -> result().
end_drain() ->
    call(end_drain).

%% @doc Starts closing `count' connections at no more than `rate_per_s' (spread evenly
%% over each second); `reason' (atom, binary or string) is logged. `#{job => JobId}'.
-spec shed(map()) -> result().
shed(Opts) ->
    with(erlmcp_scale_admin_args:shed(Opts),
         fun(#{count := Count, rate_per_s := Rate, reason := Reason}) ->
                 call({shed, Count, Rate, Reason})
         end).

%% @doc `#{job, state => running | done | cancelled, requested, closed, remaining,
%% rate_per_s, reason, started_ms}' plus `finished_ms' once finished. A job that is `done'
%% with `remaining' > 0 ran out of connections to close.
-spec shed_status(pos_integer()) -> result().
shed_status(JobId) ->
    with(erlmcp_scale_admin_args:job_id(JobId), fun(ok) -> call({shed_status, JobId}) end).

%% @doc Stops a running job after the close in progress and returns its final status
%% (a finished job's status is returned unchanged).
-spec cancel_shed(pos_integer()) -> result().
cancel_shed(JobId) ->
    with(erlmcp_scale_admin_args:job_id(JobId),
         fun(ok) -> call({cancel_shed, JobId}, ?CANCEL_TIMEOUT_MS) end).

%% @doc Disconnects from every visible peer node on purpose and sets the state to
%% `leaving', in which reconnecting peers are disconnected again and join_cluster/1 is
%% refused (end_drain/0 lifts it). Waits up to `timeout_ms' (default 5000) for the node
%% list to empty. `#{state => leaving, disconnected => [Node], remaining => [Node]}'.
-spec leave_cluster(map()) -> result().
leave_cluster(Opts) ->
    with(erlmcp_scale_admin_args:leave_cluster(Opts),
         fun(#{timeout_ms := Timeout}) ->
                 case call(leave_cluster) of
                     {ok, #{disconnected := Peers}} ->
                         Deadline = erlang:monotonic_time(millisecond) + Timeout,
                         {ok, #{state => leaving, disconnected => Peers,
                                remaining => wait_alone(Deadline)}};
                     Error ->
                         Error
                 end
         end).

%% @doc `net_kernel:connect_node/1' to each of `seeds' (node name atoms), one after the
%% other: `#{connected => [Node], failed => [Node]}'. Refused while leaving.
-spec join_cluster(map()) -> result().
join_cluster(Opts) ->
    with(erlmcp_scale_admin_args:join_cluster(Opts),
         fun(#{seeds := Seeds}) ->
                 case {is_alive(), call(join_permitted)} of
                     {false, _} -> {error, not_distributed};
                     {true, ok} -> {ok, connect(Seeds)};
                     {true, Error} -> Error
                 end
         end).

%% @doc Registers a listener at run time (see `erlmcp_scale_admin_listener'); during a
%% drain it is suspended at once. `#{listeners => [Name]}'.
-spec add_listener(atom(), module(), term()) -> result().
add_listener(Name, Module, Handle) ->
    case erlmcp_scale_admin_listener:validate(Name, Module, Handle) of
        ok -> call({add_listener, Name, Module, Handle});
        Error -> Error
    end.

%% @doc Stops tracking a listener (its accepting state is left as it is).
-spec remove_listener(atom()) -> result().
remove_listener(Name) when is_atom(Name) ->
    call({remove_listener, Name});
remove_listener(Name) ->
    {error, {badarg, name, Name}}.

%% @doc `#{listeners => [#{name, module, info}]}'.
-spec listeners() -> result().
listeners() ->
    call(listeners).

%% @doc `#{port => Port}' of the readiness endpoint, or `{error, disabled}'.
-spec readiness_port() -> result().
readiness_port() ->
    try erlmcp_scale_admin_readiness:port() of
        {ok, Port} -> {ok, #{port => Port}};
        Error -> Error
    catch
        exit:{timeout, _} -> {error, timeout}
    end.

%%% Internals

with({error, _} = Error, _Fun) -> Error;
with({ok, Checked}, Fun) -> Fun(Checked);
with(ok, Fun) -> Fun(ok).

call(Request) ->
    call(Request, ?CALL_TIMEOUT_MS).

call(Request, Timeout) ->
    try
        gen_server:call(?SERVER, Request, Timeout)
    catch
        exit:{noproc, _} -> {error, not_running};
        exit:{timeout, _} -> {error, timeout};
        exit:{Reason, _} -> {error, {agent_failed, Reason}}
    end.

connect(Seeds) ->
    {Connected, Failed} = lists:partition(fun(Seed) -> net_kernel:connect_node(Seed) =:= true end,
                                          Seeds),
    #{connected => Connected, failed => Failed}.

wait_alone(Deadline) ->
    case nodes() of
        [] ->
            [];
        Remaining ->
            case erlang:monotonic_time(millisecond) >= Deadline of
                true -> Remaining;
                false -> timer:sleep(?LEAVE_POLL_MS), wait_alone(Deadline)
            end
    end.
