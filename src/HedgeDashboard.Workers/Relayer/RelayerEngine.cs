using System.Globalization;
using System.Numerics;
using System.Text.Json;
using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Ethereum.Abi;
using HedgeDashboard.Ethereum.Rpc.Api;
using HedgeDashboard.Ethereum.Rpc.Contracts;
using HedgeDashboard.Ethereum.Transactions;
using HedgeDashboard.Workers.Alerts;
using HedgeDashboard.Workers.Approvals;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Nethereum.ABI.Model;
using Npgsql;

namespace HedgeDashboard.Workers.Relayer;

/// <summary>
/// The send path for one signing address. Call it only while holding that address's signing-address lock (<see cref="Hosting.StageLock.ForSigningAddress"/>).
/// Every step reads what is stored and writes before it acts on the chain, so a crash anywhere resumes from the
/// database: pending -> (sign + store, one transaction) signed -> (broadcast the stored bytes) broadcast ->
/// (receipt) mined -> (confirmation depth, canonical block) confirmed | failed; needs_review when our nonce was
/// taken by a transaction that is not ours.
/// </summary>
public sealed class RelayerEngine
{
    public const string Actor = "system:relayer";
    private static readonly ExecutionStatus[] InFlight = [ExecutionStatus.Signed, ExecutionStatus.Broadcast];
    private static readonly ExecutionStatus[] HoldsNonce = [ExecutionStatus.Signed, ExecutionStatus.Broadcast, ExecutionStatus.Mined, ExecutionStatus.Confirmed];

    private readonly IDbContextFactory<HedgeDbContext> _dbFactory;
    private readonly EthereumRpc _rpc;
    private readonly RelayerKeys _keys;
    private readonly Address _controller;
    private readonly long _chainId;
    private readonly RelayerOptions _options;
    private readonly IRelayerCheckpoints _checkpoints;
    private readonly RelayerHealth _health;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly string _from;
    private readonly Dictionary<long, DateTimeOffset> _holesSeen = [];
    private readonly HashSet<long> _foreignSuspects = [];
    private readonly IAlertSink? _alerts;

    public RelayerEngine(
        IDbContextFactory<HedgeDbContext> dbFactory,
        EthereumRpc rpc,
        RelayerKeys keys,
        Address controller,
        long chainId,
        RelayerOptions options,
        IRelayerCheckpoints? checkpoints = null,
        RelayerHealth? health = null,
        TimeProvider? time = null,
        ILogger? log = null,
        IAlertSink? alerts = null)
    {
        _alerts = alerts;
        _dbFactory = dbFactory;
        _rpc = rpc;
        _keys = keys;
        _controller = controller;
        _chainId = chainId;
        _options = options;
        _checkpoints = checkpoints ?? new NoRelayerCheckpoints();
        _health = health ?? new RelayerHealth();
        _time = time ?? TimeProvider.System;
        _log = log ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        _from = keys.Operator.Address.ToLowerHex();
        _health.SetSender(_from);
    }

    public Address From => _keys.Operator.Address;

    /// <summary>The OptionHedgeController that option legs' orders go to; null when none is deployed or configured.</summary>
    public Address? OptionController { get; init; }

    private static readonly IReadOnlyList<ErrorABI> RevertErrors = [.. HedgeController.Errors, .. OptionHedgeController.Errors];

    public RelayerHealth Health => _health;

    /// <summary>One loop iteration: sign pending requests, broadcast stored ones, follow the chain. Repeats while it makes progress.</summary>
    public async Task TickAsync(CancellationToken ct)
    {
        try
        {
            for (var round = 0; round < 20; round++)
            {
                var t0 = _time.GetTimestamp();
                var signed = await SignPendingAsync(ct);
                var t1 = _time.GetTimestamp();
                await BroadcastSignedAsync(ct);
                var t2 = _time.GetTimestamp();
                var mined = await FollowAsync(ct);
                _health.AddPhases(_time.GetElapsedTime(t0, t1), _time.GetElapsedTime(t1, t2), _time.GetElapsedTime(t2));
                if (signed == 0 && mined == 0)
                {
                    break;
                }
            }

            await RecoveredAsync(ct);
        }
        catch (RpcTransportException ex)
        {
            await RpcDownAsync(ex, ct);
            throw;
        }
    }

    // ------------------------------------------------------------------ sign

    /// <summary>
    /// Signs pending requests (one in flight per position) into transactions: up to <see cref="RelayerOptions.MaxBatchSize"/>
    /// updates of this controller per <c>updateRatios</c> call, each batch checked by eth_estimateGas (split in halves
    /// above <see cref="RelayerOptions.MaxBatchGas"/>, bisected down to the update that reverts, which fails with its
    /// reason). Each transaction's nonce, bytes and members are stored in one database transaction before any broadcast.
    /// Returns the number of updates signed.
    /// </summary>
    public async Task<int> SignPendingAsync(CancellationToken ct)
    {
        var t0 = _time.GetTimestamp();
        List<(long Id, long PositionId)> pending;
        HashSet<long> busyPositions;
        await using (var db = await _dbFactory.CreateDbContextAsync(ct))
        {
            var canSign = _keys.HasModelSigner;
            pending = (await db.Executions.AsNoTracking()
                .Where(e => e.Status == ExecutionStatus.Pending && e.ChainId == _chainId
                    && (canSign || e.UpdateSignature != null || e.Position!.ProtectedPositionId == null || db.OptionLegs.Any(l => l.SettleExecutionId == e.Id)))
                .OrderBy(e => e.Id)
                .Select(e => new { e.Id, e.PositionId })
                .Take(_options.BatchSize * 4)
                .ToListAsync(ct)).Select(x => (x.Id, x.PositionId)).ToList();
            if (pending.Count == 0)
            {
                return 0;
            }

            busyPositions = [.. await db.Executions.AsNoTracking()
                .Where(e => e.ChainId == _chainId && InFlight.Contains(e.Status))
                .Select(e => e.PositionId).Distinct().ToListAsync(ct)];
        }

        Step("sign: pick pending rows (db)", t0);

        // One update per position at a time: the next one is signed against the mined state of the previous
        // (its position nonce, ratio step and cooldown), so a failure never cascades into the ones behind it, and
        // the members of a batch never depend on each other.
        var picked = new List<long>();
        foreach (var (id, positionId) in pending)
        {
            if (picked.Count < _options.BatchSize && busyPositions.Add(positionId))
            {
                picked.Add(id);
            }
        }

        // Chunk by chunk (one batch's worth), so the first transaction is stored and sent while later ones are prepared.
        FeeSuggestion? fees = null;
        long nextChainNonce = 0;
        var count = 0;
        foreach (var ids in picked.Chunk(_options.MaxBatchSize))
        {
            foreach (var id in ids)
            {
                _checkpoints.Reached(RelayerCheckpoint.BeforeSign, id);
            }

            var ready = await PrepareUpdatesAsync(ids, ct);
            if (ready.Count == 0)
            {
                continue;
            }

            if (fees is null)
            {
                var tf = _time.GetTimestamp();
                fees = await SuggestFeesAsync(ct);
                nextChainNonce = (long)await _rpc.Accounts.GetTransactionCountAsync(From, BlockParameter.Pending, ct);
                Step("sign: fees and pending nonce (rpc)", tf);
            }

            var planned = new List<PlannedTransaction>();
            foreach (var group in ready.Where(m => m.Alone).Select(m => (IReadOnlyList<BatchMember>)[m]).Append(ready.Where(m => !m.Alone).ToList()).Where(g => g.Count > 0))
            {
                planned.AddRange(Merge(await PlanAsync(group, ct)));
            }

            foreach (var tx in planned)
            {
                var nonce = await SignTransactionAsync(tx, fees, nextChainNonce, ct);
                if (nonce is { } n)
                {
                    nextChainNonce = Math.Max(nextChainNonce, n + 1);
                    count += tx.Members.Count;
                    _checkpoints.Reached(RelayerCheckpoint.AfterSign, tx.Members[0].Id);
                }
            }
        }

        return count;
    }

    /// <summary>
    /// The rows' signed updates: stored by the signer role or the LP's wallet, or signed and stored here when this process
    /// also holds the model-signer key (from each position's nonce, hedge and caps on chain, read concurrently). Rows
    /// that cannot go yet are left out; unregistered positions fail.
    /// </summary>
    private async Task<List<BatchMember>> PrepareUpdatesAsync(long[] ids, CancellationToken ct)
    {
        var t0 = _time.GetTimestamp();
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM hedge_executions WHERE id = ANY({ids}) ORDER BY id FOR UPDATE", ct);
        var rows = await db.Executions.Include(x => x.Suggestion).Include(x => x.Position)
            .Where(x => ids.Contains(x.Id) && x.Status == ExecutionStatus.Pending).OrderBy(x => x.Id).ToListAsync(ct);
        var now = _time.GetUtcNow();
        var members = new List<BatchMember>();
        var toSign = new List<(HedgeExecution Row, long OnChainId)>();
        var rowIds = rows.Select(r => (long?)r.Id).ToArray();
        var legs = await db.OptionLegs.Where(l => rowIds.Contains(l.ExecutionId)).ToDictionaryAsync(l => l.ExecutionId!.Value, ct);
        var settles = await db.OptionLegs.Where(l => rowIds.Contains(l.SettleExecutionId)).ToDictionaryAsync(l => l.SettleExecutionId!.Value, ct);
        Step("prepare: lock and load rows (db)", t0);
        foreach (var e in rows)
        {
            if (settles.TryGetValue(e.Id, out var expired))
            {
                // The keeper's settle: permissionless, so nothing to sign but the transaction; it goes alone.
                if (OptionController is null || expired.OnChainOptionId is not { } optionId || expired.SettleRoundId is not { } roundId)
                {
                    await FailAsync(db, e, "No OptionHedgeController is deployed or configured, or the leg has no on-chain option: the settlement cannot be sent.", now, ct);
                    continue;
                }

                members.Add(new BatchMember(e.Id, null, [], Alone: true, OptionOrder: OptionHedgeController.EncodeSettle(optionId, roundId)));
            }
            else if (e.Position?.ProtectedPositionId is not { } onChainId)
            {
                await FailAsync(db, e, $"Position {e.PositionId} is not registered with the HedgeController (no on-chain position id).", now, ct);
            }
            else if (legs.TryGetValue(e.Id, out var leg))
            {
                // An option order goes alone, to the OptionHedgeController: signed by the signer role, or here when this
                // process holds the model-signer key, and stored (calldata in the leg) before anything is broadcast.
                if (OptionController is not { } oc)
                {
                    await FailAsync(db, e, "No OptionHedgeController is deployed or configured (Relayer:OptionControllerAddress): the option order cannot be sent.", now, ct);
                    continue;
                }

                if (leg.OrderCalldata is null)
                {
                    if (!_keys.HasModelSigner)
                    {
                        continue; // the signer role has not signed it yet
                    }

                    await OptionLegs.SignedOptionOrders.SignAndStoreAsync(_rpc, oc, _chainId, _keys.ModelSigner, e, leg, onChainId, now.ToUnixTimeSeconds() + _options.DeadlineSeconds, ct);
                }

                members.Add(new BatchMember(e.Id, null, e.UpdateSignature!, Alone: true, OptionOrder: leg.OrderCalldata));
            }
            else if (SignedUpdates.Stored(e, onChainId) is { } stored)
            {
                members.Add(Member(e, stored));
            }
            else if (_keys.HasModelSigner)
            {
                toSign.Add((e, onChainId));
            }
        }

        if (toSign.Count > 0)
        {
            // The positions are read concurrently; the signing key signs one update at a time.
            var deadline = now.ToUnixTimeSeconds() + _options.DeadlineSeconds;
            var controller = new HedgeController(_rpc, _controller);
            var tr = _time.GetTimestamp();
            using var gate = new SemaphoreSlim(8);
            var positions = await Task.WhenAll(toSign.Select(async x =>
            {
                await gate.WaitAsync(ct);
                try
                {
                    return await controller.GetPositionAsync(x.OnChainId, BlockParameter.Latest, ct);
                }
                finally
                {
                    gate.Release();
                }
            }));
            Step("prepare: position reads (eth_call, 8 at a time)", tr, toSign.Count);
            var ts = _time.GetTimestamp();
            for (var i = 0; i < toSign.Count; i++)
            {
                var (update, signature) = SignedUpdates.SignModelUpdate(positions[i], _controller, _chainId, _keys.ModelSigner, toSign[i].OnChainId, toSign[i].Row.TargetRatio, deadline);
                SignedUpdates.Store(toSign[i].Row, update, signature, _keys.ModelSigner.Address);
                members.Add(Member(toSign[i].Row, update));
            }

            Step("prepare: EIP-712 signatures", ts, toSign.Count);
        }

        var tc = _time.GetTimestamp();
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        Step("prepare: store signatures (db)", tc);
        return [.. members.OrderBy(m => m.Id)];

        // A row that was in a batch that reverted on chain goes alone from now on (see FollowOneAsync).
        BatchMember Member(HedgeExecution e, RatioUpdate update) => new(e.Id, update, e.UpdateSignature!, Alone: e.Attempts > 0 || _options.MaxBatchSize == 1);
    }

    /// <summary>
    /// Estimates the members' transaction: within the gas bound it is one transaction; above it, or when it reverts, it
    /// is split in halves (bisection), so a lone update that reverts is found and failed with its reason, without
    /// spending a nonce, and the others go on.
    /// </summary>
    private async Task<List<PlannedTransaction>> PlanAsync(IReadOnlyList<BatchMember> members, CancellationToken ct)
    {
        var data = Calldata(members);
        var to = members[0].OptionOrder is null ? _controller : OptionController!.Value;
        try
        {
            var te = _time.GetTimestamp();
            var estimate = await _rpc.Calls.EstimateGasAsync(new CallRequest { From = From, To = to, Data = data }, ct);
            Step("plan: eth_estimateGas", te);
            if (members.Count == 1 || (long)estimate <= _options.MaxBatchGas)
            {
                return [new PlannedTransaction(members, data, estimate, to)];
            }
        }
        catch (ExecutionRevertedException ex) when (members.Count == 1)
        {
            await FailBeforeSendAsync(members[0].Id, "Reverts before sending: " + RevertDecoder.Decode(ex.Reason.Data, RevertErrors).Message, ct);
            return [];
        }
        catch (ExecutionRevertedException ex)
        {
            _log.LogInformation("A batch of {Count} updates reverts at the estimate ({Reason}); bisecting", members.Count, RevertDecoder.Decode(ex.Reason.Data, RevertErrors).Message);
        }

        var half = members.Count / 2;
        return [.. await PlanAsync(members.Take(half).ToList(), ct), .. await PlanAsync(members.Skip(half).ToList(), ct)];
    }

    /// <summary>
    /// Joins neighbouring transactions the bisection left apart, within the size and gas bounds (each part was
    /// estimated on its own and the members are independent positions, so the sum of their estimates bounds the join).
    /// </summary>
    private List<PlannedTransaction> Merge(List<PlannedTransaction> parts)
    {
        var merged = new List<PlannedTransaction>();
        foreach (var p in parts)
        {
            if (merged.Count > 0 && merged[^1] is var last
                && !last.Members[0].Alone && !p.Members[0].Alone
                && last.Members.Count + p.Members.Count <= _options.MaxBatchSize
                && (long)(last.Estimate + p.Estimate) <= _options.MaxBatchGas)
            {
                var members = last.Members.Concat(p.Members).ToList();
                merged[^1] = new PlannedTransaction(members, Calldata(members), last.Estimate + p.Estimate, _controller);
            }
            else
            {
                merged.Add(p);
            }
        }

        return merged;
    }

    /// <summary>An option order: its stored calldata; one update alone: <c>updateRatio</c>; several: one <c>updateRatios</c> call.</summary>
    private static byte[] Calldata(IReadOnlyList<BatchMember> members) => members switch
    {
        [{ OptionOrder: { } order }] => order,
        [var one] => HedgeController.EncodeUpdateRatio(one.Update!, one.Signature),
        _ => HedgeController.EncodeUpdateRatios([.. members.Select(m => m.Update!)], [.. members.Select(m => m.Signature)]),
    };

    private async Task FailBeforeSendAsync(long id, string reason, CancellationToken ct)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM hedge_executions WHERE id = {id} FOR UPDATE", ct);
        var e = await db.Executions.Include(x => x.Suggestion).SingleAsync(x => x.Id == id, ct);
        if (e.Status == ExecutionStatus.Pending)
        {
            // Would revert now: record it as failed with the reason, without spending a nonce or gas.
            await FailAsync(db, e, reason, _time.GetUtcNow(), ct);
            await tx.CommitAsync(ct);
        }
    }

    /// <summary>Assigns the nonce and stores the signed transaction in every member, in one database transaction.</summary>
    private async Task<long?> SignTransactionAsync(PlannedTransaction planned, FeeSuggestion fees, long nextChainNonce, CancellationToken ct)
    {
        var t0 = _time.GetTimestamp();
        var ids = planned.Members.Select(m => m.Id).Order().ToArray();
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM hedge_executions WHERE id = ANY({ids}) ORDER BY id FOR UPDATE", ct);
        var rows = await db.Executions.Include(x => x.Suggestion).Include(x => x.AttemptLog)
            .Where(x => ids.Contains(x.Id)).OrderBy(x => x.Id).ToListAsync(ct);
        var signatures = planned.Members.ToDictionary(m => m.Id, m => m.Signature);
        // A settle has no update signature (its member's is empty); every other row's must be the one planned.
        if (rows.Count != ids.Length || rows.Any(e => e.Status != ExecutionStatus.Pending || !(e.UpdateSignature ?? []).AsSpan().SequenceEqual(signatures[e.Id])))
        {
            return null; // changed since it was planned: planned again next round
        }

        var maxLive = await db.Executions
            .Where(x => x.ChainId == _chainId && x.FromAddress == _from && x.Nonce != null && HoldsNonce.Contains(x.Status))
            .MaxAsync(x => x.Nonce, ct);
        var nonce = Math.Max(nextChainNonce, (maxLive ?? -1) + 1);
        var signed = _keys.Operator.SignTransaction(new Eip1559Transaction
        {
            ChainId = _chainId,
            Nonce = (ulong)nonce,
            MaxPriorityFeePerGas = fees.MaxPriorityFeePerGas,
            MaxFeePerGas = fees.MaxFeePerGas,
            GasLimit = GasLimit(planned.Estimate, planned.Members.Count),
            To = planned.To,
            Data = planned.Data,
        });
        var now = _time.GetUtcNow();
        long? batchId = rows.Count > 1 ? rows[0].Id : null;
        foreach (var e in rows)
        {
            var number = e.AttemptLog.Count == 0 ? 1 : e.AttemptLog.Max(a => a.AttemptNumber) + 1;
            e.BatchId = batchId;
            e.FromAddress = _from;
            e.Nonce = nonce;
            e.SignedRaw = signed.Raw;
            e.TxHash = signed.HashHex;
            e.MaxFeePerGas = (decimal)fees.MaxFeePerGas;
            e.MaxPriorityFeePerGas = (decimal)fees.MaxPriorityFeePerGas;
            e.Status = ExecutionStatus.Signed;
            e.SignedAt = now;
            e.Attempts = number;
            e.Error = null;
            e.UpdatedAt = now;
            e.AttemptLog.Add(new ExecutionAttempt
            {
                AttemptNumber = number,
                TxHash = signed.HashHex,
                Nonce = nonce,
                MaxFeePerGas = (decimal)fees.MaxFeePerGas,
                MaxPriorityFeePerGas = (decimal)fees.MaxPriorityFeePerGas,
                BroadcastAt = now,
                Outcome = "signed",
            });
            if (e.Suggestion is { } s && s.Status == SuggestionStatus.Approved)
            {
                s.Status = SuggestionStatus.Executing;
            }

            Audit(db, "execution.signed", e.Id, now, new { nonce, hash = signed.HashHex, batch = batchId, batchSize = rows.Count, positionNonce = e.UpdatePositionNonce, newRatio = e.TargetRatio, targetHedgeSize = e.UpdateTargetHedgeSize, updateSigner = e.UpdateSigner });
        }

        await db.SaveChangesAsync(ct);
        await HedgeUpdates.NotifyManyAsync(db, "execution", ids, "signed", ct);

        await tx.CommitAsync(ct);
        Step("store: sign the transaction, store it in its members (db)", t0);
        _log.LogInformation("Executions {Ids}: signed nonce {Nonce} tx {Hash} ({Count} update(s))", string.Join(',', ids), nonce, signed.HashHex, rows.Count);
        return nonce;
    }

    /// <summary>
    /// Gas per update the estimate may not see: the venue settles funding on a hedge when it is adjusted and writes it
    /// only when time has passed since the last adjustment. An update estimated in the second of its position's previous
    /// update and mined a second later pays for that write (a zero-to-nonzero SSTORE, a changed slot and an event, about
    /// 27k). 25 % of a batched update's ~93k does not cover it, so without this a batch of 3 or more ran out of gas in
    /// the venue call and reverted as a whole. Unused gas is not charged.
    /// </summary>
    internal const ulong TimeDependentGasPerUpdate = 30_000;

    /// <summary>The gas limit sent: 1.25 x the estimate + 10k, plus <see cref="TimeDependentGasPerUpdate"/> per update.</summary>
    internal static ulong GasLimit(ulong estimate, int updates) => (ulong)(estimate * 1.25) + 10_000 + ((ulong)updates * TimeDependentGasPerUpdate);

    /// <summary>A ratio update (<paramref name="Update"/>) or an option controller call (<paramref name="OptionOrder"/>: a signed order or a settle, always alone).</summary>
    private sealed record BatchMember(long Id, RatioUpdate? Update, byte[] Signature, bool Alone, byte[]? OptionOrder = null);

    private sealed record PlannedTransaction(IReadOnlyList<BatchMember> Members, byte[] Data, ulong Estimate, Address To);

    /// <summary>The rows of one transaction, its lead (a lone update, or the batch's first member) first.</summary>
    private static async Task<List<HedgeExecution>> LoadUnitAsync(HedgeDbContext db, long leadId, CancellationToken ct)
    {
        var rows = await db.Executions.Include(x => x.AttemptLog).Include(x => x.Suggestion)
            .Where(x => x.Id == leadId || x.BatchId == leadId).OrderBy(x => x.Id).ToListAsync(ct);
        return rows[0].Id == leadId ? rows : [.. rows.Where(x => x.Id == leadId), .. rows.Where(x => x.Id != leadId)];
    }

    /// <summary>
    /// Copies the lead's transaction state (status, nonce, bytes, hash, fees, block, error, attempts) to the other
    /// members of its batch, and each member's suggestion follows its status. The send path acts on the lead alone.
    /// </summary>
    private static void Mirror(List<HedgeExecution> unit)
    {
        var lead = unit[0];
        foreach (var m in unit)
        {
            if (m != lead)
            {
                m.Status = lead.Status;
                m.FromAddress = lead.FromAddress;
                m.Nonce = lead.Nonce;
                m.SignedRaw = lead.SignedRaw;
                m.TxHash = lead.TxHash;
                m.Attempts = lead.Attempts;
                m.MaxFeePerGas = lead.MaxFeePerGas;
                m.MaxPriorityFeePerGas = lead.MaxPriorityFeePerGas;
                m.BlockNumber = lead.BlockNumber;
                m.BlockHash = lead.BlockHash;
                m.EffectiveGasPrice = lead.EffectiveGasPrice;
                m.Error = lead.Error;
                m.BroadcastAt ??= lead.BroadcastAt;
                m.MinedAt = lead.MinedAt;
                m.ConfirmedAt = lead.ConfirmedAt;
                m.UpdatedAt = lead.UpdatedAt;
                foreach (var a in lead.AttemptLog.Where(a => a.Nonce == lead.Nonce))
                {
                    if (m.AttemptLog.FirstOrDefault(x => x.TxHash == a.TxHash) is { } mine)
                    {
                        mine.Outcome = a.Outcome;
                        mine.BroadcastAt = a.BroadcastAt;
                    }
                    else
                    {
                        m.AttemptLog.Add(new ExecutionAttempt
                        {
                            AttemptNumber = m.AttemptLog.Select(x => x.AttemptNumber).DefaultIfEmpty(0).Max() + 1,
                            TxHash = a.TxHash,
                            Nonce = a.Nonce,
                            MaxFeePerGas = a.MaxFeePerGas,
                            MaxPriorityFeePerGas = a.MaxPriorityFeePerGas,
                            BroadcastAt = a.BroadcastAt,
                            Outcome = a.Outcome,
                        });
                    }
                }
            }

            if (m.Suggestion is { } s && s.Status is SuggestionStatus.Approved or SuggestionStatus.Executing)
            {
                s.Status = m.Status switch
                {
                    ExecutionStatus.Confirmed => SuggestionStatus.Executed,
                    ExecutionStatus.Failed => SuggestionStatus.Failed,
                    _ => s.Status,
                };
            }
        }
    }

    // ------------------------------------------------------------------ broadcast

    /// <summary>Broadcasts every stored, signed transaction not yet accepted, in nonce order (a batch once, by its lead).</summary>
    public async Task BroadcastSignedAsync(CancellationToken ct)
    {
        List<long> ids;
        await using (var db = await _dbFactory.CreateDbContextAsync(ct))
        {
            ids = await db.Executions.AsNoTracking()
                .Where(e => e.Status == ExecutionStatus.Signed && e.ChainId == _chainId && e.FromAddress == _from && (e.BatchId == null || e.BatchId == e.Id))
                .OrderBy(e => e.Nonce).Select(e => e.Id).ToListAsync(ct);
        }

        foreach (var id in ids)
        {
            await BroadcastStoredAsync(id, ct);
        }
    }

    private async Task BroadcastStoredAsync(long id, CancellationToken ct)
    {
        byte[] raw;
        await using (var db = await _dbFactory.CreateDbContextAsync(ct))
        {
            raw = await db.Executions.AsNoTracking().Where(e => e.Id == id).Select(e => e.SignedRaw!).SingleAsync(ct);
        }

        var t0 = _time.GetTimestamp();
        var outcome = await SendRawAsync(raw, ct);
        Step("broadcast: eth_sendRawTransaction", t0);
        _checkpoints.Reached(RelayerCheckpoint.AfterSend, id);
        var t1 = _time.GetTimestamp();
        await RecordSendAsync(id, outcome, ct);
        Step("broadcast: record (db)", t1);
    }

    /// <summary>Sends stored bytes. "Already known" is success; "nonce too low" and "replacement underpriced" say the nonce is taken.</summary>
    private async Task<SendOutcome> SendRawAsync(byte[] raw, CancellationToken ct)
    {
        try
        {
            await _rpc.Transactions.SendRawTransactionAsync(raw, ct);
            _health.CountBroadcast();
            return new(SendResult.Accepted, "accepted");
        }
        catch (AlreadyKnownException ex)
        {
            return new(SendResult.Accepted, "already known: " + ex.NodeMessage);
        }
        catch (NonceTooLowException ex)
        {
            return new(SendResult.NonceTaken, "nonce too low: " + ex.NodeMessage);
        }
        catch (ReplacementUnderpricedException ex)
        {
            return new(SendResult.NonceTaken, "replacement underpriced: " + ex.NodeMessage);
        }
        catch (RpcException ex) when (ex is not RpcTransportException)
        {
            return new(SendResult.Refused, Truncate(ex.NodeMessage, 400));
        }
    }

    private async Task RecordSendAsync(long id, SendOutcome outcome, CancellationToken ct)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        var unit = await LoadUnitAsync(db, id, ct);
        var e = unit[0];
        var now = _time.GetUtcNow();
        var attempt = e.AttemptLog.OrderByDescending(a => a.AttemptNumber).First();
        if (attempt.Outcome == "signed")
        {
            attempt.BroadcastAt = now;
        }

        attempt.Outcome = Truncate(outcome.Text, 500);
        switch (outcome.Result)
        {
            case SendResult.Accepted:
                if (e.Status == ExecutionStatus.Signed)
                {
                    e.Status = ExecutionStatus.Broadcast;
                    e.BroadcastAt ??= now;
                    e.Error = null;
                    e.UpdatedAt = now;
                    Mirror(unit);
                    await db.SaveChangesAsync(ct);
                    await HedgeUpdates.NotifyManyAsync(db, "execution", unit.Select(m => m.Id), "broadcast", ct);

                    return;
                }

                break;
            case SendResult.NonceTaken:
                // Already sent? Only our own receipt or our own pending transaction proves it; never sign anew.
                if (await FindReceiptAsync(e, ct) is { } receipt)
                {
                    e.BroadcastAt ??= now;
                    ApplyReceipt(unit, receipt, now);
                }
                else if (await IsAnyKnownAsync(e, ct))
                {
                    if (e.Status == ExecutionStatus.Signed)
                    {
                        e.Status = ExecutionStatus.Broadcast;
                        e.BroadcastAt ??= now;
                    }
                }
                else
                {
                    await NeedsReviewAsync(db, e, $"Nonce {e.Nonce} of {_from} is used by a transaction that is not ours ({outcome.Text}); nothing was re-sent.", now, ct);
                }

                break;
            case SendResult.Refused:
                e.Error = "Node refused the transaction: " + outcome.Text;
                e.UpdatedAt = now;
                _log.LogWarning("Execution {Id}: node refused nonce {Nonce}: {Error}", e.Id, e.Nonce, outcome.Text);
                break;
        }

        Mirror(unit);
        await db.SaveChangesAsync(ct);
    }

    // ------------------------------------------------------------------ follow

    /// <summary>Receipts, confirmations, reorgs, foreign use of our nonces, re-broadcasts, fee bumps and nonce holes, per transaction. Returns the number of updates newly mined or final.</summary>
    public async Task<int> FollowAsync(CancellationToken ct)
    {
        List<long> ids;
        await using (var db = await _dbFactory.CreateDbContextAsync(ct))
        {
            ids = await db.Executions.AsNoTracking()
                .Where(e => (e.Status == ExecutionStatus.Broadcast || e.Status == ExecutionStatus.Mined) && e.ChainId == _chainId && e.FromAddress == _from && (e.BatchId == null || e.BatchId == e.Id))
                .OrderBy(e => e.Nonce).Select(e => e.Id).ToListAsync(ct);
        }

        var mined = 0;
        if (ids.Count > 0)
        {
            // Order matters: the mined count is read before the receipts, so "count passed our nonce and we have no receipt" is sound.
            var latestCount = (long)await _rpc.Accounts.GetTransactionCountAsync(From, BlockParameter.Latest, ct);
            var head = await _rpc.Chain.GetBlockNumberAsync(ct);
            Task<FeeSuggestion>? feesTask = null;
            foreach (var id in ids)
            {
                var t0 = _time.GetTimestamp();
                mined += await FollowOneAsync(id, latestCount, head, () => feesTask ??= SuggestFeesAsync(ct), ct);
                Step("follow: one transaction (receipt, block, db)", t0);
            }
        }

        await RepairNonceHolesAsync(ct);
        return mined;
    }

    private async Task<int> FollowOneAsync(long id, long latestCount, ulong head, Func<Task<FeeSuggestion>> fees, CancellationToken ct)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        var unit = await LoadUnitAsync(db, id, ct);
        var e = unit[0];
        var now = _time.GetUtcNow();
        var before = e.Status;
        var receipt = await FindReceiptAsync(e, ct);
        if (receipt is not null)
        {
            if (e.Status == ExecutionStatus.Mined && e.BlockHash is { } oldHash && oldHash != Hex.Encode(receipt.BlockHash))
            {
                // Re-included in another block after a reorg: the depth counts again from the new block.
                AuditAll(db, unit, "execution.reorged", now, new { hash = e.TxHash, block = e.BlockNumber, blockHash = oldHash, newBlock = receipt.BlockNumber });
            }

            ApplyReceipt(unit, receipt, now);
            var confirmations = (long)head - (long)receipt.BlockNumber + 1;
            if (e.Status == ExecutionStatus.Mined && confirmations >= _options.ConfirmationDepth)
            {
                var block = await _rpc.Chain.GetBlockAsync(BlockParameter.Number(receipt.BlockNumber), ct);
                if (block is not null && block.Hash.AsSpan().SequenceEqual(receipt.BlockHash))
                {
                    if (receipt.Succeeded)
                    {
                        e.Status = ExecutionStatus.Confirmed;
                        e.ConfirmedAt = now;
                        e.Error = null;
                        AuditAll(db, unit, "execution.confirmed", now, new { hash = e.TxHash, block = e.BlockNumber, confirmations, attempts = e.Attempts, batchSize = unit.Count });
                    }
                    else if (unit.Count > 1)
                    {
                        // The batch reverted as a whole, so none of its updates ran: each goes again, alone (the one
                        // at fault then fails by itself, at the estimate or on chain), with its stored signature.
                        var reason = await RevertReasonAsync(e, receipt, ct);
                        var text = $"Batch transaction {e.TxHash} (nonce {e.Nonce}, {unit.Count} updates) reverted on chain: {reason}; each update is sent again alone.";
                        AuditAll(db, unit, "execution.batch_reverted", now, new { hash = e.TxHash, nonce = e.Nonce, reason, batchSize = unit.Count });
                        _log.LogWarning("{Text}", text);
                        foreach (var m in unit)
                        {
                            Requeue(m, text, now);
                        }

                        await db.SaveChangesAsync(ct);
                        await HedgeUpdates.NotifyManyAsync(db, "execution", unit.Select(m => m.Id), "pending", ct);

                        return unit.Count;
                    }
                    else
                    {
                        var reason = await RevertReasonAsync(e, receipt, ct);
                        e.Status = ExecutionStatus.Failed;
                        e.Error = "Reverted on chain: " + reason;
                        e.ConfirmedAt = now;

                        await AlertAsync(db, "execution_failed", e.Id, $"Execution {e.Id} reverted: {reason}", now, new { hash = e.TxHash, reason }, ct);
                    }
                }
            }
        }
        else
        {
            if (e.Status == ExecutionStatus.Mined)
            {
                // Our block left the canonical chain (a reorg shallower than the depth): follow it again from pending.
                AuditAll(db, unit, "execution.reorged", now, new { hash = e.TxHash, block = e.BlockNumber, blockHash = e.BlockHash });
                _log.LogWarning("Execution {Id}: block {Block} was reorganised away; following again", e.Id, e.BlockNumber);
                e.Status = ExecutionStatus.Broadcast;
                e.BlockNumber = null;
                e.BlockHash = null;
                e.EffectiveGasPrice = null;
                e.MinedAt = null;
                e.UpdatedAt = now;
                foreach (var m in unit)
                {
                    m.GasUsed = null;
                }
            }

            if (latestCount > e.Nonce)
            {
                // Our nonce is mined but none of our hashes is: a transaction that is not ours took it. Stop; a person
                // decides. Only at the second follow that sees it: a node may count a mined nonce a moment before it
                // serves that block's receipts.
                if (!_foreignSuspects.Add(e.Id))
                {
                    await NeedsReviewAsync(db, e, $"Nonce {e.Nonce} of {_from} was mined by a transaction that is not one of ours ({e.Attempts} attempt(s)); nothing was re-sent.", now, ct);
                }
            }
            else
            {
                var last = e.AttemptLog.OrderByDescending(a => a.AttemptNumber).First();
                var bumpDue = (now - last.BroadcastAt).TotalSeconds >= _options.BumpAfterSeconds;
                var bumped = false;
                if (bumpDue)
                {
                    // Not mined in time (pending, or dropped by the node as underpriced): replace it with higher fees.
                    Mirror(unit);
                    await db.SaveChangesAsync(ct);
                    bumped = await BumpAsync(db, unit, last, await fees(), now, ct);
                }

                if (!bumped && !await IsAnyKnownAsync(e, ct))
                {
                    // The node lost it (restart, eviction, reorg): the stored bytes go again; the same hash cannot be a second transaction.
                    var outcome = await SendRawAsync(e.SignedRaw!, ct);
                    AuditAll(db, unit, "execution.rebroadcast", now, new { hash = e.TxHash, outcome = outcome.Text });
                    if (outcome.Result == SendResult.Refused)
                    {
                        // Keep the reason we could not bump (fee ceiling) in front of the node's answer.
                        var atCeiling = bumpDue && e.Error?.StartsWith("Not mined; the next fee bump", StringComparison.Ordinal) == true;
                        e.Error = (atCeiling ? e.Error + " " : "") + "Re-broadcast refused: " + outcome.Text;
                    }
                }
            }

            if (e.Status == ExecutionStatus.Broadcast && e.BroadcastAt is { } sent && (now - sent).TotalSeconds >= _options.StuckAfterSeconds)
            {
                await AlertOnceAsync(db, "execution_stuck", e.Id, $"Execution {e.Id} (nonce {e.Nonce}) is not mined after {(now - sent).TotalSeconds:0} s and {e.Attempts} attempt(s).", now, new { hash = e.TxHash, attempts = e.Attempts, maxFeePerGas = e.MaxFeePerGas }, ct);
            }
        }

        e.UpdatedAt = e.Status != before ? now : e.UpdatedAt;
        Mirror(unit);
        await db.SaveChangesAsync(ct);
        if (e.Status != before)
        {
            await HedgeUpdates.NotifyManyAsync(db, "execution", unit.Select(m => m.Id), StatusText(e.Status), ct);
        }

        return before != ExecutionStatus.Mined && e.Status is ExecutionStatus.Mined or ExecutionStatus.Confirmed or ExecutionStatus.Failed ? unit.Count : 0;
    }

    /// <summary>Back to pending after its batch reverted: the nonce was spent by the reverted transaction (the attempt log keeps it).</summary>
    private static void Requeue(HedgeExecution m, string reason, DateTimeOffset now)
    {
        m.Status = ExecutionStatus.Pending;
        m.Error = Truncate(reason, 2000);
        m.BatchId = null;
        m.FromAddress = null;
        m.Nonce = null;
        m.SignedRaw = null;
        m.TxHash = null;
        m.BlockNumber = null;
        m.BlockHash = null;
        m.GasUsed = null;
        m.EffectiveGasPrice = null;
        m.MinedAt = null;
        m.ConfirmedAt = null;
        m.UpdatedAt = now;
    }

    /// <summary>Replaces the pending transaction with the same nonce and calldata and both fee fields raised by at least 10 %, within the ceiling.</summary>
    private async Task<bool> BumpAsync(HedgeDbContext db, List<HedgeExecution> unit, ExecutionAttempt last, FeeSuggestion fees, DateTimeOffset now, CancellationToken ct)
    {
        var e = unit[0];
        var oldMax = new BigInteger(last.MaxFeePerGas);
        var oldTip = new BigInteger(last.MaxPriorityFeePerGas);
        var newTip = BigInteger.Max(PlusTenPercent(oldTip), fees.MaxPriorityFeePerGas);
        var newMax = BigInteger.Max(BigInteger.Max(PlusTenPercent(oldMax), fees.MaxFeePerGas), newTip);
        if (newMax > _options.MaxFeeWei)
        {
            await AlertOnceAsync(db, "fee_ceiling", e.Id, $"Execution {e.Id} needs a fee bump above Relayer:MaxFeeGwei ({_options.MaxFeeGwei} gwei); waiting at {Gwei(oldMax)} gwei.", now, new { hash = e.TxHash, maxFeePerGas = oldMax.ToString(CultureInfo.InvariantCulture) }, ct);
            e.Error = $"Not mined; the next fee bump ({Gwei(newMax)} gwei) would pass the ceiling of {_options.MaxFeeGwei} gwei.";
            Mirror(unit);
            await db.SaveChangesAsync(ct);
            return false;
        }

        var previous = (Eip1559Transaction)SignedTransaction.Decode(e.SignedRaw!).Transaction;
        var signed = _keys.Operator.SignTransaction(previous with { MaxFeePerGas = newMax, MaxPriorityFeePerGas = newTip });
        var number = last.AttemptNumber + 1;
        e.SignedRaw = signed.Raw;
        e.TxHash = signed.HashHex;
        e.MaxFeePerGas = (decimal)newMax;
        e.MaxPriorityFeePerGas = (decimal)newTip;
        e.Attempts = number;
        e.UpdatedAt = now;
        var attempt = new ExecutionAttempt
        {
            AttemptNumber = number,
            TxHash = signed.HashHex,
            Nonce = e.Nonce!.Value,
            MaxFeePerGas = (decimal)newMax,
            MaxPriorityFeePerGas = (decimal)newTip,
            BroadcastAt = now,
            Outcome = "signed",
        };
        e.AttemptLog.Add(attempt);
        AuditAll(db, unit, "execution.fee_bumped", now, new { attempt = number, hash = signed.HashHex, maxFeeGwei = Gwei(newMax), tipGwei = Gwei(newTip), previousMaxFeeGwei = Gwei(oldMax) });
        Mirror(unit);
        await db.SaveChangesAsync(ct);
        _checkpoints.Reached(RelayerCheckpoint.AfterBumpSign, e.Id);
        var outcome = await SendRawAsync(signed.Raw, ct);
        attempt.Outcome = Truncate(outcome.Text, 500);
        attempt.BroadcastAt = _time.GetUtcNow();
        Mirror(unit);
        await db.SaveChangesAsync(ct);
        _log.LogInformation("Execution {Id}: fee bump {Attempt} to {MaxFee} gwei: {Outcome}", e.Id, number, Gwei(newMax), outcome.Text);
        return true;
    }

    /// <summary>
    /// Nonces below our highest stored one that no stored transaction of ours uses (a request failed after its nonce
    /// was assigned, or a transaction was lost) would hold everything above them forever: after a grace period each
    /// hole gets a 0-value transfer to ourselves. Nonces the chain already passed are not holes.
    /// </summary>
    private async Task RepairNonceHolesAsync(CancellationToken ct)
    {
        List<long> used;
        await using (var db = await _dbFactory.CreateDbContextAsync(ct))
        {
            used = await db.Executions.AsNoTracking()
                .Where(e => e.ChainId == _chainId && e.FromAddress == _from && e.Nonce != null
                    && (HoldsNonce.Contains(e.Status) || e.Status == ExecutionStatus.NeedsReview))
                .Select(e => e.Nonce!.Value).ToListAsync(ct);
        }

        var open = used.Count == 0 ? -1 : used.Max();
        if (open < 0)
        {
            _holesSeen.Clear();
            return;
        }

        var latest = (long)await _rpc.Accounts.GetTransactionCountAsync(From, BlockParameter.Latest, ct);
        var set = used.ToHashSet();
        var now = _time.GetUtcNow();
        foreach (var k in _holesSeen.Keys.Where(k => k < latest || set.Contains(k)).ToList())
        {
            _holesSeen.Remove(k);
        }

        FeeSuggestion? fees = null;
        for (var n = latest; n < open; n++)
        {
            if (set.Contains(n))
            {
                continue;
            }

            if (!_holesSeen.TryGetValue(n, out var seen))
            {
                _holesSeen[n] = now;
                continue;
            }

            if ((now - seen).TotalSeconds < _options.GapGraceSeconds)
            {
                continue;
            }

            fees ??= await SuggestFeesAsync(ct);
            var filler = _keys.Operator.SignTransaction(new Eip1559Transaction
            {
                ChainId = _chainId,
                Nonce = (ulong)n,
                MaxFeePerGas = fees.MaxFeePerGas,
                MaxPriorityFeePerGas = fees.MaxPriorityFeePerGas,
                GasLimit = 21_000,
                To = From,
                Value = BigInteger.Zero,
            });
            var outcome = await SendRawAsync(filler.Raw, ct);
            _holesSeen[n] = now;
            await using var db = await _dbFactory.CreateDbContextAsync(ct);
            db.AuditLog.Add(NewAudit("relayer.nonce_hole_filled", null, now, new { nonce = n, hash = filler.HashHex, outcome = outcome.Text, from = _from }, "relayer"));
            await db.SaveChangesAsync(ct);
            _log.LogWarning("Nonce hole {Nonce} of {From} filled with a 0-value self-transfer {Hash}: {Outcome}", n, _from, filler.HashHex, outcome.Text);
        }
    }

    // ------------------------------------------------------------------ helpers

    private async Task<TransactionReceipt?> FindReceiptAsync(HedgeExecution e, CancellationToken ct)
    {
        var hashes = e.AttemptLog.Any(a => a.Nonce == e.Nonce)
            ? e.AttemptLog.Where(a => a.Nonce == e.Nonce).OrderByDescending(a => a.AttemptNumber).Select(a => a.TxHash).ToList()
            : [e.TxHash!];
        foreach (var h in hashes)
        {
            if (await _rpc.Transactions.GetReceiptAsync(Hex.Decode(h), ct) is { } r)
            {
                return r;
            }
        }

        return null;
    }

    private async Task<bool> IsAnyKnownAsync(HedgeExecution e, CancellationToken ct)
    {
        foreach (var a in e.AttemptLog.Where(a => a.Nonce == e.Nonce).OrderByDescending(a => a.AttemptNumber))
        {
            if (await _rpc.Transactions.IsKnownAsync(Hex.Decode(a.TxHash), ct))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The receipt's block and gas on the lead; each member of a batch holds its share of the gas (the rest on the lead).</summary>
    private static void ApplyReceipt(List<HedgeExecution> unit, TransactionReceipt receipt, DateTimeOffset now)
    {
        var e = unit[0];
        var blockHash = Hex.Encode(receipt.BlockHash);
        if (e.Status is ExecutionStatus.Signed or ExecutionStatus.Broadcast || e.BlockHash != blockHash)
        {
            e.Status = ExecutionStatus.Mined;
            e.MinedAt ??= now;
            e.BlockNumber = (long)receipt.BlockNumber;
            e.BlockHash = blockHash;
            e.TxHash = Hex.Encode(receipt.TransactionHash);
            e.EffectiveGasPrice = (decimal)receipt.EffectiveGasPrice;
            e.UpdatedAt = now;
            var total = (long)receipt.GasUsed;
            foreach (var m in unit)
            {
                m.GasUsed = total / unit.Count;
            }

            e.GasUsed += total % unit.Count;
        }
    }

    private async Task<string> RevertReasonAsync(HedgeExecution e, TransactionReceipt receipt, CancellationToken ct)
    {
        var tx = SignedTransaction.Decode(e.SignedRaw!).Transaction;
        try
        {
            await _rpc.Calls.CallAsync(
                new CallRequest { From = From, To = tx.To, Data = tx.Data, Gas = tx.GasLimit },
                BlockParameter.Number(receipt.BlockNumber == 0 ? 0 : receipt.BlockNumber - 1),
                ct);
            // A call that runs out of gas leaves its caller 1/64 of the gas, so an inner out-of-gas ends near the limit too.
            return receipt.GasUsed >= tx.GasLimit - (tx.GasLimit / 32) ? "out of gas" : "reverted (the reason could not be reproduced)";
        }
        catch (ExecutionRevertedException ex)
        {
            return RevertDecoder.Decode(ex.Reason.Data, RevertErrors).Message;
        }
    }

    private void Step(string name, long start, long count = 1) => _health.AddStep(name, _time.GetElapsedTime(start), count);

    private async Task<FeeSuggestion> SuggestFeesAsync(CancellationToken ct) =>
        await _rpc.Fees.SuggestAsync(new FeeSuggestionOptions { MaxFeeCeiling = _options.MaxFeeWei, MinPriorityFee = _options.MinPriorityFeeWei }, ct);

    private async Task FailAsync(HedgeDbContext db, HedgeExecution e, string reason, DateTimeOffset now, CancellationToken ct)
    {
        e.Status = ExecutionStatus.Failed;
        e.Error = Truncate(reason, 2000);
        e.UpdatedAt = now;
        if (e.Suggestion is { } s)
        {
            s.Status = SuggestionStatus.Failed;
        }

        await AlertAsync(db, "execution_failed", e.Id, $"Execution {e.Id} failed: {reason}", now, new { reason }, ct);
        await db.SaveChangesAsync(ct);
        await HedgeUpdates.NotifyAsync(db, "execution", e.Id, "failed", ct);
        _log.LogWarning("Execution {Id} failed: {Reason}", e.Id, reason);
    }

    private async Task NeedsReviewAsync(HedgeDbContext db, HedgeExecution e, string reason, DateTimeOffset now, CancellationToken ct)
    {
        e.Status = ExecutionStatus.NeedsReview;
        e.Error = Truncate(reason, 2000);
        e.UpdatedAt = now;
        await AlertAsync(db, "execution_needs_review", e.Id, reason, now, new { nonce = e.Nonce, hashes = e.AttemptLog.Select(a => a.TxHash).ToArray() }, ct);
        _log.LogError("Execution {Id} needs review: {Reason}", e.Id, reason);
    }

    /// <summary>
    /// An alert is an audit entry with action "alert.{kind}" (the durable record the operator view shows), a
    /// live-update notice, and a publication on the pipeline's <see cref="IAlertSink"/> (the webhook) when registered.
    /// </summary>
    private async Task AlertAsync(HedgeDbContext db, string kind, long? executionId, string message, DateTimeOffset now, object details, CancellationToken ct)
    {
        db.AuditLog.Add(NewAudit("alert." + kind, executionId, now, new { message, details }, executionId is null ? "relayer" : "hedge_execution"));
        await HedgeUpdates.NotifyAsync(db, "alert", executionId ?? 0, kind, ct);
        _alerts?.Publish(new Alert(AlertKind(kind), message, new Dictionary<string, object?>
        {
            ["executionId"] = executionId,
            ["from"] = _from,
            ["chainId"] = _chainId,
            ["details"] = details,
        }));
    }

    private static string AlertKind(string kind) => kind switch
    {
        "execution_failed" => AlertKinds.ExecutionFailed,
        "execution_stuck" => AlertKinds.ExecutionStuck,
        _ => kind.Replace('_', '.'),
    };

    private async Task AlertOnceAsync(HedgeDbContext db, string kind, long executionId, string message, DateTimeOffset now, object details, CancellationToken ct)
    {
        var idText = executionId.ToString(CultureInfo.InvariantCulture);
        var action = "alert." + kind;
        if (!await db.AuditLog.AnyAsync(a => a.Action == action && a.EntityType == "hedge_execution" && a.EntityId == idText, ct))
        {
            await AlertAsync(db, kind, executionId, message, now, details, ct);
        }
    }

    private static void Audit(HedgeDbContext db, string action, long executionId, DateTimeOffset now, object details) =>
        db.AuditLog.Add(NewAudit(action, executionId, now, details));

    private static void AuditAll(HedgeDbContext db, List<HedgeExecution> unit, string action, DateTimeOffset now, object details)
    {
        foreach (var m in unit)
        {
            Audit(db, action, m.Id, now, details);
        }
    }

    private static AuditLogEntry NewAudit(string action, long? executionId, DateTimeOffset now, object details, string entityType = "hedge_execution") => new()
    {
        At = now,
        Actor = Actor,
        Action = action,
        EntityType = entityType,
        EntityId = executionId?.ToString(CultureInfo.InvariantCulture),
        Details = JsonSerializer.Serialize(details),
    };

    private async Task RpcDownAsync(RpcTransportException ex, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        if (!_health.RpcDown(now, ex.Message))
        {
            return;
        }

        try
        {
            await using var db = await _dbFactory.CreateDbContextAsync(ct);
            var text = $"RPC unreachable since {now:u}: {Truncate(ex.Message, 300)}";
            await db.Executions
                .Where(e => e.ChainId == _chainId && (e.Status == ExecutionStatus.Pending || e.Status == ExecutionStatus.Signed || e.Status == ExecutionStatus.Broadcast || e.Status == ExecutionStatus.Mined))
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.Error, text), ct);
            await AlertAsync(db, "relayer_rpc_unreachable", null, $"Relayer for {_from}: node unreachable: {ex.Message}", now, new { error = ex.Message }, ct);
            await db.SaveChangesAsync(ct);
        }
        catch (Exception dbEx) when (dbEx is NpgsqlException or DbUpdateException)
        {
            _log.LogWarning(dbEx, "Could not record the RPC outage");
        }
    }

    private async Task RecoveredAsync(CancellationToken ct)
    {
        var wasDown = _health.RpcDownSince;
        _health.TickOk(_time.GetUtcNow());
        if (wasDown is null)
        {
            return;
        }

        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        await db.Executions.Where(e => e.Error != null && e.Error.StartsWith("RPC unreachable"))
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Error, (string?)null), ct);
        db.AuditLog.Add(NewAudit("relayer.rpc_recovered", null, _time.GetUtcNow(), new { downSince = wasDown, from = _from }, "relayer"));
        await db.SaveChangesAsync(ct);
    }

    internal static string StatusText(ExecutionStatus s) => s == ExecutionStatus.NeedsReview ? "needs_review" : s.ToString().ToLowerInvariant();

    private static BigInteger PlusTenPercent(BigInteger v) => ((v * 11) + 9) / 10;

    private static string Gwei(BigInteger wei) => ((decimal)wei / RelayerOptions.WeiPerGwei).ToString("0.#########", CultureInfo.InvariantCulture);

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];

    private enum SendResult
    {
        Accepted,
        NonceTaken,
        Refused,
    }

    private sealed record SendOutcome(SendResult Result, string Text);
}
