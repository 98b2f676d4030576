namespace HedgeDashboard.Data.Entities;

/// <summary>One broadcast of an execution (the first send or a fee bump).</summary>
public sealed class ExecutionAttempt
{
    public long Id { get; set; }

    public long ExecutionId { get; set; }

    public HedgeExecution? Execution { get; set; }

    /// <summary>1 for the first broadcast, then 2, 3... per fee bump.</summary>
    public int AttemptNumber { get; set; }

    public required string TxHash { get; set; }

    public long Nonce { get; set; }

    public decimal MaxFeePerGas { get; set; }

    public decimal MaxPriorityFeePerGas { get; set; }

    public DateTimeOffset BroadcastAt { get; set; }

    /// <summary>RPC answer when the send did not simply succeed ("already known", ...).</summary>
    public string? Outcome { get; set; }
}
