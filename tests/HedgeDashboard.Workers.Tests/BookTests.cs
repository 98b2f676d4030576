using System.Numerics;
using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Data.Queries;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Ethereum.Rpc.Api;
using HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;
using HedgeDashboard.TestSupport;
using HedgeDashboard.Workers.Book;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nethereum.Contracts;
using Xunit.Abstractions;

namespace HedgeDashboard.Workers.Tests;

/// <summary>
/// A wallet's whole book on two anvil chains (31337 and 31338, each with its own Uniswap v3 and three pools of token
/// decimals 18/6, 8/18 and 6/18, and a Uniswap v2 WETH/USDC pair configured as Chains:N:V2Pairs) followed by one
/// worker host: every position discovered with its pool, fee tier and
/// token metadata read from the chain, valued exactly (what decreaseLiquidity would pay), and one chain's outage
/// valued in USD per token (feeds for WETH and USDC, WBTC and DAI through pool TWAPs) and scored on each pair's checked
/// series, and one chain's outage marking only its own positions stale while the other keeps updating, then recovering
/// without a restart.
/// </summary>
public sealed class BookTests(ITestOutputHelper output) : IAsyncLifetime
{
    private AnvilNode _a = null!;
    private AnvilNode _b = null!;
    private TcpProxy _proxyB = null!;
    private TestDatabase _db = null!;
    private LocalBook _bookA = null!;
    private LocalBook _bookB = null!;
    private IHost? _host;

    public async Task InitializeAsync()
    {
        _db = await TestPostgres.CreateDatabaseAsync("wk_book");
        var migrate = new DatabaseMigrator(_db.ConnectionString).MigrateAsync();
        _a = await AnvilNode.StartAsync(31337);
        _b = await AnvilNode.StartAsync(31338);
        _proxyB = new TcpProxy(_b.Port);
        _proxyB.Start();
        var books = await Task.WhenAll(LocalBook.DeployAsync(_a), LocalBook.DeployAsync(_b));
        (_bookA, _bookB) = (books[0], books[1]);
        await migrate;

        // The TWAP window (60 s) must reach back no further than the pools' first observation.
        foreach (var node in new[] { _a, _b })
        {
            await node.RpcAsync("evm_increaseTime", 120);
            await node.RpcAsync("evm_mine");
        }

        await using var db = Db();
        db.Chains.AddRange(new Data.Entities.Chain { Id = 31337, Name = "alpha" }, new Data.Entities.Chain { Id = 31338, Name = "beta" });
        db.TrackedWallets.AddRange(
            new TrackedWallet { ChainId = 31337, Address = _bookA.Lp.ToLowerHex() },
            new TrackedWallet { ChainId = 31338, Address = _bookB.Lp.ToLowerHex() });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task TwoChains_WalletPositionsInThreePoolsEach_DiscoveredValuedExactlyAndStaleOnlyOnTheChainThatStops()
    {
        _host = await StartWorkersAsync();

        // Discovery: three positions per chain, in pools of three fee tiers, with the tokens' symbols and decimals.
        var positions = await EventuallyAsync(async () =>
        {
            await using var db = Db();
            var list = await db.Positions.AsNoTracking().Include(p => p.Pool!).ThenInclude(p => p.Token0).Include(p => p.Pool!).ThenInclude(p => p.Token1).ToListAsync();
            return list.Count >= 8 && list.All(p => p.EntrySource is not null) ? list : null;
        }, "six v3 and two v2 positions discovered on two chains, with their entries read from the chains' history");
        Assert.Equal(8, positions.Count);
        var lpTokens = positions.Where(p => p.Kind == PositionKind.V2).OrderBy(p => p.Pool!.ChainId).ToList();
        Assert.Equal([31337L, 31338L], lpTokens.Select(p => p.Pool!.ChainId));
        Assert.All(lpTokens, p => Assert.Equal((PositionKind.V2, "ETH/USD", 3000m), (p.Pool!.Kind, p.Pool.Pair, p.EntryPrice)));
        Assert.All(lpTokens, p => Assert.Equal((5m, 15000m), (p.EntryAmount0, p.EntryAmount1))); // the deposit (DeployBook.s.sol)
        Assert.All(positions, p => Assert.StartsWith("deposits from block ", p.EntrySource, StringComparison.Ordinal));
        positions = [.. positions.Where(p => p.Kind == PositionKind.V3)];
        foreach (var chainId in new long[] { 31337, 31338 })
        {
            var pools = positions.Where(p => p.Pool!.ChainId == chainId).Select(p => p.Pool!).OrderBy(p => p.FeeTier).ToList();
            Assert.Equal([(100, "USDC/DAI", 1), (500, "ETH/USD", 10), (3000, "BTC/ETH", 60)], pools.Select(p => (p.FeeTier, p.Pair, p.TickSpacing)));
            var decimals = pools.SelectMany(p => new[] { p.Token0!, p.Token1! }).DistinctBy(t => t.Symbol).ToDictionary(t => t.Symbol, t => t.Decimals);
            Assert.Equal(new Dictionary<string, int> { ["DAI"] = 18, ["USDC"] = 6, ["WBTC"] = 8, ["WETH"] = 18 }, decimals);
        }

        Assert.All(positions.Concat(lpTokens), p => Assert.Equal(PositionStatus.Open, p.Status));
        Assert.All(positions, p => Assert.NotNull(p.WalletId));

        // Valued exactly: the amounts from the stored pool state equal what decreaseLiquidity pays the owner at that block.
        foreach (var p in positions)
        {
            var (node, book) = p.Pool!.ChainId == 31337 ? (_a, _bookA) : (_b, _bookB);
            var v = BookStore.Value(p.Pool!, p.Pool!.Token0!, p.Pool!.Token1!, p.TickLower, p.TickUpper, p.Liquidity);
            var (paid0, paid1) = await DecreaseLiquidityQuoteAsync(node, book, p, (ulong)p.Pool!.StateBlock!.Value);
            output.WriteLine($"chain {p.Pool.ChainId} {p.Pool.Pair} {p.Pool.FeeTier}: raw ({v.Raw0}, {v.Raw1}) decreaseLiquidity ({paid0}, {paid1}); {v.Base} base + {v.Quote} quote at {v.Price}");
            Assert.Equal((paid0, paid1), (v.Raw0, v.Raw1));
            Assert.True(v.Base > 0 && v.Quote > 0, "each demo position is in range: both tokens");
        }

        // The WBTC/WETH position holds about 1 WBTC (8 decimals) and 20 WETH, priced about 20 ETH per BTC.
        var btc = BookStore.Value(positions.First(p => p.Pool!.Pair == "BTC/ETH").Pool!, positions.First(p => p.Pool!.Pair == "BTC/ETH").Pool!.Token0!,
            positions.First(p => p.Pool!.Pair == "BTC/ETH").Pool!.Token1!, positions.First(p => p.Pool!.Pair == "BTC/ETH").TickLower,
            positions.First(p => p.Pool!.Pair == "BTC/ETH").TickUpper, positions.First(p => p.Pool!.Pair == "BTC/ETH").Liquidity);
        Assert.InRange(btc.Price, 19.99m, 20.01m);
        Assert.InRange(btc.Base, 0.5m, 1.0m);

        // Scored, whatever the pool: no pair here has a Chainlink series of its own, so each is scored on a book chain's
        // checked USD cross (base USD / quote USD of the chain's tokens), e.g. BTC/ETH at WBTC's TWAP-path price over WETH's feed.
        var scored = await EventuallyAsync(async () =>
        {
            await using var db = Db();
            var list = await db.RiskScores.AsNoTracking().Select(r => new { r.PositionId, r.Features, r.RecommendedRatio, r.ForecastVolatility }).ToListAsync();
            return list.Select(r => r.PositionId).Distinct().Count() == 8 ? list : null;
        }, "all eight positions scored");
        await using (var db = Db())
        {
            var tokens = await db.Tokens.AsNoTracking().ToListAsync();
            Assert.Equal(8, tokens.Count);
            Assert.All(tokens, t => Assert.True(t.UsdPrice > 0 && t.UsdStaleReason is null, $"{t.Symbol} on {t.ChainId} priced"));
            foreach (var chainId in new long[] { 31337, 31338 })
            {
                var usd = tokens.Where(t => t.ChainId == chainId).ToDictionary(t => t.Symbol, t => t.UsdPrice!.Value);
                var series = await db.PriceObservations.AsNoTracking().Where(o => o.Source == BookPairPrices.Source(chainId)).ToListAsync();
                var latest = series.GroupBy(o => o.Pair).ToDictionary(g => g.Key, g => g.MaxBy(o => o.ObservedAt)!.Price);
                Assert.Equal(["BTC/ETH", "ETH/USD", "USDC/DAI"], latest.Keys.Order());
                Assert.Equal(Math.Round(usd["WBTC"] / usd["WETH"], 18), latest["BTC/ETH"]);
                Assert.Equal(Math.Round(usd["USDC"] / usd["DAI"], 18), latest["USDC/DAI"]);
                Assert.Equal(Math.Round(usd["WETH"] / usd["USDC"], 18), latest["ETH/USD"]);
                Assert.InRange(latest["BTC/ETH"], 19.9m, 20.1m);
            }
        }

        foreach (var r in scored)
        {
            using var features = System.Text.Json.JsonDocument.Parse(r.Features);
            Assert.StartsWith(BookPairPrices.SourcePrefix, features.RootElement.GetProperty("priceSource").GetString(), StringComparison.Ordinal);
            Assert.True(r.ForecastVolatility > 0 && r.RecommendedRatio is >= 0 and <= 1, $"position {r.PositionId}: a finite forecast and ratio");
        }

        // Chain B's node goes away: only its positions go stale, with the time it happened; chain A keeps updating.
        _proxyB.Stop();
        var down = await EventuallyAsync(async () =>
        {
            await using var db = Db();
            var b = (await db.ChainStatusesAsync()).Single(c => c.Id == 31338);
            return b.IsHealthy ? null : b;
        }, "chain 31338 marked unhealthy");
        Assert.NotNull(down.UnhealthySince);
        Assert.Contains("no node answers", down.Reason, StringComparison.Ordinal);
        await using (var db = Db())
        {
            var stale = await db.StalePositionIdsAsync();
            Assert.Equal(positions.Concat(lpTokens).Where(p => p.Pool!.ChainId == 31338).Select(p => p.Id).Order(), stale);
        }

        await _a.RpcAsync("evm_mine");
        var headA = ulong.Parse((await _a.RpcAsync("eth_blockNumber")).GetString()![2..], System.Globalization.NumberStyles.HexNumber);
        await EventuallyAsync(async () =>
        {
            await using var db = Db();
            var a = (await db.ChainStatusesAsync()).Single(c => c.Id == 31337);
            return a.IsHealthy && a.HeadBlock >= (long)headA ? a : null;
        }, "chain 31337 still followed while 31338 is down");
        await using (var db = Db())
        {
            var b = (await db.ChainStatusesAsync()).Single(c => c.Id == 31338);
            Assert.False(b.IsHealthy);
            Assert.Equal(down.UnhealthySince, b.UnhealthySince); // the outage's start is kept, not moved each tick
        }

        // The node is back on the same address: followed again without restarting the host.
        _proxyB.Start();
        await _b.RpcAsync("evm_mine");
        var headB = ulong.Parse((await _b.RpcAsync("eth_blockNumber")).GetString()![2..], System.Globalization.NumberStyles.HexNumber);
        var up = await EventuallyAsync(async () =>
        {
            await using var db = Db();
            var b = (await db.ChainStatusesAsync()).Single(c => c.Id == 31338);
            return b.IsHealthy && b.HeadBlock >= (long)headB ? b : null;
        }, "chain 31338 healthy again");
        Assert.Null(up.UnhealthySince);
        await using (var db = Db())
        {
            Assert.Empty(await db.StalePositionIdsAsync());
        }
    }

    private async Task<(BigInteger, BigInteger)> DecreaseLiquidityQuoteAsync(AnvilNode node, LocalBook book, LpPosition p, ulong block)
    {
        var rpc = EthereumRpc.Create(node.RpcUrl);
        var data = new DecreaseLiquidityFunction { Params = new() { TokenId = p.NftTokenId, Liquidity = p.Liquidity, Deadline = DateTimeOffset.UtcNow.AddDays(365).ToUnixTimeSeconds() } }.GetCallData();
        var reply = await rpc.Calls.CallAsync(new CallRequest { From = Address.Parse(p.OwnerAddress), To = book.PositionManager, Data = data }, BlockParameter.Number(block));
        var r = EthCallApi.DecodeOutput<DecreaseLiquidityFunction, AmountsOutputDto>(reply, book.PositionManager);
        return (r.Amount0, r.Amount1);
    }

    private async Task<IHost> StartWorkersAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Hedge"] = _db.ConnectionString,
            ["Hosting:Roles"] = "workers",
            ["Chains:0:Id"] = "31337",
            ["Chains:0:Name"] = "alpha",
            ["Chains:0:RpcUrls:0"] = _a.RpcUrl.ToString().TrimEnd('/'),
            ["Chains:0:PositionManager"] = _bookA.PositionManager.ToString(),
            ["Chains:0:Factory"] = _bookA.Factory.ToString(),
            ["Chains:0:V2Pairs:0"] = _bookA.V2Pair.ToString(),
            ["Chains:1:Id"] = "31338",
            ["Chains:1:Name"] = "beta",
            ["Chains:1:RpcUrls:0"] = _proxyB.Url.ToString().TrimEnd('/'),
            ["Chains:1:PositionManager"] = _bookB.PositionManager.ToString(),
            ["Chains:1:Factory"] = _bookB.Factory.ToString(),
            ["Chains:1:V2Pairs:0"] = _bookB.V2Pair.ToString(),
            [$"Chains:0:PriceFeeds:{_bookA.Token("WETH")}"] = _bookA.Feed("WETH").ToString(),
            [$"Chains:0:PriceFeeds:{_bookA.Token("USDC")}"] = _bookA.Feed("USDC").ToString(),
            [$"Chains:1:PriceFeeds:{_bookB.Token("WETH")}"] = _bookB.Feed("WETH").ToString(),
            [$"Chains:1:PriceFeeds:{_bookB.Token("USDC")}"] = _bookB.Feed("USDC").ToString(),
            ["Workers:Book:TwapWindowSeconds"] = "60",
            ["Workers:Scoring:IntervalSeconds"] = "1",
            ["Workers:Scoring:RetrainIntervalMinutes"] = "0",
            ["Workers:Book:PollIntervalMilliseconds"] = "100",
            ["Workers:Book:RefreshSeconds"] = "1",
            ["Workers:Book:CallTimeoutSeconds"] = "3",
        };
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddProvider(new XunitLoggerProvider(output));
        builder.Services.AddHedgeData(_db.ConnectionString);
        builder.Services.AddHedgeWorkers(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private HedgeDbContext Db() => HedgeDataServiceCollectionExtensions.CreateContext(_db.ConnectionString);

    private static Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what) => TestMarket.EventuallyAsync(probe, what);

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync(TimeSpan.FromSeconds(5));
            _host.Dispose();
        }

        await _proxyB.DisposeAsync();
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _db.DisposeAsync();
    }
}
