%% @doc join_cluster, leave_cluster and remote subscribers between real nodes started with
%% OTP's peer module. The test VM must be distributed (test.sh starts it with -sname).
%% Peers are controlled over their standard input, so disconnecting them on purpose does
%% not cost the test its hold on them.
-module(erlmcp_scale_admin_cluster_tests).

-include_lib("eunit/include/eunit.hrl").

-import(erlmcp_scale_admin_test_lib, [http/3, wait_until/1, status/0]).

cluster_test_() ->
    {foreach,
     fun() -> true = is_alive(), erlmcp_scale_admin_test_lib:start_agent() end,
     fun erlmcp_scale_admin_test_lib:stop_agent/1,
     [fun join_then_leave/1,
      fun leave_keeps_the_others_meshed/1,
      fun hidden_caller_survives_leave/1,
      fun remote_subscriber_gets_pushes_until_its_node_goes/1]}.

-define(T(Title, Body), {Title, {timeout, 60, fun() -> Body end}}).

join_then_leave(#{readiness := Ready}) ->
    ?T("join connects to the seeds; leave disconnects and keeps peers out until end_drain", begin
        with_peers([[]], fun([{Peer, PeerNode}]) ->
        Absent = absent_node(),
        ?assertEqual({ok, #{connected => [PeerNode], failed => [Absent]}},
                     erlmcp_scale_admin:join_cluster(#{seeds => [PeerNode, Absent]})),
        ?assertEqual([PeerNode], nodes()),
        ?assertMatch(#{cluster_nodes := [PeerNode]}, status()),

        ?assertEqual({ok, #{state => leaving, disconnected => [PeerNode], remaining => []}},
                     erlmcp_scale_admin:leave_cluster(#{timeout_ms => 2000})),
        ?assertMatch(#{state := leaving, ready := false, cluster_nodes := []}, status()),
        ?assertEqual([], peer:call(Peer, erlang, nodes, [])),
        ?assertEqual({503, <<"leaving\n">>}, http(get, Ready, "/ready")),

        %% The peer reconnecting on its own is turned away.
        _ = peer:call(Peer, net_kernel, connect_node, [node()]),
        wait_until(fun() -> nodes() =:= [] andalso peer:call(Peer, erlang, nodes, []) =:= [] end),
        ?assertEqual({error, {refused, leaving}},
                     erlmcp_scale_admin:join_cluster(#{seeds => [PeerNode]})),

        ?assertMatch({ok, #{state := serving}}, erlmcp_scale_admin:end_drain()),
        ?assertEqual({ok, #{connected => [PeerNode], failed => []}},
                     erlmcp_scale_admin:join_cluster(#{seeds => [PeerNode]})),
        ?assertEqual([PeerNode], nodes())
        end)
    end).

leave_keeps_the_others_meshed(_Ctx) ->
    ?T("a node that leaves a cluster of four leaves the other three connected to each other", begin
        with_peers([[], [], []], fun(Peers) ->
        Names = lists:sort([Name || {_, Name} <- Peers]),
        ?assertMatch({ok, #{failed := []}}, erlmcp_scale_admin:join_cluster(#{seeds => Names})),
        [_ = peer:call(Peer, net_kernel, connect_node, [Other]) || {Peer, _} <- Peers, Other <- Names],
        wait_until(fun() -> lists:all(fun({Peer, Name}) -> mesh(Peer) =:= lists:sort([node() | Names -- [Name]]) end, Peers) end),

        ?assertMatch({ok, #{state := leaving, remaining := []}}, erlmcp_scale_admin:leave_cluster(#{timeout_ms => 2000})),

        ?assertEqual([], nodes()),
        %% Give global time to act on the disconnects before looking at the survivors.
        timer:sleep(1000),
        [?assertEqual(Names -- [Name], mesh(Peer)) || {Peer, Name} <- Peers]
        end)
    end).

mesh(Peer) -> lists:sort(peer:call(Peer, erlang, nodes, [])).

hidden_caller_survives_leave(_Ctx) ->
    ?T("a hidden node calling over rpc (the autoscaler) keeps its connection through a leave", begin
        with_peers([[], ["-hidden"]], fun([{_, VisibleNode}, {Hidden, HiddenNode}]) ->
        Us = node(),
        Rpc = fun(F, A) -> peer:call(Hidden, rpc, call, [Us, erlmcp_scale_admin, F, A]) end,
        ?assertEqual({ok, #{connected => [VisibleNode], failed => []}},
                     Rpc(join_cluster, [#{seeds => [VisibleNode]}])),
        ?assertEqual([VisibleNode], nodes()),
        ?assertEqual([HiddenNode], nodes(hidden)),
        ?assertEqual({ok, #{state => leaving, disconnected => [VisibleNode], remaining => []}},
                     Rpc(leave_cluster, [#{timeout_ms => 2000}])),
        ?assertEqual([HiddenNode], nodes(hidden)),
        ?assertMatch({ok, #{state := leaving, cluster_nodes := []}}, Rpc(status, []))
        end)
    end).

remote_subscriber_gets_pushes_until_its_node_goes(#{port := Port}) ->
    ?T("a subscriber on another node gets pushes and is dropped when its node goes", begin
        with_peers([[]], fun([{Peer, PeerNode}]) ->
        Forwarder = peer:call(Peer, erlang, spawn,
                              [erlmcp_scale_admin_test_lib, forward, [self()]]),
        ?assertEqual(PeerNode, node(Forwarder)),
        Us = node(),
        ?assertMatch({ok, #{total := 0}},
                     erlmcp_scale_admin:subscribe(Forwarder, #{min_interval_ms => 0})),
        ?assertEqual(0, next_push(Us)),
        _ = erlmcp_scale_admin_test_lib:connect(Port),
        ?assertEqual(1, next_push(Us)),
        ?assertMatch(#{subscribers := 1}, status()),
        true = erlang:disconnect_node(PeerNode),
        wait_until(fun() -> maps:get(subscribers, status()) =:= 0 end)
        end)
    end).

%%% Helpers

%% Runs Test with peers started with these extra arguments, and stops them even when the
%% test fails, so no node stays connected into the next test.
with_peers(ArgsPerPeer, Test) ->
    Peers = [start_peer(Args) || Args <- ArgsPerPeer],
    try
        Test(Peers)
    after
        [peer:stop(Peer) || {Peer, _} <- Peers]
    end.

start_peer(ExtraArgs) ->
    TestEbin = filename:dirname(code:which(?MODULE)),
    AgentEbin = filename:dirname(code:which(erlmcp_scale_admin)),
    {ok, Peer, Node} = peer:start(#{name => peer:random_name(scale_admin_peer),
                                    connection => standard_io,
                                    args => ["-setcookie", atom_to_list(erlang:get_cookie()),
                                             "-pa", TestEbin, "-pa", AgentEbin | ExtraArgs]}),
    {Peer, Node}.

absent_node() ->
    [_, Host] = string:split(atom_to_list(node()), "@"),
    list_to_atom("scale_admin_absent_" ++ integer_to_list(erlang:unique_integer([positive]))
                 ++ "@" ++ Host).

next_push(Us) ->
    receive {forwarded, {erlmcp_scale_admin, connections, Us, Total, _}} -> Total
    after 5000 -> error(no_push)
    end.
