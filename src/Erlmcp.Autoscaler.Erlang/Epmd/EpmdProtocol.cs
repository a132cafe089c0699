using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Erlmcp.Autoscaler.Erlang.Epmd;

/// <summary>
/// The EPMD requests this client makes and the parsing of their answers (erl_dist_protocol, "EPMD Protocol").
/// Each request is a 2-byte length followed by the request; answers are read until EPMD closes the connection.
/// </summary>
public static class EpmdProtocol
{
    public const int DefaultPort = 4369;
    public const byte PortPlease2Request = 122;
    public const byte Port2Response = 119;
    public const byte NamesRequest = 110;

    /// <summary>PORT_PLEASE2_REQ for the node name before '@'.</summary>
    public static byte[] EncodePortPlease2(string aliveName)
    {
        ArgumentException.ThrowIfNullOrEmpty(aliveName);
        var name = Encoding.UTF8.GetBytes(aliveName);
        if (name.Length > ushort.MaxValue - 1)
        {
            throw new ArgumentException($"The node name is {name.Length} bytes, longer than EPMD allows.", nameof(aliveName));
        }

        var request = new byte[3 + name.Length];
        BinaryPrimitives.WriteUInt16BigEndian(request, (ushort)(1 + name.Length));
        request[2] = PortPlease2Request;
        name.CopyTo(request, 3);
        return request;
    }

    public static byte[] EncodeNames() => [0, 1, NamesRequest];

    /// <summary>
    /// Parses PORT2_RESP: null when EPMD answered that no such node is registered.
    /// </summary>
    /// <exception cref="FormatException">The answer is not a PORT2_RESP or is cut short; the message says where.</exception>
    public static EpmdNodeInfo? ParsePort2Response(ReadOnlySpan<byte> response)
    {
        if (response.Length < 2)
        {
            throw new FormatException($"PORT2_RESP is at least 2 bytes but EPMD sent {response.Length}.");
        }

        if (response[0] != Port2Response)
        {
            throw new FormatException($"Expected PORT2_RESP (119) but EPMD answered with {response[0]} at byte 0.");
        }

        if (response[1] != 0)
        {
            return null;
        }

        var position = 2;
        var port = ReadUInt16(response, ref position, "PortNo");
        var nodeType = ReadBytes(response, ref position, 1, "NodeType")[0];
        var protocol = ReadBytes(response, ref position, 1, "Protocol")[0];
        var highest = ReadUInt16(response, ref position, "HighestVersion");
        var lowest = ReadUInt16(response, ref position, "LowestVersion");
        var nameLength = ReadUInt16(response, ref position, "Nlen");
        var name = Encoding.UTF8.GetString(ReadBytes(response, ref position, nameLength, "NodeName"));
        var extraLength = ReadUInt16(response, ref position, "Elen");
        var extra = ReadBytes(response, ref position, extraLength, "Extra").ToArray();
        return new EpmdNodeInfo(name, port, nodeType, protocol, highest, lowest, extra);
    }

    /// <summary>Parses NAMES_RESP: EPMD's own port, then one "name N at port P" line per node.</summary>
    public static IReadOnlyList<EpmdNameEntry> ParseNamesResponse(ReadOnlySpan<byte> response)
    {
        if (response.Length < 4)
        {
            throw new FormatException($"NAMES_RESP starts with a 4-byte port but EPMD sent {response.Length} bytes.");
        }

        var entries = new List<EpmdNameEntry>();
        var text = Encoding.UTF8.GetString(response[4..]);
        var lineNumber = 0;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            lineNumber++;
            // "name foo at port 1234"; a name cannot contain spaces, the port is the last word.
            var words = line.Split(' ');
            if (words.Length != 5 || words[0] != "name" || words[2] != "at" || words[3] != "port"
                || !int.TryParse(words[4], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
            {
                throw new FormatException($"NAMES_RESP line {lineNumber} '{line}' is not 'name N at port P'.");
            }

            entries.Add(new EpmdNameEntry(words[1], port));
        }

        return entries;
    }

    private static ushort ReadUInt16(ReadOnlySpan<byte> data, ref int position, string field) =>
        BinaryPrimitives.ReadUInt16BigEndian(ReadBytes(data, ref position, 2, field));

    private static ReadOnlySpan<byte> ReadBytes(ReadOnlySpan<byte> data, ref int position, int count, string field)
    {
        if (data.Length - position < count)
        {
            throw new FormatException($"PORT2_RESP is cut short: field {field} at byte {position} needs {count} bytes but {data.Length - position} remain.");
        }

        var slice = data.Slice(position, count);
        position += count;
        return slice;
    }
}
