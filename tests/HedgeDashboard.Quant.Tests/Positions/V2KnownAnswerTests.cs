using HedgeDashboard.Quant.Positions;

namespace HedgeDashboard.Quant.Tests.Positions;

public class V2KnownAnswerTests
{
    // DESIGN.md's table, with the exact closed form next to each rounded value.
    [Theory]
    [InlineData(1.25, -0.0062)]
    [InlineData(1.5, -0.0202)]
    [InlineData(1.75, -0.0379)]
    [InlineData(2.0, -0.0572)]
    [InlineData(3.0, -0.1340)]
    [InlineData(4.0, -0.2000)]
    [InlineData(5.0, -0.2546)]
    [InlineData(0.5, -0.0572)]
    [InlineData(0.25, -0.2000)]
    public void V2_DesignTableRatio_MatchesRoundedPercent(double ratio, double expected)
    {
        Assert.Equal(expected, ImpermanentLoss.V2(ratio), 4);
    }

    [Theory]
    [InlineData(1.25, 2 * 1.118033988749895 / 2.25 - 1)]
    [InlineData(2.0, 2 * 1.4142135623730951 / 3 - 1)]
    [InlineData(4.0, 2 * 2.0 / 5 - 1)]
    [InlineData(0.25, 2 * 0.5 / 1.25 - 1)]
    [InlineData(1.0, 0.0)]
    public void V2_ExactForm_MatchesTo1e9(double ratio, double expected)
    {
        Assert.Equal(expected, ImpermanentLoss.V2(ratio), 1e-9);
    }

    [Theory]
    [InlineData(1.25)]
    [InlineData(3.0)]
    [InlineData(0.5)]
    public void ImpermanentLossAt_FullRangePosition_EqualsClosedForm(double ratio)
    {
        var position = LiquidityPosition.FromAmount0(2000, 1, 0, double.PositiveInfinity);

        Assert.Equal(ImpermanentLoss.V2(ratio), position.ImpermanentLossAt(2000, 2000 * ratio), 1e-12);
    }
}
