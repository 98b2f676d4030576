using HedgeDashboard.Quant.Portfolio;

namespace HedgeDashboard.Quant.Tests.Portfolio;

public class PortfolioOptimizerTests
{
    private const double Var = 0.0016; // 4 % a day

    private static double[,] Cov(double correlation, double var1 = Var, double var2 = Var) =>
        new[,] { { var1, correlation * Math.Sqrt(var1 * var2) }, { correlation * Math.Sqrt(var1 * var2), var2 } };

    private static PortfolioProblem Problem(double[,] cov, double gamma, double feeBps, double fixedCost, params HedgePosition[] positions) =>
        new(cov.GetLength(0) == 1 ? ["ETH"] : ["ETH", "BTC"], cov, positions, gamma, feeBps, fixedCost);

    [Fact]
    public void Optimize_OneAssetNoCosts_HedgesFully()
    {
        var plan = PortfolioOptimizer.Optimize(Problem(new[,] { { Var } }, 1e-3, 0, 0, new HedgePosition(1, 0, 10_000, 0)));

        Assert.Equal(-10_000, plan.HedgeUsd[0], 6);
        Assert.Equal(1.0, plan.Allocations[0].NewRatio, 9);
        Assert.Equal(0.0, plan.VarianceAfter, 6);
    }

    [Fact]
    public void Optimize_OneAssetWithFee_StopsAtTheFeeBand()
    {
        // Soft threshold: h = -e + fee / (gamma var) = -10000 + 0.0005 / (1e-3 x 0.0016) = -9687.5.
        var plan = PortfolioOptimizer.Optimize(Problem(new[,] { { Var } }, 1e-3, 5, 0, new HedgePosition(1, 0, 10_000, 0)));

        Assert.Equal(-9687.5, plan.HedgeUsd[0], 6);
        Assert.Equal(0.96875, plan.Allocations[0].NewRatio, 9);
        Assert.Equal(9687.5 * 0.0005, plan.ExpectedFees, 9);
    }

    [Fact]
    public void Optimize_PerfectlyCorrelatedAssets_HedgeLikeOne()
    {
        var two = PortfolioOptimizer.Optimize(Problem(Cov(1), 1e-3, 5, 0, new HedgePosition(1, 0, 1000, 0), new HedgePosition(2, 1, 500, 0)));
        var one = PortfolioOptimizer.Optimize(Problem(new[,] { { Var } }, 1e-3, 5, 0, new HedgePosition(1, 0, 1500, 0)));

        Assert.Equal(one.HedgeUsd[0], two.HedgeUsd.Sum(), 6);
        Assert.Equal(one.VarianceAfter, two.VarianceAfter, 6);
        Assert.Equal(one.ExpectedFees, two.ExpectedFees, 6);
    }

    [Fact]
    public void Optimize_PerfectlyCorrelatedOffsettingExposures_TradesNothingWhilePerPositionHedgesBoth()
    {
        var problem = Problem(Cov(1), 1e-3, 5, 1, new HedgePosition(1, 0, 10_000, 0), new HedgePosition(2, 1, -10_000, 0));

        var portfolio = PortfolioOptimizer.Optimize(problem);
        var alone = PortfolioOptimizer.OptimizeEachAlone(problem);

        Assert.Equal(0, portfolio.Updates);
        Assert.Equal(0.0, portfolio.VarianceAfter, 6);
        Assert.Equal(2, alone.Updates);
        Assert.True(alone.ExpectedCost > 10); // ~2 x 9687.5 x 5 bp + 2 x 1 USD gas for no variance gain
        Assert.True(portfolio.Objective < alone.Objective);
    }

    [Fact]
    public void Optimize_UncorrelatedAssets_SameAsPerPosition()
    {
        var problem = Problem(Cov(0, Var, 0.0004), 1e-3, 5, 1, new HedgePosition(1, 0, 10_000, 0.2), new HedgePosition(2, 1, -4_000, 0.5));

        var portfolio = PortfolioOptimizer.Optimize(problem);
        var alone = PortfolioOptimizer.OptimizeEachAlone(problem);

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(alone.Allocations[i].NewRatio, portfolio.Allocations[i].NewRatio, 9);
        }

        Assert.Equal(alone.Objective, portfolio.Objective, 6);
    }

    [Fact]
    public void Optimize_CapsAndMaxChange_Hold()
    {
        var plan = PortfolioOptimizer.Optimize(Problem(Cov(0.8), 1, 0, 0,
            new HedgePosition(1, 0, 10_000, 0.2, MaxRatioChange: 0.1),
            new HedgePosition(2, 1, 5_000, 0, MaxRatio: 0.5),
            new HedgePosition(3, 1, 5_000, 0.9, MaxRatioChange: 0.25)));

        Assert.Equal(0.3, plan.Allocations[0].NewRatio, 9);  // wants 1, may move 0.1
        Assert.Equal(0.5, plan.Allocations[1].NewRatio, 9);  // capped by its own maximum
        Assert.InRange(plan.Allocations[2].NewRatio, 0.65, 1); // within 0.25 of 0.9
        Assert.All(plan.Allocations, a => Assert.InRange(a.NewRatio, 0, 1));
    }

    [Fact]
    public void Optimize_PositionsOnOneAsset_GetOneRatioProRata()
    {
        var plan = PortfolioOptimizer.Optimize(Problem(new[,] { { Var } }, 1e-3, 5, 0,
            new HedgePosition(1, 0, 6_000, 0), new HedgePosition(2, 0, 4_000, 0)));

        Assert.Equal(plan.Allocations[0].NewRatio, plan.Allocations[1].NewRatio, 9);
        Assert.Equal(-9687.5, plan.HedgeUsd[0], 6); // as one 10,000 USD exposure
        Assert.Equal(0.6 * plan.HedgeUsd[0], plan.Allocations[0].TargetUsd, 6);
    }

    [Fact]
    public void Optimize_DeltasOfBothSignsOnOneAsset_FeesCountEachPositionsTrade()
    {
        // Net 4,000 USD of ETH from +10,000 and -6,000: at common ratio rho each position trades its own
        // rho x |e| (the venue keeps one hedge per position), 16,000 rho in all, while the hedge is only -4,000 rho.
        // Minimise 1e-3/2 x 0.0016 x (4000 (1 - rho))^2 + 0.0005 x 16000 rho: 1 - rho = 8 / 25.6 = 0.3125.
        // Counting the net trade (0.0005 x 4000 rho) would stop at rho = 0.921875, paying 7.375 USD in fees.
        var plan = PortfolioOptimizer.Optimize(Problem(new[,] { { Var } }, 1e-3, 5, 0,
            new HedgePosition(1, 0, 10_000, 0), new HedgePosition(2, 0, -6_000, 0)));

        Assert.Equal(0.6875, plan.Allocations[0].NewRatio, 9);
        Assert.Equal(0.6875, plan.Allocations[1].NewRatio, 9);
        Assert.Equal(-2750, plan.HedgeUsd[0], 6);
        Assert.Equal(5.5, plan.ExpectedFees, 9);
        Assert.Equal((1e-3 / 2 * Var * 1250 * 1250) + 5.5, plan.Objective, 9);
    }

    [Fact]
    public void Optimize_HeldHedgeOffTheRatio_NoTradeIsACandidate()
    {
        // Held -9,800 USD against 10,000 (ratio 0.9 on chain, the hedge drifted with the price): the full hedge is
        // within the fee band (fee / (gamma var) = 312.5 USD) of what is held, so nothing trades.
        var plan = PortfolioOptimizer.Optimize(Problem(new[,] { { Var } }, 1e-3, 5, 0,
            new HedgePosition(1, 0, 10_000, 0.9, CurrentHedgeUsd: -9_800)));

        Assert.Equal(0, plan.Updates); // within the fee band of the full hedge: no trade
        Assert.Equal(-9_800, plan.HedgeUsd[0], 6);
    }

    [Fact]
    public void Optimize_GasAboveTheVarianceGain_KeepsTheHedge()
    {
        // A 100 USD exposure: the variance penalty 1e-3/2 x 0.0016 x 100^2 = 0.008 USD is not worth 1 USD of gas.
        var plan = PortfolioOptimizer.Optimize(Problem(new[,] { { Var } }, 1e-3, 5, 1, new HedgePosition(1, 0, 100, 0)));

        Assert.Equal(0, plan.Updates);
        Assert.Equal(0.0, plan.ExpectedCost);
    }

    [Fact]
    public void Optimize_BadPosition_ThrowsNamingIt()
    {
        var e = Assert.Throws<ArgumentException>(() => PortfolioOptimizer.Optimize(Problem(new[,] { { Var } }, 1e-3, 5, 0, new HedgePosition(7, 0, 100, 1.5))));

        Assert.Contains("position 7", e.Message, StringComparison.Ordinal);
    }
}
