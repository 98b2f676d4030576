using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Ethereum.Crypto;
using HedgeDashboard.Ethereum.Eip712;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Ethereum.Rpc.Contracts;
using HedgeDashboard.Ethereum.Signing;
using HedgeDashboard.TestSupport;
using HedgeDashboard.Workers.Chain;
using HedgeDashboard.Workers.Simulator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HedgeDashboard.Workers.Tests;

/// <summary>
/// A private anvil with the local market deployed (scripts/deploy-local.sh), a migrated database of its own,
/// and helpers to move prices and run worker hosts against them.
/// </summary>
public sealed class TestMarket : IAsyncDisposable
{
    private readonly List<IHost> _hosts = [];
    private string _deploymentFile = "";

    private TestMarket(AnvilNode anvil, TestDatabase db)
    {
        Anvil = anvil;
        Database = db;
    }

    public AnvilNode Anvil { get; }

    public TestDatabase Database { get; }

    public ChainDeployment Deployment { get; private set; } = null!;

    public EthereumRpc Rpc { get; private set; } = null!;

    public MarketDriver Driver { get; private set; } = null!;

    public EthereumAccount FeedOwner { get; } = Account(0);

    public EthereumAccount Trader { get; } = Account(5);

    public EthereumAccount ModelSigner { get; } = Account(8);

    public EthereumAccount Operator { get; } = Account(9);

    public string DeploymentFile => _deploymentFile;

    public static EthereumAccount Account(int i) => new(PrivateKey.FromHex(AnvilNode.DevAccounts[i].PrivateKey));

    public static async Task<TestMarket> StartAsync(string name)
    {
        var anvil = await AnvilNode.StartAsync();
        var db = await TestPostgres.CreateDatabaseAsync("wk_" + name);
        var m = new TestMarket(anvil, db);
        try
        {
            await m.InitAsync();
            return m;
        }
        catch
        {
            await m.DisposeAsync();
            throw;
        }
    }

    private async Task InitAsync()
    {
        _deploymentFile = Path.Combine(Path.GetTempPath(), $"hedge-deploy-{Guid.NewGuid():N}.json");
        var migrate = new DatabaseMigrator(Database.ConnectionString).MigrateAsync();
        await LocalMarketFixture.DeployAsync(Anvil, _deploymentFile);
        await migrate;
        Deployment = ChainDeployment.Load(_deploymentFile);
        Rpc = EthereumRpc.Create(Anvil.RpcUrl);
        Driver = new MarketDriver(Rpc, Deployment);
        await Driver.EnsureObservationCardinalityAsync(Trader, 200);
        await Driver.FundTraderAsync(Trader, usdcFaucetCalls: 5);
        await AdvanceTimeAsync(120); // history for the TWAP window
    }

    /// <summary>Moves the chain's clock forward and mines a block (TWAP windows then see the new tick).</summary>
    public async Task AdvanceTimeAsync(int seconds)
    {
        await Anvil.RpcAsync("evm_increaseTime", seconds);
        await Anvil.RpcAsync("evm_mine");
    }

    /// <summary>Feed and pool to a price, then time forward past the TWAP window so the oracles agree.</summary>
    public async Task MoveAsync(decimal price, int settleSeconds = 10)
    {
        await Driver.MoveAsync(FeedOwner, Trader, price);
        if (settleSeconds > 0)
        {
            await AdvanceTimeAsync(settleSeconds);
        }
    }

    public static Dictionary<string, string?> DefaultSettings(string connectionString, string rpcUrl, string deploymentFile) => new()
    {
        ["ConnectionStrings:Hedge"] = connectionString,
        ["Chain:RpcUrl"] = rpcUrl,
        ["Chain:DeploymentFile"] = deploymentFile,
        ["Chain:CallTimeoutSeconds"] = "2",
        ["Chain:MaxRetries"] = "0",
        ["Hosting:Roles"] = "workers",
        ["Workers:Ingestion:PollIntervalMilliseconds"] = "50",
        ["Workers:Ingestion:TwapWindowSeconds"] = "5",
        ["Workers:Ingestion:MaxTwapDeviation"] = "0.05",
        ["Workers:Ingestion:FeedHeartbeatSeconds"] = "3600",
        ["Workers:Scoring:IntervalSeconds"] = "1",
        ["Workers:Scoring:RetrainIntervalMinutes"] = "0",
        ["Workers:Suggestions:IntervalSeconds"] = "1",
        ["Workers:Indexer:IntervalMilliseconds"] = "200",
        ["Relayer:PollIntervalMilliseconds"] = "100",
        ["Relayer:ConfirmationDepth"] = "2",
    };

    /// <summary>Starts a worker host (role "workers") against this market; overrides win over the defaults.</summary>
    public async Task<IHost> StartWorkersAsync(IDictionary<string, string?>? overrides = null, string? rpcUrl = null, Xunit.Abstractions.ITestOutputHelper? output = null)
    {
        var settings = DefaultSettings(Database.ConnectionString, rpcUrl ?? Anvil.RpcUrl.ToString().TrimEnd('/'), _deploymentFile);
        foreach (var (k, v) in overrides ?? new Dictionary<string, string?>())
        {
            settings[k] = v;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        if (output is not null)
        {
            builder.Logging.AddProvider(new XunitLoggerProvider(output));
        }

        builder.Services.AddHedgeData(Database.ConnectionString);
        builder.Services.AddHedgeWorkers(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        _hosts.Add(host);
        return host;
    }

    public async Task StopAsync(IHost host)
    {
        await host.StopAsync();
        host.Dispose();
        _hosts.Remove(host);
    }

    public HedgeDbContext Db() => HedgeDataServiceCollectionExtensions.CreateContext(Database.ConnectionString);

    /// <summary>Polls until the condition holds; fails with the message after the timeout (generous: loaded machines).</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what, int timeoutSeconds = 120)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            var v = await probe();
            if (v is not null && v is not false)
            {
                return v;
            }

            if (sw.Elapsed > TimeSpan.FromSeconds(timeoutSeconds))
            {
                throw new TimeoutException($"Timed out after {timeoutSeconds} s waiting for {what}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Waits for the three demo positions to be synced, then applies a policy change to each (by NFT id).</summary>
    public async Task<List<LpPosition>> WaitForPositionsAsync(int count = 3)
    {
        return await EventuallyAsync(async () =>
        {
            await using var db = Db();
            var list = await db.Positions.AsNoTracking().OrderBy(p => p.NftTokenId).ToListAsync();
            return list.Count >= count ? list : null;
        }, $"{count} positions synced");
    }

    /// <summary>Changes a position's policy; retried when the workers updated the row meanwhile (its xmin moved).</summary>
    public async Task SetPolicyAsync(long nftTokenId, Action<ExecutionPolicy> change)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = Db();
            var p = await db.Positions.SingleAsync(x => x.NftTokenId == nftTokenId);
            change(p.Policy);
            try
            {
                await db.SaveChangesAsync();
                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 20)
            {
            }
        }
    }

    /// <summary>Signs (model signer) and sends (operator) a ratio update, as the relayer would (with a venue trade when the size changes).</summary>
    public async Task<byte[]> SendRatioUpdateAsync(long protectedPositionId, decimal ratio, BigInteger? targetHedgeSize = null)
    {
        var size = targetHedgeSize ?? BigInteger.Zero;
        var nonce = await new HedgeController(Rpc, Deployment.HedgeController).NonceOfAsync(protectedPositionId);
        var deadline = (BigInteger)DateTimeOffset.UtcNow.AddDays(30).ToUnixTimeSeconds();
        var newRatio = OnChainUnits.DecimalToRatio(ratio);
        var typed = new TypedData
        {
            Types = new Dictionary<string, IReadOnlyList<TypedDataField>>
            {
                ["EIP712Domain"] = [new("name", "string"), new("version", "string"), new("chainId", "uint256"), new("verifyingContract", "address")],
                ["RatioUpdate"] = [new("positionId", "uint256"), new("newRatio", "uint256"), new("targetHedgeSize", "uint256"), new("nonce", "uint256"), new("deadline", "uint256")],
            },
            PrimaryType = "RatioUpdate",
            Domain = new Dictionary<string, object?>
            {
                ["name"] = "HedgeController", ["version"] = "1", ["chainId"] = (BigInteger)Deployment.ChainId, ["verifyingContract"] = Deployment.HedgeController,
            },
            Message = new Dictionary<string, object?>
            {
                ["positionId"] = (BigInteger)protectedPositionId, ["newRatio"] = newRatio, ["targetHedgeSize"] = size, ["nonce"] = nonce, ["deadline"] = deadline,
            },
        };
        var signature = ModelSigner.SignTypedData(typed).ToBytes65();
        var data = HedgeController.EncodeUpdateRatio(new RatioUpdate(protectedPositionId, newRatio, size, nonce, deadline), signature);
        var receipt = await Driver.SendAsync(Operator, Deployment.HedgeController, data);
        return receipt.TransactionHash;
    }

    public static string Hash(byte[] h) => Hex.Encode(h);

    public static string Inv(decimal d) => d.ToString(CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        foreach (var h in _hosts.ToList())
        {
            try
            {
                await h.StopAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception)
            {
                // best effort
            }

            h.Dispose();
        }

        await Anvil.DisposeAsync();
        await Database.DisposeAsync();
        if (File.Exists(_deploymentFile))
        {
            File.Delete(_deploymentFile);
        }
    }
}
