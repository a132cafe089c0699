%% @doc A connection process shaped like erlmcp_transport_tcp's: a gen_server that traps
%% exits and ignores EXIT messages it does not expect. It tells its owner when its
%% terminate/2 runs.
-module(erlmcp_scale_admin_fake_conn).
-behaviour(gen_server).

-export([start/1]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2, terminate/2]).

start(Owner) ->
    gen_server:start(?MODULE, Owner, []).

init(Owner) ->
    process_flag(trap_exit, true),
    {ok, Owner}.

handle_call(ping, _From, Owner) ->
    {reply, pong, Owner}.

handle_cast(_Msg, Owner) ->
    {noreply, Owner}.

handle_info(_Ignored, Owner) ->
    {noreply, Owner}.

terminate(Reason, Owner) ->
    Owner ! {terminated, self(), Reason},
    ok.
