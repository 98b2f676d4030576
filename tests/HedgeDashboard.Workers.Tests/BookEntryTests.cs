using System.Numerics;
using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;
using HedgeDashboard.TestSupport;
using HedgeDashboard.Workers.Book;
using HedgeDashboard.Workers.Chain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nethereum.Contracts;
using Xunit.Abstractions;

namespace HedgeDashboard.Workers.Tests;

/// <summary>
/// A book position's entry is what the wallet deposited, read from the chain's history, not the state when the
/// dashboard first saw it: the book of scripts/deploy-book.sh on anvil, its WBTC/WETH pool moved by a trader and half
/// of one position withdrawn before the wallet is tracked.
/// </summary>
public sealed class BookEntryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Trader = 8;
    private AnvilNode _node = null!;
    private TestDatabase _db = null!;
    private LocalBook _book = null!;

    public async Task InitializeAsync()
    {
        _db = await TestPostgres.CreateDatabaseAsync("wk_entry");
        var migrate = new DatabaseMigrator(_db.ConnectionString).MigrateAsync();
        _node = await AnvilNode.StartAsync(31337);
        _book = await LocalBook.DeployAsync(_node);
        await migrate;
        await using var db = Db();
        db.Chains.Add(new Data.Entities.Chain { Id = 31337, Name = "alpha" });
        db.TrackedWallets.Add(new TrackedWallet { ChainId = 31337, Address = _book.Lp.ToLowerHex() });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Entry_IsTheDepositsAtTheirBlock_NotTheFirstSight_AfterASwapAndAPartialWithdrawal()
    {
        var rpc = EthereumRpc.Create(_node.RpcUrl);

        // The LP's deposits as the node reports them (raw eth_getLogs, decoded by hand): token id -> (block, L, amount0, amount1).
        var deposits = await IncreaseLiquidityLogsAsync();
        Assert.Equal(3, deposits.Count);

        // Before the wallet is tracked: half of the first position is withdrawn, and a trader sells WBTC into its pool.
        var halved = _book.Json.GetProperty("positions")[0].GetProperty("tokenId").GetInt64();
        await SendAsync(_book.Lp, _book.PositionManager, new DecreaseLiquidityFunction
        {
            Params = new() { TokenId = halved, Liquidity = deposits[halved].Liquidity / 2, Deadline = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds() },
        }.GetCallData());
        await SellWbtcAsync(BigInteger.Pow(10, 8) / 4);

        var entry = new ChainEntry { Id = 31337, Name = "alpha", RpcUrls = [_node.RpcUrl.ToString()], PositionManager = _book.PositionManager.ToString(), Factory = _book.Factory.ToString(), V2Pairs = [_book.V2Pair.ToString()] };
        var contracts = BookContracts.Resolve(entry);
        var head = await rpc.Chain.GetBlockNumberAsync();
        var snap = await RefreshAsync(rpc, contracts, entry, head);

        // A row the chain does not report as the wallet's (left from a replaced deployment): token 2 is the market's
        // full-range position here, whose deposits it must not borrow.
        long stranger;
        await using (var db = Db())
        {
            var template = await db.Positions.AsNoTracking().FirstAsync(p => p.Kind == PositionKind.V3);
            var row = new LpPosition
            {
                PoolId = template.PoolId, NftTokenId = 2, OwnerAddress = template.OwnerAddress, TickLower = template.TickLower, TickUpper = template.TickUpper,
                Liquidity = template.Liquidity, EntryAmount0 = 1, EntryAmount1 = 1, EntryPrice = 1, OpenedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
            };
            db.Positions.Add(row);
            await db.SaveChangesAsync();
            stranger = row.Id;
        }

        Assert.Equal(4, await new BookEntries(rpc, contracts, entry).ResolveAsync(Factory(), snap, default));
        await using (var db = Db())
        {
            Assert.Null((await db.Positions.AsNoTracking().SingleAsync(p => p.Id == stranger)).EntrySource);
            await db.Positions.Where(p => p.Id == stranger).ExecuteDeleteAsync();
        }

        await using (var db = Db())
        {
            var positions = await db.Positions.AsNoTracking().Include(p => p.Pool!).ThenInclude(p => p.Token0).Include(p => p.Pool!).ThenInclude(p => p.Token1).ToListAsync();
            foreach (var p in positions.Where(p => p.Kind == PositionKind.V3))
            {
                var d = deposits[p.NftTokenId];
                var (t0, t1) = (p.Pool!.Token0!, p.Pool.Token1!);
                var token0IsBase = !Data.Markets.PairNames.IsQuote(t0.Symbol, p.Pool.Pair);
                var (raw0, raw1) = (d.Amount0 * p.Liquidity / d.Liquidity, d.Amount1 * p.Liquidity / d.Liquidity);
                var (base_, quote) = token0IsBase ? (OnChainUnits.Scale(raw0, t0.Decimals), OnChainUnits.Scale(raw1, t1.Decimals)) : (OnChainUnits.Scale(raw1, t1.Decimals), OnChainUnits.Scale(raw0, t0.Decimals));
                var now = BookStore.Value(p.Pool, t0, t1, p.TickLower, p.TickUpper, p.Liquidity);
                output.WriteLine($"{p.Pool.Pair} #{p.NftTokenId}: entry {p.EntryPrice} ({p.EntryAmount0} + {p.EntryAmount1}) at {p.OpenedAt:O}; now {now.Price}; {p.EntrySource}");

                Assert.Equal((base_, quote), (p.EntryAmount0, p.EntryAmount1));
                Assert.Equal(await BlockTimeAsync(d.Block), p.OpenedAt);
                Assert.Equal($"deposits from block {d.Block} (1 IncreaseLiquidity)", p.EntrySource);

                // The pools were created at 3,000 USDC per WETH, 20 WETH per WBTC and 1 DAI per USDC (sqrt rounding aside).
                var created = p.Pool.Pair switch { "ETH/USD" => 3000m, "BTC/ETH" => 20m, _ => 1m };
                Assert.InRange(p.EntryPrice / created, 0.999999999m, 1.000000001m);
            }

            // The trade moved WBTC/WETH: the first sight would have taken its new price as the entry.
            var btc = positions.Single(p => p.Pool!.Pair == "BTC/ETH");
            Assert.True(BookStore.Value(btc.Pool!, btc.Pool!.Token0!, btc.Pool.Token1!, btc.TickLower, btc.TickUpper, btc.Liquidity).Price < 19.6m, "the trade moved the pool");

            // Half withdrawn: half the basis.
            var half = positions.Single(p => p.NftTokenId == halved);
            Assert.Equal(deposits[halved].Liquidity - (deposits[halved].Liquidity / 2), half.Liquidity);

            // Uniswap v2: the deposit itself (5 WETH + 15,000 USDC), not the burn value of the balance (which lacks the
            // locked MINIMUM_LIQUIDITY share).
            var v2 = positions.Single(p => p.Kind == PositionKind.V2);
            Assert.Equal((3000m, 5m, 15000m), (v2.EntryPrice, v2.EntryAmount0, v2.EntryAmount1));
            Assert.StartsWith("deposits from block ", v2.EntrySource, StringComparison.Ordinal);
            Assert.EndsWith(" (1 mint(s))", v2.EntrySource, StringComparison.Ordinal);
        }

        // History that starts after the deposits: the entries stay as they are and say why.
        await using (var db = Db())
        {
            await db.Positions.ExecuteUpdateAsync(u => u.SetProperty(p => p.EntrySource, (string?)null));
        }

        var late = new ChainEntry { Id = 31337, Name = "alpha", RpcUrls = entry.RpcUrls, PositionManager = entry.PositionManager, Factory = entry.Factory, V2Pairs = entry.V2Pairs, HistoryFromBlock = (long)head };
        Assert.Equal(4, await new BookEntries(rpc, contracts, late).ResolveAsync(Factory(), snap, default));
        await using (var db = Db())
        {
            var sources = await db.Positions.AsNoTracking().Select(p => new { p.Kind, p.EntrySource }).ToListAsync();
            Assert.All(sources.Where(s => s.Kind == PositionKind.V3), s => Assert.StartsWith("first seen: no IncreaseLiquidity of token ", s.EntrySource, StringComparison.Ordinal));
            Assert.StartsWith($"first seen: no liquidity tokens minted to {_book.Lp.ToLowerHex()} in blocks {head}-{head}", sources.Single(s => s.Kind == PositionKind.V2).EntrySource, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task NodeRefusingTheHistory_BookStillValued_EntriesWaitForTheNextRefresh()
    {
        // Every eth_getLogs of the follower is refused (a provider without the history): the refresh goes on to value
        // the book, and the positions keep no entry source, so a later refresh tries again.
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Hedge"] = _db.ConnectionString,
            ["Hosting:Roles"] = "workers",
            ["Chains:0:Id"] = "31337",
            ["Chains:0:Name"] = "alpha",
            ["Chains:0:RpcUrls:0"] = _node.RpcUrl.ToString().TrimEnd('/'),
            ["Chains:0:PositionManager"] = _book.PositionManager.ToString(),
            ["Chains:0:Factory"] = _book.Factory.ToString(),
            [$"Chains:0:PriceFeeds:{_book.Token("WETH")}"] = _book.Feed("WETH").ToString(),
            [$"Chains:0:PriceFeeds:{_book.Token("USDC")}"] = _book.Feed("USDC").ToString(),
            ["Workers:Book:PollIntervalMilliseconds"] = "100",
            ["Workers:Book:RefreshSeconds"] = "1",
            ["Workers:Scoring:Enabled"] = "false",
            ["Workers:Suggestions:Enabled"] = "false",
        };
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddProvider(new XunitLoggerProvider(output));
        builder.Services.AddHedgeData(_db.ConnectionString);
        builder.Services.AddHedgeWorkers(builder.Configuration);
        var refused = new RefuseGetLogs();
        builder.Services.AddHttpClient(nameof(ChainFollower)).AddHttpMessageHandler(() => refused);
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            await TestMarket.EventuallyAsync(
                async () =>
                {
                    await using var db = Db();
                    return refused.Count >= 2 && await db.Tokens.CountAsync(t => t.UsdPrice != null) >= 2 ? true : (bool?)null;
                },
                "the book valued while its history is refused (two refreshes)");
            await using var check = Db();
            var positions = await check.Positions.AsNoTracking().ToListAsync();
            Assert.Equal(3, positions.Count);
            Assert.All(positions, p => Assert.Null(p.EntrySource));
        }
        finally
        {
            await host.StopAsync(TimeSpan.FromSeconds(5));
        }
    }

    [Fact]
    public void Basis_ScalesTheDepositsByTheLiquidityHeldNow()
    {
        Deposit[] deposits = [new(10, 1000, 5_000_000, 7), new(12, 3000, 15_000_000, 21)];
        Assert.Equal((new BigInteger(20_000_000), new BigInteger(28)), BookEntries.Basis(deposits, 4000));
        Assert.Equal((new BigInteger(5_000_000), new BigInteger(7)), BookEntries.Basis(deposits, 1000)); // a quarter withdrawn
        Assert.Equal((new BigInteger(20_000_000), new BigInteger(28)), BookEntries.Basis(deposits, 0)); // closed: what went in
        Assert.Equal((new BigInteger(25_000_000), new BigInteger(35)), BookEntries.Basis(deposits, 5000)); // more held than minted
    }

    private async Task<Dictionary<long, (ulong Block, BigInteger Liquidity, BigInteger Amount0, BigInteger Amount1)>> IncreaseLiquidityLogsAsync()
    {
        var topic = Hex.Encode(Keccak256.Hash("IncreaseLiquidity(uint256,uint128,uint256,uint256)"u8));
        var logs = await _node.RpcAsync("eth_getLogs", new Dictionary<string, object> { ["address"] = _book.PositionManager.ToLowerHex(), ["fromBlock"] = "0x0", ["toBlock"] = "latest", ["topics"] = new[] { topic } });
        // The LP's positions only: the market's full-range positions and the pricing-only LINK/USDC pool's are not its.
        var lpTokens = _book.Json.GetProperty("positions").EnumerateArray().Select(p => p.GetProperty("tokenId").GetInt64()).ToHashSet();
        var result = new Dictionary<long, (ulong, BigInteger, BigInteger, BigInteger)>();
        foreach (var log in logs.EnumerateArray())
        {
            var data = Hex.Decode(log.GetProperty("data").GetString()!);
            BigInteger Word(int i) => new(data.AsSpan(i * 32, 32), isUnsigned: true, isBigEndian: true);
            var tokenId = (long)new BigInteger(Hex.Decode(log.GetProperty("topics")[1].GetString()!), isUnsigned: true, isBigEndian: true);
            if (!lpTokens.Contains(tokenId))
            {
                continue;
            }

            result[tokenId] = (Hex.DecodeQuantityUInt64(log.GetProperty("blockNumber").GetString()!), Word(0), Word(1), Word(2));
        }

        return result;
    }

    private async Task<DateTimeOffset> BlockTimeAsync(ulong block)
    {
        var b = await _node.RpcAsync("eth_getBlockByNumber", Hex.EncodeQuantity(block), false);
        return DateTimeOffset.FromUnixTimeSeconds((long)Hex.DecodeQuantityUInt64(b.GetProperty("timestamp").GetString()!));
    }

    /// <summary>A trader (dev account 8) sells WBTC into the WBTC/WETH 0.3 % pool through the book's SwapRouter.</summary>
    private async Task SellWbtcAsync(BigInteger amount)
    {
        var trader = Address.Parse(AnvilNode.DevAccounts[Trader].Address);
        var (wbtc, weth) = (_book.Token("WBTC"), _book.Token("WETH"));
        var router = Address.Parse(_book.Json.GetProperty("swapRouter").GetString()!);
        await SendAsync(trader, wbtc, new TestTokenMintFunction { To = trader.ToLowerHex(), Amount = amount }.GetCallData());
        await SendAsync(trader, wbtc, new ApproveFunction { Spender = router.ToLowerHex(), Amount = amount }.GetCallData());
        await SendAsync(trader, router, new ExactInputSingleFunction
        {
            Params = new()
            {
                TokenIn = wbtc.ToLowerHex(), TokenOut = weth.ToLowerHex(), Fee = 3000, Recipient = trader.ToLowerHex(),
                Deadline = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(), AmountIn = amount, AmountOutMinimum = 0, SqrtPriceLimitX96 = 0,
            },
        }.GetCallData());
    }

    private Task SendAsync(Address from, Address to, byte[] data) => _node.SendAsync(from, to, data);

    private async Task<BookSnapshot> RefreshAsync(EthereumRpc rpc, BookContracts contracts, ChainEntry entry, ulong head)
    {
        await using var db = Db();
        var wallets = await db.TrackedWallets.AsNoTracking().ToDictionaryAsync(w => w.Address, w => w.Id);
        var snap = await new BookReader(rpc, contracts, 500).ReadAsync([.. wallets.Keys.Select(Address.Parse)], new HashSet<Address>(), head, default);
        await BookStore.SaveAsync(Factory(), entry, contracts, snap, wallets, DateTimeOffset.UtcNow, default);
        return snap;
    }

    private IDbContextFactory<HedgeDbContext> Factory() => new TestDbContextFactory(_db.ConnectionString);

    private HedgeDbContext Db() => HedgeDataServiceCollectionExtensions.CreateContext(_db.ConnectionString);

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        await _db.DisposeAsync();
    }

    /// <summary>Answers every eth_getLogs with a node error, as a provider without the old history does; passes the rest.</summary>
    private sealed class RefuseGetLogs : DelegatingHandler
    {
        private int _count;

        public int Count => _count;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            using var doc = System.Text.Json.JsonDocument.Parse(body.Length == 0 ? "{}" : body);
            if (doc.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && doc.RootElement.TryGetProperty("method", out var m) && m.GetString() == "eth_getLogs")
            {
                Interlocked.Increment(ref _count);
                var id = doc.RootElement.GetProperty("id").GetRawText();
                return new HttpResponseMessage(System.Net.HttpStatusCode.OK)
                {
                    Content = new StringContent($$$"""{"jsonrpc":"2.0","id":{{{id}}},"error":{"code":-32000,"message":"missing trie node (history pruned)"}}""", System.Text.Encoding.UTF8, "application/json"),
                };
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }

}
