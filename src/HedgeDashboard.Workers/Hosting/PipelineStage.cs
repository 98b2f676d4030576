using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HedgeDashboard.Workers.Hosting;

/// <summary>
/// The loop every stage runs: one DI scope per tick, exceptions caught and logged per tick, the interval
/// from the stage's options. A stage wakes early when its <see cref="WakeUp"/> signal is set (the next stage
/// of the pipeline need not wait for its interval), which is why this waits on the signal with a timeout
/// instead of a bare <see cref="PeriodicTimer"/>. With <see cref="SingleRunner"/>, an advisory lock makes one
/// instance the runner and the others standbys.
/// </summary>
public abstract class PipelineStage(IServiceScopeFactory scopes, StageHealth health, TimeProvider time, ILogger logger) : BackgroundService
{
    /// <summary>Stage name for logs, health and the advisory lock.</summary>
    public abstract string Name { get; }

    protected abstract TimeSpan Interval { get; }

    protected virtual StageSignal? WakeUp => null;

    /// <summary>When true, only the instance holding the stage's advisory lock runs ticks.</summary>
    protected virtual bool SingleRunner => true;

    /// <summary>Connection string for the advisory lock (only read when <see cref="SingleRunner"/>).</summary>
    protected abstract string ConnectionString { get; }

    protected ILogger Logger => logger;

    protected TimeProvider Time => time;

    protected StageHealth Health => health;

    protected abstract Task RunTickAsync(IServiceProvider services, CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        await using var stageLock = SingleRunner ? new StageLock(ConnectionString, Name) : null;
        logger.LogInformation("Stage {Stage} started (interval {Interval})", Name, Interval);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (stageLock is not null && !await stageLock.TryAcquireAsync(stoppingToken))
                {
                    health.Standby(Name, time.GetUtcNow());
                }
                else
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await RunTickAsync(scope.ServiceProvider, stoppingToken);
                    health.Succeeded(Name, time.GetUtcNow());
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                health.Failed(Name, time.GetUtcNow(), ex.GetBaseException().Message);
                var failures = health.Get(Name)?.ConsecutiveFailures ?? 1;
                if (failures <= 3 || failures % 50 == 0)
                {
                    logger.LogWarning(ex, "Stage {Stage} tick failed ({Failures} in a row)", Name, failures);
                }
            }

            try
            {
                if (WakeUp is { } signal)
                {
                    await signal.WaitAsync(Interval, stoppingToken);
                }
                else
                {
                    await Task.Delay(Interval, time, stoppingToken);
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
