using Erlmcp.Autoscaler.Erlang.Epmd;

namespace Erlmcp.Autoscaler.Erlang.Tests.Epmd;

/// <summary>EPMD packets (erl_dist_protocol, "EPMD Protocol").</summary>
public sealed class EpmdProtocolTests
{
    [Fact]
    public void PORT_PLEASE2_REQ_is_length_122_and_the_name()
    {
        Assert.Equal(Convert.FromHexString("00077A65726C6D6370"), EpmdProtocol.EncodePortPlease2("erlmcp"));
    }

    [Fact]
    public void NAMES_REQ_is_length_1_and_110()
    {
        Assert.Equal(new byte[] { 0, 1, 110 }, EpmdProtocol.EncodeNames());
    }

    [Fact]
    public void PORT2_RESP_success_carries_port_type_protocol_versions_name_and_extra()
    {
        // 119, result 0, port 9100, 'M', tcp, 6, 6, "erlmcp", extra "x"
        var response = Convert.FromHexString("7700238C4D0000060006000665726C6D6370000178");

        var info = EpmdProtocol.ParsePort2Response(response);

        Assert.NotNull(info);
        Assert.Equal(("erlmcp", 9100, (byte)77, (byte)0, 6, 6), (info.Name, info.Port, info.NodeType, info.Protocol, info.HighestVersion, info.LowestVersion));
        Assert.Equal("x"u8.ToArray(), info.Extra.ToArray());
        Assert.False(info.IsHidden);
    }

    [Fact]
    public void PORT2_RESP_with_a_nonzero_result_means_not_registered()
    {
        Assert.Null(EpmdProtocol.ParsePort2Response([119, 1]));
    }

    [Theory]
    [InlineData("78", "PORT2_RESP is at least 2 bytes but EPMD sent 1.")]
    [InlineData("7900", "Expected PORT2_RESP (119) but EPMD answered with 121 at byte 0.")]
    [InlineData("7700238C4D00000600060009616263", "PORT2_RESP is cut short: field NodeName at byte 12 needs 9 bytes but 3 remain.")]
    public void A_malformed_PORT2_RESP_names_the_field_and_byte(string hex, string message)
    {
        var error = Assert.Throws<FormatException>(() => EpmdProtocol.ParsePort2Response(Convert.FromHexString(hex)));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void NAMES_RESP_lists_each_node_and_port()
    {
        var response = new byte[] { 0, 0, 0x11, 0x11 }.Concat("name erlmcp at port 9100\nname test_1 at port 40123\n"u8.ToArray()).ToArray();

        var names = EpmdProtocol.ParseNamesResponse(response);

        Assert.Equal([new EpmdNameEntry("erlmcp", 9100), new EpmdNameEntry("test_1", 40123)], names);
    }

    [Fact]
    public void A_malformed_NAMES_RESP_line_is_quoted()
    {
        var response = new byte[] { 0, 0, 0x11, 0x11 }.Concat("name erlmcp at port x\n"u8.ToArray()).ToArray();

        var error = Assert.Throws<FormatException>(() => EpmdProtocol.ParseNamesResponse(response));

        Assert.Equal("NAMES_RESP line 1 'name erlmcp at port x' is not 'name N at port P'.", error.Message);
    }
}
