using HedgeDashboard.Data;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Workers.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HedgeDashboard.Workers.Relayer;

/// <summary>
/// The relayer loop on a <see cref="PeriodicTimer"/>: each tick it takes (or checks) the advisory lock of its
/// signing address and, only while holding it, runs one <see cref="RelayerEngine.TickAsync"/>. Other instances
/// stand by and take over when the holder's database session ends.
/// </summary>
public sealed class RelayerService(
    IDbContextFactory<HedgeDbContext> dbFactory,
    EthereumRpc rpc,
    IOptions<RelayerOptions> options,
    IOptions<ChainOptions> chainOptions,
    IRelayerCheckpoints checkpoints,
    RelayerHealth health,
    TimeProvider time,
    ILogger<RelayerService> log,
    IServiceProvider services) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled)
        {
            log.LogInformation("Relayer disabled (Relayer:Enabled=false)");
            return;
        }

        var chainId = await WaitForChainIdAsync(rpc, chainOptions.Value, o, time, log, health, stoppingToken);

        // The operator key always; the model-signer key only when this process also has the signer role (then it
        // signs pending updates itself, otherwise it sends only what the signer role stored).
        using var keys = RelayerKeys.Load(o, chainId, modelSigner: o.UsesModelSignerKey, operatorKey: true);
        log.LogInformation("Signing keys held by this process: {Keys}", keys.Describe());
        var controller = RelayerKeys.ResolveController(o);
        string connectionString;
        await using (var db = await dbFactory.CreateDbContextAsync(stoppingToken))
        {
            connectionString = db.Database.GetConnectionString()!;
        }

        var engine = new RelayerEngine(dbFactory, rpc, keys, controller, chainId, o, checkpoints, health, time, log, services.GetService(typeof(Alerts.IAlertSink)) as Alerts.IAlertSink);
        await using var addressLock = StageLock.ForSigningAddress(connectionString, chainId, keys.Operator.Address);
        log.LogInformation("Relayer {Instance} for {From} on chain {Chain}, controller {Controller}", health.InstanceId, engine.From, chainId, controller);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(o.PollIntervalMilliseconds), time);
        do
        {
            try
            {
                var held = await addressLock.TryAcquireAsync(stoppingToken);
                if (held != health.HoldsLock)
                {
                    log.LogInformation("Relayer {Instance}: {State} for {From}", health.InstanceId, held ? "now the sender" : "standing by", engine.From);
                }

                health.SetLock(held);
                if (held)
                {
                    await engine.TickAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (RpcTransportException ex)
            {
                log.LogWarning("Relayer: node unreachable: {Error}", ex.Message);
            }
            catch (Exception ex)
            {
                health.Error(ex.Message);
                log.LogError(ex, "Relayer tick failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    internal static async Task<long> WaitForChainIdAsync(EthereumRpc rpc, ChainOptions chain, RelayerOptions o, TimeProvider time, ILogger log, RelayerHealth? health, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                var id = (long)await rpc.Chain.GetChainIdAsync(ct);
                var expected = chain.ChainId;
                return expected == 0 || expected == id
                    ? id
                    : throw new InvalidOperationException($"Chain:ChainId is {expected} but the node at Chain:RpcUrl reports {id}.");
            }
            catch (RpcTransportException ex)
            {
                health?.RpcDown(time.GetUtcNow(), ex.Message);
                log.LogWarning("Relayer waiting for the node: {Error}", ex.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(o.PollIntervalMilliseconds, 500)), ct);
            }
        }
    }
}
