using System.Globalization;
using System.Text.Json;
using HedgeDashboard.Data.Configuration;
using HedgeDashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Data.Workflow;

/// <summary>
/// Deciding a portfolio suggestion as a whole: its status (xmin-guarded, so of two decisions one wins) and every
/// member suggestion through <see cref="SuggestionDecisions"/> (each approval writes its ordinary per-position outbox
/// row and audit entry), in one transaction: the caller's when open, else one of its own. A member that can no
/// longer be decided throws <see cref="SuggestionStateException"/> and nothing of the decision is kept.
/// </summary>
public static class PortfolioDecisions
{
    public static async Task<IReadOnlyList<HedgeExecution>> ApprovePortfolioAsync(
        this HedgeDbContext db, long portfolioId, string actor, string? comment, DateTimeOffset now, uint? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var portfolio = await DecideAsync(db, portfolioId, SuggestionStatus.Approved, actor, comment, now, expectedVersion, cancellationToken);
        var executions = new List<HedgeExecution>();
        foreach (var member in portfolio.Members.OrderBy(m => m.Id))
        {
            executions.Add(await db.ApproveAsync(member.Id, actor, comment, now, cancellationToken: cancellationToken));
        }

        db.AuditLog.Add(Audit(actor, "portfolio_suggestion.approved", portfolio, comment, now));
        await db.SaveChangesAsync(cancellationToken);
        if (tx is not null)
        {
            await tx.CommitAsync(cancellationToken);
        }

        return executions;
    }

    public static async Task RejectPortfolioAsync(
        this HedgeDbContext db, long portfolioId, string actor, string? comment, DateTimeOffset now, uint? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var portfolio = await DecideAsync(db, portfolioId, SuggestionStatus.Rejected, actor, comment, now, expectedVersion, cancellationToken);
        foreach (var member in portfolio.Members.OrderBy(m => m.Id))
        {
            await db.RejectAsync(member.Id, actor, comment, now, cancellationToken: cancellationToken);
        }

        db.AuditLog.Add(Audit(actor, "portfolio_suggestion.rejected", portfolio, comment, now));
        await db.SaveChangesAsync(cancellationToken);
        if (tx is not null)
        {
            await tx.CommitAsync(cancellationToken);
        }
    }

    private static async Task<PortfolioSuggestion> DecideAsync(
        HedgeDbContext db, long id, SuggestionStatus decision, string actor, string? comment, DateTimeOffset now, uint? expectedVersion, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var portfolio = await db.PortfolioSuggestions.Include(p => p.Members).SingleOrDefaultAsync(p => p.Id == id, ct)
            ?? throw new SuggestionStateException($"Portfolio suggestion {id} does not exist.");
        if (expectedVersion is { } v)
        {
            db.Entry(portfolio).Property(p => p.Version).OriginalValue = v;
        }

        if (portfolio.Status != SuggestionStatus.Pending)
        {
            throw new SuggestionStateException($"Portfolio suggestion {id} is {EnumText<SuggestionStatus>.ToText(portfolio.Status)}, not pending.");
        }

        if (portfolio.ExpiresAt <= now)
        {
            throw new SuggestionStateException($"Portfolio suggestion {id} expired at {portfolio.ExpiresAt:u}.");
        }

        portfolio.Status = decision;
        portfolio.DecidedBy = actor;
        portfolio.DecidedAt = now;
        portfolio.DecisionComment = comment;
        await db.SaveChangesAsync(ct); // the xmin check fails here, before any member is touched
        return portfolio;
    }

    private static AuditLogEntry Audit(string actor, string action, PortfolioSuggestion p, string? comment, DateTimeOffset now) => new()
    {
        At = now,
        Actor = actor,
        Action = action,
        EntityType = "portfolio_suggestion",
        EntityId = p.Id.ToString(CultureInfo.InvariantCulture),
        Details = JsonSerializer.Serialize(new
        {
            members = p.Members.OrderBy(m => m.Id).Select(m => new { suggestionId = m.Id, positionId = m.PositionId, from = m.CurrentRatio, to = m.ProposedRatio }),
            comment,
        }),
    };
}
