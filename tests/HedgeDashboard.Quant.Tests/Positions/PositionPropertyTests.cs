using FsCheck;
using FsCheck.Fluent;
using HedgeDashboard.Quant.Positions;

namespace HedgeDashboard.Quant.Tests.Positions;

public class PositionPropertyTests
{
    // Price ratios e^-4 .. e^4, i.e. about 0.018x to 55x.
    private static readonly Arbitrary<double> Ratios =
        Gen.Choose(-400_000, 400_000).Select(i => Math.Exp(i / 100_000.0)).ToArbitrary();

    // (entry, lower, upper) with lower < entry < upper.
    private static readonly Arbitrary<(double Entry, double Lower, double Upper)> Ranges =
        Gen.Choose(1, 10_000).SelectMany(
            entry => Gen.Choose(1, 999).Zip(Gen.Choose(1, 5_000)),
            (entry, widths) => (Entry: (double)entry, Lower: entry * (1 - (widths.Item1 / 1000.0)), Upper: entry * (1 + (widths.Item2 / 1000.0))))
        .ToArbitrary();

    [Fact]
    public void V2_AnyRatio_IsNeverPositive()
    {
        Check.QuickThrowOnFailure(Prop.ForAll(Ratios, r => ImpermanentLoss.V2(r) <= 1e-15));
    }

    [Fact]
    public void V2_RatioAndInverse_AreEqual()
    {
        Check.QuickThrowOnFailure(Prop.ForAll(Ratios, r => Math.Abs(ImpermanentLoss.V2(r) - ImpermanentLoss.V2(1 / r)) < 1e-12));
    }

    [Fact]
    public void ImpermanentLossAt_AnyRangeAndPrice_IsNeverPositive()
    {
        Check.QuickThrowOnFailure(Prop.ForAll(Ranges, Ratios, (range, r) =>
        {
            var position = LiquidityPosition.FromAmount0(range.Entry, 1, range.Lower, range.Upper);
            return position.ImpermanentLossAt(range.Entry, range.Entry * r) <= 1e-12;
        }));
    }

    [Fact]
    public void ImpermanentLossAt_InsideRange_AtLeastAsNegativeAsV2()
    {
        Check.QuickThrowOnFailure(Prop.ForAll(Ranges, Gen.Choose(1, 999).ToArbitrary(), (range, step) =>
        {
            // A price strictly inside the range, anywhere from lower to upper.
            var price = range.Lower + ((range.Upper - range.Lower) * step / 1000.0);
            var v3 = LiquidityPosition.FromAmount0(range.Entry, 1, range.Lower, range.Upper).ImpermanentLossAt(range.Entry, price);
            return v3 <= ImpermanentLoss.V2(price / range.Entry) + 1e-12;
        }));
    }

    [Fact]
    public void AmountsAt_RangeBounds_AreContinuous()
    {
        Check.QuickThrowOnFailure(Prop.ForAll(Ranges, range =>
        {
            var position = LiquidityPosition.FromAmount0(range.Entry, 1, range.Lower, range.Upper);
            return Continuous(position, range.Lower) && Continuous(position, range.Upper);
        }));
    }

    // Amounts just below and just above a bound differ by a vanishing share of the position's value.
    private static bool Continuous(LiquidityPosition position, double bound)
    {
        const double eps = 1e-12;
        var below = position.AmountsAt(bound * (1 - eps));
        var above = position.AmountsAt(bound * (1 + eps));
        var jump = (Math.Abs(below.Amount0 - above.Amount0) * bound) + Math.Abs(below.Amount1 - above.Amount1);
        return jump <= 1e-6 * position.ValueAt(bound);
    }
}
