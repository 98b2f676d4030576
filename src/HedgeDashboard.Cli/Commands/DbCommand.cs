using System.CommandLine;
using HedgeDashboard.Data;
using HedgeDashboard.Data.Maintenance;
using Npgsql;

namespace HedgeDashboard.Cli.Commands;

/// <summary><c>hedge db migrate</c> (the explicit production migration), <c>hedge db status</c> and <c>hedge db retention</c>.</summary>
internal static class DbCommand
{
    public static Command Create(CliContext context)
    {
        var connection = DbConnectionOption.Create();
        var migrate = new Command("migrate", "Apply pending migrations (what the web app does at start-up in Development)") { connection };
        migrate.SetAction(async (parsed, ct) =>
        {
            var cs = DbConnectionOption.Resolve(parsed.GetValue(connection));
            try
            {
                var applied = await new DatabaseMigrator(cs).MigrateAsync(ct);
                var target = HedgeDataServiceCollectionExtensions.DescribeTarget(cs);
                context.Output.WriteLine(applied.Count == 0
                    ? $"{target}: up to date"
                    : $"{target}: applied {applied.Count} migration(s): {string.Join(", ", applied)}");
                return HedgeCli.ExitOk;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                return DbConnectionOption.Fail(context, cs, e);
            }
        });

        var status = new Command("status", "List migrations the database has not applied") { connection };
        status.SetAction(async (parsed, ct) =>
        {
            var cs = DbConnectionOption.Resolve(parsed.GetValue(connection));
            try
            {
                var pending = await new DatabaseMigrator(cs).PendingAsync(ct);
                var target = HedgeDataServiceCollectionExtensions.DescribeTarget(cs);
                context.Output.WriteLine(pending.Count == 0 ? $"{target}: up to date" : $"{target}: pending: {string.Join(", ", pending)}");
                return HedgeCli.ExitOk;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                return DbConnectionOption.Fail(context, cs, e);
            }
        });

        var poolDays = new Option<int>("--pool-days") { Description = "Keep per-block pool prices raw for this many days", DefaultValueFactory = _ => new RetentionPolicy().RawPoolPriceDays };
        var scoreDays = new Option<int>("--score-days") { Description = "Keep every risk score for this many days", DefaultValueFactory = _ => new RetentionPolicy().RawRiskScoreDays };
        var retention = new Command("retention", "Roll old per-block prices up to hourly closes and thin old risk scores (what the daily retention stage runs)")
        {
            connection, poolDays, scoreDays,
        };
        retention.SetAction(async (parsed, ct) =>
        {
            var policy = new RetentionPolicy(parsed.GetValue(poolDays), parsed.GetValue(scoreDays));
            if (policy.Validate() is { } problem)
            {
                context.Error.WriteLine($"hedge db retention: {problem}");
                return HedgeCli.ExitBadInput;
            }

            var cs = DbConnectionOption.Resolve(parsed.GetValue(connection));
            try
            {
                var r = await TimeSeriesRetention.RunAsync(cs, policy, DateTimeOffset.UtcNow, ct);
                context.Output.WriteLine(
                    $"{HedgeDataServiceCollectionExtensions.DescribeTarget(cs)}: {r.DaysProcessed} day(s); {r.HourlyPriceRowsWritten} hourly price rows written, " +
                    $"{r.RawPriceRowsDeleted} per-block price rows deleted, {r.RiskScoresDeleted} risk scores thinned");
                return HedgeCli.ExitOk;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                return DbConnectionOption.Fail(context, cs, e);
            }
        });

        return new Command("db", "Database schema and upkeep: migrate, status, retention") { migrate, status, retention };
    }
}
