namespace Erlmcp.Autoscaler.Manifests;

/// <summary>A manifest or input file that cannot be read; the message names the file, line, column and field path.</summary>
public sealed class ManifestException(string message) : Exception(message);
