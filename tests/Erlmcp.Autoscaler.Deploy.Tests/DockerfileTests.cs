using System.Globalization;
using Erlmcp.Autoscaler.Deploy.Tests.Infrastructure;
using k8s.Models;

namespace Erlmcp.Autoscaler.Deploy.Tests;

/// <summary>The image policy, read from the Dockerfile (no Docker engine runs here), and its agreement with the Deployment.</summary>
public sealed class DockerfileTests
{
    private static readonly Dockerfile File = Dockerfile.Parse(Repository.Read("Dockerfile"));

    private static Dockerfile.Stage Runtime => File.Stages[^1];

    private static V1PodSpec Pod => Builds.Of("base").One<V1Deployment>("Deployment", "erlmcp-autoscaler").Spec.Template.Spec;

    [Fact]
    public void It_builds_on_the_SDK_and_runs_on_the_ASP_NET_runtime_both_pinned()
    {
        Assert.Equal(["mcr.microsoft.com/dotnet/sdk:10.0", "mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled"], File.Stages.Select(s => s.BaseImage));
        Assert.All(File.Stages, s => Assert.True(ImageReference.IsPinned(s.BaseImage), $"FROM {s.BaseImage} is not pinned"));
    }

    [Fact]
    public void The_build_stage_publishes_the_command_line_in_release()
    {
        var build = File.Stages[0];

        Assert.Contains(build.All("RUN"), r => r.Arguments.StartsWith("dotnet publish src/Erlmcp.Autoscaler -c Release", StringComparison.Ordinal) && r.Arguments.EndsWith("-o /app", StringComparison.Ordinal));
        Assert.Equal($"--from={build.Name} /app ./", Assert.Single(Runtime.All("COPY")).Arguments);
    }

    [Fact]
    public void It_runs_as_the_numeric_non_root_user_the_Deployment_runs_as()
    {
        var user = Assert.Single(Runtime.All("USER")).Arguments.Split(':');
        var uid = long.Parse(user[0], CultureInfo.InvariantCulture);

        Assert.NotEqual(0, uid);
        Assert.Equal((uid, long.Parse(user[1], CultureInfo.InvariantCulture)), (Pod.SecurityContext.RunAsUser, Pod.SecurityContext.RunAsGroup));
        Assert.True(Runtime.All("USER").Single().Line > Runtime.All("COPY").Single().Line, "USER must come after the files are copied");
    }

    [Fact]
    public void Its_one_entrypoint_serves()
    {
        Assert.Equal(["/app/erlmcp-autoscaler", "serve"], Dockerfile.ExecForm(Assert.Single(Runtime.All("ENTRYPOINT"))));
        Assert.Empty(Runtime.All("CMD"));
        Assert.Empty(Runtime.All("HEALTHCHECK"));
    }

    [Fact]
    public void It_exposes_the_ports_the_Deployment_declares()
    {
        var exposed = Assert.Single(Runtime.All("EXPOSE")).Arguments.Split(' ').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).Order();

        Assert.Equal(Pod.Containers.Single().Ports.Select(p => p.ContainerPort).Order(), exposed);
    }

    [Fact]
    public void It_writes_nothing_outside_tmp()
    {
        var environment = string.Join(' ', Runtime.All("ENV").Select(e => e.Arguments));

        Assert.Contains("DOTNET_EnableDiagnostics=0", environment, StringComparison.Ordinal);
        Assert.Contains("TMPDIR=/tmp", environment, StringComparison.Ordinal);
        Assert.Equal("0", Pod.Containers.Single().Env.Single(e => e.Name == "DOTNET_EnableDiagnostics").Value);
    }

    [Theory]
    [InlineData("src/Erlmcp.Autoscaler/Program.cs", false)]
    [InlineData("src/Erlmcp.Autoscaler/bin/Release/x.dll", true)]
    [InlineData("src/erlang/erlmcp_scale_admin/build.sh", true)]
    [InlineData("src/Erlmcp.Autoscaler.Simulation/README.md", false)]
    [InlineData("README.md", true)]
    [InlineData("examples/hpa/erlmcp-hpa.yaml", false)]
    [InlineData("examples/other.yaml", true)]
    [InlineData("tests/Erlmcp.Autoscaler.Deploy.Tests/DockerfileTests.cs", true)]
    [InlineData("global.json", false)]
    public void The_build_context_is_what_dockerignore_leaves(string path, bool excluded)
    {
        Assert.Equal(excluded, DockerIgnore.Parse(Repository.Read(".dockerignore")).Excludes(path));
    }

    [Fact]
    public void The_parser_reads_stages_continuations_and_exec_forms()
    {
        var parsed = Dockerfile.Parse("# c\nFROM a:1 AS build\nRUN x \\\n  y\nFROM b:2\nENTRYPOINT [\"/p\", \"q\"]\n");

        Assert.Equal([("a:1", "build"), ("b:2", null)], parsed.Stages.Select(s => (s.BaseImage, s.Name)));
        Assert.Equal(new Dockerfile.Instruction(3, "RUN", "x  y"), parsed.Stages[0].All("RUN").Single());
        Assert.Equal(["/p", "q"], Dockerfile.ExecForm(parsed.Stages[1].All("ENTRYPOINT").Single()));
    }
}
