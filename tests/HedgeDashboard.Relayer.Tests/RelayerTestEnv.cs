using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Ethereum.Abi;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.TestSupport;
using HedgeDashboard.Workers.Relayer;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

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
        var psi = new ProcessStartInfo("bash", [Path.Combine(RepoPaths.Root, "scripts", "deploy-local.sh"), node.RpcUrl.ToString().TrimEnd('/')])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment["FORCE_DEPLOY"] = "1";
        psi.Environment["DEPLOYMENT_FILE"] = file;
        using (var p = Process.Start(psi)!)
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = await p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync();
            if (p.ExitCode != 0)
            {
                throw new InvalidOperationException($"deploy-local.sh failed ({p.ExitCode}): {await stdout} {stderr}");
            }
        }

        var deployment = JsonDocument.Parse(await File.ReadAllTextAsync(file)).RootElement.Clone();
        File.Delete(file);
        var controller = deployment.GetProperty("contracts").GetProperty("hedgeController").GetString()!;
        var setCaps = AbiFunction.Parse("setCaps(uint256,(uint128,uint64,uint32,uint16))");
        foreach (var pos in deployment.GetProperty("positions").EnumerateArray())
        {
            var id = new BigInteger(pos.GetProperty("positionId").GetInt64());
            var data = setCaps.EncodeCall(id, new object[] { BigInteger.Parse("10000000000000000000", CultureInfo.InvariantCulture), HedgeControllerAbi.RatioOne, BigInteger.Zero, new BigInteger(50) });
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
    public long[] PositionIds { get; }

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
        (long)(BigInteger)(await Rpc.Calls.CallFunctionAsync(Controller, HedgeControllerAbi.NonceOf, [new BigInteger(onChainId)]))[0]!;

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
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
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
