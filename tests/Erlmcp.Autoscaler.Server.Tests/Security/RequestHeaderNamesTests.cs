using Erlmcp.Autoscaler.Server.Security.Authentication.FrontProxy;

namespace Erlmcp.Autoscaler.Server.Tests.Security;

/// <summary>Header names read again (from the ConfigMap on each refresh) equal the configured ones when they name the same headers.</summary>
public sealed class RequestHeaderNamesTests
{
    [Fact]
    public void The_same_names_in_new_lists_are_equal()
    {
        var reread = new RequestHeaderNames(["X-Remote-User"], ["X-Remote-Group"], ["X-Remote-Extra-"]);

        Assert.Equal(RequestHeaderNames.Default, reread);
        Assert.Equal(RequestHeaderNames.Default.GetHashCode(), reread.GetHashCode());
    }

    [Theory]
    [InlineData("X-Remote-User", "X-Remote-Groups", "X-Remote-Extra-")]
    [InlineData("x-remote-user", "X-Remote-Group", "X-Remote-Extra-")]
    [InlineData("X-Remote-User", "X-Remote-Group", "X-Extra-")]
    public void Other_names_are_not(string user, string group, string extra) =>
        Assert.NotEqual(RequestHeaderNames.Default, new RequestHeaderNames([user], [group], [extra]));
}
