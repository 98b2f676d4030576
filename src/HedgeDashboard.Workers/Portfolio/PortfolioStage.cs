using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Workers.Approvals;
using HedgeDashboard.Workers.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HedgeDashboard.Workers.Portfolio;

/// <summary>
/// Proposes portfolio suggestions without a person pressing "Propose": every
/// <see cref="PortfolioOptions.ProposeIntervalSeconds"/>, expires pending portfolio suggestions past their time, and,
/// when none is pending and no update of an open protected position is in flight (its on-chain ratio is not final
/// yet, so the plan would repeat it), writes one through <see cref="PortfolioSuggestionService.ProposeAsync(Decider, double, CancellationToken)"/> if
/// the optimizer moves some position's ratio by at least <see cref="PortfolioOptions.MinRatioChange"/>. That call
/// applies the auto-execute policy to the whole when every member's position is in auto mode.
/// </summary>
public sealed class PortfolioStage(
    IServiceScopeFactory scopes,
    StageHealth health,
    TimeProvider time,
    ILogger<PortfolioStage> logger,
    IOptions<PortfolioOptions> options,
    WorkerDatabase database) : PipelineStage(scopes, health, time, logger)
{
    public const string Actor = "system:portfolio";
    private static readonly ExecutionStatus[] InFlight = [ExecutionStatus.Pending, ExecutionStatus.Signed, ExecutionStatus.Broadcast, ExecutionStatus.Mined];
    private static readonly Decider Proposer = new(Actor, true);

    public override string Name => "portfolio";

    protected override TimeSpan Interval => TimeSpan.FromSeconds(options.Value.ProposeIntervalSeconds);

    protected override string ConnectionString => database.ConnectionString;

    protected override async Task RunTickAsync(IServiceProvider services, CancellationToken ct) =>
        await RunOnceAsync(services.GetRequiredService<IDbContextFactory<HedgeDbContext>>(), services.GetRequiredService<PortfolioSuggestionService>(), ct);

    /// <summary>One pass; returns what it did (for the log and the tests).</summary>
    internal async Task<string> RunOnceAsync(IDbContextFactory<HedgeDbContext> dbFactory, PortfolioSuggestionService portfolio, CancellationToken ct)
    {
        var now = Time.GetUtcNow();
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await ExpireAsync(db, now, ct);
            if (await db.PortfolioSuggestions.AnyAsync(p => p.Status == SuggestionStatus.Pending, ct))
            {
                return "a portfolio suggestion is pending";
            }

            if (await db.Executions.AnyAsync(e => InFlight.Contains(e.Status) && e.Position!.Status == PositionStatus.Open && e.Position.ProtectedPositionId != null, ct))
            {
                return "an update is in flight";
            }
        }

        var (id, message) = await portfolio.ProposeAsync(Proposer, options.Value.MinRatioChange, ct);
        if (id is not null)
        {
            Logger.LogInformation("Portfolio stage: {Message}", message);
        }

        return message;
    }

    private static async Task ExpireAsync(HedgeDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var expired = await db.PortfolioSuggestions.Include(p => p.Members)
            .Where(p => p.Status == SuggestionStatus.Pending && p.ExpiresAt <= now).ToListAsync(ct);
        foreach (var p in expired)
        {
            p.Status = SuggestionStatus.Expired;
            foreach (var m in p.Members.Where(m => m.Status == SuggestionStatus.Pending))
            {
                m.Status = SuggestionStatus.Expired;
            }

            db.AuditLog.Add(new AuditLogEntry
            {
                At = now,
                Actor = Actor,
                Action = "portfolio_suggestion.expired",
                EntityType = "portfolio_suggestion",
                EntityId = p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Details = """{"by":"time to live"}""",
            });
        }

        await db.SaveChangesAsync(ct);
    }
}
