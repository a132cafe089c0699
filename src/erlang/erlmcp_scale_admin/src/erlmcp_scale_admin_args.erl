%% @doc Checks the option maps of the public API and the application environment, so bad
%% input is refused with a reason naming the field before it reaches any process.
%%
%% Reasons: `{badarg, Field, Value}' (the value of Field is wrong; Field is `options' when
%% the argument is not a map at all), `{missing, Field}' (a required key is absent) and
%% `{unknown_option, Key}' (a key the call does not take, often a binary or a typo).
-module(erlmcp_scale_admin_args).

-export([subscribe/2, begin_drain/1, shed/1, leave_cluster/1, join_cluster/1, job_id/1]).
-export([env/1]).

-type reason() :: {badarg, atom(), term()} | {missing, atom()} | {unknown_option, term()}.
-export_type([reason/0]).

-define(DEFAULT_MIN_INTERVAL_MS, 1000).
-define(DEFAULT_LEAVE_TIMEOUT_MS, 5000).
-define(DEFAULT_SHED_REASON, <<"shed">>).
%% One day: long enough for any wait an operator means, short enough to catch unit mistakes.
-define(MAX_WAIT_MS, 86400000).

%% Each spec lists the keys a call takes: {Key, Check, required | {default, Value}}.

-spec subscribe(term(), term()) -> {ok, {pid(), map()}} | {error, reason()}.
subscribe(Pid, Opts) when is_pid(Pid) ->
    case options(Opts, [{min_interval_ms, fun wait_ms/1, {default, ?DEFAULT_MIN_INTERVAL_MS}}]) of
        {ok, Checked} -> {ok, {Pid, Checked}};
        Error -> Error
    end;
subscribe(Pid, _Opts) ->
    {error, {badarg, pid, Pid}}.

-spec begin_drain(term()) -> {ok, map()} | {error, reason()}.
begin_drain(Opts) ->
    options(Opts, [{health_check_wait_ms, fun wait_ms/1, required}]).

-spec shed(term()) -> {ok, map()} | {error, reason()}.
shed(Opts) ->
    options(Opts, [{count, fun pos_integer/1, required},
                   {rate_per_s, fun rate/1, required},
                   {reason, fun reason/1, {default, ?DEFAULT_SHED_REASON}}]).

-spec leave_cluster(term()) -> {ok, map()} | {error, reason()}.
leave_cluster(Opts) ->
    options(Opts, [{timeout_ms, fun wait_ms/1, {default, ?DEFAULT_LEAVE_TIMEOUT_MS}}]).

-spec join_cluster(term()) -> {ok, map()} | {error, reason()}.
join_cluster(Opts) ->
    options(Opts, [{seeds, fun seeds/1, required}]).

-spec job_id(term()) -> ok | {error, reason()}.
job_id(Id) when is_integer(Id), Id > 0 -> ok;
job_id(Id) -> {error, {badarg, job, Id}}.

%% @doc The checked application environment, or the first bad key.
-spec env([{atom(), term()}]) -> {ok, map()} | {error, reason()}.
env(Env) ->
    Known = [{listeners, fun listeners/1, {default, []}},
             {max_connections, fun pos_integer/1, {default, 25000}},
             {readiness_port, fun readiness_port/1, {default, 9091}},
             {readiness_ip, fun ip/1, {default, {0, 0, 0, 0}}},
             {poll_interval_ms, fun poll_interval/1, {default, 500}}],
    %% Other keys (included_applications...) belong to the application controller.
    KnownKeys = [K || {K, _, _} <- Known],
    options(maps:with(KnownKeys, maps:from_list(Env)), Known).

%%% Internals

options(Opts, Spec) when is_map(Opts) ->
    Keys = [K || {K, _, _} <- Spec],
    case [K || K <- maps:keys(Opts), not lists:member(K, Keys)] of
        [Unknown | _] -> {error, {unknown_option, Unknown}};
        [] -> check(Spec, Opts, #{})
    end;
options(Opts, _Spec) ->
    {error, {badarg, options, Opts}}.

check([], _Opts, Acc) ->
    {ok, Acc};
check([{Key, Check, Presence} | Rest], Opts, Acc) ->
    case {maps:find(Key, Opts), Presence} of
        {{ok, Value}, _} ->
            case Check(Value) of
                true -> check(Rest, Opts, Acc#{Key => Value});
                false -> {error, {badarg, Key, Value}}
            end;
        {error, required} ->
            {error, {missing, Key}};
        {error, {default, Default}} ->
            check(Rest, Opts, Acc#{Key => Default})
    end.

pos_integer(V) -> is_integer(V) andalso V > 0.

wait_ms(V) -> is_integer(V) andalso V >= 0 andalso V =< ?MAX_WAIT_MS.

poll_interval(V) -> is_integer(V) andalso V >= 10 andalso V =< 60000.

%% Connections per second; a float allows slow sheds such as 0.5/s. The upper bound keeps
%% a typo (a count given as the rate) from becoming a stampede.
rate(V) -> is_number(V) andalso V > 0 andalso V =< 100000.

reason(V) -> is_atom(V) orelse is_binary(V) orelse io_lib:printable_unicode_list(V).

seeds(V) -> is_list(V) andalso V =/= [] andalso lists:all(fun is_node_name/1, V).

is_node_name(V) ->
    is_atom(V) andalso length(string:split(atom_to_list(V), "@", all)) =:= 2.

readiness_port(V) -> V =:= ephemeral orelse (is_integer(V) andalso V >= 0 andalso V =< 65535).

ip(V) ->
    case inet:ntoa(V) of
        {error, _} -> false;
        _ -> true
    end.

listeners(V) -> is_list(V) andalso lists:all(fun listener/1, V).

listener({Name, Module, _Handle}) -> is_atom(Name) andalso is_atom(Module);
listener(_) -> false.
