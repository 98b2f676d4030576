using System.Text.Json;
using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Data.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace HedgeDashboard.Workers.Approvals;

/// <summary>
/// The one entry point for approving or rejecting a suggestion, by a person (dashboard) or by policy
/// (the auto-execute stage): checks the decider's rights (a refusal is audited), then, in one transaction,
/// the store's <see cref="SuggestionDecisions"/> (state guarded by xmin, outbox row, audit) and the live-update notice.
/// A double click, a retry or two instances racing decide once; the loser gets <see cref="DecisionOutcome.AlreadyDecided"/>.
/// </summary>
public sealed class ApprovalService(IDbContextFactory<HedgeDbContext> dbFactory, TimeProvider time, ILogger<ApprovalService> log)
{
    public const int MaxCommentLength = 2000;

    public Task<DecisionResult> ApproveAsync(long suggestionId, Decider decider, string? comment = null, CancellationToken ct = default) =>
        DecideAsync(suggestionId, approve: true, decider, comment, null, ct);

    public Task<DecisionResult> RejectAsync(long suggestionId, Decider decider, string? comment = null, CancellationToken ct = default) =>
        DecideAsync(suggestionId, approve: false, decider, comment, null, ct);

    /// <summary>
    /// Approves with the RatioUpdate the LP's own wallet signed (the caller has recovered the signer and checked it is
    /// the position's owner or operator): the outbox row carries that signature, so no server-held key signs this
    /// update and the relayer sends it as it is.
    /// </summary>
    public Task<DecisionResult> ApproveWalletSignedAsync(long suggestionId, Decider decider, WalletSignedUpdate signed, string? comment = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(signed);
        return DecideAsync(suggestionId, approve: true, decider, comment, signed, ct);
    }

    /// <summary>Approves each suggestion in its own transaction, so one conflict does not undo the others.</summary>
    public async Task<IReadOnlyList<DecisionResult>> ApproveManyAsync(IEnumerable<long> suggestionIds, Decider decider, string? comment = null, CancellationToken ct = default)
    {
        var results = new List<DecisionResult>();
        foreach (var id in suggestionIds.Distinct())
        {
            results.Add(await ApproveAsync(id, decider, comment, ct));
        }

        return results;
    }

    private async Task<DecisionResult> DecideAsync(long id, bool approve, Decider decider, string? comment, WalletSignedUpdate? signed, CancellationToken ct)
    {
        var verb = approve ? "approve" : "reject";
        comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (!decider.MayDecide)
        {
            await AuditDeniedAsync(id, verb, decider, "the user has neither the Approver nor the Admin role", ct);
            return new(id, DecisionOutcome.Forbidden, $"You are not allowed to {verb} suggestions.");
        }

        if (comment is { Length: > MaxCommentLength })
        {
            return new(id, DecisionOutcome.Conflict, $"The comment is longer than {MaxCommentLength} characters.");
        }

        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var strategy = db.Database.CreateExecutionStrategy();
        try
        {
            return await strategy.ExecuteAsync(async () =>
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                var s = await db.Suggestions.Include(x => x.Execution).SingleOrDefaultAsync(x => x.Id == id, ct);
                if (s is null)
                {
                    return new DecisionResult(id, DecisionOutcome.NotFound, $"Suggestion {id} does not exist.");
                }

                if (s.Status != SuggestionStatus.Pending)
                {
                    return Existing(s, approve);
                }

                if (signed is not null && await db.OptionLegs.AnyAsync(l => l.SuggestionId == id, ct))
                {
                    // A wallet signs a RatioUpdate; an option order is an OptionOrder the model signer signs.
                    return new DecisionResult(id, DecisionOutcome.Conflict, $"Suggestion {id} buys an option: approve it without the wallet (the model signer signs option orders).");
                }

                if (s.ExpiresAt <= now)
                {
                    return new DecisionResult(id, DecisionOutcome.Conflict, $"Suggestion {id} expired at {s.ExpiresAt:u}.");
                }

                if (approve && s.Advisory is { } advisory)
                {
                    // Nothing on that chain can execute it: it may only be rejected (dismissed).
                    return new DecisionResult(id, DecisionOutcome.Conflict, $"Suggestion {id} is advisory ({advisory}): it cannot be approved for execution.");
                }

                if (s.PortfolioSuggestionId is { } portfolioId)
                {
                    return new DecisionResult(id, DecisionOutcome.Conflict, $"Suggestion {id} is part of portfolio suggestion {portfolioId}: approve or reject it as a whole on the Portfolio page.");
                }

                // A chain paused by its sequencer gate executes nothing automatically; a person may still decide, told why.
                var paused = approve
                    ? await db.Positions.AsNoTracking().Where(p => p.Id == s.PositionId && p.Pool!.Chain!.PausedReason != null)
                        .Select(p => p.Pool!.Chain!.Name + ": " + p.Pool.Chain.PausedReason).SingleOrDefaultAsync(ct)
                    : null;
                if (paused is not null && decider.Name == Decider.PolicyName)
                {
                    return new DecisionResult(id, DecisionOutcome.Conflict, $"Suggestion {id} not executed automatically: chain {paused}.");
                }

                // The decision itself (state, outbox row, audit) is the store's workflow; this adds rights and live notices.
                HedgeExecution? execution = null;
                if (approve)
                {
                    execution = await db.ApproveAsync(s.Id, decider.Name, comment, now, cancellationToken: ct);
                    if (signed is not null)
                    {
                        execution.UpdateSignature = signed.Signature;
                        execution.UpdateSigner = signed.Signer;
                        execution.UpdateTargetHedgeSize = signed.TargetHedgeSize;
                        execution.UpdatePositionNonce = signed.PositionNonce;
                        execution.UpdateDeadline = signed.Deadline;
                        await db.SaveChangesAsync(ct);
                    }
                }
                else
                {
                    await db.RejectAsync(s.Id, decider.Name, comment, now, cancellationToken: ct);
                }

                await OptionLegs.OptionProposals.OnDecidedAsync(db, s.Id, execution, now, ct);

                await HedgeUpdates.NotifyAsync(db, "suggestion", s.Id, approve ? "approved" : "rejected", ct);
                if (execution is not null)
                {
                    await HedgeUpdates.NotifyAsync(db, "execution", execution.Id, "pending", ct);
                }

                await tx.CommitAsync(ct);
                log.LogInformation("Suggestion {Id} {Decision} by {Actor}", s.Id, approve ? "approved" : "rejected", decider.Name);
                var note = paused is null ? "" : $" Note: automatic execution is paused on chain {paused}; this approval is a person's.";
                return new DecisionResult(id, DecisionOutcome.Decided, approve ? "Approved: execution requested." + note : "Rejected.", execution?.Id);
            });
        }
        catch (Exception ex) when (ex is DbUpdateConcurrencyException or SuggestionStateException || ex.GetBaseException() is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Someone decided between our read and our write (a double click, another instance).
            await using var fresh = await dbFactory.CreateDbContextAsync(ct);
            var s = await fresh.Suggestions.AsNoTracking().Include(x => x.Execution).SingleAsync(x => x.Id == id, ct);
            return Existing(s, approve);
        }
    }

    private static DecisionResult Existing(HedgeSuggestion s, bool approve)
    {
        var sameWay = approve
            ? s.Status is SuggestionStatus.Approved or SuggestionStatus.Executing or SuggestionStatus.Executed or SuggestionStatus.Failed
            : s.Status == SuggestionStatus.Rejected;
        var status = s.Status.ToString().ToLowerInvariant();
        return sameWay
            ? new DecisionResult(s.Id, DecisionOutcome.AlreadyDecided, $"Already {status} by {s.DecidedBy}.", s.Execution?.Id)
            : new DecisionResult(s.Id, DecisionOutcome.Conflict, $"Suggestion {s.Id} is {status}{(s.DecidedBy is null ? "" : $" by {s.DecidedBy}")}; nothing changed.");
    }

    private async Task AuditDeniedAsync(long id, string verb, Decider decider, string reason, CancellationToken ct)
    {
        log.LogWarning("Refused: {Actor} tried to {Verb} suggestion {Id} ({Reason})", decider.Name, verb, id, reason);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.AuditLog.Add(new AuditLogEntry
        {
            At = time.GetUtcNow(),
            Actor = decider.Name,
            Action = $"suggestion.{verb}.denied",
            EntityType = "hedge_suggestion",
            EntityId = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Details = JsonSerializer.Serialize(new { reason }),
        });
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>A RatioUpdate signed by the LP's wallet for a suggestion's proposed ratio: its signature (65 bytes), the
/// recovered signer (lower-case), and the signed size, position nonce and deadline.</summary>
public sealed record WalletSignedUpdate(byte[] Signature, string Signer, decimal TargetHedgeSize, long PositionNonce, long Deadline);
