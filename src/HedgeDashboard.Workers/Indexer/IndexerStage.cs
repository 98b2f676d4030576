using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using HedgeDashboard.Data;
using HedgeDashboard.Data.Configuration;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Ethereum.Abi;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Ethereum.Rpc.Contracts;
using HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;
using HedgeDashboard.Workers.Chain;
using HedgeDashboard.Workers.Hosting;
using HedgeDashboard.Workers.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HedgeDashboard.Workers.Indexer;

/// <summary>
/// The hedge history: HedgeController logs read with eth_getLogs from a few blocks behind the last indexed
/// block to the head, inserted idempotently (unique block hash, tx hash, log index), logs that a reorg
/// removed marked removed, and each RatioUpdated reconciled with our execution of the same transaction and
/// with the position's on-chain ratio. The hedge venue's logs of the same range give the costs: each trade's fee
/// (HedgeAdjusted) and funding (FundingCharged) -> venue_charges, tied to our execution of the same transaction.
/// The NonfungiblePositionManager's DecreaseLiquidity and Collect logs of the tracked positions' NFTs ->
/// lp_position_events (the fees a position has collected). Each position's cursor (lp_position_event_cursors) says the
/// block through which its NFT's logs are indexed: an NFT behind the regular range (new, or with its cursor before
/// where a restart resumes) is back-filled first, from <see cref="IndexerOptions.StartBlock"/> or the block after its
/// cursor, so its earlier collects count and a restart reads none of it again.
/// </summary>
public sealed class IndexerStage(
    IServiceScopeFactory scopes,
    StageHealth health,
    TimeProvider time,
    ILogger<IndexerStage> logger,
    IOptions<IndexerOptions> options,
    WorkerDatabase database,
    PipelineSignals signals,
    ChainDeployment deployment,
    IOptions<ChainDeploymentOptions> chainOptions,
    EthereumRpc rpc) : PipelineStage(scopes, health, time, logger)
{
    private readonly IndexerOptions _o = options.Value;
    private readonly string _contract = deployment.HedgeController.ToLowerHex();
    private readonly string _venue = deployment.HedgeVenue.ToLowerHex();
    private readonly string _positionManager = deployment.PositionManager.ToLowerHex();
    private readonly Dictionary<ulong, DateTimeOffset> _blockTimes = [];
    private ulong? _next;
    private long _poolId;

    public override string Name => "indexer";

    protected override TimeSpan Interval => TimeSpan.FromMilliseconds(_o.IntervalMilliseconds);

    protected override StageSignal WakeUp => signals.NewBlock;

    protected override string ConnectionString => database.ConnectionString;

    protected override async Task RunTickAsync(IServiceProvider services, CancellationToken ct)
    {
        var dbFactory = services.GetRequiredService<IDbContextFactory<HedgeDbContext>>();
        var head = await rpc.Chain.GetBlockNumberAsync(ct);
        if (_next is null)
        {
            _poolId = await Ingestion.MarketBootstrap.EnsureAsync(dbFactory, deployment, chainOptions.Value.PairName, ct);
            await using var db0 = await dbFactory.CreateDbContextAsync(ct);
            var last = await db0.ControllerEvents.Where(e => e.ChainId == deployment.ChainId && e.ContractAddress == _contract).MaxAsync(e => (long?)e.BlockNumber, ct);
            var lastCharge = await db0.VenueCharges.Where(e => e.ChainId == deployment.ChainId && e.VenueAddress == _venue).MaxAsync(e => (long?)e.BlockNumber, ct);
            // Venue logs come with controller logs (only the controller trades); with none stored yet (an upgraded
            // database), read from the start so the costs of past hedges are indexed too. Re-reading is idempotent.
            _next = (ulong)(last is { } l && lastCharge is { } lc ? Math.Min(l, lc) + 1 : _o.StartBlock);
        }

        if (_next > head + 1)
        {
            _next = head + 1; // the chain went back (restarted dev node or deep reorg): re-read from its head
        }

        var from = _next.Value >= (ulong)_o.ReorgDepth ? _next.Value - (ulong)_o.ReorgDepth : 0;
        List<TrackedNft> tracked;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            tracked = await db.Positions.AsNoTracking().Where(p => p.PoolId == _poolId)
                .Select(p => new TrackedNft(p.NftTokenId, p.Id, db.LpPositionEventCursors.Where(c => c.PositionId == p.Id).Select(c => (long?)c.ThroughBlock).FirstOrDefault()))
                .ToListAsync(ct);
        }

        // NFTs whose indexed history ends before this tick's range (a cursor past the head, after the chain went back, needs none).
        var behind = tracked
            .GroupBy(n => n.Through is { } through ? Math.Max(_o.StartBlock, through + 1) : _o.StartBlock)
            .Where(g => g.Key < (long)from);
        foreach (var group in behind)
        {
            await BackfillLiquidityEventsAsync(dbFactory, (ulong)group.Key, from - 1, group.ToDictionary(n => n.Nft, n => n.Id), ct);
        }

        var nfts = tracked.ToDictionary(n => n.Nft, n => n.Id);
        while (from <= head)
        {
            var to = Math.Min(head, from + (ulong)_o.MaxBlockRange - 1);
            Address[] addresses = deployment.OptionController is { } oc ? [deployment.HedgeController, deployment.HedgeVenue, oc] : [deployment.HedgeController, deployment.HedgeVenue];
            var logs = await rpc.Logs.GetLogsAsync(new LogFilter { FromBlock = from, ToBlock = to, Addresses = addresses }, ct);
            var liquidityLogs = await GetLiquidityLogsAsync(from, to, nfts.Keys, ct);
            await StoreAsync(dbFactory, from, to, head, logs, nfts, liquidityLogs, ct);
            from = to + 1;
        }

        _next = head + 1;
    }

    private async Task StoreAsync(
        IDbContextFactory<HedgeDbContext> dbFactory, ulong from, ulong to, ulong head, IReadOnlyList<LogEntry> logs, Dictionary<long, long> nfts, IReadOnlyList<LogEntry> liquidityLogs,
        CancellationToken ct)
    {
        var now = Time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var positions = await db.Positions.AsNoTracking().Where(p => p.ProtectedPositionId != null).ToDictionaryAsync(p => p.ProtectedPositionId!.Value, p => p.Id, ct);
        var seen = new HashSet<(string, string, int)>();
        var inserted = new List<(long Id, string Name, long? Position)>();
        var charges = 0;
        foreach (var log in logs.Where(l => !l.Removed && l.Address == deployment.HedgeVenue))
        {
            seen.Add((Hex.Encode(log.BlockHash!), Hex.Encode(log.TransactionHash!), (int)log.LogIndex!.Value));
            charges += await StoreChargeAsync(db, log, positions, now, ct);
        }

        var optionLogs = logs.Where(l => !l.Removed && deployment.OptionController is { } oc && l.Address == oc).ToList();
        // The last range ends at the head: legs recorded above it were read from blocks the chain no longer has.
        var optionLegs = await OptionLegIndexing.RollBackRemovedAsync(
            db, deployment.ChainId, (long)from, to == head ? long.MaxValue : (long)to, optionLogs.Select(l => (Hex.Encode(l.BlockHash!), Hex.Encode(l.TransactionHash!))).ToHashSet(), now, Logger, ct);
        foreach (var log in optionLogs)
        {
            if (await OptionLegIndexing.ApplyAsync(db, log, deployment.ChainId, deployment.FeedDecimals, positions, await BlockTimeAsync(log.BlockNumber!.Value, ct), now, ct))
            {
                optionLegs++;
            }
        }

        foreach (var log in logs.Where(l => !l.Removed && l.Address == deployment.HedgeController))
        {
            var blockHash = Hex.Encode(log.BlockHash!);
            var txHash = Hex.Encode(log.TransactionHash!);
            var logIndex = (int)log.LogIndex!.Value;
            seen.Add((blockHash, txHash, logIndex));
            var ev = DecodeControllerEvent(log);
            var args = ev?.Values ?? new Dictionary<string, object?>();
            long? protectedId = args.TryGetValue("positionId", out var pid) && pid is BigInteger b ? (long)b : null;
            long? positionId = protectedId is { } x && positions.TryGetValue(x, out var id) ? id : null;
            var blockTime = await BlockTimeAsync(log.BlockNumber!.Value, ct);
            var rows = await db.Database.SqlQuery<long>($"""
                INSERT INTO controller_events (chain_id, contract_address, block_number, block_hash, block_time, tx_hash, log_index, event_name, protected_position_id, position_id, args, removed, indexed_at)
                VALUES ({deployment.ChainId}, {_contract}, {(long)log.BlockNumber!.Value}, {blockHash}, {blockTime}, {txHash}, {logIndex}, {ev?.Name ?? "Unknown"}, {protectedId}, {positionId}, {Json(args)}::jsonb, false, {now})
                ON CONFLICT (block_hash, tx_hash, log_index) DO UPDATE SET removed = false WHERE controller_events.removed
                RETURNING id
                """).ToListAsync(ct);
            if (rows.Count == 1)
            {
                inserted.Add((rows[0], ev?.Name ?? "Unknown", positionId));
                if (ev?.Event is RatioUpdatedEventDto ratioUpdated && positionId is { } posId)
                {
                    await ReconcileRatioAsync(db, posId, ratioUpdated.NewRatio, txHash, (long)log.BlockNumber!.Value, now, ct);
                }
            }
        }

        // Logs of this range that the chain no longer has were reorged out.
        var stored = await db.ControllerEvents
            .Where(e => e.ChainId == deployment.ChainId && e.ContractAddress == _contract && !e.Removed && e.BlockNumber >= (long)from && e.BlockNumber <= (long)to)
            .ToListAsync(ct);
        foreach (var e in stored.Where(e => !seen.Contains((e.BlockHash, e.TxHash, e.LogIndex))))
        {
            e.Removed = true;
            Logger.LogWarning("Controller event {Id} ({Name}, block {Block}) was removed by a reorg", e.Id, e.EventName, e.BlockNumber);
        }

        var storedCharges = await db.VenueCharges
            .Where(e => e.ChainId == deployment.ChainId && e.VenueAddress == _venue && !e.Removed && e.BlockNumber >= (long)from && e.BlockNumber <= (long)to)
            .ToListAsync(ct);
        foreach (var e in storedCharges.Where(e => !seen.Contains((e.BlockHash, e.TxHash, e.LogIndex))))
        {
            e.Removed = true;
            Logger.LogWarning("Venue charge {Id} ({Kind}, block {Block}) was removed by a reorg", e.Id, e.Kind, e.BlockNumber);
        }

        var liquidityEvents = await StoreLiquidityEventsAsync(db, from, to, nfts, liquidityLogs, now, ct);
        await AdvanceCursorsAsync(db, [.. nfts.Values], to, ct);
        await db.SaveChangesAsync(ct);
        foreach (var (id, _, _) in inserted)
        {
            await LiveUpdates.NotifyAsync(db, "event", id, "indexed", ct);
        }

        // Charges indexed before their position row was synced get it now.
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE venue_charges c SET position_id = p.id
            FROM lp_positions p JOIN pools pl ON pl.id = p.pool_id
            WHERE c.position_id IS NULL AND c.chain_id = {deployment.ChainId} AND c.venue_address = {_venue}
              AND pl.chain_id = c.chain_id AND p.protected_position_id = c.protected_position_id
            """, ct);
        if (charges > 0)
        {
            await LiveUpdates.NotifyAsync(db, "positions", 0, "costs", ct);
        }

        if (liquidityEvents > 0)
        {
            await LiveUpdates.NotifyAsync(db, "positions", 0, "fees", ct);
        }

        if (optionLegs > 0)
        {
            await LiveUpdates.NotifyAsync(db, "positions", 0, "options", ct);
        }

        await tx.CommitAsync(ct);
        if (inserted.Count > 0 || charges > 0 || liquidityEvents > 0 || optionLegs > 0)
        {
            Logger.LogInformation(
                "Indexed {Count} controller event(s), {Charges} venue charge(s), {Liquidity} collect/decrease event(s) and {Options} option leg change(s) in blocks {From}-{To}",
                inserted.Count, charges, liquidityEvents, optionLegs, from, to);
        }
    }

    /// <summary>The position manager's DecreaseLiquidity and Collect logs of these NFTs in the range (topic filters of a bounded size).</summary>
    private async Task<List<LogEntry>> GetLiquidityLogsAsync(ulong from, ulong to, IEnumerable<long> nfts, CancellationToken ct)
    {
        var logs = new List<LogEntry>();
        foreach (var chunk in nfts.Chunk(NftsPerLogFilter))
        {
            logs.AddRange(await rpc.Logs.GetLogsAsync(
                new LogFilter
                {
                    FromBlock = from,
                    ToBlock = to,
                    Addresses = [deployment.PositionManager],
                    Topics = [[EventDecoding.Topic0<DecreaseLiquidityEventDto>(), EventDecoding.Topic0<CollectEventDto>()], [.. chunk.Select(n => Hex.ToBigEndianPadded(n, 32))]],
                },
                ct));
        }

        return logs;
    }

    /// <summary>The NFTs' logs are indexed through <paramref name="through"/>; lower after the chain went back.</summary>
    private static Task AdvanceCursorsAsync(HedgeDbContext db, long[] ids, ulong through, CancellationToken ct) =>
        db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO lp_position_event_cursors (position_id, through_block) SELECT id, {(long)through} FROM lp_positions WHERE id = ANY({ids})
            ON CONFLICT (position_id) DO UPDATE SET through_block = excluded.through_block
            """, ct);

    /// <summary>Reads the liquidity logs of NFTs behind the regular range, one committed block range at a time that moves their cursor.</summary>
    private async Task BackfillLiquidityEventsAsync(IDbContextFactory<HedgeDbContext> dbFactory, ulong from, ulong to, Dictionary<long, long> nfts, CancellationToken ct)
    {
        var count = 0;
        var ids = nfts.Values.ToArray();
        for (var start = from; start <= to; start += (ulong)_o.MaxBlockRange)
        {
            var end = Math.Min(to, start + (ulong)_o.MaxBlockRange - 1);
            var logs = await GetLiquidityLogsAsync(start, end, nfts.Keys, ct);
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var stored = await StoreLiquidityEventsAsync(db, start, end, nfts, logs, Time.GetUtcNow(), ct);
            await AdvanceCursorsAsync(db, ids, end, ct);
            await db.SaveChangesAsync(ct);
            count += stored;
            if (stored > 0)
            {
                await LiveUpdates.NotifyAsync(db, "positions", 0, "fees", ct);
            }

            await tx.CommitAsync(ct);
        }

        Logger.LogInformation("Read the collect/decrease history of {Nfts} NFT(s) in blocks {From}-{To}: {Count} new event(s)", nfts.Count, from, to, count);
    }

    /// <summary>
    /// The NFTs' DecreaseLiquidity and Collect logs of one range -> lp_position_events (inserted idempotently; revived
    /// after a reorg that came back); their stored events of the range that the chain no longer has are marked removed.
    /// Returns how many rows were inserted or revived.
    /// </summary>
    private async Task<int> StoreLiquidityEventsAsync(
        HedgeDbContext db, ulong from, ulong to, Dictionary<long, long> nfts, IReadOnlyList<LogEntry> logs, DateTimeOffset now, CancellationToken ct)
    {
        var seen = new HashSet<(string, string, int)>();
        var count = 0;
        foreach (var log in logs.Where(l => !l.Removed && l.Address == deployment.PositionManager))
        {
            var kind = EventDecoding.Matches<CollectEventDto>(log) ? LpPositionEventKind.Collect : LpPositionEventKind.DecreaseLiquidity;
            var (collect, decrease) = kind == LpPositionEventKind.Collect ? (Decode<CollectEventDto>(log), null) : ((CollectEventDto?)null, Decode<DecreaseLiquidityEventDto>(log));
            var nft = (long)(collect?.TokenId ?? decrease!.TokenId);
            if (!nfts.TryGetValue(nft, out var positionId))
            {
                continue;
            }

            var (blockHash, txHash, logIndex) = (Hex.Encode(log.BlockHash!), Hex.Encode(log.TransactionHash!), (int)log.LogIndex!.Value);
            seen.Add((blockHash, txHash, logIndex));
            var liquidity = decrease?.Liquidity;
            var recipient = collect?.Recipient.ToLowerInvariant();
            var (amount0, amount1) = collect is not null ? (collect.Amount0, collect.Amount1) : (decrease!.Amount0, decrease.Amount1);
            var blockTime = await BlockTimeAsync(log.BlockNumber!.Value, ct);
            var rows = await db.Database.SqlQuery<long>($"""
                INSERT INTO lp_position_events (chain_id, contract_address, block_number, block_hash, block_time, tx_hash, log_index, kind, nft_token_id,
                                                position_id, liquidity, amount0, amount1, recipient, removed, indexed_at)
                VALUES ({deployment.ChainId}, {_positionManager}, {(long)log.BlockNumber!.Value}, {blockHash}, {blockTime}, {txHash}, {logIndex},
                        {EnumText<LpPositionEventKind>.ToText(kind)}, {nft}, {positionId}, {liquidity}, {amount0}, {amount1},
                        {recipient}, false, {now})
                ON CONFLICT (block_hash, tx_hash, log_index) DO UPDATE SET removed = false WHERE lp_position_events.removed
                RETURNING id
                """).ToListAsync(ct);
            count += rows.Count;
        }

        var ids = nfts.Keys.ToArray();
        var stored = await db.LpPositionEvents
            .Where(e => e.ChainId == deployment.ChainId && e.ContractAddress == _positionManager && !e.Removed
                && e.BlockNumber >= (long)from && e.BlockNumber <= (long)to && ids.Contains(e.NftTokenId))
            .ToListAsync(ct);
        foreach (var e in stored.Where(e => !seen.Contains((e.BlockHash, e.TxHash, e.LogIndex))))
        {
            e.Removed = true;
            Logger.LogWarning("Position manager event {Id} ({Kind} of NFT {Nft}, block {Block}) was removed by a reorg", e.Id, e.Kind, e.NftTokenId, e.BlockNumber);
        }

        return count;
    }

    /// <summary>
    /// A venue log -> one venue_charges row (fee of a trade, or funding), in quote units with the feed's decimals,
    /// tied to our position and to our execution of the same transaction. Other venue logs (rate changes) are skipped.
    /// Returns 1 when a row was inserted (or revived after a reorg), else 0.
    /// </summary>
    private async Task<int> StoreChargeAsync(HedgeDbContext db, LogEntry log, Dictionary<long, long> positions, DateTimeOffset now, CancellationToken ct)
    {
        VenueChargeKind kind;
        BigInteger protectedId, amount, notional;
        long? elapsed = null;
        if (EventDecoding.Matches<HedgeAdjustedEventDto>(log))
        {
            var a = Decode<HedgeAdjustedEventDto>(log);
            kind = VenueChargeKind.TradeFee;
            protectedId = a.PositionId;
            amount = a.Fee;
            notional = BigInteger.Abs(a.NewSize - a.OldSize) * a.ExecutionPrice / OnChainUnits.RatioOne; // sizes have 18 decimals
        }
        else if (EventDecoding.Matches<FundingChargedEventDto>(log))
        {
            var a = Decode<FundingChargedEventDto>(log);
            kind = VenueChargeKind.Funding;
            protectedId = a.PositionId;
            amount = a.Amount;
            notional = a.Notional;
            elapsed = (long)a.Elapsed;
        }
        else
        {
            return 0;
        }

        var pid = (long)protectedId;
        long? positionId = positions.TryGetValue(pid, out var id) ? id : null;
        var txHash = Hex.Encode(log.TransactionHash!);
        // A batch's members share its hash: the charge belongs to the member of its position.
        var executionId = await db.Executions.AsNoTracking()
            .Where(e => (e.TxHash == txHash || e.AttemptLog.Any(x => x.TxHash == txHash)) && (positionId == null || e.PositionId == positionId))
            .Select(e => (long?)e.Id)
            .FirstOrDefaultAsync(ct);
        var blockTime = await BlockTimeAsync(log.BlockNumber!.Value, ct);
        var rows = await db.Database.SqlQuery<long>($"""
            INSERT INTO venue_charges (chain_id, venue_address, block_number, block_hash, block_time, tx_hash, log_index, kind, protected_position_id,
                                       position_id, execution_id, amount, notional, elapsed_seconds, removed, indexed_at)
            VALUES ({deployment.ChainId}, {_venue}, {(long)log.BlockNumber!.Value}, {Hex.Encode(log.BlockHash!)}, {blockTime}, {txHash}, {(int)log.LogIndex!.Value},
                    {EnumText<VenueChargeKind>.ToText(kind)}, {pid}, {positionId}, {executionId},
                    {OnChainUnits.Scale(amount, deployment.FeedDecimals)}, {OnChainUnits.Scale(notional, deployment.FeedDecimals)}, {elapsed}, false, {now})
            ON CONFLICT (block_hash, tx_hash, log_index) DO UPDATE SET removed = false WHERE venue_charges.removed
            RETURNING id
            """).ToListAsync(ct);
        return rows.Count;
    }

    /// <summary>The position's on-chain ratio follows the event; an update nobody here requested is audited.</summary>
    private async Task ReconcileRatioAsync(HedgeDbContext db, long positionId, BigInteger newRatio, string txHash, long block, DateTimeOffset now, CancellationToken ct)
    {
        var ratio = OnChainUnits.RatioToDecimal(newRatio);
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE lp_positions SET on_chain_hedge_ratio = {ratio}, updated_at = {now} WHERE id = {positionId} AND on_chain_hedge_ratio <> {ratio}", ct);
        var ours = await db.Executions.AsNoTracking().AnyAsync(e => e.TxHash == txHash || e.AttemptLog.Any(a => a.TxHash == txHash), ct);
        if (!ours)
        {
            db.AuditLog.Add(new AuditLogEntry
            {
                At = now,
                Actor = WorkerActors.Indexer,
                Action = "event.unmatched_ratio_update",
                EntityType = "lp_position",
                EntityId = positionId.ToString(CultureInfo.InvariantCulture),
                Details = JsonSerializer.Serialize(new { txHash, block, newRatio = ratio, note = "a RatioUpdated with no execution of ours (sent by another tool or by hand)" }),
            });
        }
    }

    /// <summary>
    /// Decodes a venue or position manager log into its Nethereum event DTO; a log that does not decode stops the range
    /// (retried, nothing stored) with a message naming it.
    /// </summary>
    private static T Decode<T>(LogEntry log)
        where T : Nethereum.ABI.FunctionEncoding.Attributes.IEventDTO, new()
        => Decoded(log, EventDecoding.AbiOf<T>().Name, () => EventDecoding.Decode<T>(log));

    /// <summary>A controller log through its event DTO (null for a topic the controller's ABI does not have), as <see cref="Decode{T}"/>.</summary>
    private static DecodedEvent? DecodeControllerEvent(LogEntry log)
        => Decoded(log, HedgeController.Events.FirstOrDefault(e => e.Matches(log))?.Name ?? "a controller event", () => HedgeController.DecodeEvent(log));

    private static T Decoded<T>(LogEntry log, string name, Func<T> decode)
    {
        try
        {
            return decode();
        }
        catch (AbiDecodingException ex)
        {
            throw new InvalidDataException(
                $"Log {log.LogIndex} of {log.Address.ToLowerHex()} in tx {Hex.Encode(log.TransactionHash!)} (block {log.BlockNumber}) matches {name} but does not decode: {ex.Message}", ex);
        }
    }

    /// <summary>A tracked NFT, its position, and the block its collect/decrease logs are indexed through (null: never).</summary>
    private sealed record TrackedNft(long Nft, long Id, long? Through);

    /// <summary>Token ids per eth_getLogs topic filter: nodes bound a filter's size.</summary>
    private const int NftsPerLogFilter = 200;

    private async Task<DateTimeOffset> BlockTimeAsync(ulong number, CancellationToken ct)
    {
        if (_blockTimes.TryGetValue(number, out var t))
        {
            return t;
        }

        var b = await rpc.Chain.GetBlockAsync(number, ct);
        t = b?.Time ?? Time.GetUtcNow();
        if (_blockTimes.Count > 1000)
        {
            _blockTimes.Clear();
        }

        _blockTimes[number] = t;
        return t;
    }

    private static string Json(IReadOnlyDictionary<string, object?> args) => JsonSerializer.Serialize(args.ToDictionary(k => k.Key, k => Plain(k.Value)));

    private static object? Plain(object? v) => v switch
    {
        BigInteger n => n.ToString(CultureInfo.InvariantCulture),
        Address a => a.ToLowerHex(),
        byte[] bytes => Hex.Encode(bytes),
        IList list => list.Cast<object?>().Select(Plain).ToList(),
        _ => v,
    };
}
