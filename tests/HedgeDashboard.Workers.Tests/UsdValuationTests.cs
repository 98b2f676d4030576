using System.Numerics;
using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Data.Queries;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Ethereum.Rpc.Api;
using HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;
using HedgeDashboard.Quant.Positions;
using HedgeDashboard.TestSupport;
using HedgeDashboard.Workers.Approvals;
using HedgeDashboard.Workers.Book;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Xunit.Abstractions;

namespace HedgeDashboard.Workers.Tests;

/// <summary>
/// USD valuation per token on anvil + Postgres (the book of scripts/deploy-book.sh: feeds for WETH and USDC, WBTC and
/// DAI through pool TWAPs) and the sequencer-uptime gate, followed by one worker host.
/// </summary>
public sealed class UsdValuationTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const long ChainId = 31338;
    private AnvilNode _node = null!;
    private TestDatabase _db = null!;
    private LocalBook _book = null!;
    private IHost? _host;

    public async Task InitializeAsync()
    {
        _db = await TestPostgres.CreateDatabaseAsync("wk_usd");
        var migrate = new DatabaseMigrator(_db.ConnectionString).MigrateAsync();
        _node = await AnvilNode.StartAsync(ChainId);
        _book = await LocalBook.DeployAsync(_node);
        await migrate;

        // The TWAP window (60 s) must reach back no further than the pools' first observation.
        await _node.RpcAsync("evm_increaseTime", 120);
        await _node.RpcAsync("evm_mine");

        await using var db = Db();
        db.Chains.Add(new Data.Entities.Chain { Id = ChainId, Name = "rollup" });
        db.TrackedWallets.Add(new TrackedWallet { ChainId = ChainId, Address = _book.Lp.ToLowerHex() });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Book_FeedsAndTwapPaths_ValueWbtcWethAndUsdcDaiInUsdExactly_AndAStaleFeedMarksItsTokensPositionsStale()
    {
        _host = await StartWorkersAsync();
        var tokens = await EventuallyAsync(async () =>
        {
            await using var db = Db();
            var list = await db.Tokens.AsNoTracking().Where(t => t.ChainId == ChainId).ToListAsync();
            return list.Count == 4 && list.All(t => t.UsdPrice is not null) ? list.ToDictionary(t => t.Symbol) : null;
        }, "four tokens priced in USD");

        // Known answers: the feeds' answers (3,000 and 1.00, 8 decimals), and WBTC, DAI at each pool's TWAP, which with
        // no swap in the window is the pool's current tick exactly.
        var pools = await PoolsAsync();
        Assert.Equal(3000m, tokens["WETH"].UsdPrice);
        Assert.Equal(1m, tokens["USDC"].UsdPrice);
        Assert.Equal(ExpectedViaPool(pools["BTC/ETH"], tokens, "WBTC", "WETH"), tokens["WBTC"].UsdPrice);
        Assert.Equal(ExpectedViaPool(pools["USDC/DAI"], tokens, "DAI", "USDC"), tokens["DAI"].UsdPrice);
        Assert.InRange(tokens["WBTC"].UsdPrice!.Value, 59_900m, 60_100m);
        Assert.InRange(tokens["DAI"].UsdPrice!.Value, 0.999m, 1.001m);
        Assert.All(tokens.Values, t => Assert.Null(t.UsdStaleReason));
        Assert.StartsWith("feed 0x", tokens["WETH"].UsdSource, StringComparison.Ordinal);
        Assert.Matches("^TWAP (WBTC/WETH|WETH/WBTC) 0.30 % x WETH$", tokens["WBTC"].UsdSource); // tokens in pool (address) order

        // Each position in USD: what decreaseLiquidity would pay, token by token, times the token's USD price.
        await using (var db = Db())
        {
            var positions = await db.Positions.AsNoTracking().Include(p => p.Pool!).ThenInclude(p => p.Token0).Include(p => p.Pool!).ThenInclude(p => p.Token1).ToListAsync();
            Assert.Equal(3, positions.Count);
            foreach (var p in positions.Where(p => p.Pool!.Pair is "BTC/ETH" or "USDC/DAI"))
            {
                var (t0, t1) = (p.Pool!.Token0!, p.Pool.Token1!);
                var (paid0, paid1) = await DecreaseLiquidityQuoteAsync(p, (ulong)p.Pool.StateBlock!.Value);
                var expected = (Chain.OnChainUnits.Scale(paid0, t0.Decimals) * tokens[t0.Symbol].UsdPrice!.Value) + (Chain.OnChainUnits.Scale(paid1, t1.Decimals) * tokens[t1.Symbol].UsdPrice!.Value);
                var usd = BookStore.UsdValue(BookStore.Value(p.Pool, t0, t1, p.TickLower, p.TickUpper, p.Liquidity), t0, t1);
                output.WriteLine($"{p.Pool.Pair}: {paid0} {t0.Symbol} + {paid1} {t1.Symbol} = {usd} USD");
                Assert.Equal(expected, usd);
            }

            Assert.Empty(await db.StalePositionIdsAsync());
        }

        // The WETH feed's last round is two hours old (heartbeat one hour): WETH is stale, so is WBTC priced through it,
        // and the positions of both WETH pools are stale; USDC/DAI is not.
        var now = (long)ulong.Parse((await _node.RpcAsync("eth_getBlockByNumber", "latest", false)).GetProperty("timestamp").GetString()![2..], System.Globalization.NumberStyles.HexNumber);
        await SendAsync(_book.Feed("WETH"), new SetAnswerAtFunction { Answer = 3000_00000000, Timestamp = now - 7200 });
        var stale = await EventuallyAsync(async () =>
        {
            await using var db = Db();
            var ids = await db.StalePositionIdsAsync();
            return ids.Count == 2 ? ids : null;
        }, "the WETH pools' positions stale");
        await using (var db = Db())
        {
            var pairs = await db.Positions.AsNoTracking().Where(p => stale.Contains(p.Id)).Select(p => p.Pool!.Pair).OrderBy(x => x).ToListAsync();
            Assert.Equal(["BTC/ETH", "ETH/USD"], pairs);
            var weth = await db.Tokens.AsNoTracking().SingleAsync(t => t.ChainId == ChainId && t.Symbol == "WETH");
            Assert.StartsWith("feed is stale: last update", weth.UsdStaleReason, StringComparison.Ordinal);
            var wbtc = await db.Tokens.AsNoTracking().SingleAsync(t => t.ChainId == ChainId && t.Symbol == "WBTC");
            Assert.StartsWith("via WETH: feed is stale", wbtc.UsdStaleReason, StringComparison.Ordinal);
            Assert.Null((await db.Tokens.AsNoTracking().SingleAsync(t => t.ChainId == ChainId && t.Symbol == "DAI")).UsdStaleReason);
        }
    }

    [Fact]
    public async Task SequencerDown_ThenUpWithinGrace_PausesValuationAndAutoExecution_ManualApprovalSaysWhy_ThenResumes()
    {
        _host = await StartWorkersAsync();
        await EventuallyAsync(async () =>
        {
            await using var db = Db();
            return await db.Tokens.CountAsync(t => t.ChainId == ChainId && t.UsdPrice != null) == 4 ? true : (bool?)null;
        }, "tokens priced while the sequencer is up");
        var (auto, manual) = await SeedSuggestionsAsync();

        await SendAsync(_book.SequencerUptimeFeed, new SetDownFunction { Down = true });
        var paused = await EventuallyAsync(async () =>
        {
            await using var db = Db();
            return (await db.ChainStatusesAsync()).Single(c => c.Id == ChainId) is { PausedReason: not null } c ? c : null;
        }, "chain paused by the sequencer");
        Assert.StartsWith("sequencer down since", paused.PausedReason, StringComparison.Ordinal);
        Assert.NotNull(paused.PausedSince);
        await using (var db = Db())
        {
            Assert.Equal(3, (await db.StalePositionIdsAsync()).Count); // every position of the chain
        }

        // Valuation paused: a new feed answer (within the 3 % the WETH/USDC pool's TWAP allows) is not taken while the sequencer is down.
        await SendAsync(_book.Feed("WETH"), new SetAnswerFunction { Answer = 3010_00000000 });
        await _node.RpcAsync("evm_mine");
        await Task.Delay(TimeSpan.FromSeconds(2)); // several refreshes (RefreshSeconds 1): none may price
        await using (var db = Db())
        {
            Assert.Equal(3000m, (await db.Tokens.AsNoTracking().SingleAsync(t => t.ChainId == ChainId && t.Symbol == "WETH")).UsdPrice);
        }

        // Nothing automatic executes; a person may approve and is told why automation did not.
        var approvals = _host.Services.GetRequiredService<ApprovalService>();
        var refused = await approvals.ApproveAsync(auto, Decider.Policy);
        Assert.Equal(DecisionOutcome.Conflict, refused.Outcome);
        Assert.Contains("not executed automatically: chain rollup: sequencer down since", refused.Message, StringComparison.Ordinal);
        var person = await approvals.ApproveAsync(manual, new Decider("approver", true));
        Assert.Equal(DecisionOutcome.Decided, person.Outcome);
        Assert.Contains("automatic execution is paused on chain rollup: sequencer down", person.Message, StringComparison.Ordinal);

        // Back up just now: still paused for the grace period (3,600 s)...
        await SendAsync(_book.SequencerUptimeFeed, new SetDownFunction { Down = false });
        await EventuallyAsync(async () =>
        {
            await using var db = Db();
            return (await db.ChainStatusesAsync()).Single(c => c.Id == ChainId).PausedReason is { } r && r.StartsWith("sequencer up for only", StringComparison.Ordinal) ? r : null;
        }, "paused during the grace period");

        // ...and resumed once it has been up longer: the new feed answer is taken, nothing is stale.
        var now = (long)ulong.Parse((await _node.RpcAsync("eth_getBlockByNumber", "latest", false)).GetProperty("timestamp").GetString()![2..], System.Globalization.NumberStyles.HexNumber);
        await SendAsync(_book.SequencerUptimeFeed, new SetStatusAtFunction { Answer = 0, StartedAt = now - 7200 });
        await SendAsync(_book.Feed("WETH"), new SetAnswerFunction { Answer = 3010_00000000 });
        await EventuallyAsync(async () =>
        {
            await using var db = Db();
            var chain = (await db.ChainStatusesAsync()).Single(c => c.Id == ChainId);
            var weth = await db.Tokens.AsNoTracking().SingleAsync(t => t.ChainId == ChainId && t.Symbol == "WETH");
            return chain.PausedReason is null && weth.UsdPrice == 3010m ? weth : null;
        }, "valuation resumed");
        await using (var db = Db())
        {
            Assert.Empty(await db.StalePositionIdsAsync());
        }

        // A refresh is bounded: at most 1 + 6 batches of book reads, the sequencer feed and one valuation batch.
        var follower = _host.Services.GetServices<IHostedService>().OfType<ChainFollower>().Single();
        output.WriteLine($"last refresh: {follower.LastRefreshRequests} JSON-RPC requests");
        Assert.InRange(follower.LastRefreshRequests, 3, 9);
    }

    /// <summary>Two pending suggestions on the chain's positions: one in auto mode, one manual.</summary>
    private async Task<(long Auto, long Manual)> SeedSuggestionsAsync()
    {
        await using var db = Db();
        var positions = await db.Positions.OrderBy(p => p.Id).Take(2).ToListAsync();
        Assert.Equal(2, positions.Count);
        positions[0].Policy.Mode = ExecutionMode.Auto;
        var now = DateTimeOffset.UtcNow;
        var s = positions.Select(p => new HedgeSuggestion
        {
            PositionId = p.Id, CurrentRatio = 0, ProposedRatio = 0.2m, Reason = "test", CreatedAt = now, ExpiresAt = now.AddHours(1), Status = SuggestionStatus.Pending,
            IdempotencyKey = $"usd-test-{p.Id}",
        }).ToList();
        db.Suggestions.AddRange(s);
        await db.SaveChangesAsync();
        return (s[0].Id, s[1].Id);
    }

    /// <summary>USD of <paramref name="symbol"/> from its pool's current tick and the other token's USD price.</summary>
    private static decimal ExpectedViaPool(Pool pool, Dictionary<string, Data.Entities.Token> tokens, string symbol, string via)
    {
        var (t0, t1) = (pool.Token0!, pool.Token1!);
        var ratio = (decimal)UniswapPrices.TickToPrice(pool.StateTick!.Value, t0.Decimals, t1.Decimals); // token1 per token0
        var known = tokens[via].UsdPrice!.Value;
        return t0.Symbol == symbol ? known * ratio : known / ratio;
    }

    private async Task<Dictionary<string, Pool>> PoolsAsync()
    {
        await using var db = Db();
        return await db.Pools.AsNoTracking().Include(p => p.Token0).Include(p => p.Token1).Where(p => p.ChainId == ChainId).ToDictionaryAsync(p => p.Pair);
    }

    /// <summary>Sends as the feeds' owner (account 6) or, for the sequencer feed, account 0.</summary>
    private async Task SendAsync<TFunction>(Address to, TFunction f)
        where TFunction : FunctionMessage, new()
    {
        var from = to == _book.SequencerUptimeFeed ? AnvilNode.DevAccounts[0].Address : AnvilNode.DevAccounts[6].Address;
        var hash = (await _node.RpcAsync("eth_sendTransaction", new Dictionary<string, object> { ["from"] = from, ["to"] = to.ToLowerHex(), ["data"] = Hex.Encode(f.GetCallData()) })).GetString()!;
        await EventuallyAsync(async () => (await _node.RpcAsync("eth_getTransactionReceipt", hash)).ValueKind == System.Text.Json.JsonValueKind.Object ? true : (bool?)null, "receipt");
    }

    private async Task<(BigInteger, BigInteger)> DecreaseLiquidityQuoteAsync(LpPosition p, ulong block)
    {
        var rpc = EthereumRpc.Create(_node.RpcUrl);
        var data = new DecreaseLiquidityFunction { Params = new() { TokenId = p.NftTokenId, Liquidity = p.Liquidity, Deadline = DateTimeOffset.UtcNow.AddDays(365).ToUnixTimeSeconds() } }.GetCallData();
        var reply = await rpc.Calls.CallAsync(new CallRequest { From = Address.Parse(p.OwnerAddress), To = _book.PositionManager, Data = data }, BlockParameter.Number(block));
        var r = EthCallApi.DecodeOutput<DecreaseLiquidityFunction, AmountsOutputDto>(reply, _book.PositionManager);
        return (r.Amount0, r.Amount1);
    }

    private async Task<IHost> StartWorkersAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Hedge"] = _db.ConnectionString,
            ["Hosting:Roles"] = "workers",
            ["Chains:0:Id"] = ChainId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Chains:0:Name"] = "rollup",
            ["Chains:0:RpcUrls:0"] = _node.RpcUrl.ToString().TrimEnd('/'),
            ["Chains:0:PositionManager"] = _book.PositionManager.ToString(),
            ["Chains:0:Factory"] = _book.Factory.ToString(),
            ["Chains:0:SequencerUptimeFeed"] = _book.SequencerUptimeFeed.ToString(),
            ["Chains:0:SequencerGracePeriodSeconds"] = "3600",
            [$"Chains:0:PriceFeeds:{_book.Token("WETH")}"] = _book.Feed("WETH").ToString(),
            [$"Chains:0:PriceFeeds:{_book.Token("USDC")}"] = _book.Feed("USDC").ToString(),
            ["Workers:Book:PollIntervalMilliseconds"] = "100",
            ["Workers:Book:RefreshSeconds"] = "1",
            ["Workers:Book:TwapWindowSeconds"] = "60",

            // The tests decide the suggestions they need: the suggestion stage would supersede them from new scores.
            ["Workers:Scoring:Enabled"] = "false",
            ["Workers:Suggestions:Enabled"] = "false",
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

        await _node.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Function("setAnswerAt")]
    private sealed class SetAnswerAtFunction : FunctionMessage
    {
        [Parameter("int256", "answer", 1)]
        public BigInteger Answer { get; set; }

        [Parameter("uint256", "timestamp", 2)]
        public BigInteger Timestamp { get; set; }
    }

    [Function("setDown")]
    private sealed class SetDownFunction : FunctionMessage
    {
        [Parameter("bool", "down", 1)]
        public bool Down { get; set; }
    }

    [Function("setStatusAt")]
    private sealed class SetStatusAtFunction : FunctionMessage
    {
        [Parameter("int256", "answer", 1)]
        public BigInteger Answer { get; set; }

        [Parameter("uint256", "startedAt", 2)]
        public BigInteger StartedAt { get; set; }
    }
}
