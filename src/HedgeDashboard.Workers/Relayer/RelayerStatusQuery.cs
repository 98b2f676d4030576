using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Workers.Relayer;

/// <summary>One broadcast (first send or fee bump) of an execution, fees in gwei.</summary>
public sealed record ExecutionAttemptView(int Number, string TxHash, long Nonce, decimal MaxFeeGwei, decimal PriorityFeeGwei, DateTimeOffset At, string? Outcome);

/// <summary>What the operator sees per execution request.</summary>
public sealed record ExecutionView(
    long Id,
    long SuggestionId,
    long PositionId,
    decimal TargetRatio,
    string Status,
    string? FromAddress,
    long? Nonce,
    string? TxHash,
    int Attempts,
    decimal? MaxFeeGwei,
    decimal? PriorityFeeGwei,
    long? BlockNumber,
    long? GasUsed,
    decimal? EffectiveGasPriceGwei,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SignedAt,
    DateTimeOffset? BroadcastAt,
    DateTimeOffset? MinedAt,
    DateTimeOffset? ConfirmedAt,
    bool IsStuck,
    IReadOnlyList<ExecutionAttemptView> AttemptLog)
{
    public TimeSpan? RequestToBroadcast => BroadcastAt - CreatedAt;

    public TimeSpan? RequestToConfirmed => ConfirmedAt - CreatedAt;
}

/// <summary>Counts per state and this instance's loop state.</summary>
public sealed record RelayerSummary(
    IReadOnlyDictionary<string, int> CountsByStatus,
    int Stuck,
    DateTimeOffset? OldestOpenSince,
    string InstanceState,
    string InstanceId,
    string? SenderAddress,
    DateTimeOffset? LastTickAt,
    DateTimeOffset? RpcDownSince,
    string? LastError);

/// <summary>Read-only queries for the dashboard's execution view (one short-lived context per call).</summary>
public sealed class RelayerStatusQuery(IDbContextFactory<HedgeDbContext> dbFactory, RelayerHealth health, Microsoft.Extensions.Options.IOptions<RelayerOptions> options, TimeProvider time)
{
    private static readonly ExecutionStatus[] Open = [ExecutionStatus.Pending, ExecutionStatus.Signed, ExecutionStatus.Broadcast, ExecutionStatus.Mined];

    public async Task<IReadOnlyList<ExecutionView>> RecentAsync(int take = 50, ExecutionStatus? status = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.Executions.AsNoTracking().Include(e => e.AttemptLog).AsQueryable();
        if (status is { } s)
        {
            q = q.Where(e => e.Status == s);
        }

        var rows = await q.OrderByDescending(e => e.Id).Take(Math.Clamp(take, 1, 1000)).AsSplitQuery().ToListAsync(ct);
        return [.. rows.Select(ToView)];
    }

    public async Task<ExecutionView?> GetAsync(long executionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var e = await db.Executions.AsNoTracking().Include(x => x.AttemptLog).SingleOrDefaultAsync(x => x.Id == executionId, ct);
        return e is null ? null : ToView(e);
    }

    public async Task<ExecutionView?> GetBySuggestionAsync(long suggestionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var e = await db.Executions.AsNoTracking().Include(x => x.AttemptLog).SingleOrDefaultAsync(x => x.SuggestionId == suggestionId, ct);
        return e is null ? null : ToView(e);
    }

    public async Task<RelayerSummary> SummaryAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var counts = await db.Executions.AsNoTracking().GroupBy(e => e.Status).Select(g => new { g.Key, N = g.Count() }).ToListAsync(ct);
        var stuckBefore = time.GetUtcNow().AddSeconds(-options.Value.StuckAfterSeconds);
        var stuck = await db.Executions.AsNoTracking().CountAsync(e => e.Status == ExecutionStatus.Broadcast && e.BroadcastAt < stuckBefore, ct);
        var oldest = await db.Executions.AsNoTracking().Where(e => Open.Contains(e.Status)).MinAsync(e => (DateTimeOffset?)e.CreatedAt, ct);
        return new RelayerSummary(
            counts.ToDictionary(c => RelayerEngine.StatusText(c.Key), c => c.N),
            stuck,
            oldest,
            health.State,
            health.InstanceId,
            health.SenderAddress,
            health.LastTickAt,
            health.RpcDownSince,
            health.LastError);
    }

    private ExecutionView ToView(HedgeExecution e) => new(
        e.Id,
        e.SuggestionId,
        e.PositionId,
        e.TargetRatio,
        RelayerEngine.StatusText(e.Status),
        e.FromAddress,
        e.Nonce,
        e.TxHash,
        e.Attempts,
        Gwei(e.MaxFeePerGas),
        Gwei(e.MaxPriorityFeePerGas),
        e.BlockNumber,
        e.GasUsed,
        Gwei(e.EffectiveGasPrice),
        e.Error,
        e.CreatedAt,
        e.SignedAt,
        e.BroadcastAt,
        e.MinedAt,
        e.ConfirmedAt,
        e.Status == ExecutionStatus.Broadcast && e.BroadcastAt is { } b && (time.GetUtcNow() - b).TotalSeconds >= options.Value.StuckAfterSeconds,
        [.. e.AttemptLog.OrderBy(a => a.AttemptNumber).Select(a => new ExecutionAttemptView(a.AttemptNumber, a.TxHash, a.Nonce, Gwei(a.MaxFeePerGas)!.Value, Gwei(a.MaxPriorityFeePerGas)!.Value, a.BroadcastAt, a.Outcome))]);

    private static decimal? Gwei(decimal? wei) => wei / RelayerOptions.WeiPerGwei;
}
