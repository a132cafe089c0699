%% @doc The behaviour every listener adapter implements, and the guarded calls the agent
%% makes through it.
%%
%% A listener is registered as `{Name, Module, Handle}': `Module' implements this behaviour
%% and `Handle' is whatever the adapter needs to reach the listener (a ranch ref, a pid...).
%% The agent never lets an adapter's crash reach its own state: every call goes through the
%% guarded functions below, which turn an exception into `{error, Reason}'.
-module(erlmcp_scale_admin_listener).

-export([count/2, suspend/2, resume/2, close/3, info/2]).
-export([validate/3]).

-export_type([name/0, handle/0]).

-type name() :: atom().
-type handle() :: term().

%% Number of open client connections.
-callback count(Handle :: handle()) -> non_neg_integer().
%% Stop accepting new connections; open ones stay. Idempotent.
-callback suspend(Handle :: handle()) -> ok | {error, term()}.
%% Accept new connections again. Idempotent.
-callback resume(Handle :: handle()) -> ok | {error, term()}.
%% Close up to N open connections; returns how many were closed.
-callback close(Handle :: handle(), N :: pos_integer()) -> non_neg_integer().
%% Adapter-specific facts for operators (port, status...).
-callback info(Handle :: handle()) -> map().

-optional_callbacks([info/1]).

-define(CALLBACKS, [{count, 1}, {suspend, 1}, {resume, 1}, {close, 2}]).

%% @doc Checks that a listener registration is well formed and that its module implements
%% the behaviour (it is loaded on the way).
-spec validate(term(), term(), term()) -> ok | {error, term()}.
validate(Name, _Module, _Handle) when not is_atom(Name) ->
    {error, {badarg, name, Name}};
validate(_Name, Module, _Handle) when not is_atom(Module) ->
    {error, {badarg, module, Module}};
validate(_Name, Module, _Handle) ->
    case code:ensure_loaded(Module) of
        {module, Module} ->
            Missing = [F || F = {Fun, Arity} <- ?CALLBACKS,
                            not erlang:function_exported(Module, Fun, Arity)],
            case Missing of
                [] -> ok;
                _ -> {error, {badarg, module, {Module, {missing_callbacks, Missing}}}}
            end;
        {error, Why} ->
            {error, {badarg, module, {Module, Why}}}
    end.

-spec count(module(), handle()) -> {ok, non_neg_integer()} | {error, term()}.
count(Module, Handle) ->
    guard(fun() ->
                  case Module:count(Handle) of
                      N when is_integer(N), N >= 0 -> {ok, N};
                      Other -> {error, {bad_count, Other}}
                  end
          end).

-spec suspend(module(), handle()) -> ok | {error, term()}.
suspend(Module, Handle) ->
    guard(fun() -> ok_or_error(Module:suspend(Handle)) end).

-spec resume(module(), handle()) -> ok | {error, term()}.
resume(Module, Handle) ->
    guard(fun() -> ok_or_error(Module:resume(Handle)) end).

-spec close(module(), handle(), pos_integer()) -> {ok, non_neg_integer()} | {error, term()}.
close(Module, Handle, N) ->
    guard(fun() ->
                  case Module:close(Handle, N) of
                      Closed when is_integer(Closed), Closed >= 0 -> {ok, Closed};
                      Other -> {error, {bad_close_result, Other}}
                  end
          end).

-spec info(module(), handle()) -> map().
info(Module, Handle) ->
    case erlang:function_exported(Module, info, 1) of
        false -> #{};
        true ->
            case guard(fun() -> {ok, Module:info(Handle)} end) of
                {ok, Info} when is_map(Info) -> Info;
                {ok, Other} -> #{error => {bad_info, Other}};
                {error, Why} -> #{error => Why}
            end
    end.

ok_or_error(ok) -> ok;
ok_or_error({error, _} = Error) -> Error;
ok_or_error(Other) -> {error, {unexpected_return, Other}}.

guard(Fun) ->
    try
        Fun()
    catch
        Class:Reason -> {error, {Class, Reason}}
    end.
