using HedgeDashboard.Data.Maintenance;
using HedgeDashboard.Workers.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HedgeDashboard.Workers.Retention;

/// <summary>
/// Runs <see cref="TimeSeriesRetention"/> once per interval on one instance (advisory lock), so per-block
/// prices and risk scores stop growing without bound. `hedge db retention` runs the same code by hand.
/// </summary>
public sealed class RetentionStage(
    IServiceScopeFactory scopes,
    StageHealth health,
    TimeProvider time,
    ILogger<RetentionStage> logger,
    IOptions<RetentionOptions> options,
    WorkerDatabase database) : PipelineStage(scopes, health, time, logger)
{
    public override string Name => "retention";

    protected override TimeSpan Interval => TimeSpan.FromHours(options.Value.IntervalHours);

    protected override string ConnectionString => database.ConnectionString;

    protected override async Task RunTickAsync(IServiceProvider services, CancellationToken ct)
    {
        var report = await TimeSeriesRetention.RunAsync(database.ConnectionString, options.Value.Policy, Time.GetUtcNow(), ct);
        if (report.DaysProcessed > 0)
        {
            Logger.LogInformation(
                "Retention: {Days} day(s), {Written} hourly price rows written, {Deleted} per-block price rows deleted, {Scores} risk scores thinned",
                report.DaysProcessed, report.HourlyPriceRowsWritten, report.RawPriceRowsDeleted, report.RiskScoresDeleted);
        }
    }
}
