namespace Erlmcp.Autoscaler.Server.Sources;

/// <summary>What the sources' settings readers share: binding a section and reporting each bad key with its value.</summary>
internal static class SourceSettings
{
    /// <summary>Runs a configuration binder call (written out by the caller, for the source-generated binder).</summary>
    /// <exception cref="MetricsApiConfigurationException">A value does not convert; the binder's message names the key.</exception>
    public static T Bind<T>(Func<T> bind)
    {
        try
        {
            return bind();
        }
        catch (InvalidOperationException e)
        {
            // The binder's message names the key: "Failed to convert configuration value at 'Sources:Discovery:ResyncPeriod' ...".
            throw new MetricsApiConfigurationException(e.InnerException is null ? e.Message : $"{e.Message} {e.InnerException.Message}", e);
        }
    }

    /// <summary>Parses a text setting; a <see cref="FormatException"/> becomes a failure naming the key.</summary>
    public static T? Parse<T>(List<string> failures, string key, string? text, Func<string, T> parse)
        where T : class
    {
        try
        {
            return parse(text ?? string.Empty);
        }
        catch (FormatException e)
        {
            failures.Add($"{key}: {e.Message}");
            return null;
        }
    }

    public static void RequirePositive(List<string> failures, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{key}: {value} must be positive");
        }
    }

    /// <exception cref="MetricsApiConfigurationException">One line per failure.</exception>
    public static void ThrowIfAny(List<string> failures)
    {
        if (failures.Count > 0)
        {
            throw new MetricsApiConfigurationException(string.Join(Environment.NewLine, failures));
        }
    }
}
