using System.Collections.Concurrent;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HedgeDashboard.Workers.Hosting;

/// <summary>
/// What one stage last did, for the health endpoint and the dashboard. <paramref name="Note"/> is what a working stage
/// wants known (e.g. scoring with a fallback model), null when nothing.
/// </summary>
public sealed record StageStatus(string Stage, DateTimeOffset? LastSuccess, DateTimeOffset? LastFailure, string? LastError, int ConsecutiveFailures, bool Standby, string? Note = null);

/// <summary>Per-stage status of this process's workers (singleton).</summary>
public sealed class StageHealth
{
    private readonly ConcurrentDictionary<string, StageStatus> _stages = new();

    public IReadOnlyCollection<StageStatus> All => _stages.Values.OrderBy(s => s.Stage, StringComparer.Ordinal).ToList();

    public StageStatus? Get(string stage) => _stages.TryGetValue(stage, out var s) ? s : null;

    public void Succeeded(string stage, DateTimeOffset at) =>
        _stages.AddOrUpdate(stage, _ => new(stage, at, null, null, 0, false), (_, s) => s with { LastSuccess = at, ConsecutiveFailures = 0, Standby = false });

    public void Failed(string stage, DateTimeOffset at, string error) =>
        _stages.AddOrUpdate(stage, _ => new(stage, null, at, error, 1, false), (_, s) => s with { LastFailure = at, LastError = error, ConsecutiveFailures = s.ConsecutiveFailures + 1 });

    /// <summary>Sets or clears (null) the stage's note; it does not change whether the stage is failing.</summary>
    public void Noted(string stage, string? note) =>
        _stages.AddOrUpdate(stage, _ => new(stage, null, null, null, 0, false, note), (_, s) => s with { Note = note });

    /// <summary>Another instance holds the stage's lock; this one waits.</summary>
    public void Standby(string stage, DateTimeOffset at) =>
        _stages.AddOrUpdate(stage, _ => new(stage, null, null, null, 0, true), (_, s) => s with { Standby = true, ConsecutiveFailures = 0 });
}

/// <summary>"workers" health check: degraded while a stage keeps failing (e.g. the chain is unreachable).</summary>
public sealed class WorkersHealthCheck(StageHealth health) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failing = health.All.Where(s => s.ConsecutiveFailures >= 3).ToList();
        var data = health.All.ToDictionary(s => s.Stage, s => (object)(s.Standby ? "standby" : s.ConsecutiveFailures > 0 ? $"failing: {s.LastError}" : s.Note is { } n ? $"ok; {n}" : "ok"));
        return Task.FromResult(failing.Count == 0
            ? HealthCheckResult.Healthy("workers running", data)
            : HealthCheckResult.Degraded($"failing: {string.Join("; ", failing.Select(f => $"{f.Stage}: {f.LastError}"))}", data: data));
    }
}
