using System.Numerics;

namespace HedgeDashboard.Data.Entities;

/// <summary>
/// One reading of a Uniswap v2 pair's price accumulators (brought forward to the block's time), kept so that a restarted
/// chain follower has a TWAP as soon as its first reading is a window after a stored one. The follower keeps about a
/// window of readings per pair and deletes the rest.
/// </summary>
public sealed class V2TwapReading
{
    public long ChainId { get; set; }

    /// <summary>The pair's address, lower-case 0x-prefixed.</summary>
    public required string Pair { get; set; }

    /// <summary>The block's timestamp (seconds), the accumulators' clock.</summary>
    public long BlockTimestamp { get; set; }

    /// <summary>The block read at: a restarted follower checks that the node still has it at the same timestamp.</summary>
    public long BlockNumber { get; set; }

    /// <summary>price0CumulativeLast at the block's time (UQ112x112 x seconds, mod 2^256).</summary>
    public BigInteger Cumulative0 { get; set; }

    public BigInteger Cumulative1 { get; set; }
}
