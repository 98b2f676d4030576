using System.Numerics;

namespace HedgeDashboard.Workers.Relayer;

/// <summary>Hedge ratios as the controller stores them: 18-decimal fixed point, 1e18 = fully hedged.</summary>
public static class RatioFixedPoint
{
    public static readonly BigInteger One = BigInteger.Pow(10, 18);

    /// <summary>A ratio in [0, 1] as the contract's 18-decimal fixed point.</summary>
    public static BigInteger FromDecimal(decimal ratio) => new(decimal.Round(ratio * 1_000_000_000_000_000_000m, 0, MidpointRounding.ToEven));

    /// <summary>
    /// The hedge size a model-signed update asks for: newRatio x maxHedgeSize, moved from the current size by at most
    /// the controller's size step (maxHedgeSize x maxRatioChange / 1e18, rounded down as the contract does), so that
    /// it never reverts with HedgeSizeChangeTooLarge; a hedge further away catches up over the following updates.
    /// </summary>
    public static BigInteger ModelTargetSize(BigInteger newRatio, BigInteger currentSize, BigInteger maxHedgeSize, BigInteger maxRatioChange)
    {
        var wanted = newRatio * maxHedgeSize / One;
        var step = maxHedgeSize * maxRatioChange / One;
        return BigInteger.Min(BigInteger.Max(wanted, currentSize - step), currentSize + step);
    }
}
