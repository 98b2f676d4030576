using System.Globalization;
using System.Numerics;
using System.Text.Json;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Ethereum.Rpc.Contracts;
using HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;
using HedgeDashboard.TestSupport;
using HedgeDashboard.Workers.Book;
using Nethereum.Contracts;
using Xunit.Abstractions;

namespace HedgeDashboard.Workers.Tests;

/// <summary>
/// Batching bound: a wallet holding 1,003 positions (the book's three plus 1,000 minted here) refreshes in a fixed
/// number of HTTP requests (JSON-RPC batches of at most 500 eth_calls), counted on the wire, not per position.
/// </summary>
public sealed class BookRequestCountTests(ITestOutputHelper output)
{

    [Fact]
    public async Task Refresh_ThousandPositions_BoundedNumberOfRequests()
    {
        await using var node = await AnvilNode.StartAsync(31338);
        var book = await LocalBook.DeployAsync(node);
        var setup = EthereumRpc.Create(node.RpcUrl, TimeSpan.FromSeconds(120));
        var lp = book.Lp;

        // 1,000 more positions of the LP in the book's WETH/USDC pool, sent from anvil's unlocked dev account.
        var first = await new NonfungiblePositionManager(setup, book.PositionManager).PositionsAsync(1);
        var (token0, token1, fee, lower, upper) = (first.Token0, first.Token1, first.Fee, first.TickLower, first.TickUpper);
        var big = BigInteger.Pow(10, 30);
        // Automine off while minting: anvil runs a batch's sends concurrently, so some arrive ahead of their nonce, and
        // automine mines only on an arrival; a send that became ready after the last arrival waited for a block that
        // never came (ci32: receipts missing for 120 s; ci30: 995 positions held). Each batch is mined explicitly.
        await node.RpcAsync("evm_setAutomine", false);
        await SendAsync(node, setup, lp, [(token0, MintTokens(lp, big)), (token1, MintTokens(lp, big))]);
        var deadline = (BigInteger)DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeSeconds();
        var amount = BigInteger.Pow(10, 12);
        var mint = new MintFunction
        {
            Params = new()
            {
                Token0 = token0.ToLowerHex(), Token1 = token1.ToLowerHex(), Fee = fee, TickLower = lower, TickUpper = upper, Amount0Desired = amount, Amount1Desired = amount,
                Recipient = lp.ToLowerHex(), Deadline = deadline,
            },
        }.GetCallData();
        // anvil keeps only a few transactions with future nonces per sender: batches of 16 (16 x 1M gas fits a block).
        for (var sent = 0; sent < 1000; sent += 16)
        {
            await SendAsync(node, setup, lp, [.. Enumerable.Range(0, Math.Min(16, 1000 - sent)).Select(_ => (book.PositionManager, mint))]);
        }

        await node.RpcAsync("evm_setAutomine", true);

        var counter = new CountingHandler();
        var rpc = new EthereumRpc(new JsonRpcClient(new HttpClient(counter) { Timeout = Timeout.InfiniteTimeSpan }, new JsonRpcClientOptions { Endpoint = node.RpcUrl, CallTimeout = TimeSpan.FromSeconds(120), MaxRetries = 0 }));
        var reader = new BookReader(rpc, new BookContracts(book.PositionManager, book.Factory, null, false), maxBatch: 500);
        var head = await rpc.Chain.GetBlockNumberAsync();

        // One more block on top: reads at the head anvil has just mined could see part of its state on a loaded machine
        // (balanceOf and tokenOfOwnerByIndex disagreed at the same block); at a block below the head they never did.
        await node.RpcAsync("evm_mine");

        // The book's 3 and the 1,000 minted here: three chunks of 500, which is what the request counts below assume.
        var held = (int)await new NonfungiblePositionManager(setup, book.PositionManager).BalanceOfAsync(lp, BlockParameter.Number(head));
        Assert.Equal(1003, held);

        var firstPass = await reader.ReadAsync([lp], new HashSet<Address>(), head, default);
        Assert.Equal(held, firstPass.Positions.Count);
        var known = firstPass.NewTokens.Select(t => t.Address).ToHashSet();
        var before = counter.Count;
        var steady = await reader.ReadAsync([lp], known, head, default);
        var steadyHttp = counter.Count - before;
        Assert.Equal(held, steady.Positions.Count);
        Assert.All(steady.Positions, p => Assert.NotNull(p.Fees));

        // First pass: balanceOf 1, tokenOfOwnerByIndex 3, positions 3, getPool 1, slot0 + tickSpacing + token metadata 1, fees 3.
        Assert.Equal(12, firstPass.Requests);
        // Later passes: pools and tokens known, so no getPool batch. The follower adds one eth_getBlockByNumber (the head) per tick.
        Assert.Equal(11, steady.Requests);
        Assert.Equal(steady.Requests, steadyHttp);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{held:N0} positions, 3 pools, batches of 500: first refresh {firstPass.Requests} HTTP requests, later refreshes {steadyHttp} (+1 eth_getBlockByNumber)"));
    }

    /// <summary>Sends a batch with explicit nonces (anvil would give identical transactions the same one), mines it, and
    /// checks every receipt.</summary>
    private static async Task SendAsync(AnvilNode node, EthereumRpc rpc, Address from, IReadOnlyList<(Address To, byte[] Data)> txs)
    {
        var nonce = await rpc.Accounts.GetTransactionCountAsync(from, BlockParameter.Pending);
        var replies = await rpc.Client.BatchAsync([.. txs.Select((t, i) => new RpcRequest("eth_sendTransaction", new Dictionary<string, object?>
        {
            ["from"] = from.ToLowerHex(), ["to"] = t.To.ToLowerHex(), ["data"] = Hex.Encode(t.Data), ["gas"] = "0xf4240", ["nonce"] = Hex.EncodeQuantity(nonce + (ulong)i),
        }))]);
        Assert.All(replies, r => Assert.Null(r.Error));
        await node.RpcAsync("evm_mine");
        var receipts = await rpc.Client.BatchAsync([.. replies.Select(r => new RpcRequest("eth_getTransactionReceipt", r.Result!.Value.GetString()))]);
        var failed = receipts.Select((r, i) => r.Result is { ValueKind: JsonValueKind.Object } receipt
            ? receipt.GetProperty("status").GetString() == "0x1" ? null : $"nonce {nonce + (ulong)i} reverted"
            : $"nonce {nonce + (ulong)i} not mined").OfType<string>().ToList();
        Assert.True(failed.Count == 0, string.Join(", ", failed));
    }

    /// <summary>TestToken.mint(to, amount) calldata (contracts/src/mocks/TestToken.sol).</summary>
    private static byte[] MintTokens(Address to, BigInteger amount) => new TestTokenMintFunction { To = to.ToLowerHex(), Amount = amount }.GetCallData();

    private sealed class CountingHandler : DelegatingHandler
    {
        private int _count;

        public CountingHandler()
            : base(new HttpClientHandler())
        {
        }

        public int Count => _count;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
