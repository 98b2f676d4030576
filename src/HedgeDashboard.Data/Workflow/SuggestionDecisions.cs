using System.Text.Json;
using HedgeDashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Data.Workflow;

/// <summary>The suggestion cannot be decided (not pending any more, expired, or unknown).</summary>
public sealed class SuggestionStateException(string message) : InvalidOperationException(message);

/// <summary>
/// Approving or rejecting a suggestion, by a person or by policy. Optimistic concurrency on the
/// suggestion's xmin: of two concurrent decisions exactly one wins, the other gets
/// <see cref="DbUpdateConcurrencyException"/>. An approval writes its execution request (the outbox
/// row, unique per suggestion) and the audit entry in the same transaction: the caller's, when it has
/// one open (so it can add its own writes, such as a NOTIFY), otherwise one of its own.
/// </summary>
public static class SuggestionDecisions
{
    /// <summary>Approves; returns the execution request.</summary>
    /// <param name="expectedVersion">The version the person saw (from the overview), or null to use the current one.</param>
    public static async Task<HedgeExecution> ApproveAsync(
        this HedgeDbContext db, long suggestionId, string actor, string? comment, DateTimeOffset now, uint? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        await using var tx = await OwnTransactionAsync(db, cancellationToken);
        var suggestion = await DecideAsync(db, suggestionId, SuggestionStatus.Approved, actor, comment, now, expectedVersion, cancellationToken);
        var chainId = await db.Positions.Where(p => p.Id == suggestion.PositionId).Select(p => p.Pool!.ChainId).SingleAsync(cancellationToken);
        var execution = new HedgeExecution
        {
            SuggestionId = suggestion.Id,
            PositionId = suggestion.PositionId,
            ChainId = chainId,
            TargetRatio = suggestion.ProposedRatio,
            Status = ExecutionStatus.Pending,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Executions.Add(execution);
        db.AuditLog.Add(Audit(actor, "suggestion.approved", suggestion, comment, now));
        await db.SaveChangesAsync(cancellationToken);
        if (tx is not null)
        {
            await tx.CommitAsync(cancellationToken);
        }

        return execution;
    }

    /// <summary>Rejects with an optional comment.</summary>
    /// <param name="expectedVersion">The version the person saw, or null to use the current one.</param>
    public static async Task RejectAsync(
        this HedgeDbContext db, long suggestionId, string actor, string? comment, DateTimeOffset now, uint? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        await using var tx = await OwnTransactionAsync(db, cancellationToken);
        var suggestion = await DecideAsync(db, suggestionId, SuggestionStatus.Rejected, actor, comment, now, expectedVersion, cancellationToken);
        db.AuditLog.Add(Audit(actor, "suggestion.rejected", suggestion, comment, now));
        await db.SaveChangesAsync(cancellationToken);
        if (tx is not null)
        {
            await tx.CommitAsync(cancellationToken);
        }
    }

    /// <summary>A transaction to commit here, or null when the caller's transaction is already open.</summary>
    private static async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction?> OwnTransactionAsync(HedgeDbContext db, CancellationToken ct) =>
        db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;

    private static async Task<HedgeSuggestion> DecideAsync(
        HedgeDbContext db, long id, SuggestionStatus decision, string actor, string? comment, DateTimeOffset now, uint? expectedVersion, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var suggestion = db.Suggestions.Local.FirstOrDefault(s => s.Id == id)
            ?? await db.Suggestions.SingleOrDefaultAsync(s => s.Id == id, ct)
            ?? throw new SuggestionStateException($"Suggestion {id} does not exist.");
        if (expectedVersion is { } v)
        {
            // Compare against what the person saw, not what we just read.
            db.Entry(suggestion).Property(s => s.Version).OriginalValue = v;
        }

        if (suggestion.Status != SuggestionStatus.Pending)
        {
            throw new SuggestionStateException($"Suggestion {id} is {Configuration.EnumText<SuggestionStatus>.ToText(suggestion.Status)}, not pending.");
        }

        if (suggestion.ExpiresAt <= now)
        {
            throw new SuggestionStateException($"Suggestion {id} expired at {suggestion.ExpiresAt:u}.");
        }

        suggestion.Status = decision;
        suggestion.DecidedBy = actor;
        suggestion.DecidedAt = now;
        suggestion.DecisionComment = comment;

        // The status change is saved first, alone: the xmin check fails here (concurrency exception)
        // before anything else of this decision is written.
        await db.SaveChangesAsync(ct);
        return suggestion;
    }

    private static AuditLogEntry Audit(string actor, string action, HedgeSuggestion s, string? comment, DateTimeOffset now) => new()
    {
        At = now,
        Actor = actor,
        Action = action,
        EntityType = "hedge_suggestion",
        EntityId = s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Details = JsonSerializer.Serialize(new { positionId = s.PositionId, from = s.CurrentRatio, to = s.ProposedRatio, comment }),
    };
}
