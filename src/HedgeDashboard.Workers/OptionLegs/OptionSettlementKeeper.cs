using System.Globalization;
using System.Numerics;
using System.Text.Json;
using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Ethereum.Rpc.Contracts;
using HedgeDashboard.Workers.Approvals;
using HedgeDashboard.Workers.Chain;
using HedgeDashboard.Workers.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HedgeDashboard.Workers.OptionLegs;

/// <summary>
/// Settles expired option legs: for each open leg past expiry (chain time) whose settlement round exists (the first feed
/// round stamped at or after expiry, the only one the venue accepts), it queues one settle transaction in the outbox: an
/// approved system suggestion ("settle ...") and its execution row, linked from the leg, in one database transaction.
/// The relayer sends it like any row (nonce and bytes stored before broadcast, fee bumps, receipts, reorgs), so it runs
/// at most once. A leg gets one settle row, ever: a settle that reverts (someone else settled first) is recorded as
/// failed by the relayer and not retried; the indexer settles the leg from whoever's OptionLegSettled log.
/// </summary>
public sealed class OptionSettlementKeeper(
    IServiceScopeFactory scopes,
    StageHealth health,
    TimeProvider time,
    ILogger<OptionSettlementKeeper> logger,
    IOptions<OptionKeeperOptions> options,
    WorkerDatabase database,
    PipelineSignals signals,
    ChainDeployment deployment,
    EthereumRpc rpc) : PipelineStage(scopes, health, time, logger)
{
    public const string Actor = "system:keeper";
    private const int MaxLegsPerTick = 50;

    public override string Name => "option-keeper";

    protected override TimeSpan Interval => TimeSpan.FromSeconds(options.Value.IntervalSeconds);

    protected override StageSignal WakeUp => signals.NewBlock;

    protected override string ConnectionString => database.ConnectionString;

    protected override async Task RunTickAsync(IServiceProvider services, CancellationToken ct)
    {
        if (deployment.OptionController is null)
        {
            return;
        }

        var dbFactory = services.GetRequiredService<IDbContextFactory<HedgeDbContext>>();
        var head = await rpc.Chain.GetBlockAsync(BlockParameter.Latest, ct);
        if (head is null)
        {
            return;
        }

        var chainNow = head.Time;
        List<(long Id, DateTimeOffset Expiry)> due;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            due = (await db.OptionLegs.AsNoTracking()
                .Where(l => l.ChainId == deployment.ChainId && l.Status == OptionLegStatus.Open && l.OnChainOptionId != null && l.SettleExecutionId == null && l.Expiry <= chainNow)
                .OrderBy(l => l.Expiry).Take(MaxLegsPerTick).Select(l => new { l.Id, l.Expiry }).ToListAsync(ct)).Select(x => (x.Id, x.Expiry)).ToList();
        }

        if (due.Count == 0)
        {
            return;
        }

        var feed = new ChainlinkAggregator(rpc, deployment.PriceFeed);
        var latest = await feed.LatestRoundDataAsync(BlockParameter.Latest, ct);
        foreach (var (id, expiry) in due)
        {
            var round = await SettlementRoundAsync(latest, expiry.ToUnixTimeSeconds(), async r => (await feed.GetRoundDataAsync(r, BlockParameter.Latest, ct)).UpdatedAt, ct);
            if (round is { } r)
            {
                await ScheduleAsync(dbFactory, id, (long)r, Time.GetUtcNow(), ct);
            }
        }
    }

    /// <summary>
    /// The first round stamped at or after <paramref name="expiry"/> (rounds 1..latest, stamps non-decreasing), by
    /// bisection; null while the latest round is still before it.
    /// </summary>
    public static async Task<BigInteger?> SettlementRoundAsync(RoundData latest, long expiry, Func<BigInteger, Task<BigInteger>> updatedAt, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(latest);
        ArgumentNullException.ThrowIfNull(updatedAt);
        if (latest.UpdatedAt < expiry)
        {
            return null;
        }

        BigInteger lo = 1, hi = latest.RoundId; // hi is stamped at or after expiry
        while (lo < hi)
        {
            ct.ThrowIfCancellationRequested();
            var mid = (lo + hi) / 2;
            if (await updatedAt(mid) >= expiry)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return hi;
    }

    /// <summary>Queues the leg's settle (suggestion, execution row, link) once; a leg already linked or no longer open is left alone.</summary>
    public static async Task<HedgeExecution?> ScheduleAsync(IDbContextFactory<HedgeDbContext> dbFactory, long legId, long roundId, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dbFactory);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM option_legs WHERE id = {legId} FOR UPDATE", ct);
        var leg = await db.OptionLegs.Include(l => l.Position).SingleAsync(l => l.Id == legId, ct);
        if (leg.Status != OptionLegStatus.Open || leg.SettleExecutionId is not null || leg.OnChainOptionId is null)
        {
            return null;
        }

        var kind = leg.Kind.ToString().ToLowerInvariant();
        var ratio = leg.Position!.OnChainHedgeRatio;
        var suggestion = new HedgeSuggestion
        {
            PositionId = leg.PositionId,
            CurrentRatio = ratio,
            ProposedRatio = ratio,
            Reason = string.Create(CultureInfo.InvariantCulture,
                $"Settle the expired {kind} {leg.Notional:0.####} @ {leg.Strike:0.##} (option {leg.OnChainOptionId}, expired {leg.Expiry:u}) at feed round {roundId}"),
            Status = SuggestionStatus.Approved,
            DecidedBy = Actor,
            DecidedAt = now,
            IdempotencyKey = string.Create(CultureInfo.InvariantCulture, $"settle:{leg.Id}"),
            CreatedAt = now,
            ExpiresAt = now.AddMinutes(1), // decided at creation: no one waits on its expiry
        };
        var execution = new HedgeExecution
        {
            Suggestion = suggestion,
            PositionId = leg.PositionId,
            ChainId = leg.ChainId,
            TargetRatio = ratio,
            Status = ExecutionStatus.Pending,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Suggestions.Add(suggestion);
        db.Executions.Add(execution);
        await db.SaveChangesAsync(ct);
        leg.SettleExecutionId = execution.Id;
        leg.SettleRoundId = roundId;
        leg.UpdatedAt = now;
        db.AuditLog.Add(new AuditLogEntry
        {
            At = now,
            Actor = Actor,
            Action = "option.settle_requested",
            EntityType = "option_leg",
            EntityId = leg.Id.ToString(CultureInfo.InvariantCulture),
            Details = JsonSerializer.Serialize(new { optionId = leg.OnChainOptionId, roundId, executionId = execution.Id, suggestionId = suggestion.Id, leg.Expiry }),
        });
        await db.SaveChangesAsync(ct);
        await HedgeUpdates.NotifyAsync(db, "execution", execution.Id, "pending", ct);
        await tx.CommitAsync(ct);
        return execution;
    }
}
