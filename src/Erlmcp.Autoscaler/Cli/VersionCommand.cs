using System.CommandLine;
using System.Reflection;

namespace Erlmcp.Autoscaler.Cli;

internal static class VersionCommand
{
    public static Command Create(TextWriter output)
    {
        var command = new Command("version", "Print the version of erlmcp-autoscaler.");
        command.SetAction(_ =>
        {
            output.WriteLine($"erlmcp-autoscaler {Version}");
            return 0;
        });
        return command;
    }

    public static string Version =>
        typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}
