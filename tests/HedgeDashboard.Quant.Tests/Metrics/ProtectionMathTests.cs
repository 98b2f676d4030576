using HedgeDashboard.Quant.Metrics;

namespace HedgeDashboard.Quant.Tests.Metrics;

public class ProtectionMathTests
{
    [Theory]
    [InlineData(100, 25, 0.75)]
    [InlineData(100, 0, 1)]
    [InlineData(100, 130, -0.3)]
    public void ProtectionRate_Loss_IsShareRemoved(double unhedged, double hedged, double expected)
    {
        Assert.Equal(expected, ProtectionMath.ProtectionRate(unhedged, hedged), 1e-12);
    }

    [Fact]
    public void ProtectionRate_NoLoss_IsUndefined()
    {
        Assert.True(double.IsNaN(ProtectionMath.ProtectionRate(-5, 0)));
    }

    [Fact]
    public void VarianceReduction_PerfectAndHalfHedge_AreOneAndThreeQuarters()
    {
        double[] exposure = [1, -2, 3, -1];

        Assert.Equal(1, ProtectionMath.VarianceReduction(exposure, exposure.Select(e => -e).ToArray()), 1e-12);
        Assert.Equal(0.75, ProtectionMath.VarianceReduction(exposure, exposure.Select(e => -e / 2).ToArray()), 1e-12);
    }

    [Fact]
    public void Regression_ExactLine_GivesSlopeAndUnitRSquared()
    {
        double[] x = [1, 2, 3, 4];

        var (slope, r2) = ProtectionMath.Regression(x, x.Select(v => 3 - (2 * v)).ToArray());

        Assert.Equal(-2, slope, 1e-12);
        Assert.Equal(1, r2, 1e-12);
    }

    [Fact]
    public void Regression_Noise_HasRSquaredBelowOne()
    {
        var (_, r2) = ProtectionMath.Regression([1, 2, 3, 4], [1, 3, 2, 4]);

        Assert.Equal(0.64, r2, 1e-12);
    }

    [Fact]
    public void DollarOffsetAndCostEfficiency_Values_FollowDefinitions()
    {
        Assert.Equal(0.9, ProtectionMath.DollarOffset(90, -100), 1e-12);
        Assert.Equal(0.25, ProtectionMath.CostEfficiency(10, 40), 1e-12);
        Assert.True(double.IsNaN(ProtectionMath.CostEfficiency(10, -1)));
    }

    [Fact]
    public void MetricDefinitions_All_HaveUniqueKeysAndText()
    {
        Assert.Equal(6, MetricDefinitions.All.Select(d => d.Key).Distinct().Count());
        Assert.All(MetricDefinitions.All, d => Assert.False(string.IsNullOrWhiteSpace(d.Formula) || string.IsNullOrWhiteSpace(d.Meaning)));
    }
}
