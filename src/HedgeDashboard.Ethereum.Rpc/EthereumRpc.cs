using HedgeDashboard.Ethereum.Rpc.Api;

namespace HedgeDashboard.Ethereum.Rpc;

/// <summary>The JSON-RPC method families of one node, over one <see cref="JsonRpcClient"/>.</summary>
public sealed class EthereumRpc
{
    public EthereumRpc(JsonRpcClient client)
    {
        Client = client ?? throw new ArgumentNullException(nameof(client));
        Chain = new EthChainApi(client);
        Accounts = new EthAccountApi(client);
        Calls = new EthCallApi(client);
        Fees = new EthFeeApi(client);
        Transactions = new EthTransactionApi(client);
        Logs = new EthLogApi(client);
        Blocks = new BlockStream(Chain);
    }

    public JsonRpcClient Client { get; }

    public EthChainApi Chain { get; }

    public EthAccountApi Accounts { get; }

    public EthCallApi Calls { get; }

    public EthFeeApi Fees { get; }

    public EthTransactionApi Transactions { get; }

    public EthLogApi Logs { get; }

    public BlockStream Blocks { get; }

    /// <summary>Checks that the node serves the configured chain (Chain:ChainId); 0 skips the check.</summary>
    public async Task EnsureChainIdAsync(long expected, CancellationToken ct = default)
    {
        if (expected == 0)
        {
            return;
        }

        var actual = await Chain.GetChainIdAsync(ct).ConfigureAwait(false);
        if (actual != expected)
        {
            throw new InvalidOperationException($"Chain:ChainId is {expected} but the node at {Client.Endpoint.Host}:{Client.Endpoint.Port} serves chain {actual}.");
        }
    }

    /// <summary>For tests and scripts: a client with its own HttpClient.</summary>
    public static EthereumRpc Create(Uri endpoint, TimeSpan? callTimeout = null, int maxRetries = 3)
        => new(new JsonRpcClient(new HttpClient { Timeout = Timeout.InfiniteTimeSpan }, new JsonRpcClientOptions
        {
            Endpoint = endpoint,
            CallTimeout = callTimeout ?? TimeSpan.FromSeconds(15),
            MaxRetries = maxRetries,
        }));
}
