using System.Text.Json;

namespace Erlmcp.Autoscaler.Deploy.Tests.Infrastructure;

/// <summary>A Dockerfile's instructions, by stage (line continuations joined, comments dropped).</summary>
internal sealed record Dockerfile(IReadOnlyList<Dockerfile.Stage> Stages)
{
    public sealed record Instruction(int Line, string Keyword, string Arguments);

    public sealed record Stage(string BaseImage, string? Name, IReadOnlyList<Instruction> Instructions)
    {
        public IEnumerable<Instruction> All(string keyword) => Instructions.Where(i => i.Keyword == keyword);
    }

    public static Dockerfile Parse(string text)
    {
        var stages = new List<Stage>();
        List<Instruction>? current = null;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var start = i + 1;
            var line = lines[i].TrimEnd('\r');
            if (line.TrimStart().StartsWith('#') || line.Trim().Length == 0)
            {
                continue;
            }

            while (line.EndsWith('\\') && i + 1 < lines.Length)
            {
                line = line[..^1] + " " + lines[++i].Trim();
            }

            var parts = line.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
            var instruction = new Instruction(start, parts[0].ToUpperInvariant(), parts.Length > 1 ? parts[1].Trim() : "");
            if (instruction.Keyword == "FROM")
            {
                var from = instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                current = [];
                stages.Add(new Stage(from[0], from.Length == 3 && from[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? from[2] : null, current));
            }

            (current ?? throw new FormatException($"Dockerfile:{start}: {instruction.Keyword} before FROM")).Add(instruction);
        }

        return new Dockerfile(stages);
    }

    /// <summary>An exec-form (JSON array) instruction's arguments.</summary>
    public static string[] ExecForm(Instruction instruction) =>
        JsonSerializer.Deserialize<string[]>(instruction.Arguments) ?? throw new FormatException($"Dockerfile:{instruction.Line}: {instruction.Keyword} is not in exec form");
}
