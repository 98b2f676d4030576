namespace HedgeDashboard.Workers.Approvals;

/// <summary>What happened to one decision request.</summary>
public enum DecisionOutcome
{
    /// <summary>This call decided it (and, for an approval, created the execution request).</summary>
    Decided,

    /// <summary>Already decided the same way (a double click, a retry): nothing new was written.</summary>
    AlreadyDecided,

    /// <summary>Someone or something decided otherwise first, or it is no longer pending (expired, superseded).</summary>
    Conflict,

    NotFound,

    /// <summary>The decider has no right to decide; the attempt is in the audit log.</summary>
    Forbidden,
}

public sealed record DecisionResult(long SuggestionId, DecisionOutcome Outcome, string Message, long? ExecutionId = null)
{
    public bool Succeeded => Outcome is DecisionOutcome.Decided or DecisionOutcome.AlreadyDecided;
}
