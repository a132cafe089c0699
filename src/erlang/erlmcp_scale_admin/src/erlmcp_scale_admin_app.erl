%% @doc Application callback: checks the environment, then starts the supervision tree.
-module(erlmcp_scale_admin_app).
-behaviour(application).

-export([start/2, stop/1]).

start(_Type, _Args) ->
    case erlmcp_scale_admin_args:env(application:get_all_env(erlmcp_scale_admin)) of
        {ok, Env} -> erlmcp_scale_admin_sup:start_link(Env);
        {error, Why} -> {error, {bad_env, Why}}
    end.

stop(_State) ->
    ok.
