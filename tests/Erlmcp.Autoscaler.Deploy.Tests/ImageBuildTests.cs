using Erlmcp.Autoscaler.Deploy.Tests.Infrastructure;

namespace Erlmcp.Autoscaler.Deploy.Tests;

/// <summary>
/// The Dockerfile's build stage, replayed without Docker: its COPY instructions copy from the repository into a
/// fresh folder (so a file the build needs but the Dockerfile forgets fails here), its RUN instructions run there
/// with /app redirected, and the entrypoint it names must exist and run.
/// </summary>
public sealed class ImageBuildTests : IDisposable
{
    private readonly string context = Path.Combine(Path.GetTempPath(), $"erlmcp-image-{Guid.NewGuid():N}");

    [Fact]
    public void The_build_stage_publishes_an_entrypoint_that_runs()
    {
        var dockerfile = Dockerfile.Parse(Repository.Read("Dockerfile"));
        var ignore = DockerIgnore.Parse(Repository.Read(".dockerignore"));
        var build = dockerfile.Stages[0];
        var workdir = Path.Combine(context, "src-root");
        var app = Path.Combine(context, "app");
        Directory.CreateDirectory(workdir);

        foreach (var instruction in build.Instructions.Skip(1))
        {
            switch (instruction.Keyword)
            {
                case "WORKDIR":
                    break;
                case "COPY":
                    Copy(instruction, workdir, ignore);
                    break;
                case "RUN":
                    var command = instruction.Arguments.Replace(" /app", $" {app}", StringComparison.Ordinal);
                    ProcessRunner.RunChecked("bash", ["-c", command], workdir, TimeSpan.FromMinutes(8));
                    break;
                default:
                    Assert.Fail($"Dockerfile:{instruction.Line}: the replay does not know {instruction.Keyword}");
                    break;
            }
        }

        var entrypoint = Dockerfile.ExecForm(dockerfile.Stages[^1].All("ENTRYPOINT").Single());
        var executable = Path.Combine(app, Path.GetFileName(entrypoint[0]));
        Assert.True(File.Exists(executable), $"{entrypoint[0]} is not in the published output");
        var help = ProcessRunner.RunChecked(executable, ["--help"], context, TimeSpan.FromMinutes(1));
        Assert.Contains($"  {entrypoint[1]} ", help, StringComparison.Ordinal);
        var serveHelp = ProcessRunner.RunChecked(executable, [entrypoint[1], "--help"], context, TimeSpan.FromMinutes(1));
        Assert.Contains("--tls-cert-file", serveHelp, StringComparison.Ordinal);
        var version = ProcessRunner.RunChecked(executable, ["version"], context, TimeSpan.FromMinutes(1));
        Assert.StartsWith("erlmcp-autoscaler 0.1.0", version, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(context))
        {
            Directory.Delete(context, recursive: true);
        }
    }

    /// <summary>COPY src... dest (dest relative to WORKDIR, a folder), from the build context: the repository less .dockerignore.</summary>
    private static void Copy(Dockerfile.Instruction instruction, string workdir, DockerIgnore ignore)
    {
        var parts = instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var destination = Path.Combine(workdir, parts[^1] == "./" ? "" : parts[^1]);
        foreach (var source in parts[..^1])
        {
            var from = Repository.PathOf(source.TrimEnd('/'));
            IEnumerable<(string File, string Target)> files = Directory.Exists(from)
                ? Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories).Select(f => (File: f, Target: Path.Combine(destination, Path.GetRelativePath(from, f))))
                : [(from, Path.Combine(destination, Path.GetFileName(from)))];
            var copied = 0;
            foreach (var (file, target) in files.Where(f => !ignore.Excludes(Path.GetRelativePath(Repository.Root, f.File).Replace('\\', '/'))))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target, overwrite: true);
                copied++;
            }

            Assert.True(copied > 0, $"Dockerfile:{instruction.Line}: COPY {source} copies nothing from the build context");
        }
    }
}
