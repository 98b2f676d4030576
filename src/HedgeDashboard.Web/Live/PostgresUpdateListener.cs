using HedgeDashboard.Workers.Approvals;
using Npgsql;

namespace HedgeDashboard.Web.Live;

/// <summary>
/// LISTENs on the hedge_updates channel and hands each notification to <see cref="DashboardUpdates"/>, so every
/// instance's open pages see changes made by any stage or instance. Reconnects after a lost connection. Each time
/// it starts listening it announces "positions:0:listening", so pages reload what changed while nobody listened:
/// between a lost connection and the new LISTEN, and at start-up, when pages may load before the first LISTEN.
/// </summary>
public sealed class PostgresUpdateListener(IConfiguration config, DashboardUpdates updates, ILogger<PostgresUpdateListener> log) : BackgroundService
{
    /// <summary>The LISTEN connection's application_name in pg_stat_activity.</summary>
    public const string ApplicationName = "hedge-live-updates";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var cs = new NpgsqlConnectionStringBuilder(config.GetConnectionString("Hedge")) { KeepAlive = 30, Pooling = false, ApplicationName = ApplicationName }.ConnectionString;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var conn = new NpgsqlConnection(cs);
                conn.Notification += (_, e) =>
                {
                    if (DashboardUpdate.TryParse(e.Payload, out var u))
                    {
                        updates.Publish(u);
                    }
                };
                await conn.OpenAsync(stoppingToken);
                await using (var cmd = new NpgsqlCommand($"LISTEN {HedgeUpdates.Channel}", conn))
                {
                    await cmd.ExecuteNonQueryAsync(stoppingToken);
                }

                updates.Publish(DashboardUpdate.Listening);
                log.LogDebug("Listening on {Channel}", HedgeUpdates.Channel);
                while (!stoppingToken.IsCancellationRequested)
                {
                    await conn.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Any failure, not only the expected kinds: a listener that stopped would leave every open page stale.
                log.LogWarning("Live updates: lost the database connection ({Message}); retrying in 3 s", ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(3), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
