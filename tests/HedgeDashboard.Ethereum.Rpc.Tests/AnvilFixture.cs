using HedgeDashboard.Ethereum.Crypto;
using HedgeDashboard.Ethereum.Signing;
using HedgeDashboard.TestSupport;

namespace HedgeDashboard.Ethereum.Rpc.Tests;

/// <summary>One private anvil (auto-mining) shared by the tests of a class.</summary>
public sealed class AnvilFixture : IAsyncLifetime
{
    public AnvilNode Node { get; private set; } = null!;

    public EthereumRpc Rpc { get; private set; } = null!;

    public static EthereumAccount Account(int index) => new(PrivateKey.FromHex(AnvilNode.DevAccounts[index].PrivateKey));

    public static Address AddressOf(int index) => Address.Parse(AnvilNode.DevAccounts[index].Address);

    public async Task InitializeAsync()
    {
        Node = await AnvilNode.StartAsync();
        Rpc = EthereumRpc.Create(Node.RpcUrl, TimeSpan.FromSeconds(10), maxRetries: 1);
    }

    public async Task DisposeAsync() => await Node.DisposeAsync();
}
