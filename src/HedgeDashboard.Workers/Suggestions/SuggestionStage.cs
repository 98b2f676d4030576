using System.Globalization;
using System.Text.Json;
using HedgeDashboard.Data;
using HedgeDashboard.Data.Configuration;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Ethereum.Rpc.Contracts;
using HedgeDashboard.Workers.Alerts;
using HedgeDashboard.Workers.Approvals;
using HedgeDashboard.Workers.Chain;
using HedgeDashboard.Workers.Hosting;
using HedgeDashboard.Workers.Live;
using HedgeDashboard.Workers.OptionLegs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HedgeDashboard.Workers.Suggestions;

/// <summary>
/// Turns risk scores into suggestions and applies the auto-execute policy:
/// 1. pending suggestions past their expiry become expired;
/// 2. for each open position whose latest recommended ratio differs from the on-chain ratio by more
///    than its threshold (and with no execution in flight), one pending suggestion: a recommendation that moved
///    more than the threshold from the pending one supersedes it (<see cref="SuggestionRules"/>), one that falls
///    back within the threshold withdraws it; a position not registered with a HedgeController (its chain has none,
///    or it is not protected there: book positions, v2 liquidity tokens) gets advisory suggestions, which say why and
///    are never approved, auto-executed or sent;
/// 3. pending suggestions of positions in auto mode are approved by policy through <see cref="ApprovalService"/>
///    (the same transaction, outbox row and audit as a person's approval) when <see cref="AutoPolicy"/> allows it;
///    a refusal is audited once per suggestion and reason.
/// </summary>
public sealed class SuggestionStage(
    IServiceScopeFactory scopes,
    StageHealth health,
    TimeProvider time,
    ILogger<SuggestionStage> logger,
    IOptions<SuggestionOptions> options,
    IOptions<ChainDeploymentOptions> chainOptions,
    WorkerDatabase database,
    PipelineSignals signals,
    ApprovalService approvals,
    IAlertSink alerts,
    EthereumRpc? rpc = null,
    ChainDeployment? deployment = null) : PipelineStage(scopes, health, time, logger)
{
    private static readonly ExecutionStatus[] InFlight = [ExecutionStatus.Pending, ExecutionStatus.Signed, ExecutionStatus.Broadcast, ExecutionStatus.Mined];
    private readonly SuggestionOptions _o = options.Value;
    private readonly string _pair = chainOptions.Value.PairName;
    private readonly Dictionary<long, string> _declined = [];

    public override string Name => "suggestions";

    protected override TimeSpan Interval => TimeSpan.FromSeconds(_o.IntervalSeconds);

    protected override StageSignal WakeUp => signals.ScoresWritten;

    protected override string ConnectionString => database.ConnectionString;

    protected override Task RunTickAsync(IServiceProvider services, CancellationToken ct) =>
        DecideAsync(services.GetRequiredService<IDbContextFactory<HedgeDbContext>>(), ct);

    /// <summary>One pass: expire, suggest (advisory where nothing can execute), then the auto-execute policy.</summary>
    public async Task DecideAsync(IDbContextFactory<HedgeDbContext> dbFactory, CancellationToken ct)
    {
        await ExpireAsync(dbFactory, ct);
        await SuggestAsync(dbFactory, ct);
        await ProposeOptionsAsync(dbFactory, ct);
        if (_o.AutoExecute)
        {
            await ApplyAutoPolicyAsync(dbFactory, ct);
        }
    }

    private async Task ExpireAsync(IDbContextFactory<HedgeDbContext> dbFactory, CancellationToken ct)
    {
        var now = Time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var due = await db.Suggestions.Where(s => s.Status == SuggestionStatus.Pending && s.ExpiresAt <= now).ToListAsync(ct);
        foreach (var s in due)
        {
            try
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                s.Status = SuggestionStatus.Expired;
                Audit(db, now, "suggestion.expired", s.Id, new { positionId = s.PositionId, s.ExpiresAt });
                await db.SaveChangesAsync(ct);
                await LiveUpdates.NotifyAsync(db, "suggestion", s.Id, "expired", ct);
                await tx.CommitAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                db.ChangeTracker.Clear(); // decided meanwhile: nothing to expire
            }
        }
    }

    private async Task SuggestAsync(IDbContextFactory<HedgeDbContext> dbFactory, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var candidates = await db.Positions.AsNoTracking()
            .Where(p => p.Status == PositionStatus.Open && (p.ProtectedPositionId == null || p.Pool!.Pair == _pair))
            .Where(p => !db.Executions.Any(e => e.PositionId == p.Id && InFlight.Contains(e.Status)))
            .Select(p => new
            {
                Position = p,
                ChainName = p.Pool!.Chain!.Name,
                p.Pool.Chain.HasHedgeController,
                Score = db.RiskScores.Where(r => r.PositionId == p.Id).OrderByDescending(r => r.ScoredAt).FirstOrDefault(),
                Pending = db.Suggestions.Where(s => s.PositionId == p.Id && s.Status == SuggestionStatus.Pending).OrderBy(s => s.Id).FirstOrDefault(),
                PendingOption = db.Suggestions.Any(s => s.PositionId == p.Id && s.Status == SuggestionStatus.Pending && s.OptionLeg != null),
                LastRejected = db.Suggestions.Where(s => s.PositionId == p.Id && s.Status == SuggestionStatus.Rejected).OrderByDescending(s => s.DecidedAt).FirstOrDefault(),
            })
            .ToListAsync(ct);

        foreach (var c in candidates)
        {
            if (c.Score is null || c.Pending?.PortfolioSuggestionId is not null || c.PendingOption)
            {
                continue; // no score yet, or a portfolio or option suggestion is pending (decided first, never superseded by a ratio)
            }

            var p = c.Position;
            var current = p.OnChainHedgeRatio;
            var decision = SuggestionRules.Decide(current, c.Score.RecommendedRatio, p.Policy, c.Pending);
            var recommended = decision.Proposed;
            try
            {
                if (decision.Action == SuggestionAction.Suggest)
                {
                    var now = Time.GetUtcNow();
                    if (c.LastRejected is { } r && r.ProposedRatio == recommended && r.CurrentRatio == current && r.DecidedAt > now - TimeSpan.FromMinutes(_o.TimeToLiveMinutes))
                    {
                        continue; // a person just said no to exactly this
                    }

                    var advisory = p.ProtectedPositionId is not null ? null
                        : c.HasHedgeController ? $"not registered with the hedge controller on {c.ChainName}" : $"no hedge controller on {c.ChainName}";
                    await CreateAsync(dbFactory, p, c.Score, recommended, c.Pending?.Id, advisory, ct);
                }
                else if (decision.Action == SuggestionAction.Withdraw && c.Pending is { } stale)
                {
                    await WithdrawAsync(dbFactory, stale.Id, $"recommended {recommended:0.##} is within {p.Policy.SuggestionThreshold:0.##} of the on-chain {current:0.##}", ct);
                }
            }
            catch (Exception ex) when (ex is DbUpdateConcurrencyException || ex.GetBaseException() is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                // Another writer (a person deciding, another instance) got there first: look again next tick.
                Logger.LogDebug("Suggestion for position {Position} raced: {Message}", p.Id, ex.GetBaseException().Message);
            }
        }
    }

    private async Task CreateAsync(IDbContextFactory<HedgeDbContext> dbFactory, LpPosition p, RiskScore score, decimal proposed, long? pendingId, string? advisory, CancellationToken ct)
    {
        var now = Time.GetUtcNow();
        var (price, delta0, value) = Features(score.Features);
        var policy = PolicyOf(score.Features);
        var notional = AutoPolicy.Notional(p.OnChainHedgeRatio, proposed, delta0, price);
        var key = string.Create(CultureInfo.InvariantCulture, $"position:{p.Id}:score:{score.Id}");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Suggestions.AnyAsync(x => x.IdempotencyKey == key, ct))
        {
            return; // this score already made its suggestion (since decided, failed or withdrawn): wait for a new score
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        HedgeSuggestion? old = null;
        if (pendingId is { } oldId)
        {
            old = await db.Suggestions.SingleAsync(s => s.Id == oldId, ct);
            if (old.Status != SuggestionStatus.Pending)
            {
                return;
            }

            old.Status = SuggestionStatus.Superseded;
            await db.SaveChangesAsync(ct); // free the one-pending-per-position slot first (xmin guards a racing approval)
        }

        var s = new HedgeSuggestion
        {
            PositionId = p.Id,
            RiskScoreId = score.Id,
            CurrentRatio = p.OnChainHedgeRatio,
            ProposedRatio = proposed,
            Reason = string.Create(CultureInfo.InvariantCulture,
                $"P(IL beyond {score.IlThreshold:P0} in {score.HorizonHours:0}h) = {score.ProbIlBeyondThreshold:P1}, forecast volatility {score.ForecastVolatility:P0}, expected IL {score.ExpectedIl:P2} at {price:0.##}; {Describe(policy)} -> {score.RecommendedRatio:0.##} (this step {proposed:0.##}, at most {p.Policy.MaxRatioChange:0.##} per step) vs on-chain {p.OnChainHedgeRatio:0.##}"),
            Policy = policy,
            Advisory = advisory,
            ExpectedCostUsd = Math.Round(notional * _o.VenueFeeBps / 10_000m, 2),
            ExpectedProtectionUsd = Math.Round(Math.Abs(proposed - p.OnChainHedgeRatio) * (decimal)Math.Abs(score.ExpectedIl) * (decimal)value, 2),
            IdempotencyKey = key,
            CreatedAt = now,
            ExpiresAt = now.AddMinutes(_o.TimeToLiveMinutes),
        };
        db.Suggestions.Add(s);
        await db.SaveChangesAsync(ct);
        Audit(db, now, "suggestion.created", s.Id, new { positionId = p.Id, riskScoreId = score.Id, s.CurrentRatio, s.ProposedRatio, notionalUsd = notional, supersedes = old?.Id });
        if (old is not null)
        {
            old.SupersededById = s.Id;
            Audit(db, now, "suggestion.superseded", old.Id, new { positionId = p.Id, by = s.Id });
        }

        await db.SaveChangesAsync(ct);
        await LiveUpdates.NotifyAsync(db, "suggestion", s.Id, "pending", ct);
        if (old is not null)
        {
            await LiveUpdates.NotifyAsync(db, "suggestion", old.Id, "superseded", ct);
        }

        await tx.CommitAsync(ct);
        Logger.LogInformation("Suggestion {Id} for position {Position}: {Current} -> {Proposed}{Supersedes}", s.Id, p.Id, s.CurrentRatio, s.ProposedRatio, old is null ? "" : $" (supersedes {old.Id})");
        alerts.Publish(new Alert(AlertKinds.SuggestionCreated, $"Hedge suggestion for position {p.Id}: ratio {s.CurrentRatio:0.##} -> {s.ProposedRatio:0.##}",
            new Dictionary<string, object?> { ["suggestionId"] = s.Id, ["positionId"] = p.Id, ["currentRatio"] = s.CurrentRatio, ["proposedRatio"] = s.ProposedRatio, ["reason"] = s.Reason }));
    }

    /// <summary>
    /// For positions with an option policy and no option covering them (none approved, none open and unexpired) and
    /// nothing pending or in flight: one suggestion that buys the policy's put, sized and priced by
    /// <see cref="OptionSuggestionPlanner"/> from the latest score, expiring one tenor after the chain's time; rolled
    /// when the previous one expires. A proposal that was rejected, failed or expired waits the suggestion time to live
    /// before the next one.
    /// </summary>
    private async Task ProposeOptionsAsync(IDbContextFactory<HedgeDbContext> dbFactory, CancellationToken ct)
    {
        if (deployment?.OptionController is not { } optionController || rpc is null)
        {
            return; // no option venue on this chain
        }

        var now = Time.GetUtcNow();
        var quiet = now.AddMinutes(-_o.TimeToLiveMinutes);
        List<(LpPosition Position, RiskScore Score)> candidates;
        DateTimeOffset chainNow;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var rows = await db.Positions.AsNoTracking()
                .Where(p => p.Status == PositionStatus.Open && p.ProtectedPositionId != null && p.Pool!.Pair == _pair && p.Policy.OptionPolicy != null)
                .Where(p => !db.Executions.Any(e => e.PositionId == p.Id && InFlight.Contains(e.Status)))
                .Where(p => !db.Suggestions.Any(s => s.PositionId == p.Id && s.Status == SuggestionStatus.Pending))
                .Where(p => !db.OptionLegs.Any(l => l.PositionId == p.Id
                    && (l.Status == OptionLegStatus.Approved || (l.Status == OptionLegStatus.Open && l.Expiry > now) || l.CreatedAt > quiet)))
                .Select(p => new { Position = p, Score = db.RiskScores.Where(r => r.PositionId == p.Id).OrderByDescending(r => r.ScoredAt).FirstOrDefault() })
                .ToListAsync(ct);
            candidates = [.. rows.Where(r => r.Score is not null).Select(r => (r.Position, r.Score!))];
            if (candidates.Count == 0)
            {
                return;
            }

            chainNow = (await rpc.Chain.GetBlockAsync(BlockParameter.Latest, ct))?.Time ?? now;
        }

        foreach (var (p, score) in candidates)
        {
            OptionPolicyChoice? choice;
            try
            {
                choice = OptionPolicyChoice.Parse(p.Policy.OptionPolicy);
            }
            catch (FormatException ex)
            {
                Logger.LogWarning("Position {Position}: {Message}", p.Id, ex.Message);
                continue;
            }

            if (choice is null || p.PriceLower is not { } lower || p.PriceUpper is not { } upper)
            {
                continue; // no policy, or a full-range (v2) position: no lower bound to strike at
            }

            // What the owner's caps on the option controller leave (open notional in wei, premiums in feed units).
            var book = await new OptionHedgeController(rpc, optionController).BookOfAsync(p.ProtectedPositionId!.Value, BlockParameter.Latest, ct);
            var notionalRoom = OptionUnits.FromRaw(book.MaxOpenNotional - book.OpenNotional, OptionUnits.BaseDecimals);
            var premiumRoom = OptionUnits.FromRaw(book.MaxOpenPremium - book.OpenPremium, deployment.FeedDecimals);
            var (price, _, value) = Features(score.Features);
            if (OptionSuggestionPlanner.Plan(choice, lower, upper, p.EntryPrice, p.EntryAmount0, price, value, score.ForecastVolatility,
                    _o.OptionMarket, _o.OptionMaxPremiumMarginPct, chainNow, notionalRoom, premiumRoom) is not { } plan)
            {
                continue;
            }

            try
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                var (s, leg) = await OptionProposals.ProposeAsync(db, p.Id, plan.Terms, plan.ExpectedPremium, plan.Reason, now, TimeSpan.FromMinutes(_o.TimeToLiveMinutes), ct);
                Logger.LogInformation("Suggestion {Id} for position {Position}: buy a put {Notional} @ {Strike} for about {Premium} USD ({Policy})", s.Id, p.Id, leg.Notional, leg.Strike, plan.ExpectedPremium, choice.Text);
                alerts.Publish(new Alert(AlertKinds.SuggestionCreated, $"Option suggestion for position {p.Id}: put {leg.Notional:0.####} @ {leg.Strike:0.##}",
                    new Dictionary<string, object?> { ["suggestionId"] = s.Id, ["positionId"] = p.Id, ["instrument"] = "put", ["reason"] = s.Reason }));
            }
            catch (Exception ex) when (ex is DbUpdateConcurrencyException || ex.GetBaseException() is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                Logger.LogDebug("Option suggestion for position {Position} raced: {Message}", p.Id, ex.GetBaseException().Message);
            }
        }
    }

    private async Task WithdrawAsync(IDbContextFactory<HedgeDbContext> dbFactory, long id, string why, CancellationToken ct)
    {
        var now = Time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var s = await db.Suggestions.SingleAsync(x => x.Id == id, ct);
        if (s.Status != SuggestionStatus.Pending)
        {
            return;
        }

        s.Status = SuggestionStatus.Superseded;
        Audit(db, now, "suggestion.withdrawn", s.Id, new { positionId = s.PositionId, reason = why });
        await db.SaveChangesAsync(ct);
        await LiveUpdates.NotifyAsync(db, "suggestion", s.Id, "superseded", ct);
        await tx.CommitAsync(ct);
    }

    private async Task ApplyAutoPolicyAsync(IDbContextFactory<HedgeDbContext> dbFactory, CancellationToken ct)
    {
        var now = Time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pending = await db.Suggestions.AsNoTracking()
            .Where(s => s.Status == SuggestionStatus.Pending && s.ExpiresAt > now && s.Position!.Policy.Mode == ExecutionMode.Auto && s.PortfolioSuggestionId == null && s.Advisory == null
                && s.OptionLeg == null) // options are bought by a person's approval only: the auto limits are ratio notionals
            .Select(s => new { Suggestion = s, s.Position!.Policy, Features = s.RiskScore != null ? s.RiskScore.Features : "{}", s.Position.Pool!.Chain!.PausedReason })
            .ToListAsync(ct);
        if (pending.Count == 0)
        {
            return;
        }

        var settings = await db.AppSettings.AsNoTracking().SingleOrDefaultAsync(ct);
        var oracle = await db.OracleHealth.AsNoTracking().SingleOrDefaultAsync(h => h.Pair == _pair, ct);
        var dayAgo = now.AddDays(-1);
        foreach (var item in pending)
        {
            var s = item.Suggestion;
            var approvedToday = await db.Suggestions.AsNoTracking()
                .Where(x => x.PositionId == s.PositionId && x.DecidedBy == Decider.PolicyName && x.DecidedAt > dayAgo
                    && x.Status != SuggestionStatus.Rejected && x.Status != SuggestionStatus.Pending)
                .Select(x => new { x.CurrentRatio, x.ProposedRatio, x.DecidedAt, Features = x.RiskScore != null ? x.RiskScore.Features : "{}" })
                .ToListAsync(ct);
            var used = approvedToday.Sum(a =>
            {
                var (pr, d0, _) = Features(a.Features);
                return AutoPolicy.Notional(a.CurrentRatio, a.ProposedRatio, d0, pr);
            });
            var (price, delta0, _) = Features(item.Features);
            var decision = AutoPolicy.Evaluate(new AutoPolicyInput(
                item.Policy, s.CurrentRatio, s.ProposedRatio, AutoPolicy.Notional(s.CurrentRatio, s.ProposedRatio, delta0, price), used,
                approvedToday.Max(a => a.DecidedAt), oracle?.IsHealthy == true, oracle?.Reason, settings?.CircuitBreakerOn == true, settings?.CircuitBreakerReason, now)
            {
                ChainPausedReason = item.PausedReason,
            });
            if (decision.Approve)
            {
                var result = await approvals.ApproveAsync(s.Id, Decider.Policy, $"auto-execute policy: {decision.Reason}", ct);
                _declined.Remove(s.Id);
                if (result.Outcome == DecisionOutcome.Decided)
                {
                    alerts.Publish(new Alert(AlertKinds.ExecutionRequested, $"Auto-execute approved suggestion {s.Id} (position {s.PositionId}): {s.CurrentRatio:0.##} -> {s.ProposedRatio:0.##}",
                        new Dictionary<string, object?> { ["suggestionId"] = s.Id, ["executionId"] = result.ExecutionId, ["positionId"] = s.PositionId, ["targetRatio"] = s.ProposedRatio }));
                }
            }
            else if (!_declined.TryGetValue(s.Id, out var prior) || prior != ReasonKind(decision.Reason))
            {
                _declined[s.Id] = ReasonKind(decision.Reason);
                await using var audit = await dbFactory.CreateDbContextAsync(ct);
                audit.AuditLog.Add(new AuditLogEntry
                {
                    At = now,
                    Actor = WorkerActors.Policy,
                    Action = "policy.declined",
                    EntityType = "hedge_suggestion",
                    EntityId = s.Id.ToString(CultureInfo.InvariantCulture),
                    Details = JsonSerializer.Serialize(new { positionId = s.PositionId, reason = decision.Reason }),
                });
                await audit.SaveChangesAsync(ct);
                Logger.LogInformation("Auto-execute declined suggestion {Id}: {Reason}", s.Id, decision.Reason);
            }
        }
    }

    private static string ReasonKind(string reason) => reason.Split(':')[0];

    private static (double Price, double Delta0, double Value) Features(string json)
    {
        using var doc = JsonDocument.Parse(string.IsNullOrEmpty(json) ? "{}" : json);
        var r = doc.RootElement;
        static double Get(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : 0;
        return (Get(r, "price"), Get(r, "delta0"), Get(r, "valueUsd"));
    }

    /// <summary>The ratio policy the score names (null for scores written before it was recorded).</summary>
    private static HedgeRatioPolicy? PolicyOf(string? json)
    {
        using var doc = JsonDocument.Parse(string.IsNullOrEmpty(json) ? "{}" : json);
        return doc.RootElement.TryGetProperty("policy", out var v) && v.ValueKind == JsonValueKind.String
            && EnumText<HedgeRatioPolicy>.Values.Contains(v.GetString()) ? EnumText<HedgeRatioPolicy>.Parse(v.GetString()!) : null;
    }

    private static string Describe(HedgeRatioPolicy? policy) => policy switch
    {
        HedgeRatioPolicy.Model => "cost-aware model policy (hedge while P(IL) is on and the saving beats twice the trade cost)",
        HedgeRatioPolicy.Seed => "seed policy min(2 x risk, 1)",
        _ => "recommended",
    };

    private static void Audit(HedgeDbContext db, DateTimeOffset at, string action, long? id, object details) =>
        db.AuditLog.Add(new AuditLogEntry
        {
            At = at,
            Actor = WorkerActors.Suggestions,
            Action = action,
            EntityType = "hedge_suggestion",
            EntityId = id?.ToString(CultureInfo.InvariantCulture),
            Details = JsonSerializer.Serialize(details),
        });
}
