using System.Globalization;

namespace HedgeDashboard.Quant.Hedging;

/// <summary>Always the same ratio: 0 is no hedge (<c>none</c>), 1 a full delta hedge (<c>delta</c>).</summary>
public sealed class StaticRatioPolicy : IHedgePolicy
{
    public StaticRatioPolicy(double ratio, string? name = null)
    {
        if (!double.IsFinite(ratio) || ratio < 0 || ratio > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ratio), ratio, "A hedge ratio must be in [0, 1].");
        }

        Ratio = ratio;
        Name = name ?? "static:" + ratio.ToString("0.###", CultureInfo.InvariantCulture);
    }

    public double Ratio { get; }

    public string Name { get; }

    public double TargetRatio(PolicyContext context) => Ratio;
}
