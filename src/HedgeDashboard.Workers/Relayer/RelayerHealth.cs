namespace HedgeDashboard.Workers.Relayer;

/// <summary>In-process state of this instance's relayer loop (the stored per-execution state is in the database).</summary>
public sealed class RelayerHealth
{
    private readonly Lock _gate = new();

    public string InstanceId { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

    public string? SenderAddress { get; private set; }

    public bool HoldsLock { get; private set; }

    public DateTimeOffset? LastTickAt { get; private set; }

    public DateTimeOffset? RpcDownSince { get; private set; }

    public string? LastError { get; private set; }

    /// <summary>Transactions this instance handed to the node (first sends, bumps, re-broadcasts, gap fillers).</summary>
    public long Broadcasts => Interlocked.Read(ref _broadcasts);

    private long _broadcasts;

    public string State
    {
        get
        {
            lock (_gate)
            {
                return RpcDownSince is not null ? "rpc-unreachable" : HoldsLock ? "sending" : "standby";
            }
        }
    }

    internal void SetSender(string address) => SenderAddress = address;

    internal void SetLock(bool held)
    {
        lock (_gate)
        {
            HoldsLock = held;
        }
    }

    internal void TickOk(DateTimeOffset now)
    {
        lock (_gate)
        {
            LastTickAt = now;
            RpcDownSince = null;
            LastError = null;
        }
    }

    /// <summary>Returns true on the transition from up to down.</summary>
    internal bool RpcDown(DateTimeOffset now, string error)
    {
        lock (_gate)
        {
            LastError = error;
            if (RpcDownSince is null)
            {
                RpcDownSince = now;
                return true;
            }

            return false;
        }
    }

    internal void Error(string error)
    {
        lock (_gate)
        {
            LastError = error;
        }
    }

    internal void CountBroadcast() => Interlocked.Increment(ref _broadcasts);

    /// <summary>Cumulative time spent in each phase of the send path (sign, broadcast, follow), for figures and diagnosis.</summary>
    public (TimeSpan Sign, TimeSpan Broadcast, TimeSpan Follow) PhaseTimes
    {
        get
        {
            lock (_gate)
            {
                return (_sign, _broadcast, _follow);
            }
        }
    }

    private TimeSpan _sign, _broadcast, _follow;
    private readonly Dictionary<string, (TimeSpan Total, long Count)> _steps = new(StringComparer.Ordinal);

    /// <summary>Cumulative wall time and count of each step inside the phases (node calls, database, signing), for the benchmark's profile.</summary>
    public IReadOnlyList<(string Step, TimeSpan Total, long Count)> StepTimes
    {
        get
        {
            lock (_gate)
            {
                return [.. _steps.Select(kv => (kv.Key, kv.Value.Total, kv.Value.Count))];
            }
        }
    }

    internal void AddStep(string step, TimeSpan elapsed, long count = 1)
    {
        lock (_gate)
        {
            var (total, n) = _steps.GetValueOrDefault(step);
            _steps[step] = (total + elapsed, n + count);
        }
    }

    internal void AddPhases(TimeSpan sign, TimeSpan broadcast, TimeSpan follow)
    {
        lock (_gate)
        {
            _sign += sign;
            _broadcast += broadcast;
            _follow += follow;
        }
    }
}
