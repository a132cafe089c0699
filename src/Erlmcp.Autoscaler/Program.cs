using Erlmcp.Autoscaler.Cli;

return CliApplication.Run(args, Console.Out, Console.Error);
