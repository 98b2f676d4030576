namespace HedgeDashboard.Workers.Hosting;

/// <summary>Actor names the stages write into the audit log.</summary>
public static class WorkerActors
{
    public const string Ingestion = "system:ingestion";
    public const string Scoring = "system:scoring";
    public const string Suggestions = "system:suggestions";
    public const string Indexer = "system:indexer";
    public const string Policy = Approvals.Decider.PolicyName;
}
