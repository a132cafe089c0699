namespace Erlmcp.Autoscaler.Simulation.Scenarios;

/// <summary>The files shipped inside the assembly: the default scenario and the deployment guide's HPA.</summary>
public static class EmbeddedFiles
{
    public const string DefaultScenario = "default-scenario.yaml";

    public const string GuideHpa = "erlmcp-hpa.yaml";

    public static string Read(string name)
    {
        using var stream = typeof(EmbeddedFiles).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"the resource {name} is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
