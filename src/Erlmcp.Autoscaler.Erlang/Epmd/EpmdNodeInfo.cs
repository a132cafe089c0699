namespace Erlmcp.Autoscaler.Erlang.Epmd;

/// <summary>What EPMD knows of a node (PORT2_RESP).</summary>
/// <param name="Name">The node's name before '@'.</param>
/// <param name="Port">The distribution port the node listens on.</param>
/// <param name="NodeType">77 ('M') for a normal node, 72 ('H') for a hidden one.</param>
/// <param name="Protocol">0 for TCP/IPv4.</param>
/// <param name="HighestVersion">The highest distribution version the node speaks (6 since OTP 23).</param>
/// <param name="LowestVersion">The lowest distribution version the node speaks.</param>
/// <param name="Extra">Extra bytes the node registered with.</param>
public sealed record EpmdNodeInfo(string Name, int Port, byte NodeType, byte Protocol, int HighestVersion, int LowestVersion, ReadOnlyMemory<byte> Extra)
{
    public const byte NormalNode = 77;
    public const byte HiddenNode = 72;

    public bool IsHidden => NodeType == HiddenNode;
}

/// <summary>One line of EPMD's NAMES_RESP: "name N at port P".</summary>
public sealed record EpmdNameEntry(string Name, int Port);
