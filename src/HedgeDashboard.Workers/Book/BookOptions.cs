using Microsoft.Extensions.Options;

namespace HedgeDashboard.Workers.Book;

/// <summary>Section "Workers:Book": how the chain followers poll and batch.</summary>
public sealed class BookOptions
{
    public const string SectionName = "Workers:Book";

    public bool Enabled { get; set; } = true;

    /// <summary>How often each chain's follower asks its node for a new block.</summary>
    public int PollIntervalMilliseconds { get; set; } = 1000;

    /// <summary>Refresh the book at least this often even without a new block (fees, transfers in idle chains).</summary>
    public int RefreshSeconds { get; set; } = 15;

    /// <summary>Most eth_calls in one JSON-RPC batch request (providers cap batches; anvil does not).</summary>
    public int MaxBatchSize { get; set; } = 500;

    /// <summary>Per-request timeout; a node that does not answer in time counts as down and the next URL is tried.</summary>
    public int CallTimeoutSeconds { get; set; } = 5;

    /// <summary>A USD feed is stale when its last update is older than this (the feeds' heartbeat).</summary>
    public int FeedHeartbeatSeconds { get; set; } = 3600;

    /// <summary>Window of the pool TWAPs (observe()) that value tokens without a feed and cross-check feeds.</summary>
    public int TwapWindowSeconds { get; set; } = 1800;

    /// <summary>Largest accepted deviation between a token's price and its other source (feed vs TWAP, TWAP vs spot).</summary>
    public decimal MaxDeviation { get; set; } = 0.03m;

    /// <summary>
    /// Least USD depth of a hop of a price path (the already-priced token's balance in the pool, in USD): a thinner pool
    /// or pair prices nothing, so a thin pool cannot set the price of a book. 0 disables; feeds need no depth.
    /// </summary>
    public decimal MinPathDepthUsd { get; set; } = 10_000m;
}

public sealed class BookOptionsValidator : IValidateOptions<BookOptions>
{
    public ValidateOptionsResult Validate(string? name, BookOptions o)
    {
        var errors = new List<string>();
        if (o.PollIntervalMilliseconds is < 10 or > 600_000)
        {
            errors.Add($"{BookOptions.SectionName}:PollIntervalMilliseconds must be in [10, 600000], got {o.PollIntervalMilliseconds}.");
        }

        if (o.RefreshSeconds is < 1 or > 86_400)
        {
            errors.Add($"{BookOptions.SectionName}:RefreshSeconds must be in [1, 86400], got {o.RefreshSeconds}.");
        }

        if (o.MaxBatchSize is < 1 or > 10_000)
        {
            errors.Add($"{BookOptions.SectionName}:MaxBatchSize must be in [1, 10000], got {o.MaxBatchSize}.");
        }

        if (o.CallTimeoutSeconds is < 1 or > 300)
        {
            errors.Add($"{BookOptions.SectionName}:CallTimeoutSeconds must be in [1, 300], got {o.CallTimeoutSeconds}.");
        }

        if (o.FeedHeartbeatSeconds is < 1 or > 604_800)
        {
            errors.Add($"{BookOptions.SectionName}:FeedHeartbeatSeconds must be in [1, 604800], got {o.FeedHeartbeatSeconds}.");
        }

        if (o.TwapWindowSeconds is < 1 or > 86_400)
        {
            errors.Add($"{BookOptions.SectionName}:TwapWindowSeconds must be in [1, 86400], got {o.TwapWindowSeconds}.");
        }

        if (o.MaxDeviation is <= 0 or >= 1)
        {
            errors.Add($"{BookOptions.SectionName}:MaxDeviation must be in (0, 1), got {o.MaxDeviation}.");
        }

        if (o.MinPathDepthUsd < 0)
        {
            errors.Add($"{BookOptions.SectionName}:MinPathDepthUsd must be 0 (no minimum) or more, got {o.MinPathDepthUsd}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
