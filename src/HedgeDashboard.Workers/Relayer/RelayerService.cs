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

        var engine = new RelayerEngine(dbFactory, rpc, keys, controller, chainId, o, checkpoints, health, time, log, services.GetService(typeof(Alerts.IAlertSink)) as Alerts.IAlertSink)
        {
            OptionController = RelayerKeys.ResolveOptionController(o),
        };
        await using var addressLock = StageLock.ForSigningAddress(connectionString, chainId, keys.Operator.Address);
        log.LogInformation("Relayer {Instance} for {From} on chain {Chain}, controller {Controller}", health.InstanceId, engine.From, chainId, controller);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(o.PollIntervalMilliseconds), time);
        var failures = 0; // consecutive failed ticks
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

                if (failures > 0)
                {
                    log.LogInformation("Relayer recovered after {Failures} failed ticks", failures);
                    failures = 0;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (RpcTransportException ex)
            {
                log.Log(LogFully(++failures) ? LogLevel.Warning : LogLevel.Debug, "Relayer: node unreachable ({Failures} in a row): {Error}", failures, ex.Message);
            }
            catch (Exception ex)
            {
                health.Error(ex.Message);
                if (LogFully(++failures))
                {
                    log.LogError(ex, "Relayer tick failed ({Failures} in a row)", failures);
                }
                else
                {
                    log.LogDebug("Relayer tick failed ({Failures} in a row): {Error}", failures, ex.GetBaseException().Message);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    // As the pipeline stages do: an outage (database, node) fails every tick, once a second; the first
    // failures and every 50th are logged in full, the rest at Debug without the stack trace.
    private static bool LogFully(int failures) => failures <= 3 || failures % 50 == 0;

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
