using System.Globalization;
using System.Numerics;
using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Data.Queries;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;
using HedgeDashboard.Quant.Positions;
using HedgeDashboard.TestSupport;
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
/// USD price paths on anvil + Postgres, followed by one worker host: LINK priced only through a pricing-only v3 pool
/// (Chains:N:PricingPools, LINK/USDC, where the LP holds nothing) and UNI only through a v2 pair (UNI/WETH,
/// Chains:N:V2Pairs) once the follower has two readings of its accumulators a TWAP window apart; a pool thinner than
/// Workers:Book:MinPathDepthUsd prices nothing until liquidity is added.
/// </summary>
public sealed class UsdPathChainTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const long ChainId = 31338;
    private const int Window = 60;
    private AnvilNode _node = null!;
    private TestDatabase _db = null!;
    private LocalBook _book = null!;
    private IHost? _host;

    public async Task InitializeAsync()
    {
        _db = await TestPostgres.CreateDatabaseAsync("wk_usdpath");
        var migrate = new DatabaseMigrator(_db.ConnectionString).MigrateAsync();
        _node = await AnvilNode.StartAsync(ChainId);
        _book = await LocalBook.DeployAsync(_node);
        await migrate;

        // The v3 TWAP window must reach back no further than the pools' first observation.
        await _node.RpcAsync("evm_increaseTime", 2 * Window);
        await _node.RpcAsync("evm_mine");

        await using var db = Db();
        db.Chains.Add(new Data.Entities.Chain { Id = ChainId, Name = "paths" });
        db.TrackedWallets.Add(new TrackedWallet { ChainId = ChainId, Address = _book.Lp.ToLowerHex() });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task PricingOnlyPool_PricesLink_NoPositionThere_V2Pair_PricesUniAfterTwoReadings_ExactlyFromTheChainsReads()
    {
        _host = await StartWorkersAsync();
        var rpc = EthereumRpc.Create(_node.RpcUrl);

        // LINK: only the pricing-only LINK/USDC pool links it to a feed; its metadata was read from the chain and stored.
        var link = await EventuallyAsync(async () =>
        {
            await using var db = Db();
            return await db.Tokens.AsNoTracking().SingleOrDefaultAsync(t => t.ChainId == ChainId && t.Symbol == "LINK" && t.UsdPrice != null);
        }, "LINK priced");
        Assert.Equal(18, link.Decimals);
        Assert.Null(link.UsdStaleReason);
        var pricingPool = _book.Pricing("pricingPool");
        Pool pool;
        await using (var db = Db())
        {
            pool = await db.Pools.AsNoTracking().Include(p => p.Token0).Include(p => p.Token1).SingleAsync(p => p.Address == pricingPool.ToLowerHex());
            Assert.False(await db.Positions.AnyAsync(p => p.PoolId == pool.Id)); // priced from, never a position
            Assert.DoesNotContain(await db.PositionOverviewsAsync(), o => o.PoolId == pool.Id); // the positions page's rows (and its Pool filter's)
            Assert.Equal(4, await db.Positions.CountAsync()); // the book's three v3 positions and the UNI/WETH v2 one
        }

        // Expected from the chain: the pool's tick at the block valued (no swap in the window: the TWAP tick is the tick),
        // and USDC's feed answer (1.00).
        var slot0 = await rpc.Calls.QueryOutputAsync<Slot0Function, Slot0OutputDto>(pricingPool, new(), BlockParameter.Number((ulong)link.UsdBlock!.Value));
        var ratio = (decimal)UniswapPrices.TickToPrice(slot0.Tick, pool.Token0!.Decimals, pool.Token1!.Decimals); // token1 per token0
        var expectedLink = pool.Token0.Symbol == "LINK" ? 1m * ratio : 1m / ratio;
        output.WriteLine($"LINK {link.UsdPrice} USD ({link.UsdSource}); tick {slot0.Tick}");
        Assert.Equal(expectedLink, link.UsdPrice);
        Assert.InRange(link.UsdPrice!.Value, 14.9m, 15.1m);
        Assert.Matches("^TWAP (LINK/USDC|USDC/LINK) 0.30 % x USDC$", link.UsdSource);

        // UNI before the pair has two readings a window apart: the reserves' spot, stale, saying why.
        var early = await EventuallyAsync(async () =>
        {
            await using var db = Db();
            return await db.Tokens.AsNoTracking().SingleOrDefaultAsync(t => t.ChainId == ChainId && t.Symbol == "UNI" && t.UsdStaleReason != null);
        }, "UNI at spot, stale");
        Assert.Matches($"^(UNI/WETH|WETH/UNI) v2 0.30 %: TWAP unavailable: the v2 TWAP needs two readings of its price accumulators {Window} s apart", early.UsdStaleReason);
        Assert.StartsWith("spot ", early.UsdSource, StringComparison.Ordinal);

        // A window later (anvil's clock moved on): the TWAP of the pair's accumulators, healthy.
        await _node.RpcAsync("evm_increaseTime", 2 * Window);
        await _node.RpcAsync("evm_mine");
        var uni = await EventuallyAsync(async () =>
        {
            await using var db = Db();
            return await db.Tokens.AsNoTracking().SingleOrDefaultAsync(t => t.ChainId == ChainId && t.Symbol == "UNI" && t.UsdPrice != null && t.UsdStaleReason == null);
        }, "UNI at the pair's TWAP");
        Assert.Matches("^TWAP (UNI/WETH|WETH/UNI) v2 0.30 % x WETH$", uni.UsdSource);

        // Expected from the chain: no swap since the mint, so the mean of the accumulator is the reserves' UQ112x112
        // price exactly, floor(reserveWeth x 2^112 / reserveUni), times WETH's feed answer (3,000).
        var pair = _book.Pricing("v2Pair");
        var r = await rpc.Calls.QueryOutputAsync<GetReservesFunction, GetReservesOutputDto>(pair, new(), BlockParameter.Number((ulong)uni.UsdBlock!.Value));
        var uniIs0 = await rpc.Calls.QueryAsync<Token0Function, Address>(pair, new()) == _book.Pricing("UNI");
        var (rUni, rWeth) = uniIs0 ? (r.Reserve0, r.Reserve1) : (r.Reserve1, r.Reserve0);
        var expectedUni = 3000m * V2Math.Ratio((rWeth << 112) / rUni, V2Twap.Q112, 0)!.Value; // both 18 decimals
        output.WriteLine($"UNI {uni.UsdPrice} USD ({uni.UsdSource}); reserves UNI {rUni}, WETH {rWeth}");
        Assert.Equal(expectedUni, uni.UsdPrice);
        Assert.InRange(uni.UsdPrice!.Value, 5.99m, 6.01m);

        await using (var db = Db())
        {
            Assert.Empty(await db.StalePositionIdsAsync()); // the UNI/WETH v2 position is current again
        }

        // Bounded requests in steady state: the book's balanceOf, tokenOfOwnerByIndex, positions, v2 and pool-state
        // (pricing pool's slot0 included) and fee batches, then one valuation batch with the pair's three reads.
        // (The first refresh also asks the factory and the pricing pool's token0/token1/fee: 8.)
        var follower = _host.Services.GetServices<IHostedService>().OfType<ChainFollower>().Single();
        await EventuallyAsync(() => Task.FromResult(follower.LastRefreshRequests == 7 ? "steady" : null), "a steady refresh of 7 requests");
        output.WriteLine($"steady refresh: {follower.LastRefreshRequests} JSON-RPC requests (+1 head poll per tick)");

        // The counterfactual accumulation equals the pair's own: sync() at a chosen time writes price0CumulativeLast.
        var before = await ReadAccumulatorsAsync(rpc, pair, BlockParameter.Latest);
        var at = before.Timestamp + 77;
        var predicted = V2Twap.Current(before.C0, before.C1, before.R0, before.R1, before.Last, at);
        await _node.RpcAsync("evm_setNextBlockTimestamp", at);
        await SendAsync(pair, new SyncFunction());
        var synced = await ReadAccumulatorsAsync(rpc, pair, BlockParameter.Latest);
        Assert.Equal(at, synced.Last);
        Assert.Equal((predicted.Cumulative0, predicted.Cumulative1), (synced.C0, synced.C1));
        Assert.True(synced.C0 > before.C0);
    }

    [Fact]
    public async Task PricingPoolThinnerThanTheMinimum_LinkNotPricedSayingWhy_ThenPricedAfterARealMint()
    {
        // The LINK/USDC pool holds about 15,000 USDC (USDC's feed: 1.00), the only link of LINK to a feed; 20,000 required.
        _host = await StartWorkersAsync(new() { ["Workers:Book:MinPathDepthUsd"] = "20000" });
        var rpc = EthereumRpc.Create(_node.RpcUrl);
        var (pool, usdc, link) = (_book.Pricing("pricingPool"), _book.Token("USDC"), _book.Pricing("LINK"));
        var thin = await EventuallyAsync(async () =>
        {
            await using var db = Db();
            return await db.Tokens.AsNoTracking().SingleOrDefaultAsync(t => t.ChainId == ChainId && t.Symbol == "LINK" && t.UsdStaleReason != null && t.UsdCheckedAt != null);
        }, "LINK refused");
        Assert.Null(thin.UsdPrice);
        Assert.Null(thin.UsdSource);

        // Expected from the chain: the pool's USDC balance at the block valued, times 1.00.
        var held = await rpc.Calls.QueryAsync<BalanceOfFunction, BigInteger>(usdc, new() { Owner = pool.ToLowerHex() }, BlockParameter.Number((ulong)thin.UsdBlock!.Value));
        var depth = ((decimal)held / 1_000_000m).ToString("#,##0.00", CultureInfo.InvariantCulture);
        output.WriteLine($"LINK: {thin.UsdStaleReason}");
        Assert.Matches($"^(LINK/USDC|USDC/LINK) 0.30 %: depth {System.Text.RegularExpressions.Regex.Escape(depth)} USD below the 20,000 USD minimum for a price path$", thin.UsdStaleReason);
        Assert.InRange((decimal)held / 1_000_000m, 14_000m, 16_000m);

        // A real mint over the full range doubles the pool's depth (2,000 LINK + 30,000 USDC at 15 USDC per LINK).
        var lp = AnvilNode.DevAccounts[5].Address.ToLowerInvariant();
        var linkIs0 = string.CompareOrdinal(link.ToLowerHex(), usdc.ToLowerHex()) < 0;
        var (amountLink, amountUsdc) = (BigInteger.Pow(10, 21) * 2, new BigInteger(30_000_000_000));
        await SendAsync(link, new TestTokenMintFunction { To = lp, Amount = amountLink });
        await SendAsync(usdc, new TestTokenMintFunction { To = lp, Amount = amountUsdc });
        await SendAsync(link, new ApproveFunction { Spender = _book.PositionManager.ToLowerHex(), Amount = amountLink });
        await SendAsync(usdc, new ApproveFunction { Spender = _book.PositionManager.ToLowerHex(), Amount = amountUsdc });
        await SendAsync(_book.PositionManager, new MintFunction
        {
            Params = new MintParams
            {
                Token0 = (linkIs0 ? link : usdc).ToLowerHex(),
                Token1 = (linkIs0 ? usdc : link).ToLowerHex(),
                Fee = 3000,
                TickLower = -887_220,
                TickUpper = 887_220,
                Amount0Desired = linkIs0 ? amountLink : amountUsdc,
                Amount1Desired = linkIs0 ? amountUsdc : amountLink,
                Recipient = lp,
                Deadline = DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeSeconds(),
            },
        });

        var priced = await EventuallyAsync(async () =>
        {
            await using var db = Db();
            return await db.Tokens.AsNoTracking().SingleOrDefaultAsync(t => t.ChainId == ChainId && t.Symbol == "LINK" && t.UsdPrice != null && t.UsdStaleReason == null);
        }, "LINK priced after the mint");
        var after = await rpc.Calls.QueryAsync<BalanceOfFunction, BigInteger>(usdc, new() { Owner = pool.ToLowerHex() }, BlockParameter.Number((ulong)priced.UsdBlock!.Value));
        output.WriteLine($"LINK {priced.UsdPrice} USD ({priced.UsdSource}); pool holds {(decimal)after / 1_000_000m} USDC");
        Assert.True(after >= 20_000_000_000);
        Assert.InRange(priced.UsdPrice!.Value, 14.9m, 15.1m);
        Assert.Matches("^TWAP (LINK/USDC|USDC/LINK) 0.30 % x USDC$", priced.UsdSource);
    }

    [Fact]
    public async Task V2Readings_SurviveARestart_TwapOnTheFirstRefreshAWindowLater_ExactlyFromTheChainsReads()
    {
        // One reading before the restart: UNI at the pair's spot, stale; the reading is stored.
        _host = await StartWorkersAsync();
        await UniStaleAtSpotAsync();
        await StopWorkersAsync();
        var pair = _book.Pricing("v2Pair");
        await using (var db = Db())
        {
            Assert.NotEmpty(await db.V2TwapReadings.Where(r => r.ChainId == ChainId && r.Pair == pair.ToLowerHex()).ToListAsync());
        }

        // A window later (one block mined, none after): a new follower's first refresh already has the TWAP. Without the
        // stored reading it would need a second block a window after its own first reading.
        await _node.RpcAsync("evm_increaseTime", 2 * Window);
        await _node.RpcAsync("evm_mine");
        var uni = await RestartAndValueUniAsync();
        output.WriteLine($"UNI after the restart: {uni.UsdPrice} USD ({uni.UsdSource}) {uni.UsdStaleReason}");
        Assert.Null(uni.UsdStaleReason);
        Assert.Matches("^TWAP (UNI/WETH|WETH/UNI) v2 0.30 % x WETH$", uni.UsdSource);
        var rpc = EthereumRpc.Create(_node.RpcUrl);
        var r = await rpc.Calls.QueryOutputAsync<GetReservesFunction, GetReservesOutputDto>(pair, new(), BlockParameter.Number((ulong)uni.UsdBlock!.Value));
        var uniIs0 = await rpc.Calls.QueryAsync<Token0Function, Address>(pair, new()) == _book.Pricing("UNI");
        var (rUni, rWeth) = uniIs0 ? (r.Reserve0, r.Reserve1) : (r.Reserve1, r.Reserve0);
        Assert.Equal(3000m * V2Math.Ratio((rWeth << 112) / rUni, V2Twap.Q112, 0)!.Value, uni.UsdPrice);
    }

    /// <summary>Starts the workers again and waits for UNI's first valuation after that.</summary>
    private async Task<Data.Entities.Token> RestartAndValueUniAsync()
    {
        var restartedAt = DateTimeOffset.UtcNow;
        _host = await StartWorkersAsync();
        return await EventuallyAsync(async () =>
        {
            await using var db = Db();
            return await db.Tokens.AsNoTracking().SingleOrDefaultAsync(t => t.ChainId == ChainId && t.Symbol == "UNI" && t.UsdCheckedAt > restartedAt);
        }, "UNI valued after the restart");
    }

    [Fact]
    public async Task V2Readings_OfAChainRevertedWhileStopped_Discarded_TheTwapStartsAgain()
    {
        var snapshot = (await _node.RpcAsync("evm_snapshot")).GetString()!;
        await _node.RpcAsync("evm_mine"); // the stored reading's block, which the revert removes
        _host = await StartWorkersAsync();
        await UniStaleAtSpotAsync();
        await StopWorkersAsync();

        // Reverted, then a window later a block of the same number at another time: the stored reading belongs to a chain
        // that no longer exists (its accumulators would make a TWAP of two histories).
        Assert.True((await _node.RpcAsync("evm_revert", snapshot)).GetBoolean());
        await _node.RpcAsync("evm_increaseTime", 2 * Window);
        await _node.RpcAsync("evm_mine");
        var uni = await RestartAndValueUniAsync();
        Assert.Matches("TWAP unavailable: the v2 TWAP needs two readings of its price accumulators 60 s apart; the oldest is 0 s old$", uni.UsdStaleReason);
        await using var db = Db();
        var stored = await db.V2TwapReadings.AsNoTracking().Where(r => r.ChainId == ChainId).ToListAsync();
        Assert.Equal([uni.UsdBlock!.Value], stored.Select(r => r.BlockNumber).Distinct());
    }

    private async Task UniStaleAtSpotAsync() => await EventuallyAsync(async () =>
    {
        await using var db = Db();
        return await db.Tokens.AsNoTracking().SingleOrDefaultAsync(t => t.ChainId == ChainId && t.Symbol == "UNI" && t.UsdStaleReason != null && t.UsdSource != null);
    }, "UNI at spot, stale");

    private async Task StopWorkersAsync()
    {
        var host = _host!;
        _host = null;
        await host.StopAsync(TimeSpan.FromSeconds(5));
        host.Dispose();
    }

    [Fact]
    public async Task PricingPools_ReadOnceWithTheirTokens_AnAddressThatIsNoV3PoolIgnoredWithOneProblem()
    {
        var rpc = EthereumRpc.Create(_node.RpcUrl);
        var (pool, notAPool) = (_book.Pricing("pricingPool"), _book.Pricing("v2Pair")); // a v2 pair has no fee()
        var contracts = new BookContracts(_book.PositionManager, _book.Factory, null, false) { PricingPools = [notAPool, pool] };
        var reader = new BookReader(rpc, contracts, 500);
        var head = await rpc.Chain.GetBlockNumberAsync();

        var first = await reader.ReadAsync([_book.Lp], new HashSet<Address>(), head, default);
        Assert.Equal([$"pricing pool {notAPool.ToLowerHex()} is not a Uniswap v3 pool (token0, token1 or fee unreadable): ignored"], first.Problems);
        var state = first.Pools[pool];
        Assert.Equal(3000, state.Fee);
        Assert.Equal(60, state.TickSpacing);
        Assert.DoesNotContain(first.Positions, p => p.Pool == pool);
        Assert.Contains(first.NewTokens, t => t.Address == _book.Pricing("LINK") && t.Symbol == "LINK" && t.Decimals == 18);
        Assert.Equal(4, first.Pools.Count); // the book's three and the pricing pool

        // Later refreshes: the pricing pool's slot0 rides in the state batch; nothing is asked or said again.
        var known = first.NewTokens.Select(t => t.Address).ToHashSet();
        var later = await reader.ReadAsync([_book.Lp], known, head, default);
        Assert.Empty(later.Problems);
        Assert.Equal(state.SqrtPriceX96, later.Pools[pool].SqrtPriceX96);
        Assert.Equal(first.Requests - 1, later.Requests); // no getPool / token0-token1-fee batch
    }

    [Fact]
    public async Task BookSimulator_TradesTheV2PairWithTheEthPrice_SoItsTwapAgreesWithTheFeeds()
    {
        // The book's WETH/USDC v2 pair cross-checks the feeds once it has a TWAP: the simulator must move it with ETH.
        _host = await StartWorkersAsync();
        var bookFile = Path.Combine(Path.GetTempPath(), $"usdpath-book-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(bookFile, _book.Json.GetRawText());
        var simulator = ActivatorUtilities.CreateInstance<Simulator.BookSimulator>(_host.Services, Microsoft.Extensions.Options.Options.Create(new Simulator.SimulatorOptions
        {
            Enabled = true,
            SecondsPerBar = 0.5,
            Books = [new Simulator.SimulatedBook { RpcUrl = _node.RpcUrl.ToString().TrimEnd('/'), BookFile = bookFile }],
            BtcDataFile = RepoPaths.SharedDataFile("BTCUSDT_1h_binance_spot.csv.gz"),
        }));
        var rpc = EthereumRpc.Create(_node.RpcUrl);
        var (pair, weth) = (_book.V2Pair, _book.Token("WETH"));
        var wethIs0 = await rpc.Calls.QueryAsync<Token0Function, Address>(pair, new()) == weth;
        await simulator.StartAsync(default);
        try
        {
            // Feed and pair read at one block (between two bars they agree): once ETH is 1 % or more away from the pair's
            // starting 3,000, the pair's USDC per WETH is within 0.4 % of the feed (the swap fee stays in the pair).
            var seen = await EventuallyAsync(async () =>
            {
                var at = BlockParameter.Number(await rpc.Chain.GetBlockNumberAsync());
                var answer = (decimal)(await rpc.Calls.QueryOutputAsync<LatestRoundDataFunction, RoundDataOutputDto>(_book.Feed("WETH"), new(), at)).Answer / 100_000_000m;
                var r = await rpc.Calls.QueryOutputAsync<GetReservesFunction, GetReservesOutputDto>(pair, new(), at);
                var usdcPerWeth = (wethIs0 ? (decimal)r.Reserve1 / (decimal)r.Reserve0 : (decimal)r.Reserve0 / (decimal)r.Reserve1) * 1_000_000_000_000m;
                return Math.Abs((answer / 3000m) - 1) >= 0.01m && Math.Abs((usdcPerWeth / answer) - 1) < 0.004m ? $"WETH feed {answer} USD, v2 pair {usdcPerWeth:0.####} USDC per WETH" : null;
            }, "the v2 pair following the ETH feed");
            output.WriteLine(seen);
        }
        finally
        {
            await simulator.StopAsync(default);
            File.Delete(bookFile);
        }
    }

    private static async Task<(BigInteger C0, BigInteger C1, BigInteger R0, BigInteger R1, long Last, long Timestamp)> ReadAccumulatorsAsync(EthereumRpc rpc, Address pair, BlockParameter at)
    {
        var block = await rpc.Chain.GetBlockAsync(at) ?? throw new InvalidOperationException("no block");
        var n = BlockParameter.Number(block.Number);
        var r = await rpc.Calls.QueryOutputAsync<GetReservesFunction, GetReservesOutputDto>(pair, new(), n);
        var c0 = await rpc.Calls.QueryAsync<Price0CumulativeLastFunction, BigInteger>(pair, new(), n);
        var c1 = await rpc.Calls.QueryAsync<Price1CumulativeLastFunction, BigInteger>(pair, new(), n);
        return (c0, c1, r.Reserve0, r.Reserve1, r.BlockTimestampLast, (long)block.Timestamp);
    }

    private async Task SendAsync<TFunction>(Address to, TFunction f)
        where TFunction : FunctionMessage, new()
    {
        var hash = (await _node.RpcAsync("eth_sendTransaction", new Dictionary<string, object> { ["from"] = AnvilNode.DevAccounts[5].Address, ["to"] = to.ToLowerHex(), ["data"] = Hex.Encode(f.GetCallData()) })).GetString()!;
        var status = await EventuallyAsync(async () =>
        {
            var receipt = await _node.RpcAsync("eth_getTransactionReceipt", hash);
            return receipt.ValueKind == System.Text.Json.JsonValueKind.Object ? receipt.GetProperty("status").GetString() : null;
        }, "receipt");
        Assert.Equal("0x1", status);
    }

    private async Task<IHost> StartWorkersAsync(Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Hedge"] = _db.ConnectionString,
            ["Hosting:Roles"] = "workers",
            ["Chains:0:Id"] = ChainId.ToString(CultureInfo.InvariantCulture),
            ["Chains:0:Name"] = "paths",
            ["Chains:0:RpcUrls:0"] = _node.RpcUrl.ToString().TrimEnd('/'),
            ["Chains:0:PositionManager"] = _book.PositionManager.ToString(),
            ["Chains:0:Factory"] = _book.Factory.ToString(),
            ["Chains:0:PricingPools:0"] = _book.Pricing("pricingPool").ToString(),
            ["Chains:0:V2Pairs:0"] = _book.Pricing("v2Pair").ToString(),
            [$"Chains:0:PriceFeeds:{_book.Token("WETH")}"] = _book.Feed("WETH").ToString(),
            [$"Chains:0:PriceFeeds:{_book.Token("USDC")}"] = _book.Feed("USDC").ToString(),
            ["Workers:Book:PollIntervalMilliseconds"] = "100",
            ["Workers:Book:RefreshSeconds"] = "1",
            ["Workers:Book:TwapWindowSeconds"] = Window.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

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

    [Function("sync")]
    private sealed class SyncFunction : FunctionMessage
    {
    }
}
