namespace HedgeDashboard.Web.Live;

/// <summary>Runs an action at most once per interval, however often it is triggered; the last trigger always gets a run.</summary>
public sealed class Throttle(TimeSpan interval, Func<Task> action, TimeProvider? time = null) : IDisposable
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _lock = new();
    private bool _scheduled;
    private bool _disposed;
    private long _lastRun;

    public void Trigger()
    {
        TimeSpan delay;
        lock (_lock)
        {
            if (_scheduled || _disposed)
            {
                return;
            }

            _scheduled = true;
            var since = _time.GetElapsedTime(_lastRun);
            delay = _lastRun == 0 || since >= interval ? TimeSpan.Zero : interval - since;
        }

        _ = RunAsync(delay);
    }

    private async Task RunAsync(TimeSpan delay)
    {
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, _time);
        }

        lock (_lock)
        {
            _scheduled = false;
            _lastRun = _time.GetTimestamp();
            if (_disposed)
            {
                return;
            }
        }

        try
        {
            await action();
        }
        catch (ObjectDisposedException)
        {
            // The component went away while the refresh was queued.
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
        }
    }
}
