%% @doc `erlmcp_scale_admin_listener' adapter for ranch 2.x listeners (erlmcp's TCP
%% transport and its cowboy HTTP, WebSocket and SSE listeners). The handle is the ranch ref.
%%
%% ranch is called by module name at run time, so this adapter compiles and loads without
%% ranch; it is only exercised inside a release that runs ranch.
%%
%% Closing a connection: `sys:terminate(Pid, shutdown, Timeout)', falling back to
%% `exit(Pid, kill)' when the process does not stop in time. A plain `exit(Pid, shutdown)'
%% would do nothing to erlmcp's TCP connection processes: they trap exits and ignore EXIT
%% messages that do not come from their socket, so the signal would be a silent no-op. The
%% system message is understood by every gen_server, gen_statem and cowboy connection
%% process, runs their terminate/2 (erlmcp's releases its connection-limiter slot and closes
%% the socket there) and exits them with reason `shutdown', which ranch's connection
%% supervisor treats as a normal stop.
-module(erlmcp_scale_admin_ranch).
-behaviour(erlmcp_scale_admin_listener).

-export([count/1, suspend/1, resume/1, close/2, info/1]).
-export([stop_connection/2]).

%% How long one connection process gets to run its terminate/2.
-define(CLOSE_TIMEOUT_MS, 5000).

count(Ref) ->
    length(ranch:procs(Ref, connections)).

suspend(Ref) ->
    ranch:suspend_listener(Ref).

resume(Ref) ->
    ranch:resume_listener(Ref).

close(Ref, N) ->
    Victims = lists:sublist(ranch:procs(Ref, connections), N),
    length([Pid || Pid <- Victims, stop_connection(Pid, ?CLOSE_TIMEOUT_MS)]).

info(Ref) ->
    #{status => ranch:get_status(Ref),
      port => ranch:get_port(Ref),
      max_connections => ranch:get_max_connections(Ref)}.

%% @doc Stops one connection process as described in the module doc: true when this call
%% stopped it, false when it was already gone. A process that handles the request exits
%% without replying, so the usual outcome is an exit carrying its exit reason (`shutdown').
-spec stop_connection(pid(), timeout()) -> boolean().
stop_connection(Pid, TimeoutMs) ->
    try sys:terminate(Pid, shutdown, TimeoutMs) of
        ok -> true
    catch
        exit:{noproc, _} -> false;
        exit:{timeout, _} -> exit(Pid, kill), true;
        exit:{_ExitReason, _} -> true
    end.
