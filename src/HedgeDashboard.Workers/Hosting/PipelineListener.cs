using HedgeDashboard.Workers.Live;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace HedgeDashboard.Workers.Hosting;

/// <summary>
/// LISTENs on the live-update channel so that a stage running in this instance wakes when another instance
/// stored its input: new prices wake scoring, new scores wake suggestions. Reconnects after a lost connection.
/// </summary>
public sealed class PipelineListener(WorkerDatabase database, PipelineSignals signals, ILogger<PipelineListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var cs = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false, KeepAlive = 30, ApplicationName = "hedge-pipeline-listener" };
                await using var conn = new NpgsqlConnection(cs.ConnectionString);
                await conn.OpenAsync(stoppingToken);
                conn.Notification += (_, e) => Route(e.Payload);
                await using (var cmd = new NpgsqlCommand($"LISTEN {LiveUpdates.Channel}", conn))
                {
                    await cmd.ExecuteNonQueryAsync(stoppingToken);
                }

                while (!stoppingToken.IsCancellationRequested)
                {
                    await conn.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogWarning("Pipeline listener lost its connection ({Message}); reconnecting", ex.GetBaseException().Message);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    private void Route(string payload)
    {
        if (!LiveUpdates.TryParse(payload, out var kind, out _, out _))
        {
            return;
        }

        switch (kind)
        {
            case "prices":
                signals.PricesIngested.Set();
                break;
            case "risk":
                signals.ScoresWritten.Set();
                break;
        }
    }
}
