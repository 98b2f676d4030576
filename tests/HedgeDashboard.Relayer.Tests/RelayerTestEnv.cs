using System.Globalization;
using System.Numerics;
using System.Text.Json;
using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Ethereum.Rpc.Contracts;
using HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;
using HedgeDashboard.TestSupport;
using HedgeDashboard.Workers.Relayer;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.Contracts;

namespace HedgeDashboard.Relayer.Tests;

/// <summary>
/// The local market (scripts/deploy-local.sh, then each demo owner relaxes its caps: any ratio step, no cooldown),
/// deployed once per test run and dumped with anvil_dumpState; every test loads it into its own anvil.
/// </summary>
internal static class MarketSnapshot
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static (string State, JsonElement Deployment)? _value;

    public static async Task<(string State, JsonElement Deployment)> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return _value ??= await CreateAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<(string, JsonElement)> CreateAsync()
    {
        await using var node = await AnvilNode.StartAsync();
        var file = Path.Combine(Path.GetTempPath(), $"relayer-tests-{Guid.NewGuid():N}.json");
        await LocalMarketFixture.DeployAsync(node, file);
        var deployment = JsonDocument.Parse(await File.ReadAllTextAsync(file)).RootElement.Clone();
        File.Delete(file);
        var controller = deployment.GetProperty("contracts").GetProperty("hedgeController").GetString()!;
        foreach (var pos in deployment.GetProperty("positions").EnumerateArray())
        {
            var id = new BigInteger(pos.GetProperty("positionId").GetInt64());
            var data = new SetCapsFunction { PositionId = id, Caps = new HedgeCaps(BigInteger.Parse("10000000000000000000", CultureInfo.InvariantCulture), RatioFixedPoint.One, BigInteger.Zero, 50).ToStruct() }.GetCallData();
            var hash = await node.RpcAsync("eth_sendTransaction", new Dictionary<string, object> { ["from"] = pos.GetProperty("owner").GetString()!, ["to"] = controller, ["data"] = Hex.Encode(data) });
            var receipt = await node.RpcAsync("eth_getTransactionReceipt", hash.GetString()!);
            for (var i = 0; i < 100 && receipt.ValueKind == JsonValueKind.Null; i++)
            {
                await Task.Delay(50);
                receipt = await node.RpcAsync("eth_getTransactionReceipt", hash.GetString()!);
            }

            if (receipt.ValueKind == JsonValueKind.Null || receipt.GetProperty("status").GetString() != "0x1")
            {
                throw new InvalidOperationException("setCaps failed");
            }
        }

        var state = (await node.RpcAsync("anvil_dumpState")).GetString()!;
        return (state, deployment);
    }
}

/// <summary>One test's world: its own anvil (with the market loaded), its own database (migrated, seeded with the three positions).</summary>
public sealed class RelayerTestEnv : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private int _requests;

    private RelayerTestEnv(AnvilNode node, TestDatabase db, JsonElement deployment, ServiceProvider services, long[] positionIds)
    {
        Node = node;
        Db = db;
        Deployment = deployment;
        _services = services;
        PositionIds = positionIds;
        Rpc = EthereumRpc.Create(node.RpcUrl, TimeSpan.FromSeconds(10), maxRetries: 1);
        Controller = Address.Parse(deployment.GetProperty("contracts").GetProperty("hedgeController").GetString()!);
        Keys = RelayerKeys.Load(new RelayerOptions { KeysSource = RelayerKeysSource.Dev }, RelayerKeys.DevChainId);
    }

    public AnvilNode Node { get; private set; }

    public TestDatabase Db { get; }

    public JsonElement Deployment { get; }

    public EthereumRpc Rpc { get; }

    public Address Controller { get; }

    public RelayerKeys Keys { get; }

    /// <summary>Database ids of the three protected demo positions (on-chain ids 1, 2, 3).</summary>
    public long[] PositionIds { get; private set; }

    public IDbContextFactory<HedgeDbContext> DbFactory => _services.GetRequiredService<IDbContextFactory<HedgeDbContext>>();

    public static async Task<RelayerTestEnv> StartAsync(params string[] anvilArgs)
    {
        var (state, deployment) = await MarketSnapshot.GetAsync();
        var node = await AnvilNode.StartAsync(anvilArgs);
        await node.RpcAsync("anvil_loadState", state);
        var db = await TestPostgres.CreateDatabaseAsync("relayer");
        await new DatabaseMigrator(db.ConnectionString).MigrateAsync();
        var services = new ServiceCollection().AddHedgeData(db.ConnectionString).BuildServiceProvider();
        var ids = await SeedAsync(services.GetRequiredService<IDbContextFactory<HedgeDbContext>>(), deployment);
        return new RelayerTestEnv(node, db, deployment, services, ids);
    }

    private static async Task<long[]> SeedAsync(IDbContextFactory<HedgeDbContext> factory, JsonElement deployment)
    {
        await using var db = await factory.CreateDbContextAsync();
        var c = deployment.GetProperty("contracts");
        db.Chains.Add(new Chain { Id = 31337, Name = "anvil" });
        var weth = new Token { ChainId = 31337, Address = c.GetProperty("weth").GetString()!.ToLowerInvariant(), Symbol = "WETH", Decimals = 18 };
        var usdc = new Token { ChainId = 31337, Address = c.GetProperty("usdc").GetString()!.ToLowerInvariant(), Symbol = "USDC", Decimals = 6 };
        var pool = new Pool { ChainId = 31337, Address = c.GetProperty("pool").GetString()!.ToLowerInvariant(), Token0 = weth, Token1 = usdc, FeeTier = 500, TickSpacing = 10, Pair = "ETH/USD" };
        var positions = deployment.GetProperty("positions").EnumerateArray().Select(p => new LpPosition
        {
            Pool = pool,
            NftTokenId = p.GetProperty("tokenId").GetInt64(),
            OwnerAddress = p.GetProperty("owner").GetString()!.ToLowerInvariant(),
            TickLower = p.GetProperty("tickLower").GetInt32(),
            TickUpper = p.GetProperty("tickUpper").GetInt32(),
            PriceLower = 2700,
            PriceUpper = 3300,
            Liquidity = BigInteger.Parse(p.GetProperty("liquidity").GetString()!, CultureInfo.InvariantCulture),
            EntryAmount0 = 1,
            EntryAmount1 = 3000,
            EntryPrice = 3000,
            ProtectedPositionId = p.GetProperty("positionId").GetInt64(),
            OnChainHedgeRatio = 0.5m,
            OpenedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        }).ToList();
        db.Positions.AddRange(positions);
        await db.SaveChangesAsync();
        return [.. positions.Select(p => p.Id)];
    }

    /// <summary>
    /// Mints more Uniswap v3 positions (dev accounts 4..7 as owners), registers each with the HedgeController (no
    /// cooldown, any ratio step), approves the operator, and adds them to the database; returns the new indexes.
    /// </summary>
    public async Task<int[]> AddPositionsAsync(int count)
    {
        var c = Deployment.GetProperty("contracts");
        string weth = c.GetProperty("weth").GetString()!, usdc = c.GetProperty("usdc").GetString()!;
        string npm = c.GetProperty("nonfungiblePositionManager").GetString()!, pool = c.GetProperty("pool").GetString()!;
        string token0 = Deployment.GetProperty("pool").GetProperty("token0").GetString()!, token1 = Deployment.GetProperty("pool").GetProperty("token1").GetString()!;
        var tick = Deployment.GetProperty("pool").GetProperty("tick").GetInt32();
        var lower = (int)Math.Floor((tick - 2000) / 10.0) * 10;
        var upper = lower + 4000;
        var wethIs0 = string.Equals(token0, weth, StringComparison.OrdinalIgnoreCase);
        var oneWeth = BigInteger.Pow(10, 17);
        var usdcAmount = new BigInteger(300_000_000);
        var max = BigInteger.Pow(2, 256) - 1;
        var owners = AnvilNode.DevAccounts.Skip(4).Take(4).Select(a => a.Address).ToArray();
        foreach (var o in owners)
        {
            await SendAsync(o, weth, new DepositFunction().GetCallData(), BigInteger.Pow(10, 19));
            await SendAsync(o, usdc, new FaucetFunction { Amount = new BigInteger(100_000_000_000) }.GetCallData());
            await SendAsync(o, weth, new ApproveFunction { Spender = npm, Amount = max }.GetCallData());
            await SendAsync(o, usdc, new ApproveFunction { Spender = npm, Amount = max }.GetCallData());
        }

        var added = new List<LpPosition>();
        for (var i = 0; i < count; i++)
        {
            var owner = owners[i % owners.Length];
            var receipt = await SendAsync(owner, npm, new MintFunction
            {
                Params = new()
                {
                    Token0 = token0, Token1 = token1, Fee = 500, TickLower = lower, TickUpper = upper, Amount0Desired = wethIs0 ? oneWeth : usdcAmount,
                    Amount1Desired = wethIs0 ? usdcAmount : oneWeth, Recipient = owner, Deadline = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 3600,
                },
            }.GetCallData());
            var transfer = receipt.GetProperty("logs").EnumerateArray().First(l =>
                string.Equals(l.GetProperty("address").GetString(), npm, StringComparison.OrdinalIgnoreCase) && l.GetProperty("topics").GetArrayLength() == 4);
            var tokenId = Hex.DecodeQuantity(transfer.GetProperty("topics")[3].GetString()!);
            await SendAsync(owner, Controller.ToLowerHex(), HedgeController.EncodeRegister(Address.Parse(pool), tokenId, RatioFixedPoint.One / 2,
                new HedgeCaps(BigInteger.Pow(10, 19), RatioFixedPoint.One, BigInteger.Zero, 50)));
            var id = await new HedgeController(Rpc, Controller).PositionCountAsync();
            await SendAsync(owner, Controller.ToLowerHex(), HedgeController.EncodeSetOperator(id, Keys.Operator.Address, true));
            added.Add(new LpPosition
            {
                PoolId = (await PoolIdAsync()),
                NftTokenId = (long)tokenId,
                OwnerAddress = owner.ToLowerInvariant(),
                TickLower = lower,
                TickUpper = upper,
                PriceLower = 2000,
                PriceUpper = 4000,
                Liquidity = 1,
                EntryAmount0 = 0.1m,
                EntryAmount1 = 300,
                EntryPrice = 3000,
                ProtectedPositionId = (long)id,
                OnChainHedgeRatio = 0.5m,
                OpenedAt = DateTimeOffset.UtcNow,
                UpdatedAt = DateTimeOffset.UtcNow,
            });
        }

        await using var db = await DbFactory.CreateDbContextAsync();
        db.Positions.AddRange(added);
        await db.SaveChangesAsync();
        var first = PositionIds.Length;
        PositionIds = [.. PositionIds, .. added.Select(p => p.Id)];
        return [.. Enumerable.Range(first, added.Count)];
    }

    private async Task<long> PoolIdAsync()
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        return await db.Pools.Select(p => p.Id).FirstAsync();
    }

    private async Task<JsonElement> SendAsync(string from, string to, byte[] data, BigInteger? value = null)
    {
        var tx = new Dictionary<string, object> { ["from"] = from, ["to"] = to, ["data"] = Hex.Encode(data), ["gas"] = Hex.EncodeQuantity(1_500_000UL) };
        if (value is { } v)
        {
            tx["value"] = Hex.EncodeQuantity(v);
        }

        var hash = (await Node.RpcAsync("eth_sendTransaction", tx)).GetString()!;
        for (var i = 0; i < 200; i++)
        {
            var r = await Node.RpcAsync("eth_getTransactionReceipt", hash);
            if (r.ValueKind != JsonValueKind.Null)
            {
                if (r.GetProperty("status").GetString() == "0x1")
                {
                    return r;
                }

                var why = "";
                try
                {
                    await Rpc.Calls.CallAsync(new CallRequest { From = Address.Parse(from), To = Address.Parse(to), Data = data, Value = value });
                }
                catch (ExecutionRevertedException ex)
                {
                    why = ex.Message;
                }

                throw new InvalidOperationException($"set-up transaction to {to} reverted: {why}");
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"no receipt for {hash}");
    }

    /// <summary>An approved suggestion and its execution request (the outbox row), as the approval service makes them.</summary>
    public async Task<long> RequestAsync(int position, decimal ratio)
    {
        var n = Interlocked.Increment(ref _requests);
        await using var db = await DbFactory.CreateDbContextAsync();
        var now = DateTimeOffset.UtcNow;
        var s = new HedgeSuggestion
        {
            PositionId = PositionIds[position],
            CurrentRatio = 0.5m,
            ProposedRatio = ratio,
            Status = SuggestionStatus.Approved,
            DecidedBy = "test",
            DecidedAt = now,
            IdempotencyKey = $"test-{n}-{Guid.NewGuid():N}",
            CreatedAt = now,
            ExpiresAt = now.AddHours(1),
        };
        var e = new HedgeExecution { Suggestion = s, PositionId = s.PositionId, ChainId = 31337, TargetRatio = ratio, CreatedAt = now, UpdatedAt = now };
        db.Executions.Add(e);
        await db.SaveChangesAsync();
        return e.Id;
    }

    public RelayerOptions Options(Action<RelayerOptions>? configure = null)
    {
        var o = new RelayerOptions
        {
            KeysSource = RelayerKeysSource.Dev,
            ControllerAddress = Controller.ToString(),
            ConfirmationDepth = 1,
            BumpAfterSeconds = 600,
            StuckAfterSeconds = 600,
            PollIntervalMilliseconds = 50,
            MaxFeeGwei = 500,
            GapGraceSeconds = 0,
        };
        configure?.Invoke(o);
        return o;
    }

    public RelayerEngine Engine(RelayerOptions? options = null, EthereumRpc? rpc = null, IRelayerCheckpoints? checkpoints = null, RelayerHealth? health = null) =>
        new(DbFactory, rpc ?? Rpc, Keys, Controller, 31337, options ?? Options(), checkpoints, health);

    public async Task<long> OperatorNonceAsync(string block = "latest") =>
        (long)Hex.DecodeQuantity((await Node.RpcAsync("eth_getTransactionCount", Keys.Operator.Address.ToLowerHex(), block)).GetString()!);

    public async Task<long> PositionNonceAsync(int onChainId) =>
        (long)await new HedgeController(Rpc, Controller).NonceOfAsync(onChainId);

    public Task MineAsync(int blocks = 1) => Node.RpcAsync("anvil_mine", Hex.EncodeQuantity((ulong)blocks));

    public async Task<List<HedgeExecution>> ExecutionsAsync()
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        return await db.Executions.AsNoTracking().Include(e => e.AttemptLog).Include(e => e.Suggestion).OrderBy(e => e.Id).ToListAsync();
    }

    public async Task<List<AuditLogEntry>> AuditAsync(string actionPrefix)
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        return await db.AuditLog.AsNoTracking().Where(a => a.Action.StartsWith(actionPrefix)).OrderBy(a => a.Id).ToListAsync();
    }

    /// <summary>Ticks the engine until every execution is final (or the condition holds); transport errors are part of some tests.</summary>
    public async Task RunUntilAsync(RelayerEngine engine, Func<List<HedgeExecution>, bool>? done = null, TimeSpan? timeout = null, Func<Task>? betweenTicks = null)
    {
        done ??= AllFinal;
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(180)); // generous: loaded machines
        while (true)
        {
            try
            {
                await engine.TickAsync(CancellationToken.None);
            }
            catch (RpcTransportException)
            {
            }

            if (done(await ExecutionsAsync()))
            {
                return;
            }

            if (DateTime.UtcNow > until)
            {
                var states = string.Join(", ", (await ExecutionsAsync()).Select(e => $"{e.Id}:{e.Status}:{e.Error}"));
                throw new TimeoutException($"Executions not done in time: {states}");
            }

            if (betweenTicks is not null)
            {
                await betweenTicks();
            }

            await Task.Delay(50);
        }
    }

    public static bool AllFinal(List<HedgeExecution> rows) =>
        rows.All(e => e.Status is ExecutionStatus.Confirmed or ExecutionStatus.Failed or ExecutionStatus.NeedsReview);

    public async ValueTask DisposeAsync()
    {
        Keys.Dispose();
        await _services.DisposeAsync();
        await Node.DisposeAsync();
        await Db.DisposeAsync();
    }
}
