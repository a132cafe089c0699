%% @doc Top supervisor. rest_for_one, in this order: the shed job supervisor, the server
%% (jobs are linked to it, so they never outlive the state that tracks them), then the
%% readiness endpoint (restarted alone if it fails, leaving the drain state intact).
-module(erlmcp_scale_admin_sup).
-behaviour(supervisor).

-export([start_link/1]).
-export([init/1]).

-spec start_link(map()) -> {ok, pid()} | {error, term()}.
start_link(Env) ->
    supervisor:start_link({local, ?MODULE}, ?MODULE, Env).

init(#{readiness_port := ReadinessPort, readiness_ip := ReadinessIp} = Env) ->
    Readiness = case ReadinessPort of
                    0 -> [];
                    _ -> [worker(erlmcp_scale_admin_readiness,
                                 #{port => ReadinessPort, ip => ReadinessIp})]
                end,
    Children = [#{id => erlmcp_scale_admin_shed_sup,
                  start => {erlmcp_scale_admin_shed_sup, start_link, []},
                  type => supervisor},
                worker(erlmcp_scale_admin_server, Env)
                | Readiness],
    {ok, {#{strategy => rest_for_one, intensity => 5, period => 10}, Children}}.

worker(Module, Arg) ->
    #{id => Module, start => {Module, start_link, [Arg]}}.
