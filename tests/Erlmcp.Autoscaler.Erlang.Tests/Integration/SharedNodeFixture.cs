using Erlmcp.Autoscaler.Erlang.Connection;
using Erlmcp.Autoscaler.Erlang.Tests.Support;

namespace Erlmcp.Autoscaler.Erlang.Tests.Integration;

/// <summary>
/// One real node for the tests that do not disturb it, with a registered process 'echo' that answers
/// <c>{From, Msg}</c> with <c>From ! {echo, Msg}</c>.
/// </summary>
public sealed class SharedNodeFixture : IAsyncLifetime
{
    public const string EchoServer =
        "register(echo, spawn(fun Loop() -> receive {From, Msg} -> From ! {echo, Msg}, Loop() end end))";

    public ErlangTestNode Node { get; private set; } = null!;

    public ErlangConnectionPool Pool { get; private set; } = null!;

    public ErlangNodeClient Client => Pool.GetClient(Node.NodeName);

    public async Task InitializeAsync()
    {
        Node = await ErlangTestNode.StartAsync(new ErlangTestNodeSettings { StartupExpression = EchoServer });
        Pool = new ErlangConnectionPool(Node.ClientOptions() with { CallTimeout = TimeSpan.FromSeconds(60) });
    }

    public async Task DisposeAsync()
    {
        await Pool.DisposeAsync();
        await Node.DisposeAsync();
    }
}
