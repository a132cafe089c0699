%% @doc Supervises the shed jobs; a job that stops is not restarted (the server records its
%% outcome and the caller decides whether to shed again).
-module(erlmcp_scale_admin_shed_sup).
-behaviour(supervisor).

-export([start_link/0]).
-export([init/1]).

-spec start_link() -> {ok, pid()} | {error, term()}.
start_link() ->
    supervisor:start_link({local, ?MODULE}, ?MODULE, []).

init([]) ->
    {ok, {#{strategy => simple_one_for_one, intensity => 10, period => 10},
          [#{id => erlmcp_scale_admin_shed,
             start => {erlmcp_scale_admin_shed, start_link, []},
             restart => temporary}]}}.
