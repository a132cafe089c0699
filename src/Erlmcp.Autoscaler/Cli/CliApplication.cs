using System.CommandLine;
using Erlmcp.Autoscaler.Simulation.Manifests;

namespace Erlmcp.Autoscaler.Cli;

/// <summary>The <c>erlmcp-autoscaler</c> command line: one root with a verb per job.</summary>
public static class CliApplication
{
    /// <summary>Exit code for input the user can fix (a bad manifest, a missing file).</summary>
    public const int BadInput = 2;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand(
            "erlmcp-autoscaler: autoscaling for erlmcp, an Erlang/OTP cluster of MCP servers on Kubernetes, " +
            "driven by connections per pod.");
        root.Subcommands.Add(VersionCommand.Create(output));
        root.Subcommands.Add(HpaCommand.Create(output));
        root.Subcommands.Add(ServeCommand.Create(error));
        root.Subcommands.Add(SimulateCommand.Create(output, error));
        root.Subcommands.Add(TraceCommand.Create(output, error));
        root.Subcommands.Add(TuneCommand.Create(output, error));
        root.Subcommands.Add(StatusCommand.Create(output, error));
        root.Subcommands.Add(PlanCommand.Create(output, error));
        try
        {
            return root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (InputException e)
        {
            error.WriteLine($"error: {e.Message}");
            return BadInput;
        }
        catch (FileNotFoundException e)
        {
            error.WriteLine($"error: {e.Message}");
            return BadInput;
        }
    }
}
