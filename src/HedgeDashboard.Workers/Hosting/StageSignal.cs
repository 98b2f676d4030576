namespace HedgeDashboard.Workers.Hosting;

/// <summary>
/// Wakes a stage early when its input changed (in process; <see cref="PipelineListener"/> forwards the
/// notices of other instances). Setting it twice before the stage wakes counts once.
/// </summary>
public sealed class StageSignal
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Set()
    {
        try
        {
            _semaphore.Release();
        }
        catch (SemaphoreFullException)
        {
            // already signalled
        }
    }

    /// <summary>Waits for a signal or the timeout, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct) => await _semaphore.WaitAsync(timeout, ct);
}

/// <summary>The signals between stages: ingestion -> scoring -> suggestions; events -> indexer.</summary>
public sealed class PipelineSignals
{
    /// <summary>New prices were stored (scoring should run).</summary>
    public StageSignal PricesIngested { get; } = new();

    /// <summary>New risk scores were stored (suggestions should run).</summary>
    public StageSignal ScoresWritten { get; } = new();

    /// <summary>A new block arrived (the indexer may look for logs).</summary>
    public StageSignal NewBlock { get; } = new();
}
