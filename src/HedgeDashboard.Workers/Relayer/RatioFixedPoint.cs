using System.Numerics;

namespace HedgeDashboard.Workers.Relayer;

/// <summary>Hedge ratios as the controller stores them: 18-decimal fixed point, 1e18 = fully hedged.</summary>
public static class RatioFixedPoint
{
    public static readonly BigInteger One = BigInteger.Pow(10, 18);

    /// <summary>A ratio in [0, 1] as the contract's 18-decimal fixed point.</summary>
    public static BigInteger FromDecimal(decimal ratio) => new(decimal.Round(ratio * 1_000_000_000_000_000_000m, 0, MidpointRounding.ToEven));
}
