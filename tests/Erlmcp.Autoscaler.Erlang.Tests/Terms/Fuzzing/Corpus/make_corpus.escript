#!/usr/bin/env escript
%%! -sname erlmcp_fuzz_corpus
%% Writes the fuzz corpus of TermDecoderFuzzTests: term_to_binary of terms like those an erlmcp node sends
%% (agent replies, pushes, rpc replies and errors, pids, refs, funs) and of every kind of term, each in five
%% encodings. Run from this folder: escript make_corpus.escript > term_to_binary.txt
%% Output lines: Name<TAB>Options<TAB>HexBytes. The file is checked in so that the fuzz run is reproducible.
-mode(compile).

main(_) ->
    Port = hd(erlang:ports()),
    Self = self(),
    Ref = make_ref(),
    Free = {Self, <<"state">>, 42},
    Closure = fun(X) -> {X, Free} end,
    Terms =
        [{status_reply, {ok, #{node => node(), state => serving, ready => true, accepting => true,
                               connections => 20000, limit => 25000, cluster_nodes => ['a@h', 'b@h'],
                               listeners => [tcp, ssl], subscribers => 1,
                               shed => #{running => [1, 2], remaining => 10}}}},
         {connection_count_reply, {ok, #{total => 123, by_listener => #{tcp => 100, ssl => 23},
                                         unavailable => [], limit => 25000, accepting => true,
                                         ts_ms => 1700000000000}}},
         {shed_status_reply, {ok, #{job => 7, state => running, requested => 10, closed => 3, remaining => 7,
                                    rate_per_s => 20, reason => <<"scale down">>, started_ms => 1700000000000}}},
         {subscribe_push, {erlmcp_scale_admin, connections, node(), 42, 1700000000000}},
         {rex_reply, {Ref, {ok, node()}}},
         {rex_badrpc, {Ref, {badrpc, {'EXIT', {undef, [{no_module, f, [1, "two", <<3>>], []}]}}}}},
         {error_reply, {error, {badarg, count, -1}}},
         {pid_ref_port, {Self, Ref, Port}},
         {closure_with_free_variables, Closure},
         {export_fun, fun lists:map/2},
         {integers, [0, 255, 256, -1, 1 bsl 31, -(1 bsl 31) - 1, 1 bsl 63, -(1 bsl 64), 1 bsl 300]},
         {large_big, 1 bsl 70000 - 12345},
         {floats, [0.0, 1.5, -0.1, 1.0e300, 5.0e-324, 2.2250738585072014e-308]},
         {atoms, ['', ok, 'hello world', 'caf\x{E9}', '\x{65E5}\x{672C}', list_to_atom(lists:duplicate(255, $z))]},
         {binaries, [<<>>, <<"text">>, list_to_binary(lists:seq(0, 255)), <<1:7>>, <<255, 3:2>>,
                     binary:part(list_to_binary(lists:seq(1, 100)), 10, 20)]},
         {strings, ["", "hello", [1000, 2000, 3000], lists:seq(1, 300)]},
         {improper_lists, [[1 | 2], [a, b | c], [[x] | <<"tail">>]]},
         {deep_lists, lists:foldl(fun(_, Acc) -> [Acc] end, [], lists:seq(1, 100))},
         {deep_mixed, lists:foldl(fun(I, Acc) -> case I rem 3 of 0 -> {Acc}; 1 -> [Acc, I]; 2 -> #{I => Acc} end end,
                                  leaf, lists:seq(1, 60))},
         {tuples, {{}, {a}, list_to_tuple(lists:seq(1, 300))}},
         {maps, [#{}, #{a => 1}, maps:from_list([{K, {K}} || K <- lists:seq(1, 40)]),
                 #{<<"b">> => [2], {c} => #{d => e}, 1.5 => x, Self => Ref}]},
         {large_mixed, [{I, integer_to_binary(I), float(I), list_to_atom("k" ++ integer_to_list(I rem 50))}
                        || I <- lists:seq(1, 400)]}],
    Encodings = [{"minor_version_0", [{minor_version, 0}]},
                 {"default", []},
                 {"minor_version_2", [{minor_version, 2}]},
                 {"compressed", [compressed]},
                 {"compressed_9_minor_version_2", [{compressed, 9}, {minor_version, 2}]}],
    [io:format("~s\t~s\t~s~n", [Name, Label, binary:encode_hex(term_to_binary(Term, Options))])
     || {Name, Term} <- Terms, {Label, Options} <- Encodings],
    ok.
