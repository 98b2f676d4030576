using System.CommandLine;
using HedgeDashboard.Data;
using Npgsql;

namespace HedgeDashboard.Cli.Commands;

/// <summary><c>hedge db migrate</c> (the explicit production migration) and <c>hedge db status</c>.</summary>
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

        return new Command("db", "Database schema: migrate, status") { migrate, status };
    }
}
