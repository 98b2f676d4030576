using System.Numerics;
using HedgeDashboard.Data.Entities;

namespace HedgeDashboard.Data.Queries;

/// <summary>A position's DecreaseLiquidity or Collect, raw token0/token1 amounts of the pool.</summary>
public readonly record struct LiquidityEvent(LpPositionEventKind Kind, long BlockNumber, DateTimeOffset BlockTime, BigInteger Amount0, BigInteger Amount1);

/// <summary>
/// A position's LP fees in raw pool token units: <see cref="Collected0"/>/<see cref="Collected1"/> paid out by its
/// collects (principal taken out), and <see cref="Owed0"/>/<see cref="Owed1"/> still uncollected at the last reading
/// (principal waiting in tokensOwed taken out), null when there is no usable reading.
/// </summary>
public sealed record RawLpFees(BigInteger Collected0, BigInteger Collected1, DateTimeOffset? LastCollectAt, BigInteger? Owed0, BigInteger? Owed1);

/// <summary>
/// Splits NonfungiblePositionManager payouts into principal and fees. decreaseLiquidity adds the principal it burns
/// to tokensOwed (with the fees accrued so far), and collect pays tokensOwed out in one sum, so the Collect event
/// mixes both. Principal released and not yet paid is counted first: the fee part of a collect is what it pays beyond
/// the principal released since the previous collects (a partial collect leaves the rest of that principal pending).
/// </summary>
public static class CollectedFees
{
    /// <param name="events">The position's live events in chain order (block, then log index).</param>
    /// <param name="owed0">What collect would pay at <paramref name="owedBlock"/> (token0), null when never read.</param>
    /// <param name="owed1">The same for token1.</param>
    /// <param name="owedBlock">The block of that reading.</param>
    public static RawLpFees Split(IEnumerable<LiquidityEvent> events, BigInteger? owed0, BigInteger? owed1, long? owedBlock)
    {
        var pending = new BigInteger[2];
        var fees = new BigInteger[2];
        BigInteger[]? pendingAtReading = null;
        long? lastCollect = null;
        DateTimeOffset? lastCollectAt = null;
        foreach (var e in events)
        {
            if (pendingAtReading is null && e.BlockNumber > owedBlock)
            {
                pendingAtReading = [.. pending];
            }

            BigInteger[] amounts = [e.Amount0, e.Amount1];
            for (var i = 0; i < 2; i++)
            {
                if (e.Kind == LpPositionEventKind.DecreaseLiquidity)
                {
                    pending[i] += amounts[i];
                }
                else
                {
                    var principal = BigInteger.Min(pending[i], amounts[i]);
                    pending[i] -= principal;
                    fees[i] += amounts[i] - principal;
                }
            }

            if (e.Kind == LpPositionEventKind.Collect)
            {
                (lastCollect, lastCollectAt) = (e.BlockNumber, e.BlockTime);
            }
        }

        pendingAtReading ??= pending;

        // A reading older than the last collect still counts fees that collect paid out: until the next reading,
        // only the collected fees are known. Principal pending at the reading is in what collect would pay, not fees;
        // the floor at 0 covers a collect the indexer has not reached yet.
        var usable = owed0 is not null && owed1 is not null && owedBlock is { } b && !(lastCollect > b);
        return new RawLpFees(
            fees[0],
            fees[1],
            lastCollectAt,
            usable ? BigInteger.Max(BigInteger.Zero, owed0!.Value - pendingAtReading[0]) : null,
            usable ? BigInteger.Max(BigInteger.Zero, owed1!.Value - pendingAtReading[1]) : null);
    }
}
