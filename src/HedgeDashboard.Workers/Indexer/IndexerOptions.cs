using Microsoft.Extensions.Options;

namespace HedgeDashboard.Workers.Indexer;

/// <summary>Section "Workers:Indexer".</summary>
public sealed class IndexerOptions
{
    public const string SectionName = "Workers:Indexer";

    public bool Enabled { get; set; } = true;

    /// <summary>Fallback tick when no new-block signal arrives (milliseconds).</summary>
    public int IntervalMilliseconds { get; set; } = 1000;

    /// <summary>Blocks re-read behind the last indexed one, so a reorg shallower than this is repaired.</summary>
    public int ReorgDepth { get; set; } = 12;

    /// <summary>
    /// First block to index when nothing is indexed yet (the controller's deployment block or 0), and where a newly tracked
    /// NFT's collect/decrease history is read from (before its first position is minted); read once, as the position's
    /// cursor keeps the block it was indexed through.
    /// </summary>
    public long StartBlock { get; set; }

    /// <summary>Largest block range of one getLogs call (the client halves it further when the node refuses).</summary>
    public int MaxBlockRange { get; set; } = 5000;
}

public sealed class IndexerOptionsValidator : IValidateOptions<IndexerOptions>
{
    public ValidateOptionsResult Validate(string? name, IndexerOptions o)
    {
        var errors = new List<string>();
        if (o.IntervalMilliseconds is < 10 or > 600_000)
        {
            errors.Add($"Workers:Indexer:IntervalMilliseconds must be in [10, 600000], got {o.IntervalMilliseconds}.");
        }

        if (o.ReorgDepth is < 0 or > 1000)
        {
            errors.Add($"Workers:Indexer:ReorgDepth must be in [0, 1000], got {o.ReorgDepth}.");
        }

        if (o.StartBlock < 0)
        {
            errors.Add($"Workers:Indexer:StartBlock cannot be negative, got {o.StartBlock}.");
        }

        if (o.MaxBlockRange <= 0)
        {
            errors.Add($"Workers:Indexer:MaxBlockRange must be positive, got {o.MaxBlockRange}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
