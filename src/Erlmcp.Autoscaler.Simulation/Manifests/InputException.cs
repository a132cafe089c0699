namespace Erlmcp.Autoscaler.Simulation.Manifests;

/// <summary>
/// Input the user can fix (a manifest, an input file, a flag value); the message says where: file, line, column
/// and field path, or the flag.
/// </summary>
public sealed class InputException(string message) : Exception(message);
