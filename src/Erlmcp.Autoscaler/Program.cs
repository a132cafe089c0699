using System.CommandLine;
using System.Reflection;

var root = new RootCommand("erlmcp-autoscaler: autoscaling for erlmcp, an Erlang/OTP cluster of MCP servers on Kubernetes.");
var version = new Command("version", "Print the version of erlmcp-autoscaler.");
version.SetAction(_ =>
{
    var v = typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
    Console.Out.WriteLine($"erlmcp-autoscaler {v}");
    return 0;
});
root.Subcommands.Add(version);
return root.Parse(args).Invoke();
