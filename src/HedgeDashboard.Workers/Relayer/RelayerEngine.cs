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

    private static readonly IReadOnlyList<AbiError> RevertErrors = [.. HedgeController.Errors, .. OptionHedgeController.Errors];

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

    /// <summary>Signs pending requests (one in flight per position), assigning the nonce in the same database transaction that stores the signed bytes.</summary>
    public async Task<int> SignPendingAsync(CancellationToken ct)
    {
        List<(long Id, long PositionId)> pending;
        HashSet<long> busyPositions;
        await using (var db = await _dbFactory.CreateDbContextAsync(ct))
        {
            var canSign = _keys.HasModelSigner;
            pending = (await db.Executions.AsNoTracking()
                .Where(e => e.Status == ExecutionStatus.Pending && e.ChainId == _chainId && (canSign || e.UpdateSignature != null || e.Position!.ProtectedPositionId == null))
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

        // One update per position at a time: the next one is signed against the mined state of the previous
        // (its position nonce, ratio step and cooldown), so a failure never cascades into the ones behind it.
        var batch = new List<long>();
        foreach (var (id, positionId) in pending)
        {
            if (batch.Count < _options.BatchSize && busyPositions.Add(positionId))
            {
                batch.Add(id);
            }
        }

        if (batch.Count == 0)
        {
            return 0;
        }

        var fees = await SuggestFeesAsync(ct);
        var nextChainNonce = (long)await _rpc.Accounts.GetTransactionCountAsync(From, BlockParameter.Pending, ct);
        var count = 0;
        foreach (var id in batch)
        {
            _checkpoints.Reached(RelayerCheckpoint.BeforeSign, id);
            var nonce = await SignOneAsync(id, fees, nextChainNonce, ct);
            if (nonce is { } n)
            {
                nextChainNonce = Math.Max(nextChainNonce, n + 1);
                count++;
                _checkpoints.Reached(RelayerCheckpoint.AfterSign, id);
            }
        }

        return count;
    }

    private async Task<long?> SignOneAsync(long id, FeeSuggestion fees, long nextChainNonce, CancellationToken ct)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM hedge_executions WHERE id = {id} FOR UPDATE", ct);
        var e = await db.Executions.Include(x => x.Suggestion).Include(x => x.Position).SingleAsync(x => x.Id == id, ct);
        if (e.Status != ExecutionStatus.Pending)
        {
            return null;
        }

        var now = _time.GetUtcNow();
        if (e.Position?.ProtectedPositionId is not { } onChainId)
        {
            await FailAsync(db, e, $"Position {e.PositionId} is not registered with the HedgeController (no on-chain position id).", now, ct);
            await tx.CommitAsync(ct);
            return null;
        }

        // The signed update or option order: stored by the signer role or the LP's wallet, or signed here when this
        // process also holds the model-signer key (from the position's state on chain).
        var leg = await db.OptionLegs.SingleOrDefaultAsync(l => l.ExecutionId == e.Id, ct);
        byte[] data;
        var to = _controller;
        long positionNonce;
        if (leg is not null)
        {
            if (OptionController is not { } oc)
            {
                await FailAsync(db, e, "No OptionHedgeController is deployed or configured (Relayer:OptionControllerAddress): the option order cannot be sent.", now, ct);
                await tx.CommitAsync(ct);
                return null;
            }

            if (leg.OrderCalldata is null)
            {
                if (!_keys.HasModelSigner)
                {
                    return null; // the signer role has not signed it yet
                }

                await OptionLegs.SignedOptionOrders.SignAndStoreAsync(_rpc, oc, _chainId, _keys.ModelSigner, e, leg, onChainId, now.ToUnixTimeSeconds() + _options.DeadlineSeconds, ct);
            }

            data = leg.OrderCalldata!;
            to = oc;
            positionNonce = leg.OrderNonce!.Value;
        }
        else
        {
            if (SignedUpdates.Stored(e, onChainId) is not { } update)
            {
                if (!_keys.HasModelSigner)
                {
                    return null; // the signer role has not signed it yet
                }

                (update, var modelSignature) = await SignedUpdates.SignModelUpdateAsync(_rpc, _controller, _chainId, _keys.ModelSigner, onChainId, e.TargetRatio, now.ToUnixTimeSeconds() + _options.DeadlineSeconds, ct);
                SignedUpdates.Store(e, update, modelSignature, _keys.ModelSigner.Address);
            }

            data = HedgeController.EncodeUpdateRatio(update, e.UpdateSignature!);
            positionNonce = (long)update.Nonce;
        }

        ulong gas;
        try
        {
            var estimate = await _rpc.Calls.EstimateGasAsync(new CallRequest { From = From, To = to, Data = data }, ct);
            gas = (ulong)(estimate * 1.25) + 10_000;
        }
        catch (ExecutionRevertedException ex)
        {
            // Would revert now: record it as failed with the reason, without spending a nonce or gas.
            await FailAsync(db, e, "Reverts before sending: " + RevertDecoder.Decode(ex.Reason.Data, RevertErrors).Message, now, ct);
            await tx.CommitAsync(ct);
            return null;
        }

        var maxLive = await db.Executions
            .Where(x => x.ChainId == _chainId && x.FromAddress == _from && x.Nonce != null && HoldsNonce.Contains(x.Status))
            .MaxAsync(x => x.Nonce, ct);
        var nonce = Math.Max(nextChainNonce, (maxLive ?? -1) + 1);
        var unsigned = new Eip1559Transaction
        {
            ChainId = _chainId,
            Nonce = (ulong)nonce,
            MaxPriorityFeePerGas = fees.MaxPriorityFeePerGas,
            MaxFeePerGas = fees.MaxFeePerGas,
            GasLimit = gas,
            To = to,
            Data = data,
        };
        var signed = _keys.Operator.SignTransaction(unsigned);
        e.FromAddress = _from;
        e.Nonce = nonce;
        e.SignedRaw = signed.Raw;
        e.TxHash = signed.HashHex;
        e.MaxFeePerGas = (decimal)fees.MaxFeePerGas;
        e.MaxPriorityFeePerGas = (decimal)fees.MaxPriorityFeePerGas;
        e.Status = ExecutionStatus.Signed;
        e.SignedAt = now;
        e.Attempts = 1;
        e.Error = null;
        e.UpdatedAt = now;
        e.AttemptLog.Add(new ExecutionAttempt
        {
            AttemptNumber = 1,
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

        Audit(db, "execution.signed", e.Id, now, new { nonce, hash = signed.HashHex, positionNonce, newRatio = e.TargetRatio, targetHedgeSize = e.UpdateTargetHedgeSize, optionLeg = leg?.Id, updateSigner = e.UpdateSigner });
        await db.SaveChangesAsync(ct);
        await HedgeUpdates.NotifyAsync(db, "execution", e.Id, "signed", ct);
        await tx.CommitAsync(ct);
        _log.LogInformation("Execution {Id}: signed nonce {Nonce} tx {Hash}", e.Id, nonce, signed.HashHex);
        return nonce;
    }

    // ------------------------------------------------------------------ broadcast

    /// <summary>Broadcasts every stored, signed transaction not yet accepted, in nonce order.</summary>
    public async Task BroadcastSignedAsync(CancellationToken ct)
    {
        List<long> ids;
        await using (var db = await _dbFactory.CreateDbContextAsync(ct))
        {
            ids = await db.Executions.AsNoTracking()
                .Where(e => e.Status == ExecutionStatus.Signed && e.ChainId == _chainId && e.FromAddress == _from)
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

        var outcome = await SendRawAsync(raw, ct);
        _checkpoints.Reached(RelayerCheckpoint.AfterSend, id);
        await RecordSendAsync(id, outcome, ct);
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
        var e = await db.Executions.Include(x => x.AttemptLog).Include(x => x.Suggestion).SingleAsync(x => x.Id == id, ct);
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
                    await db.SaveChangesAsync(ct);
                    await HedgeUpdates.NotifyAsync(db, "execution", e.Id, "broadcast", ct);
                    return;
                }

                break;
            case SendResult.NonceTaken:
                // Already sent? Only our own receipt or our own pending transaction proves it; never sign anew.
                if (await FindReceiptAsync(e, ct) is { } receipt)
                {
                    e.BroadcastAt ??= now;
                    ApplyReceipt(e, receipt, now);
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

        await db.SaveChangesAsync(ct);
    }

    // ------------------------------------------------------------------ follow

    /// <summary>Receipts, confirmations, reorgs, foreign use of our nonces, re-broadcasts, fee bumps and nonce holes. Returns the number newly mined.</summary>
    public async Task<int> FollowAsync(CancellationToken ct)
    {
        List<long> ids;
        await using (var db = await _dbFactory.CreateDbContextAsync(ct))
        {
            ids = await db.Executions.AsNoTracking()
                .Where(e => (e.Status == ExecutionStatus.Broadcast || e.Status == ExecutionStatus.Mined) && e.ChainId == _chainId && e.FromAddress == _from)
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
                var r = await FollowOneAsync(id, latestCount, head, () => feesTask ??= SuggestFeesAsync(ct), ct);
                mined += r ? 1 : 0;
            }
        }

        await RepairNonceHolesAsync(ct);
        return mined;
    }

    private async Task<bool> FollowOneAsync(long id, long latestCount, ulong head, Func<Task<FeeSuggestion>> fees, CancellationToken ct)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        var e = await db.Executions.Include(x => x.AttemptLog).Include(x => x.Suggestion).SingleAsync(x => x.Id == id, ct);
        var now = _time.GetUtcNow();
        var before = e.Status;
        var receipt = await FindReceiptAsync(e, ct);
        if (receipt is not null)
        {
            if (e.Status == ExecutionStatus.Mined && e.BlockHash is { } oldHash && oldHash != Hex.Encode(receipt.BlockHash))
            {
                // Re-included in another block after a reorg: the depth counts again from the new block.
                Audit(db, "execution.reorged", e.Id, now, new { hash = e.TxHash, block = e.BlockNumber, blockHash = oldHash, newBlock = receipt.BlockNumber });
            }

            ApplyReceipt(e, receipt, now);
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
                        if (e.Suggestion is { } s)
                        {
                            s.Status = SuggestionStatus.Executed;
                        }

                        Audit(db, "execution.confirmed", e.Id, now, new { hash = e.TxHash, block = e.BlockNumber, confirmations, attempts = e.Attempts });
                    }
                    else
                    {
                        var reason = await RevertReasonAsync(e, receipt, ct);
                        e.Status = ExecutionStatus.Failed;
                        e.Error = "Reverted on chain: " + reason;
                        e.ConfirmedAt = now;
                        if (e.Suggestion is { } s)
                        {
                            s.Status = SuggestionStatus.Failed;
                        }

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
                Audit(db, "execution.reorged", e.Id, now, new { hash = e.TxHash, block = e.BlockNumber, blockHash = e.BlockHash });
                _log.LogWarning("Execution {Id}: block {Block} was reorganised away; following again", e.Id, e.BlockNumber);
                e.Status = ExecutionStatus.Broadcast;
                e.BlockNumber = null;
                e.BlockHash = null;
                e.GasUsed = null;
                e.EffectiveGasPrice = null;
                e.MinedAt = null;
                e.UpdatedAt = now;
            }

            if (latestCount > e.Nonce)
            {
                // Our nonce is mined but none of our hashes is: a transaction that is not ours took it. Stop; a person decides.
                await NeedsReviewAsync(db, e, $"Nonce {e.Nonce} of {_from} was mined by a transaction that is not one of ours ({e.Attempts} attempt(s)); nothing was re-sent.", now, ct);
            }
            else
            {
                var last = e.AttemptLog.OrderByDescending(a => a.AttemptNumber).First();
                var bumpDue = (now - last.BroadcastAt).TotalSeconds >= _options.BumpAfterSeconds;
                var bumped = false;
                if (bumpDue)
                {
                    // Not mined in time (pending, or dropped by the node as underpriced): replace it with higher fees.
                    await db.SaveChangesAsync(ct);
                    bumped = await BumpAsync(db, e, last, await fees(), now, ct);
                }

                if (!bumped && !await IsAnyKnownAsync(e, ct))
                {
                    // The node lost it (restart, eviction, reorg): the stored bytes go again; the same hash cannot be a second transaction.
                    var outcome = await SendRawAsync(e.SignedRaw!, ct);
                    Audit(db, "execution.rebroadcast", e.Id, now, new { hash = e.TxHash, outcome = outcome.Text });
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
        await db.SaveChangesAsync(ct);
        if (e.Status != before)
        {
            await HedgeUpdates.NotifyAsync(db, "execution", e.Id, StatusText(e.Status), ct);
        }

        return before != ExecutionStatus.Mined && e.Status is ExecutionStatus.Mined or ExecutionStatus.Confirmed or ExecutionStatus.Failed;
    }

    /// <summary>Replaces the pending transaction with the same nonce and calldata and both fee fields raised by at least 10 %, within the ceiling.</summary>
    private async Task<bool> BumpAsync(HedgeDbContext db, HedgeExecution e, ExecutionAttempt last, FeeSuggestion fees, DateTimeOffset now, CancellationToken ct)
    {
        var oldMax = new BigInteger(last.MaxFeePerGas);
        var oldTip = new BigInteger(last.MaxPriorityFeePerGas);
        var newTip = BigInteger.Max(PlusTenPercent(oldTip), fees.MaxPriorityFeePerGas);
        var newMax = BigInteger.Max(BigInteger.Max(PlusTenPercent(oldMax), fees.MaxFeePerGas), newTip);
        if (newMax > _options.MaxFeeWei)
        {
            await AlertOnceAsync(db, "fee_ceiling", e.Id, $"Execution {e.Id} needs a fee bump above Relayer:MaxFeeGwei ({_options.MaxFeeGwei} gwei); waiting at {Gwei(oldMax)} gwei.", now, new { hash = e.TxHash, maxFeePerGas = oldMax.ToString(CultureInfo.InvariantCulture) }, ct);
            e.Error = $"Not mined; the next fee bump ({Gwei(newMax)} gwei) would pass the ceiling of {_options.MaxFeeGwei} gwei.";
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
        Audit(db, "execution.fee_bumped", e.Id, now, new { attempt = number, hash = signed.HashHex, maxFeeGwei = Gwei(newMax), tipGwei = Gwei(newTip), previousMaxFeeGwei = Gwei(oldMax) });
        await db.SaveChangesAsync(ct);
        _checkpoints.Reached(RelayerCheckpoint.AfterBumpSign, e.Id);
        var outcome = await SendRawAsync(signed.Raw, ct);
        attempt.Outcome = Truncate(outcome.Text, 500);
        attempt.BroadcastAt = _time.GetUtcNow();
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
        var hashes = e.AttemptLog.Count > 0
            ? e.AttemptLog.OrderByDescending(a => a.AttemptNumber).Select(a => a.TxHash).ToList()
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
        foreach (var a in e.AttemptLog.OrderByDescending(a => a.AttemptNumber))
        {
            if (await _rpc.Transactions.IsKnownAsync(Hex.Decode(a.TxHash), ct))
            {
                return true;
            }
        }

        return false;
    }

    private static void ApplyReceipt(HedgeExecution e, TransactionReceipt receipt, DateTimeOffset now)
    {
        var blockHash = Hex.Encode(receipt.BlockHash);
        if (e.Status is ExecutionStatus.Signed or ExecutionStatus.Broadcast || e.BlockHash != blockHash)
        {
            e.Status = ExecutionStatus.Mined;
            e.MinedAt ??= now;
            e.BlockNumber = (long)receipt.BlockNumber;
            e.BlockHash = blockHash;
            e.TxHash = Hex.Encode(receipt.TransactionHash);
            e.GasUsed = (long)receipt.GasUsed;
            e.EffectiveGasPrice = (decimal)receipt.EffectiveGasPrice;
            e.UpdatedAt = now;
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
            return receipt.GasUsed >= tx.GasLimit ? "out of gas" : "reverted (the reason could not be reproduced)";
        }
        catch (ExecutionRevertedException ex)
        {
            return RevertDecoder.Decode(ex.Reason.Data, RevertErrors).Message;
        }
    }

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
