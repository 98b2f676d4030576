using HedgeDashboard.Workers.Approvals;
using Npgsql;

namespace HedgeDashboard.Web.Live;

/// <summary>
/// LISTENs on the hedge_updates channel and hands each notification to <see cref="DashboardUpdates"/>, so every
/// instance's open pages see changes made by any stage or instance. Reconnects after a lost connection, then
/// announces "positions:0:reconnected" so pages reload what they might have missed.
/// </summary>
public sealed class PostgresUpdateListener(IConfiguration config, DashboardUpdates updates, ILogger<PostgresUpdateListener> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var cs = new NpgsqlConnectionStringBuilder(config.GetConnectionString("Hedge")) { KeepAlive = 30, Pooling = false }.ConnectionString;
        var first = true;
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

                if (!first)
                {
                    updates.Publish(new DashboardUpdate("positions", 0, "reconnected"));
                }

                first = false;
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
            catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or IOException or InvalidOperationException)
            {
                log.LogWarning("Live updates: lost the database connection ({Message}); retrying in 3 s", ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(3), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
