using HedgeDashboard.Quant.Portfolio;

namespace HedgeDashboard.Quant.Tests.Portfolio;

public class CovarianceTests
{
    [Fact]
    public void Ewma_TwoSteps_KnownAnswer()
    {
        // lambda 0.5: S1 = r1 r1' = [[1,2],[2,4]]; S2 = 0.5 S1 + 0.5 r2 r2' with r2 r2' = [[9,-3],[-3,1]].
        var ewma = new EwmaCovariance(2, 0.5);
        ewma.Add([1, 2]);
        ewma.Add([3, -1]);

        var s = ewma.Current();
        Assert.Equal(5.0, s[0, 0], 12);
        Assert.Equal(-0.5, s[0, 1], 12);
        Assert.Equal(-0.5, s[1, 0], 12);
        Assert.Equal(2.5, s[1, 1], 12);
        Assert.Equal(120.0, ewma.Forecast(24)[0, 0], 12);
    }

    [Fact]
    public void LedoitWolf_ThirdShrink_KnownAnswer()
    {
        // x = (1,0), (-1,0), (0,0): S = diag(2/3, 0), m = 1/3, d^2 = 1/9, b^2 = (1/18 + 1/18 + 4/18) / 9 = 1/27,
        // intensity 1/3: (1/3)(1/3) I + (2/3) S = diag(5/9, 1/9).
        var (cov, intensity) = LedoitWolf.Estimate([[1, 0], [-1, 0], [0, 0]]);

        Assert.Equal(1.0 / 3, intensity, 12);
        Assert.Equal(5.0 / 9, cov[0, 0], 12);
        Assert.Equal(1.0 / 9, cov[1, 1], 12);
        Assert.Equal(0.0, cov[0, 1], 12);
    }

    [Fact]
    public void LedoitWolf_NoDispersion_KeepsSample()
    {
        // Every x x' equals S = diag(1, 0): b^2 = 0, no shrinkage.
        var (cov, intensity) = LedoitWolf.Estimate([[1, 0], [-1, 0]]);

        Assert.Equal(0.0, intensity, 12);
        Assert.Equal(1.0, cov[0, 0], 12);
        Assert.Equal(0.0, cov[1, 1], 12);
    }

    [Fact]
    public void CholeskyInverse_KnownAnswer()
    {
        // det [[4,2],[2,3]] = 8; inverse [[3,-2],[-2,4]] / 8.
        var (logDet, inverse) = Matrix.CholeskyInverse(new double[,] { { 4, 2 }, { 2, 3 } })!.Value;

        Assert.Equal(Math.Log(8), logDet, 12);
        Assert.Equal(3.0 / 8, inverse[0, 0], 12);
        Assert.Equal(-2.0 / 8, inverse[0, 1], 12);
        Assert.Equal(4.0 / 8, inverse[1, 1], 12);
        Assert.Null(Matrix.CholeskyInverse(new double[,] { { 1, 1 }, { 1, 1 } }));
    }

    [Fact]
    public void Correlation_KnownAnswer()
    {
        var r = Matrix.Correlation(new double[,] { { 4, 3 }, { 3, 9 } });

        Assert.Equal(1.0, r[0, 0], 12);
        Assert.Equal(0.5, r[0, 1], 12);
    }

    [Fact]
    public void Losses_IdentityForecast_KnownAnswer()
    {
        // F = I, RC = diag(2, 0): log det I + tr(RC) = 2; Frobenius (1-2)^2 + 1^2 = 2.
        var losses = CovarianceEvaluation.Losses(new double[,] { { 1, 0 }, { 0, 1 } }, new double[,] { { 2, 0 }, { 0, 0 } })!.Value;

        Assert.Equal(2.0, losses.Qlike, 12);
        Assert.Equal(2.0, losses.Frobenius, 12);
    }

    [Fact]
    public void Compare_UsesOnlyThePast_OriginsCounted()
    {
        var random = new Random(7);
        var returns = Enumerable.Range(0, 24 * 40).Select(_ => new[] { (random.NextDouble() - 0.5) * 0.02, (random.NextDouble() - 0.5) * 0.01 }).ToList();

        var c = CovarianceEvaluation.Compare(returns, 24, 24 * 10, 0.97);

        Assert.Equal(30, c.Origins); // origins at 240, 264, ..., 936
        Assert.True(double.IsFinite(c.Ewma.Qlike) && double.IsFinite(c.LedoitWolf.Qlike));
    }
}
