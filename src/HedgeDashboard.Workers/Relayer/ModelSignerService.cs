using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Workers.Approvals;
using HedgeDashboard.Workers.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HedgeDashboard.Workers.Relayer;

/// <summary>
/// The signer role without the relayer (Hosting:Roles "signer"): holds only the model-signer key, signs each approved
/// (pending) outbox row's RatioUpdate from the position's state on chain and stores the signature in the row; the
/// relayer, in another process with only the operator key, sends it. One row per position at a time, and only while
/// nothing else of that position is signed or in flight, so the signed position nonce is the one the chain expects.
/// </summary>
public sealed class ModelSignerService(
    IDbContextFactory<HedgeDbContext> dbFactory,
    EthereumRpc rpc,
    IOptions<RelayerOptions> options,
    IOptions<ChainOptions> chainOptions,
    TimeProvider time,
    ILogger<ModelSignerService> log) : BackgroundService
{
    private static readonly ExecutionStatus[] InFlight = [ExecutionStatus.Signed, ExecutionStatus.Broadcast];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled)
        {
            log.LogInformation("Signer disabled (Relayer:Enabled=false)");
            return;
        }

        var chainId = await RelayerService.WaitForChainIdAsync(rpc, chainOptions.Value, o, time, log, health: null, stoppingToken);
        using var keys = RelayerKeys.Load(o, chainId, modelSigner: true, operatorKey: false);
        var controller = RelayerKeys.ResolveController(o);
        var optionController = RelayerKeys.ResolveOptionController(o);
        log.LogInformation("Signing keys held by this process: {Keys}", keys.Describe());
        string connectionString;
        await using (var db = await dbFactory.CreateDbContextAsync(stoppingToken))
        {
            connectionString = db.Database.GetConnectionString()!;
        }

        await using var stageLock = new StageLock(connectionString, $"signer:{chainId}");
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(o.PollIntervalMilliseconds), time);
        do
        {
            try
            {
                if (await stageLock.TryAcquireAsync(stoppingToken))
                {
                    await SignPendingAsync(keys.ModelSigner, controller, chainId, o, stoppingToken, optionController);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (RpcTransportException ex)
            {
                log.LogWarning("Signer: node unreachable: {Error}", ex.Message);
            }
            catch (Exception ex)
            {
                log.LogError(ex, "Signer tick failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>Signs and stores the update of every pending row whose position has nothing else signed or in flight.</summary>
    internal async Task<int> SignPendingAsync(Ethereum.Signing.EthereumAccount modelSigner, Address controller, long chainId, RelayerOptions o, CancellationToken ct, Address? optionController = null)
    {
        List<long> ids;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var busy = db.Executions.Where(x => x.ChainId == chainId && (InFlight.Contains(x.Status) || (x.Status == ExecutionStatus.Pending && x.UpdateSignature != null)))
                .Select(x => x.PositionId);
            var rows = await db.Executions.AsNoTracking()
                .Where(e => e.Status == ExecutionStatus.Pending && e.ChainId == chainId && e.UpdateSignature == null && !busy.Contains(e.PositionId)
                    && !db.OptionLegs.Any(l => l.SettleExecutionId == e.Id)) // a settle needs no signature
                .OrderBy(e => e.Id).Select(e => new { e.Id, e.PositionId }).Take(o.BatchSize * 4).ToListAsync(ct);
            ids = [.. rows.DistinctBy(r => r.PositionId).Take(o.BatchSize).Select(r => r.Id)];
        }

        var count = 0;
        foreach (var id in ids)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM hedge_executions WHERE id = {id} FOR UPDATE", ct);
            var e = await db.Executions.Include(x => x.Position).SingleAsync(x => x.Id == id, ct);
            if (e.Status != ExecutionStatus.Pending || e.UpdateSignature is not null || e.Position?.ProtectedPositionId is not { } onChainId)
            {
                continue; // taken meanwhile, or unregistered (the relayer fails it with the reason)
            }

            var now = time.GetUtcNow();
            var deadline = now.ToUnixTimeSeconds() + o.DeadlineSeconds;
            var leg = await db.OptionLegs.SingleOrDefaultAsync(l => l.ExecutionId == id, ct);
            if (leg is not null)
            {
                if (optionController is not { } oc)
                {
                    continue; // no option controller configured: the relayer fails the row with the reason
                }

                await OptionLegs.SignedOptionOrders.SignAndStoreAsync(rpc, oc, chainId, modelSigner, e, leg, onChainId, deadline, ct);
            }
            else
            {
                var (update, signature) = await SignedUpdates.SignModelUpdateAsync(rpc, controller, chainId, modelSigner, onChainId, e.TargetRatio, deadline, ct);
                SignedUpdates.Store(e, update, signature, modelSigner.Address);
            }

            e.UpdatedAt = now;
            db.AuditLog.Add(new AuditLogEntry
            {
                At = now,
                Actor = "system:signer",
                Action = "execution.update_signed",
                EntityType = "hedge_execution",
                EntityId = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Details = System.Text.Json.JsonSerializer.Serialize(new { signer = e.UpdateSigner, positionNonce = e.UpdatePositionNonce, targetHedgeSize = e.UpdateTargetHedgeSize, optionLeg = leg?.Id, deadline = e.UpdateDeadline }),
            });
            await db.SaveChangesAsync(ct);
            await HedgeUpdates.NotifyAsync(db, "execution", e.Id, "pending", ct);
            await tx.CommitAsync(ct);
            log.LogInformation("Execution {Id}: update signed by the model signer (position nonce {Nonce})", id, e.UpdatePositionNonce);
            count++;
        }

        return count;
    }
}
