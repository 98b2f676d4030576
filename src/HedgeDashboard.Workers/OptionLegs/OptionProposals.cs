using System.Globalization;
using System.Text.Json;
using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Quant.Options;
using HedgeDashboard.Workers.Approvals;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Workers.OptionLegs;

/// <summary>The terms of an option to propose for a position. Strike and premium limit in USD, notional in ETH.</summary>
public sealed record OptionTerms(OptionKind Kind, decimal Strike, DateTimeOffset Expiry, decimal Notional, decimal MaxPremium);

/// <summary>
/// Proposes an option as a suggestion: the suggestion (ratio unchanged, the instrument in its reason and expected
/// cost) and its option leg, in one transaction, so that approval, execution and history treat it as any suggestion.
/// </summary>
public static class OptionProposals
{
    /// <summary>Black-Scholes premium of the terms at <paramref name="spot"/> and <paramref name="volatility"/> (zero rate), in USD.</summary>
    public static decimal EstimatePremium(OptionTerms terms, decimal spot, double volatility, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var years = Math.Max((terms.Expiry - now).TotalDays / 365.0, 0);
        var right = terms.Kind == OptionKind.Put ? OptionRight.Put : OptionRight.Call;
        return (decimal)BlackScholes.Price(right, (double)spot, (double)terms.Strike, years, 0, volatility) * terms.Notional;
    }

    public static async Task<(HedgeSuggestion Suggestion, OptionLeg Leg)> ProposeAsync(
        HedgeDbContext db, long positionId, OptionTerms terms, decimal expectedPremium, string reason, DateTimeOffset now, TimeSpan validFor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(terms);
        if (terms.Strike <= 0 || terms.Notional <= 0 || terms.MaxPremium < 0 || terms.Expiry <= now)
        {
            throw new ArgumentException($"Option terms are invalid: strike {terms.Strike}, notional {terms.Notional}, max premium {terms.MaxPremium}, expiry {terms.Expiry:u}.", nameof(terms));
        }

        var position = await db.Positions.Include(p => p.Pool).SingleAsync(p => p.Id == positionId, ct);
        var ratio = position.OnChainHedgeRatio;
        var key = string.Create(CultureInfo.InvariantCulture, $"option:{positionId}:{terms.Kind}:{terms.Strike}:{terms.Expiry.ToUnixTimeSeconds()}:{terms.Notional}");
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var suggestion = new HedgeSuggestion
        {
            PositionId = positionId,
            CurrentRatio = ratio,
            ProposedRatio = ratio,
            Reason = reason,
            ExpectedCostUsd = Math.Round(expectedPremium, 2),
            IdempotencyKey = key,
            CreatedAt = now,
            ExpiresAt = now + validFor,
        };
        db.Suggestions.Add(suggestion);
        var leg = new OptionLeg
        {
            Position = position,
            ChainId = position.Pool!.ChainId,
            Suggestion = suggestion,
            Kind = terms.Kind,
            Strike = terms.Strike,
            Expiry = terms.Expiry,
            Notional = terms.Notional,
            MaxPremium = terms.MaxPremium,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.OptionLegs.Add(leg);
        await db.SaveChangesAsync(ct);
        db.AuditLog.Add(new AuditLogEntry
        {
            At = now,
            Actor = "system:options",
            Action = "suggestion.created",
            EntityType = "hedge_suggestion",
            EntityId = suggestion.Id.ToString(CultureInfo.InvariantCulture),
            Details = JsonSerializer.Serialize(new { instrument = terms.Kind.ToString().ToLowerInvariant(), terms.Strike, terms.Expiry, terms.Notional, terms.MaxPremium, expectedPremium }),
        });
        await db.SaveChangesAsync(ct);
        await HedgeUpdates.NotifyAsync(db, "suggestion", suggestion.Id, "pending", ct);
        if (tx is not null)
        {
            await tx.CommitAsync(ct);
        }

        return (suggestion, leg);
    }

    /// <summary>Approval links the suggestion's leg (if any) to the new execution row; rejection marks it rejected.</summary>
    public static async Task OnDecidedAsync(HedgeDbContext db, long suggestionId, HedgeExecution? execution, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var leg = await db.OptionLegs.SingleOrDefaultAsync(l => l.SuggestionId == suggestionId, ct);
        if (leg is null)
        {
            return;
        }

        leg.ExecutionId = execution?.Id;
        leg.Status = execution is null ? OptionLegStatus.Rejected : OptionLegStatus.Approved;
        leg.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
    }
}
