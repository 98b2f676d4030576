using System.Globalization;
using System.Text.Json;
using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Data.Workflow;
using HedgeDashboard.Workers.Hosting;
using HedgeDashboard.Workers.Approvals;
using HedgeDashboard.Workers.Suggestions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HedgeDashboard.Workers.Portfolio;

/// <summary>One position's update in a portfolio suggestion.</summary>
public sealed record PortfolioMemberView(long SuggestionId, long PositionId, string Pair, decimal CurrentRatio, decimal ProposedRatio, SuggestionStatus Status, long? ExecutionId);

/// <summary>A portfolio suggestion with its per-position breakdown; <see cref="Version"/> is the token to decide it with.</summary>
public sealed record PortfolioSuggestionView(
    long Id, SuggestionStatus Status, string Reason, decimal RiskBeforeUsd, decimal RiskAfterUsd, decimal ExpectedCostUsd,
    DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, string? DecidedBy, uint Version, IReadOnlyList<PortfolioMemberView> Members);

public sealed record PortfolioDecisionResult(long PortfolioId, DecisionOutcome Outcome, string Message, IReadOnlyList<long> ExecutionIds)
{
    public bool Succeeded => Outcome is DecisionOutcome.Decided or DecisionOutcome.AlreadyDecided;
}

/// <summary>
/// Portfolio suggestions: <see cref="ProposeAsync(Decider, CancellationToken)"/> turns the optimizer's plan into one portfolio suggestion with a
/// member suggestion per position whose ratio changes (superseding older pending ones), and, when every member's
/// position is in auto mode, applies the auto-execute policy to the whole; <see cref="ApproveAsync"/> and
/// <see cref="RejectAsync"/> decide it as a whole with the same rights, audit and live notices as single suggestions.
/// An approval creates the ordinary per-position outbox rows, which the relayer executes.
/// </summary>
public sealed class PortfolioSuggestionService(
    IDbContextFactory<HedgeDbContext> dbFactory,
    PortfolioPlanner planner,
    TimeProvider time,
    IOptions<PortfolioOptions> options,
    ILogger<PortfolioSuggestionService> log)
{
    public const string Kind = "portfolio";

    /// <summary>Proposes the current plan; returns the new suggestion's id, or null with the reason nothing was proposed.</summary>
    public Task<(long? Id, string Message)> ProposeAsync(Decider decider, CancellationToken ct = default) => ProposeAsync(decider, 0, ct);

    /// <summary>
    /// As <see cref="ProposeAsync(Decider, CancellationToken)"/>, only when some position's ratio moves by at least
    /// <paramref name="minRatioChange"/> (the portfolio stage's test of a material difference from the hedges held).
    /// </summary>
    public async Task<(long? Id, string Message)> ProposeAsync(Decider decider, double minRatioChange, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(decider);
        if (!decider.MayDecide)
        {
            await AuditDeniedAsync(null, "propose", decider, ct);
            return (null, "You are not allowed to propose portfolio hedges.");
        }

        var view = await planner.BuildAsync(ct);
        if (view.Plan is not { } plan)
        {
            return (null, $"Nothing to propose: {view.Note}.");
        }

        var rows = view.Positions.ToDictionary(r => r.PositionId);
        var changes = plan.Allocations
            .Select(a => (Allocation: a, Row: rows[a.PositionId], Proposed: Math.Round((decimal)a.NewRatio, 6)))
            .Where(x => x.Proposed != x.Row.OnChainRatio)
            .ToList();
        if (changes.Count == 0)
        {
            return (null, "Nothing to propose: the optimizer keeps every ratio.");
        }

        if (changes.Max(c => Math.Abs(c.Proposed - c.Row.OnChainRatio)) < (decimal)minRatioChange)
        {
            return (null, string.Create(CultureInfo.InvariantCulture, $"Nothing to propose: no ratio moves by {minRatioChange} or more."));
        }

        var now = time.GetUtcNow();
        var riskBefore = Math.Sqrt(plan.VarianceBefore);
        var riskAfter = Math.Sqrt(plan.VarianceAfter);
        var alone = view.PerPosition!;
        var reason = string.Create(CultureInfo.InvariantCulture,
            $"{options.Value.HorizonHours} h P&L risk {riskBefore:N0} -> {riskAfter:N0} USD for {plan.ExpectedCost:N2} USD of fees and gas ({changes.Count} updates); hedging each position alone: risk {Math.Sqrt(alone.VarianceAfter):N0} USD for {alone.ExpectedCost:N2} USD ({alone.Updates} updates)");
        var planJson = JsonSerializer.Serialize(new
        {
            assets = view.Assets.Select(a => new { a.Asset, a.PriceUsd, a.DeltaTokens, a.DeltaUsd, a.Gamma, a.DollarGamma, a.HedgeUsd }),
            correlation = new { assets = view.CorrelationAssets, matrix = Jagged(view.Correlation) },
            hedgeUsd = plan.HedgeUsd,
            positions = plan.Allocations.Select(a => new { a.PositionId, a.CurrentRatio, a.NewRatio, a.HeldUsd, a.TargetUsd }),
            perPosition = new { varianceAfter = alone.VarianceAfter, cost = alone.ExpectedCost, updates = alone.Updates },
            settings = options.Value,
        });

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = Key(now, changes.Select(c => (c.Row.PositionId, c.Proposed)));
        if (await db.PortfolioSuggestions.Where(p => p.IdempotencyKey == key).Select(p => (long?)p.Id).FirstOrDefaultAsync(ct) is { } existing)
        {
            return (existing, $"Portfolio suggestion {existing} already proposes this."); // a double click
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var old in await db.PortfolioSuggestions.Include(p => p.Members).Where(p => p.Status == SuggestionStatus.Pending).ToListAsync(ct))
        {
            old.Status = old.ExpiresAt <= now ? SuggestionStatus.Expired : SuggestionStatus.Superseded;
            foreach (var m in old.Members.Where(m => m.Status == SuggestionStatus.Pending))
            {
                m.Status = old.Status;
            }

            Audit(db, now, WorkerActors.Suggestions, $"portfolio_suggestion.{(old.Status == SuggestionStatus.Expired ? "expired" : "superseded")}", old.Id, new { by = "new proposal" });
        }

        var positionIds = changes.Select(c => c.Row.PositionId).ToArray();
        foreach (var single in await db.Suggestions.Where(s => s.Status == SuggestionStatus.Pending && s.PortfolioSuggestionId == null && positionIds.Contains(s.PositionId)).ToListAsync(ct))
        {
            single.Status = SuggestionStatus.Superseded;
        }

        await db.SaveChangesAsync(ct); // free the one-pending slots before the new rows take them

        var portfolio = new PortfolioSuggestion
        {
            Reason = reason.Length > 2000 ? reason[..2000] : reason,
            Plan = planJson,
            RiskBeforeUsd = Math.Round((decimal)riskBefore, 2),
            RiskAfterUsd = Math.Round((decimal)riskAfter, 2),
            ExpectedCostUsd = Math.Round((decimal)plan.ExpectedCost, 2),
            IdempotencyKey = key,
            CreatedAt = now,
            ExpiresAt = now.AddMinutes(options.Value.TimeToLiveMinutes),
        };
        var fee = options.Value.FeeBps / 10_000;
        foreach (var (a, row, proposed) in changes)
        {
            portfolio.Members.Add(new HedgeSuggestion
            {
                PositionId = row.PositionId,
                CurrentRatio = row.OnChainRatio,
                ProposedRatio = proposed,
                Reason = string.Create(CultureInfo.InvariantCulture,
                    $"portfolio optimizer: {row.Asset} exposure {row.ExposureUsd:N0} USD, hedge {a.HeldUsd:N0} -> {a.TargetUsd:N0} USD (ratio pro-rata to its own delta, at most {row.MaxRatioChange:0.##} per step)"),
                ExpectedCostUsd = Math.Round((decimal)((Math.Abs(a.TargetUsd - a.HeldUsd) * fee) + options.Value.GasUsd), 2),
                IdempotencyKey = string.Create(CultureInfo.InvariantCulture, $"{portfolio.IdempotencyKey}:position:{row.PositionId}"),
                CreatedAt = now,
                ExpiresAt = portfolio.ExpiresAt,
            });
        }

        db.PortfolioSuggestions.Add(portfolio);
        await db.SaveChangesAsync(ct);
        Audit(db, now, decider.Name, "portfolio_suggestion.created", portfolio.Id, new
        {
            members = portfolio.Members.Select(m => new { suggestionId = m.Id, positionId = m.PositionId, from = m.CurrentRatio, to = m.ProposedRatio }),
            riskBeforeUsd = portfolio.RiskBeforeUsd,
            riskAfterUsd = portfolio.RiskAfterUsd,
            expectedCostUsd = portfolio.ExpectedCostUsd,
        });
        await db.SaveChangesAsync(ct);
        await HedgeUpdates.NotifyAsync(db, Kind, portfolio.Id, "pending", ct);
        foreach (var m in portfolio.Members)
        {
            await HedgeUpdates.NotifyAsync(db, "suggestion", m.Id, "pending", ct);
        }

        await tx.CommitAsync(ct);
        log.LogInformation("Portfolio suggestion {Id}: {Count} position updates, risk {Before} -> {After} USD", portfolio.Id, portfolio.Members.Count, portfolio.RiskBeforeUsd, portfolio.RiskAfterUsd);

        if (view.Positions.Where(r => positionIds.Contains(r.PositionId)).All(r => r.Mode == ExecutionMode.Auto))
        {
            await ApplyAutoPolicyAsync(portfolio.Id, changes.ToDictionary(c => c.Row.PositionId, c => Math.Abs(c.Allocation.TargetUsd - c.Allocation.HeldUsd)), ct);
        }

        return (portfolio.Id, $"Proposed portfolio suggestion {portfolio.Id}: {portfolio.Members.Count} position updates.");
    }

    public Task<PortfolioDecisionResult> ApproveAsync(long id, Decider decider, string? comment = null, uint? expectedVersion = null, CancellationToken ct = default) =>
        DecideAsync(id, approve: true, decider, comment, expectedVersion, ct);

    public Task<PortfolioDecisionResult> RejectAsync(long id, Decider decider, string? comment = null, uint? expectedVersion = null, CancellationToken ct = default) =>
        DecideAsync(id, approve: false, decider, comment, expectedVersion, ct);

    /// <summary>The newest portfolio suggestion (pending or decided), with its members; null when there is none.</summary>
    public async Task<PortfolioSuggestionView?> LatestAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var p = await db.PortfolioSuggestions.AsNoTracking()
            .OrderByDescending(x => x.Id)
            .Select(x => new
            {
                x.Id, x.Status, x.Reason, x.RiskBeforeUsd, x.RiskAfterUsd, x.ExpectedCostUsd, x.CreatedAt, x.ExpiresAt, x.DecidedBy, x.Version,
                Members = x.Members.OrderBy(m => m.Id).Select(m => new PortfolioMemberView(m.Id, m.PositionId, m.Position!.Pool!.Pair, m.CurrentRatio, m.ProposedRatio, m.Status, m.Execution != null ? (long?)m.Execution.Id : null)).ToList(),
            })
            .FirstOrDefaultAsync(ct);
        if (p is null)
        {
            return null;
        }

        var status = p.Status == SuggestionStatus.Pending && p.ExpiresAt <= time.GetUtcNow() ? SuggestionStatus.Expired : p.Status;
        return new PortfolioSuggestionView(p.Id, status, p.Reason, p.RiskBeforeUsd, p.RiskAfterUsd, p.ExpectedCostUsd, p.CreatedAt, p.ExpiresAt, p.DecidedBy, p.Version, p.Members);
    }

    /// <summary>
    /// The auto-execute policy for the whole: every member must pass <see cref="AutoPolicy"/> (auto mode, breaker off,
    /// its pair's oracle healthy, ratio change and cooldown and daily notional within its position's limits); one
    /// refusal leaves the whole to a person, audited with the reasons.
    /// </summary>
    internal async Task<PortfolioDecisionResult?> ApplyAutoPolicyAsync(long id, IReadOnlyDictionary<long, double> notionalByPosition, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var members = await db.Suggestions.AsNoTracking()
            .Where(s => s.PortfolioSuggestionId == id)
            .Select(s => new { s.Id, s.PositionId, s.CurrentRatio, s.ProposedRatio, s.Position!.Policy, s.Position.Pool!.Pair, s.Position.Pool.Chain!.PausedReason })
            .ToListAsync(ct);
        var settings = await db.AppSettings.AsNoTracking().SingleOrDefaultAsync(ct);
        var oracles = await db.OracleHealth.AsNoTracking().ToDictionaryAsync(o => o.Pair, ct);
        var dayAgo = now.AddDays(-1);
        var refusals = new List<string>();
        var reasons = new List<string>();
        foreach (var m in members)
        {
            var today = await db.Suggestions.AsNoTracking()
                .Where(x => x.PositionId == m.PositionId && x.DecidedBy == Decider.PolicyName && x.DecidedAt > dayAgo
                    && x.Status != SuggestionStatus.Rejected && x.Status != SuggestionStatus.Pending)
                .Select(x => new { x.CurrentRatio, x.ProposedRatio, x.DecidedAt })
                .ToListAsync(ct);
            // Today's earlier changes are valued at this update's notional per unit of ratio (the exposure now).
            var notional = (decimal)notionalByPosition.GetValueOrDefault(m.PositionId);
            var perRatio = m.ProposedRatio == m.CurrentRatio ? 0 : notional / Math.Abs(m.ProposedRatio - m.CurrentRatio);
            var used = today.Sum(t => Math.Abs(t.ProposedRatio - t.CurrentRatio) * perRatio);
            oracles.TryGetValue(m.Pair, out var oracle);
            var decision = AutoPolicy.Evaluate(new AutoPolicyInput(
                m.Policy, m.CurrentRatio, m.ProposedRatio, Math.Round(notional, 2), Math.Round(used, 2), today.Max(t => t.DecidedAt),
                oracle?.IsHealthy == true, oracle?.Reason, settings?.CircuitBreakerOn == true, settings?.CircuitBreakerReason, now)
            {
                ChainPausedReason = m.PausedReason,
            });
            (decision.Approve ? reasons : refusals).Add($"position {m.PositionId}: {decision.Reason}");
        }

        if (refusals.Count > 0)
        {
            Audit(db, now, WorkerActors.Policy, "policy.declined", id, new { reasons = refusals });
            await db.SaveChangesAsync(ct);
            log.LogInformation("Auto-execute declined portfolio suggestion {Id}: {Reasons}", id, string.Join("; ", refusals));
            return null;
        }

        return await ApproveAsync(id, Decider.Policy, "auto-execute policy: " + string.Join("; ", reasons), ct: ct);
    }

    private async Task<PortfolioDecisionResult> DecideAsync(long id, bool approve, Decider decider, string? comment, uint? expectedVersion, CancellationToken ct)
    {
        var verb = approve ? "approve" : "reject";
        comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (!decider.MayDecide)
        {
            await AuditDeniedAsync(id, verb, decider, ct);
            return new(id, DecisionOutcome.Forbidden, $"You are not allowed to {verb} suggestions.", []);
        }

        if (comment is { Length: > ApprovalService.MaxCommentLength })
        {
            return new(id, DecisionOutcome.Conflict, $"The comment is longer than {ApprovalService.MaxCommentLength} characters.", []);
        }

        var now = time.GetUtcNow();
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (!await db.PortfolioSuggestions.AnyAsync(p => p.Id == id, ct))
            {
                return new(id, DecisionOutcome.NotFound, $"Portfolio suggestion {id} does not exist.", []);
            }

            IReadOnlyList<HedgeExecution> executions = [];
            if (approve)
            {
                executions = await db.ApprovePortfolioAsync(id, decider.Name, comment, now, expectedVersion, ct);
            }
            else
            {
                await db.RejectPortfolioAsync(id, decider.Name, comment, now, expectedVersion, ct);
            }

            var status = approve ? "approved" : "rejected";
            await HedgeUpdates.NotifyAsync(db, Kind, id, status, ct);
            foreach (var member in await db.Suggestions.Where(s => s.PortfolioSuggestionId == id).Select(s => s.Id).ToListAsync(ct))
            {
                await HedgeUpdates.NotifyAsync(db, "suggestion", member, status, ct);
            }

            foreach (var e in executions)
            {
                await HedgeUpdates.NotifyAsync(db, "execution", e.Id, "pending", ct);
            }

            await tx.CommitAsync(ct);
            log.LogInformation("Portfolio suggestion {Id} {Decision} by {Actor} ({Count} updates)", id, status, decider.Name, executions.Count);
            return new(id, DecisionOutcome.Decided, approve ? $"Approved: {executions.Count} position updates requested." : "Rejected.", [.. executions.Select(e => e.Id)]);
        }
        catch (Exception ex) when (ex is DbUpdateConcurrencyException or SuggestionStateException || ex.GetBaseException() is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Someone decided between our read and our write (a double click, another instance, a member decided alone).
            await using var fresh = await dbFactory.CreateDbContextAsync(ct);
            var p = await fresh.PortfolioSuggestions.AsNoTracking().SingleAsync(x => x.Id == id, ct);
            var executions = await fresh.Executions.AsNoTracking().Where(e => e.Suggestion!.PortfolioSuggestionId == id).Select(e => e.Id).ToListAsync(ct);
            var sameWay = approve ? p.Status == SuggestionStatus.Approved : p.Status == SuggestionStatus.Rejected;
            var text = StatusText(p.Status);
            return sameWay
                ? new(id, DecisionOutcome.AlreadyDecided, $"Already {text} by {p.DecidedBy}.", executions)
                : new(id, DecisionOutcome.Conflict, $"Portfolio suggestion {id} is {text}{(p.DecidedBy is null ? "" : $" by {p.DecidedBy}")}; nothing changed. ({ex.GetBaseException().Message})", []);
        }
    }

    /// <summary>A short key naming the proposal: its time and a hash of what it proposes (the column holds 200 characters).</summary>
    private static string Key(DateTimeOffset now, IEnumerable<(long PositionId, decimal Proposed)> changes)
    {
        var text = string.Join(',', changes.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.PositionId}={c.Proposed}")));
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16];
        return string.Create(CultureInfo.InvariantCulture, $"portfolio:{now.ToUnixTimeMilliseconds()}:{hash}");
    }

    private static string StatusText(SuggestionStatus status) => status.ToString().ToLowerInvariant();

    private async Task AuditDeniedAsync(long? id, string verb, Decider decider, CancellationToken ct)
    {
        log.LogWarning("Refused: {Actor} tried to {Verb} portfolio suggestion {Id}", decider.Name, verb, id);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        Audit(db, time.GetUtcNow(), decider.Name, $"portfolio_suggestion.{verb}.denied", id, new { reason = "the user has neither the Approver nor the Admin role" });
        await db.SaveChangesAsync(ct);
    }

    private static double[][] Jagged(double[,] m) =>
        [.. Enumerable.Range(0, m.GetLength(0)).Select(i => Enumerable.Range(0, m.GetLength(1)).Select(j => double.IsFinite(m[i, j]) ? m[i, j] : 0).ToArray())];

    private static void Audit(HedgeDbContext db, DateTimeOffset at, string actor, string action, long? id, object details) =>
        db.AuditLog.Add(new AuditLogEntry
        {
            At = at,
            Actor = actor,
            Action = action,
            EntityType = "portfolio_suggestion",
            EntityId = id?.ToString(CultureInfo.InvariantCulture),
            Details = JsonSerializer.Serialize(details),
        });
}
