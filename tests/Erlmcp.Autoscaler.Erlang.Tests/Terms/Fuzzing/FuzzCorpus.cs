namespace Erlmcp.Autoscaler.Erlang.Tests.Terms.Fuzzing;

/// <summary>One real term_to_binary output: the term's name, the encoding options, the bytes.</summary>
internal sealed record CorpusEntry(string Name, string Options, byte[] Bytes)
{
    public bool IsCompressed => Options.StartsWith("compressed", StringComparison.Ordinal);

    public override string ToString() => $"{Name}/{Options}";
}

/// <summary>
/// The fixed seed inputs of the fuzz tests: Corpus/term_to_binary.txt, written once by Corpus/make_corpus.escript
/// on OTP 25 and checked in, so that a seeded run mutates the same bytes everywhere.
/// </summary>
internal static class FuzzCorpus
{
    public static readonly IReadOnlyList<CorpusEntry> Entries = Load();

    private static List<CorpusEntry> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Terms", "Fuzzing", "Corpus", "term_to_binary.txt");
        return
        [
            .. File.ReadAllLines(path)
                .Where(line => line.Length > 0)
                .Select(line => line.Split('\t'))
                .Select(fields => new CorpusEntry(fields[0], fields[1], Convert.FromHexString(fields[2]))),
        ];
    }
}
