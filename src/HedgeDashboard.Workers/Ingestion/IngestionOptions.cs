using Microsoft.Extensions.Options;

namespace HedgeDashboard.Workers.Ingestion;

/// <summary>Section "Workers:Ingestion".</summary>
public sealed class IngestionOptions
{
    public const string SectionName = "Workers:Ingestion";

    public bool Enabled { get; set; } = true;

    /// <summary>How often to ask the node for a new block (milliseconds).</summary>
    public int PollIntervalMilliseconds { get; set; } = 250;

    /// <summary>The feed is stale when its last update is older than this (the feed's heartbeat).</summary>
    public int FeedHeartbeatSeconds { get; set; } = 3600;

    /// <summary>Window of the pool TWAP read with observe().</summary>
    public int TwapWindowSeconds { get; set; } = 1800;

    /// <summary>Largest accepted |feed - TWAP| / TWAP before the pair is unhealthy.</summary>
    public decimal MaxTwapDeviation { get; set; } = 0.03m;

    /// <summary>Sync positions from the NonfungiblePositionManager and the controller every N blocks.</summary>
    public int PositionSyncEveryBlocks { get; set; } = 1;

    /// <summary>
    /// Re-read a position's uncollected fees (one eth_call each) at most this often, in seconds; 0 = at every position
    /// sync. New positions and liquidity changes are read at once.
    /// </summary>
    public int FeeRefreshSeconds { get; set; } = 30;
}

public sealed class IngestionOptionsValidator : IValidateOptions<IngestionOptions>
{
    public ValidateOptionsResult Validate(string? name, IngestionOptions o)
    {
        var errors = new List<string>();
        if (o.PollIntervalMilliseconds is < 10 or > 600_000)
        {
            errors.Add($"Workers:Ingestion:PollIntervalMilliseconds must be in [10, 600000], got {o.PollIntervalMilliseconds}.");
        }

        if (o.FeedHeartbeatSeconds <= 0)
        {
            errors.Add($"Workers:Ingestion:FeedHeartbeatSeconds must be positive, got {o.FeedHeartbeatSeconds}.");
        }

        if (o.TwapWindowSeconds is <= 0 or > 86_400)
        {
            errors.Add($"Workers:Ingestion:TwapWindowSeconds must be in [1, 86400], got {o.TwapWindowSeconds}.");
        }

        if (o.MaxTwapDeviation is <= 0 or >= 1)
        {
            errors.Add($"Workers:Ingestion:MaxTwapDeviation must be in (0, 1), got {o.MaxTwapDeviation}.");
        }

        if (o.PositionSyncEveryBlocks <= 0)
        {
            errors.Add($"Workers:Ingestion:PositionSyncEveryBlocks must be positive, got {o.PositionSyncEveryBlocks}.");
        }

        if (o.FeeRefreshSeconds is < 0 or > 86_400)
        {
            errors.Add($"Workers:Ingestion:FeeRefreshSeconds must be in [0, 86400], got {o.FeeRefreshSeconds}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
