namespace HedgeDashboard.Workers.Alerts;

/// <summary>Kinds of alert the pipeline and the relayer raise.</summary>
public static class AlertKinds
{
    public const string SuggestionCreated = "suggestion.created";
    public const string ExecutionRequested = "execution.requested";
    public const string ExecutionConfirmed = "execution.confirmed";
    public const string ExecutionFailed = "execution.failed";
    public const string ExecutionStuck = "execution.stuck";
    public const string PositionOutOfRange = "position.out_of_range";
    public const string OracleUnhealthy = "oracle.unhealthy";
    public const string OracleHealthy = "oracle.healthy";
}

/// <summary>One alert: a kind, a one-line summary, and data for the receiver (serialized as JSON).</summary>
public sealed record Alert(string Kind, string Summary, IReadOnlyDictionary<string, object?> Data)
{
    public DateTimeOffset At { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>Unique per alert, so a receiver can drop duplicates of a retried delivery.</summary>
    public string Id { get; init; } = Guid.NewGuid().ToString("N");
}

/// <summary>Where alerts go (the webhook when configured). Publishing never throws and never blocks on delivery.</summary>
public interface IAlertSink
{
    void Publish(Alert alert);
}
