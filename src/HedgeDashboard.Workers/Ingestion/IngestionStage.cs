using System.Text.Json;
using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Workers.Alerts;
using HedgeDashboard.Workers.Chain;
using HedgeDashboard.Workers.Hosting;
using HedgeDashboard.Workers.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HedgeDashboard.Workers.Ingestion;

/// <summary>
/// Per new block: the feed's latest round, the pool's slot0, liquidity and TWAP -> price observations
/// ("chainlink", "pool", "pool_twap"); the oracle checks -> oracle_health; every few blocks the controller's
/// positions with their NFTs and uncollected fees -> lp_positions. Wakes scoring when the feed moved. A failing node marks the
/// pair unhealthy ("chain unreachable"), which blocks automatic execution until it answers again.
/// </summary>
public sealed class IngestionStage(
    IServiceScopeFactory scopes,
    StageHealth health,
    TimeProvider time,
    ILogger<IngestionStage> logger,
    IOptions<IngestionOptions> options,
    IOptions<ChainDeploymentOptions> chainOptions,
    WorkerDatabase database,
    PipelineSignals signals,
    MarketReader market,
    EthereumRpc rpc,
    IAlertSink alerts) : PipelineStage(scopes, health, time, logger)
{
    private static readonly TimeSpan RecheckWithoutBlocks = TimeSpan.FromSeconds(5);
    private readonly IngestionOptions _o = options.Value;
    private readonly string _pair = chainOptions.Value.PairName;
    private ulong _lastBlock;
    private DateTimeOffset _lastCheck;
    private (long UpdatedAt, decimal Answer)? _lastFeed;
    private readonly PositionSync _positionSync = new(logger);
    private long? _poolId;
    private ulong _blocksSinceSync = ulong.MaxValue / 2;

    public override string Name => "ingestion";

    protected override TimeSpan Interval => TimeSpan.FromMilliseconds(_o.PollIntervalMilliseconds);

    protected override string ConnectionString => database.ConnectionString;

    protected override async Task RunTickAsync(IServiceProvider services, CancellationToken ct)
    {
        var dbFactory = services.GetRequiredService<IDbContextFactory<HedgeDbContext>>();
        var now = Time.GetUtcNow();
        ulong head;
        Block? block;
        try
        {
            head = await rpc.Chain.GetBlockNumberAsync(ct);
            if (head == _lastBlock && now - _lastCheck < RecheckWithoutBlocks)
            {
                return;
            }

            block = await rpc.Chain.GetBlockAsync(head, ct);
        }
        catch (Exception ex) when (ex is RpcTransportException or HttpRequestException || (ex is TaskCanceledException && !ct.IsCancellationRequested))
        {
            await RecordHealthAsync(dbFactory, new OracleVerdict(false, $"chain unreachable: {ex.GetBaseException().Message}"), null, null, null, now, ct);
            throw;
        }

        if (block is null)
        {
            return;
        }

        var isNewBlock = head != _lastBlock;
        _lastBlock = head;
        _lastCheck = now;
        signals.NewBlock.Set();
        _poolId ??= await MarketBootstrap.EnsureAsync(dbFactory, market.Deployment, _pair, ct);

        var at = BlockParameter.Number(head);
        var feed = await market.ReadFeedAsync(at, ct);
        var pool = await market.ReadPoolAsync(at, ct);
        decimal? twap = null;
        string? twapError = null;
        try
        {
            twap = await market.ReadTwapAsync(_o.TwapWindowSeconds, at, ct);
        }
        catch (ExecutionRevertedException ex)
        {
            twapError = $"observe reverted ({ex.Message}); the pool needs more observation cardinality or history";
        }

        // The staleness clock: the block's time, or the wall clock when the chain is idle (no new blocks).
        var clock = block.Time > now ? block.Time : now;
        var verdict = OracleCheck.Evaluate(new OracleReading(feed.Answer, feed.UpdatedAt, twap, clock, twapError), TimeSpan.FromSeconds(_o.FeedHeartbeatSeconds), _o.MaxTwapDeviation);
        var feedMoved = _lastFeed is not { } last || last.UpdatedAt != feed.UpdatedAtSeconds || last.Answer != feed.Answer;

        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (isNewBlock)
            {
                if (feed.Answer > 0 && feed.UpdatedAtSeconds > 0)
                {
                    await UpsertPriceAsync(db, "chainlink", feed.UpdatedAt, feed.Answer, (long)head, ct);
                }

                await UpsertPriceAsync(db, "pool", block.Time, pool.SpotPrice, (long)head, ct);
                if (twap is { } t && t > 0)
                {
                    await UpsertPriceAsync(db, "pool_twap", block.Time, t, (long)head, ct);
                }

                if (feedMoved)
                {
                    await LiveUpdates.NotifyAsync(db, "prices", (long)head, "ingested", ct);
                }
            }

            await tx.CommitAsync(ct);
        }

        await RecordHealthAsync(dbFactory, verdict, feed, twap, feed.UpdatedAt, now, ct);
        if (feedMoved && feed.Answer > 0)
        {
            _lastFeed = (feed.UpdatedAtSeconds, feed.Answer);
            signals.PricesIngested.Set();
        }

        if (isNewBlock && ++_blocksSinceSync >= (ulong)_o.PositionSyncEveryBlocks)
        {
            _blocksSinceSync = 0;
            var positions = (await market.ReadPositionsAsync(at, ct)).ToList();
            List<string> wallets;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                wallets = await db.TrackedWallets.AsNoTracking().Where(w => w.IsActive && w.ChainId == market.Deployment.ChainId).Select(w => w.Address).ToListAsync(ct);
            }

            if (wallets.Count > 0)
            {
                var known = positions.Select(p => p.TokenId).ToHashSet();
                positions.AddRange(await market.ReadWalletPositionsAsync(wallets.Select(HedgeDashboard.Ethereum.Address.Parse), known, at, ct));
            }

            var entryPrice = twap ?? (feed.Answer > 0 ? feed.Answer : pool.SpotPrice);
            await _positionSync.SyncAsync(
                dbFactory, market, _poolId.Value, positions, feed.Answer > 0 ? feed.Answer : entryPrice, now, head, TimeSpan.FromSeconds(_o.FeeRefreshSeconds), alerts, ct);
        }
    }

    private Task UpsertPriceAsync(HedgeDbContext db, string source, DateTimeOffset at, decimal price, long block, CancellationToken ct) =>
        db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            INSERT INTO price_observations (pair, source, observed_at, price, block_number)
            VALUES ({_pair}, {source}, {at}, {price}, {block})
            ON CONFLICT (pair, source, observed_at) DO UPDATE SET price = excluded.price, block_number = excluded.block_number
            """, ct);

    private async Task RecordHealthAsync(
        IDbContextFactory<HedgeDbContext> dbFactory, OracleVerdict verdict, FeedRound? feed, decimal? twap, DateTimeOffset? feedUpdatedAt, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.OracleHealth.SingleOrDefaultAsync(h => h.Pair == _pair, ct);
        var changed = row is null || row.IsHealthy != verdict.IsHealthy || (!verdict.IsHealthy && Kind(row.Reason) != Kind(verdict.Reason));
        if (row is null)
        {
            row = new OracleHealth { Pair = _pair };
            db.OracleHealth.Add(row);
        }

        row.IsHealthy = verdict.IsHealthy;
        row.Reason = verdict.Reason is { Length: > 500 } r ? r[..500] : verdict.Reason;
        if (feed is not null)
        {
            row.FeedPrice = feed.Answer > 0 ? feed.Answer : null;
            row.FeedUpdatedAt = feedUpdatedAt;
            row.PoolTwapPrice = twap is > 0 ? twap : null;
        }

        row.CheckedAt = now;
        if (changed)
        {
            db.AuditLog.Add(new AuditLogEntry
            {
                At = now,
                Actor = WorkerActors.Ingestion,
                Action = verdict.IsHealthy ? "oracle.healthy" : "oracle.unhealthy",
                EntityType = "oracle_health",
                EntityId = _pair,
                Details = JsonSerializer.Serialize(new { reason = verdict.Reason, feedPrice = row.FeedPrice, twap = row.PoolTwapPrice }),
            });
        }

        await db.SaveChangesAsync(ct);
        if (changed)
        {
            await LiveUpdates.NotifyAsync(db, "oracle", 0, verdict.IsHealthy ? "healthy" : "unhealthy", ct);
            Logger.LogInformation("Oracle {Pair}: {State} {Reason}", _pair, verdict.IsHealthy ? "healthy" : "unhealthy", verdict.Reason ?? "");
            alerts.Publish(new Alert(
                verdict.IsHealthy ? AlertKinds.OracleHealthy : AlertKinds.OracleUnhealthy,
                verdict.IsHealthy ? $"{_pair} oracle healthy again" : $"{_pair} oracle unhealthy: {verdict.Reason}",
                new Dictionary<string, object?> { ["pair"] = _pair, ["reason"] = verdict.Reason, ["feedPrice"] = row.FeedPrice, ["poolTwapPrice"] = row.PoolTwapPrice }));
        }
    }

    /// <summary>The reason's kind (text before the first ':' or number), so a drifting number is not a new state.</summary>
    private static string Kind(string? reason) => reason is null ? "" : new string(reason.TakeWhile(c => c != ':' && !char.IsDigit(c)).ToArray());
}
