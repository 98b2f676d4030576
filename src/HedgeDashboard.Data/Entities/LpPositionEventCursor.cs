namespace HedgeDashboard.Data.Entities;

/// <summary>
/// How far the indexer has read a position's NFT in the NonfungiblePositionManager's DecreaseLiquidity and Collect
/// logs, so a restarted indexer reads only the blocks after it. A table of its own: the indexer writes it every range,
/// and a write to lp_positions would move the row version that policy edits and position sync save with.
/// </summary>
public sealed class LpPositionEventCursor
{
    public long PositionId { get; set; }

    /// <summary>The last block whose logs of this NFT are in lp_position_events (every earlier block too).</summary>
    public long ThroughBlock { get; set; }
}
