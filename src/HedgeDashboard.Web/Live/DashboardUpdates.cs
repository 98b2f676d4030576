namespace HedgeDashboard.Web.Live;

/// <summary>
/// The one place the pipeline's changes reach open pages: a singleton that pages subscribe to
/// (Postgres LISTEN feeds it, see <see cref="PostgresUpdateListener"/>). Callbacks run without blocking the
/// publisher; components wrap them in InvokeAsync, throttle, and dispose the subscription.
/// </summary>
public sealed class DashboardUpdates(ILogger<DashboardUpdates> log)
{
    private readonly Lock _lock = new();
    private Subscription[] _subscriptions = [];
    private long _positionsVersion;

    public int SubscriberCount => Volatile.Read(ref _subscriptions).Length;

    /// <summary>
    /// How many changes to what the positions grid shows have been announced. Raised before any subscriber runs, so a
    /// cache that compares it with the version its data was loaded at never serves a subscriber data older than the
    /// change it is reacting to, whatever order the subscribers run in.
    /// </summary>
    public long PositionsVersion => Interlocked.Read(ref _positionsVersion);

    public IDisposable Subscribe(Func<DashboardUpdate, Task> callback)
    {
        var s = new Subscription(this, callback);
        lock (_lock)
        {
            _subscriptions = [.. _subscriptions, s];
        }

        return s;
    }

    public void Publish(DashboardUpdate update)
    {
        if (update.AffectsPositions)
        {
            Interlocked.Increment(ref _positionsVersion);
        }

        foreach (var s in Volatile.Read(ref _subscriptions))
        {
            _ = InvokeAsync(s, update);
        }
    }

    private async Task InvokeAsync(Subscription s, DashboardUpdate update)
    {
        try
        {
            await s.Callback(update);
        }
        catch (Exception ex)
        {
            log.LogWarning(ex, "A live-update subscriber failed on {Kind}:{Id}", update.Kind, update.Id);
        }
    }

    private void Remove(Subscription s)
    {
        lock (_lock)
        {
            _subscriptions = [.. _subscriptions.Where(x => !ReferenceEquals(x, s))];
        }
    }

    private sealed class Subscription(DashboardUpdates owner, Func<DashboardUpdate, Task> callback) : IDisposable
    {
        public Func<DashboardUpdate, Task> Callback { get; } = callback;

        public void Dispose() => owner.Remove(this);
    }
}
