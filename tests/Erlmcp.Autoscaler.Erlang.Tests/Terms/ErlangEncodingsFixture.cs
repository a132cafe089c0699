using System.Text;
using Erlmcp.Autoscaler.Erlang.Tests.Support;

namespace Erlmcp.Autoscaler.Erlang.Tests.Terms;

/// <summary>
/// Asks a real Erlang (escript) once for term_to_binary of every golden case in four flavours, and checks
/// encodings of ours with binary_to_term.
/// </summary>
public sealed class ErlangEncodingsFixture : IAsyncLifetime
{
    private const string EncodeScript = """
        #!/usr/bin/env escript
        main([Input]) ->
            {ok, Text} = file:read_file(Input),
            lists:foreach(fun(Line) ->
                [Name, Source] = binary:split(Line, <<"\t">>),
                {ok, Tokens, _} = erl_scan:string(binary_to_list(Source) ++ "."),
                {ok, Exprs} = erl_parse:parse_exprs(Tokens),
                {value, T, _} = erl_eval:exprs(Exprs, []),
                Hex = fun(B) -> binary:encode_hex(B) end,
                io:format("~s\t~s\t~s\t~s\t~s~n", [Name,
                    Hex(term_to_binary(T, [{minor_version, 0}])),
                    Hex(term_to_binary(T)),
                    Hex(term_to_binary(T, [{minor_version, 2}])),
                    Hex(term_to_binary(T, [compressed]))])
            end, [L || L <- binary:split(Text, <<"\n">>, [global]), L =/= <<>>]).
        """;

    private const string VerifyScript = """
        #!/usr/bin/env escript
        main([Input]) ->
            {ok, Text} = file:read_file(Input),
            lists:foreach(fun(Line) ->
                [Name, Theirs, Ours] = binary:split(Line, <<"\t">>, [global]),
                Expected = binary_to_term(binary:decode_hex(Theirs)),
                Verdict = try binary_to_term(binary:decode_hex(Ours)) of
                    Expected -> "ok";
                    Other -> io_lib:format("decoded to ~tp", [Other])
                catch Class:Reason -> io_lib:format("binary_to_term failed: ~p:~p", [Class, Reason])
                end,
                io:format("~s\t~ts~n", [Name, Verdict])
            end, [L || L <- binary:split(Text, <<"\n">>, [global]), L =/= <<>>]).
        """;

    private readonly Dictionary<string, ErlangEncodings> _encodings = [];

    public ErlangEncodings this[string name] => _encodings[name];

    public async Task InitializeAsync()
    {
        var input = string.Join('\n', GoldenTermCases.All.Select(c => $"{c.Name}\t{c.Expression}"));
        var output = await RunWithInputAsync(EncodeScript, input);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split('\t');
            _encodings[fields[0]] = new ErlangEncodings(
                Convert.FromHexString(fields[1]),
                Convert.FromHexString(fields[2]),
                Convert.FromHexString(fields[3]),
                Convert.FromHexString(fields[4]));
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>For each (name, Erlang's bytes, our bytes): the verdict of binary_to_term(ours) =:= binary_to_term(theirs).</summary>
    public static async Task<IReadOnlyDictionary<string, string>> VerifyAsync(IEnumerable<(string Name, byte[] Theirs, byte[] Ours)> pairs)
    {
        var input = string.Join('\n', pairs.Select(p => $"{p.Name}\t{Convert.ToHexString(p.Theirs)}\t{Convert.ToHexString(p.Ours)}"));
        var output = await RunWithInputAsync(VerifyScript, input);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t', 2))
            .ToDictionary(fields => fields[0], fields => fields[1]);
    }

    private static async Task<string> RunWithInputAsync(string script, string input)
    {
        var path = Path.Combine(Path.GetTempPath(), $"erlmcp_golden_{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(path, input, new UTF8Encoding(false));
        try
        {
            return await ErlangTool.RunEscriptAsync(script, path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

/// <summary>term_to_binary of one term with minor_version 0 (FLOAT_EXT), the default, minor_version 2, and compressed.</summary>
public sealed record ErlangEncodings(byte[] MinorVersion0, byte[] Default, byte[] MinorVersion2, byte[] Compressed);
