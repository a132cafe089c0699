using Erlmcp.Autoscaler.Erlang.Connection;
using Erlmcp.Autoscaler.Erlang.Errors;
using Erlmcp.Autoscaler.Erlang.Handshake;
using Erlmcp.Autoscaler.Erlang.Terms;

namespace Erlmcp.Autoscaler.Erlang.Tests.Connection;

/// <summary>Options are validated at pool construction, and the cookie never shows in text.</summary>
public sealed class OptionsAndRedactionTests
{
    private const string Secret = "SuperSecretCookie_93f1";

    [Fact]
    public void Invalid_options_list_every_problem_by_property()
    {
        var options = new ErlangNodeOptions
        {
            Cookie = new ErlangCookie(Secret),
            LocalName = "bad name",
            EpmdPort = 0,
            NetTickTime = TimeSpan.FromMilliseconds(10),
            MailboxCapacity = 0,
            ReconnectInitialDelay = TimeSpan.FromSeconds(5),
            ReconnectMaxDelay = TimeSpan.FromSeconds(1),
        };

        var error = Assert.Throws<ErlangOptionsException>(() => new ErlangConnectionPool(options));

        Assert.Collection(
            error.Errors,
            e => Assert.StartsWith("LocalName: 'bad name@host' is not a node name", e, StringComparison.Ordinal),
            e => Assert.Equal("EpmdPort must be between 1 and 65535 (was 0)", e),
            e => Assert.Equal("NetTickTime must be at least 00:00:01 and finite (was 00:00:00.0100000)", e),
            e => Assert.Equal("ReconnectMaxDelay must be at least 00:00:05 and finite (was 00:00:01)", e),
            e => Assert.Equal("MailboxCapacity must be at least 1 (was 0)", e));
        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TLS_options_without_a_CA_are_refused()
    {
        var options = new ErlangNodeOptions { Cookie = new ErlangCookie(Secret), Tls = new ErlangTlsOptions { TrustedCertificateAuthorities = [] } };

        var error = Assert.Throws<ErlangOptionsException>(options.Validate);

        Assert.Equal(["Tls.TrustedCertificateAuthorities must hold at least one CA certificate"], error.Errors);
    }

    [Fact]
    public void The_options_text_shows_no_cookie()
    {
        var options = new ErlangNodeOptions { Cookie = new ErlangCookie(Secret), LocalName = "autoscaler" };

        var text = options.ToString();

        Assert.Contains("ErlangCookie(redacted)", text, StringComparison.Ordinal);
        Assert.Contains("autoscaler", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
    }

    [Fact]
    public void No_exception_message_or_text_contains_the_cookie()
    {
        var errors = new ErlangDistributionException[]
        {
            new ErlangAuthenticationException("n@h", "its answer to our challenge does not match our cookie"),
            new ErlangNodeNotRegisteredException("n", "h", 4369),
            new ErlangEpmdUnreachableException("h", 4369, "connection refused"),
            new ErlangNodeUnreachableException("n@h", "h", 9100, "connection refused"),
            new ErlangTlsException("n@h", "rejected"),
            new ErlangHandshakeRefusedException("n@h", "not_allowed", "allow list"),
            new ErlangTimeoutException("rpc m:f/0 on node 'n@h'", TimeSpan.FromSeconds(5)),
            new ErlangNodeDownException("n@h", "closed"),
            new ErlangRpcException("n@h", "m:f/0", new ErlangAtom("undef")),
            new ErlangOptionsException("ErlangNodeOptions", ["EpmdPort must be between 1 and 65535 (was 0)"]),
            new ErlangTermFormatException(3, "bad"),
        };
        var options = new ErlangNodeOptions { Cookie = new ErlangCookie(Secret) };

        foreach (var error in errors)
        {
            Assert.DoesNotContain(Secret, error.Message + error.ToString() + options, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("nohost", "'nohost' is not a node name: expected exactly one '@' between a name and a host, as in erlmcp@host.")]
    [InlineData("a@b@c", "'a@b@c' is not a node name: expected exactly one '@' between a name and a host, as in erlmcp@host.")]
    [InlineData("a b@h", "'a b@h' is not a node name: the name part has ' ' at index 1; use letters, digits, '_' and '-'.")]
    public void A_bad_node_name_says_why(string name, string message)
    {
        Assert.Equal(message, Assert.Throws<FormatException>(() => ErlangNodeName.Parse(name)).Message);
    }

    [Theory]
    [InlineData("erlmcp@erlmcp-0", false)]
    [InlineData("erlmcp@erlmcp-0.erlmcp-headless.default.svc.cluster.local", true)]
    [InlineData("x@127.0.0.1", true)]
    public void Long_names_have_a_dotted_host(string name, bool isLong)
    {
        Assert.Equal(isLong, ErlangNodeName.Parse(name).IsLongName);
    }

    [Fact]
    public void A_node_reached_through_EPMD_cannot_also_be_reached_on_a_fixed_port()
    {
        var pool = new ErlangConnectionPool(new ErlangNodeOptions { Cookie = new ErlangCookie(Secret) });
        var first = pool.GetClient("erlmcp@host");

        Assert.Same(first, pool.GetClient("erlmcp@host"));
        var error = Assert.Throws<ArgumentException>(() => pool.GetClient("erlmcp@host", 9100));
        Assert.StartsWith("Node 'erlmcp@host' is already reached through EPMD; it cannot also be reached on port 9100.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cookie_outside_Latin1_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new ErlangCookie("abc日"));

        Assert.StartsWith("The cookie's character at index 3 is outside Latin-1", error.Message, StringComparison.Ordinal);
    }
}
