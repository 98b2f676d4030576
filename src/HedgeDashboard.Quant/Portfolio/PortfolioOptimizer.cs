namespace HedgeDashboard.Quant.Portfolio;

/// <summary>
/// One position as the optimizer sees it. <see cref="ExposureUsd"/> is the USD delta of (LP - benchmark) in its
/// instrument's asset; at hedge ratio r the position's hedge is -r x ExposureUsd (DESIGN.md, "Hedging").
/// The ratio may move within [MinRatio, MaxRatio] (the position's caps, inside [0, 1]) and by at most
/// <see cref="MaxRatioChange"/> from <see cref="CurrentRatio"/> per update (the on-chain limits).
/// <see cref="CurrentHedgeUsd"/> is the hedge held now; by default -CurrentRatio x ExposureUsd.
/// </summary>
public sealed record HedgePosition(
    long PositionId,
    int Instrument,
    double ExposureUsd,
    double CurrentRatio,
    double MaxRatioChange = 1,
    double MinRatio = 0,
    double MaxRatio = 1,
    double? CurrentHedgeUsd = null)
{
    public double HeldUsd => CurrentHedgeUsd ?? -CurrentRatio * ExposureUsd;

    public double Low => Math.Clamp(Math.Max(MinRatio, CurrentRatio - MaxRatioChange), 0, 1);

    public double High => Math.Clamp(Math.Min(MaxRatio, CurrentRatio + MaxRatioChange), Low, 1);
}

/// <summary>
/// A portfolio hedge problem: instruments (one perpetual per asset, so the instruments' covariance is the assets'),
/// the covariance of their returns over the horizon, the positions, and the costs.
/// The objective is RiskAversion/2 x Var(P&amp;L) + fees + FixedCostPerUpdate x (positions whose ratio changes).
/// </summary>
public sealed record PortfolioProblem(
    IReadOnlyList<string> Instruments,
    double[,] Covariance,
    IReadOnlyList<HedgePosition> Positions,
    double RiskAversion,
    double FeeBps,
    double FixedCostPerUpdate);

public sealed record PositionAllocation(long PositionId, int Instrument, double CurrentRatio, double NewRatio, double HeldUsd, double TargetUsd)
{
    public bool Changed => Math.Abs(NewRatio - CurrentRatio) > PortfolioOptimizer.RatioTolerance || Math.Abs(TargetUsd - HeldUsd) > 1e-9 * (1 + Math.Abs(HeldUsd));
}

/// <summary>The hedge per instrument, each position's new ratio, and the forecast figures (USD, USD^2).</summary>
public sealed record PortfolioPlan(
    double[] HedgeUsd,
    IReadOnlyList<PositionAllocation> Allocations,
    double VarianceUnhedged,
    double VarianceBefore,
    double VarianceAfter,
    double ExpectedFees,
    double ExpectedFixedCosts,
    double Objective)
{
    public double ExpectedCost => ExpectedFees + ExpectedFixedCosts;

    public int Updates => Allocations.Count(a => a.Changed);
}

/// <summary>
/// Minimises forecast variance of the portfolio's P&amp;L plus expected costs over the hedge notional per instrument,
/// then allocates each instrument's hedge back to its positions with one common ratio clamped to each position's
/// own limits (r_p = clamp(rho, low_p, high_p)), so each on-chain ratio is "the asset's ratio, within this position's
/// caps". Steps: (1) coordinate descent on the convex part (variance + fees, box per instrument = what common
/// ratios can reach); (2) fixed costs are not convex: every subset of instruments left untouched is tried (up to 6
/// instruments; more try all-or-nothing) and the cheapest total wins.
/// </summary>
public static class PortfolioOptimizer
{
    internal const double RatioTolerance = 1e-9;
    private const int MaxSweeps = 500;
    private const int MaxSubsetInstruments = 6;

    public static PortfolioPlan Optimize(PortfolioProblem problem)
    {
        Validate(problem);
        var n = problem.Instruments.Count;
        var exposure = new double[n];
        var held = new double[n];
        var byInstrument = new List<HedgePosition>[n];
        for (var a = 0; a < n; a++)
        {
            byInstrument[a] = [];
        }

        foreach (var p in problem.Positions)
        {
            exposure[p.Instrument] += p.ExposureUsd;
            held[p.Instrument] += p.HeldUsd;
            byInstrument[p.Instrument].Add(p);
        }

        var boxes = byInstrument.Select(Reach).ToArray();
        var fee = problem.FeeBps / 10_000;
        PortfolioPlan? best = null;
        var subsets = n <= MaxSubsetInstruments ? 1 << n : 2;
        for (var mask = 0; mask < subsets; mask++)
        {
            // Bit a set: instrument a keeps its hedge (ratios unchanged). With many instruments: all or none.
            var frozen = n <= MaxSubsetInstruments ? mask : (mask == 0 ? 0 : -1);
            var h = Solve(problem.Covariance, exposure, held, boxes, a => (frozen & (1 << a)) != 0 || byInstrument[a].Count == 0, problem.RiskAversion, fee);
            var plan = Build(problem, exposure, held, h, byInstrument, fee);
            if (best is null || plan.Objective < best.Objective - 1e-12)
            {
                best = plan;
            }
        }

        return best!;
    }

    /// <summary>
    /// The per-position baseline: every position solves the same problem alone (its own instrument's variance, its
    /// own costs), blind to the others; the plan's figures are then measured on the whole portfolio.
    /// </summary>
    public static PortfolioPlan OptimizeEachAlone(PortfolioProblem problem)
    {
        Validate(problem);
        var ratios = new Dictionary<long, double>();
        foreach (var p in problem.Positions)
        {
            var alone = new PortfolioProblem(
                [problem.Instruments[p.Instrument]],
                new[,] { { problem.Covariance[p.Instrument, p.Instrument] } },
                [p with { Instrument = 0 }],
                problem.RiskAversion,
                problem.FeeBps,
                problem.FixedCostPerUpdate);
            ratios[p.PositionId] = Optimize(alone).Allocations[0].NewRatio;
        }

        return Evaluate(problem, ratios);
    }

    /// <summary>The plan of given new ratios (positions not named keep theirs), with its forecast figures.</summary>
    public static PortfolioPlan Evaluate(PortfolioProblem problem, IReadOnlyDictionary<long, double> newRatios)
    {
        ArgumentNullException.ThrowIfNull(newRatios);
        var n = problem.Instruments.Count;
        var exposure = new double[n];
        var held = new double[n];
        var hedge = new double[n];
        var allocations = new List<PositionAllocation>();
        foreach (var p in problem.Positions)
        {
            var changed = newRatios.TryGetValue(p.PositionId, out var r) && Math.Abs(r - p.CurrentRatio) > RatioTolerance;
            var target = changed ? -r * p.ExposureUsd : p.HeldUsd;
            allocations.Add(new PositionAllocation(p.PositionId, p.Instrument, p.CurrentRatio, changed ? r : p.CurrentRatio, p.HeldUsd, target));
            exposure[p.Instrument] += p.ExposureUsd;
            held[p.Instrument] += p.HeldUsd;
            hedge[p.Instrument] += target;
        }

        return Figures(problem, exposure, held, hedge, allocations, problem.FeeBps / 10_000);
    }

    private static PortfolioPlan Build(PortfolioProblem problem, double[] exposure, double[] held, double[] h, List<HedgePosition>[] byInstrument, double fee)
    {
        var allocations = new List<PositionAllocation>();
        var hedge = new double[h.Length];
        for (var a = 0; a < h.Length; a++)
        {
            var positions = byInstrument[a];
            var keep = Math.Abs(h[a] - held[a]) <= 1e-9 * (1 + Math.Abs(held[a]));
            var rho = keep ? double.NaN : CommonRatio(positions, h[a]);
            foreach (var p in positions)
            {
                var r = keep ? p.CurrentRatio : Math.Clamp(rho, p.Low, p.High);
                var target = keep ? p.HeldUsd : -r * p.ExposureUsd;
                allocations.Add(new PositionAllocation(p.PositionId, a, p.CurrentRatio, r, p.HeldUsd, target));
                hedge[a] += target;
            }
        }

        var order = problem.Positions.Select((p, i) => (p.PositionId, i)).ToDictionary(x => x.PositionId, x => x.i);
        allocations.Sort((x, y) => order[x.PositionId].CompareTo(order[y.PositionId]));
        return Figures(problem, exposure, held, hedge, allocations, fee);
    }

    private static PortfolioPlan Figures(PortfolioProblem problem, double[] exposure, double[] held, double[] hedge, List<PositionAllocation> allocations, double fee)
    {
        var n = exposure.Length;
        var before = new double[n];
        var after = new double[n];
        for (var a = 0; a < n; a++)
        {
            before[a] = exposure[a] + held[a];
            after[a] = exposure[a] + hedge[a];
        }

        var fees = allocations.Sum(x => Math.Abs(x.TargetUsd - x.HeldUsd)) * fee;
        var fixedCosts = allocations.Count(x => x.Changed) * problem.FixedCostPerUpdate;
        var varianceAfter = Matrix.Quadratic(problem.Covariance, after);
        return new PortfolioPlan(
            hedge,
            allocations,
            Matrix.Quadratic(problem.Covariance, exposure),
            Matrix.Quadratic(problem.Covariance, before),
            varianceAfter,
            fees,
            fixedCosts,
            (problem.RiskAversion / 2 * varianceAfter) + fees + fixedCosts);
    }

    /// <summary>
    /// Coordinate descent on RiskAversion/2 (e + h)' S (e + h) + fee |h - held| within the boxes: each coordinate's
    /// minimiser is the soft-thresholded unconstrained one, clamped (a 1-D convex function).
    /// </summary>
    private static double[] Solve(double[,] s, double[] e, double[] held, (double Low, double High)[] boxes, Func<int, bool> frozen, double gamma, double fee)
    {
        var n = e.Length;
        var h = new double[n];
        for (var a = 0; a < n; a++)
        {
            h[a] = held[a];
        }

        var scale = 1.0 + e.Sum(Math.Abs) + held.Sum(Math.Abs);
        for (var sweep = 0; sweep < MaxSweeps; sweep++)
        {
            var moved = 0.0;
            for (var a = 0; a < n; a++)
            {
                if (frozen(a) || s[a, a] <= 0)
                {
                    continue;
                }

                var cross = s[a, a] * e[a];
                for (var b = 0; b < n; b++)
                {
                    if (b != a)
                    {
                        cross += s[a, b] * (e[b] + h[b]);
                    }
                }

                var u = -cross / s[a, a];
                var threshold = fee / (gamma * s[a, a]);
                var v = u > held[a] + threshold ? u - threshold : u < held[a] - threshold ? u + threshold : held[a];
                v = Math.Clamp(v, boxes[a].Low, boxes[a].High);
                moved = Math.Max(moved, Math.Abs(v - h[a]));
                h[a] = v;
            }

            if (moved <= 1e-12 * scale)
            {
                break;
            }
        }

        return h;
    }

    /// <summary>The hedges that common ratios can reach: the range of g(rho) = sum_p -clamp(rho, low_p, high_p) e_p.</summary>
    private static (double Low, double High) Reach(List<HedgePosition> positions)
    {
        if (positions.Count == 0)
        {
            return (0, 0);
        }

        if (positions.Count == 1)
        {
            var (a, b) = (-positions[0].Low * positions[0].ExposureUsd, -positions[0].High * positions[0].ExposureUsd);
            return (Math.Min(a, b), Math.Max(a, b));
        }

        var values = Breakpoints(positions).Select(rho => Hedge(positions, rho)).ToList();
        return (values.Min(), values.Max());
    }

    /// <summary>The common ratio whose allocation hedges <paramref name="target"/>, moving the positions least.</summary>
    private static double CommonRatio(List<HedgePosition> positions, double target)
    {
        if (positions.Count == 1)
        {
            var p = positions[0];
            return p.ExposureUsd == 0 ? p.CurrentRatio : Math.Clamp(-target / p.ExposureUsd, p.Low, p.High);
        }

        // g is piecewise linear between breakpoints: solve on each segment, keep the smallest move.
        var points = Breakpoints(positions);
        var best = double.NaN;
        var bestError = double.PositiveInfinity;
        var bestMove = double.PositiveInfinity;
        for (var k = 0; k < points.Count; k++)
        {
            var candidates = new List<double> { points[k] };
            if (k + 1 < points.Count)
            {
                var (g0, g1) = (Hedge(positions, points[k]), Hedge(positions, points[k + 1]));
                if (g1 != g0 && (target - g0) / (g1 - g0) is var f and > 0 and < 1)
                {
                    candidates.Add(points[k] + (f * (points[k + 1] - points[k])));
                }
            }

            foreach (var rho in candidates)
            {
                var error = Math.Abs(Hedge(positions, rho) - target);
                var move = positions.Sum(p => Math.Abs(Math.Clamp(rho, p.Low, p.High) - p.CurrentRatio) * Math.Abs(p.ExposureUsd));
                var tolerance = 1e-9 * (1 + Math.Abs(target));
                if (error < bestError - tolerance || (Math.Abs(error - bestError) <= tolerance && move < bestMove))
                {
                    (best, bestError, bestMove) = (rho, error, move);
                }
            }
        }

        return best;
    }

    private static List<double> Breakpoints(List<HedgePosition> positions) =>
        positions.SelectMany(p => new[] { p.Low, p.High }).Append(0).Append(1).Distinct().Order().ToList();

    private static double Hedge(List<HedgePosition> positions, double rho) =>
        positions.Sum(p => -Math.Clamp(rho, p.Low, p.High) * p.ExposureUsd);

    private static void Validate(PortfolioProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var n = problem.Instruments.Count;
        if (problem.Covariance.GetLength(0) != n || problem.Covariance.GetLength(1) != n)
        {
            throw new ArgumentException($"covariance must be {n}x{n}", nameof(problem));
        }

        if (!(problem.RiskAversion > 0) || !(problem.FeeBps >= 0) || !(problem.FixedCostPerUpdate >= 0))
        {
            throw new ArgumentException("RiskAversion must be positive, FeeBps and FixedCostPerUpdate non-negative", nameof(problem));
        }

        foreach (var p in problem.Positions)
        {
            if (p.Instrument < 0 || p.Instrument >= n)
            {
                throw new ArgumentException($"position {p.PositionId}: instrument {p.Instrument} out of range", nameof(problem));
            }

            if (!double.IsFinite(p.ExposureUsd) || p.CurrentRatio is < 0 or > 1 || !(p.MaxRatioChange >= 0) || p.MinRatio < 0 || p.MaxRatio > 1 || p.MinRatio > p.MaxRatio)
            {
                throw new ArgumentException($"position {p.PositionId}: exposure finite, ratios in [0, 1] with MinRatio <= MaxRatio, MaxRatioChange >= 0", nameof(problem));
            }
        }
    }
}
