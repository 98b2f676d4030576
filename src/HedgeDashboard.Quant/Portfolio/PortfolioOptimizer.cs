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
/// Minimises forecast variance of the portfolio's P&amp;L plus expected costs over one common ratio per instrument,
/// clamped to each position's own limits (r_p = clamp(rho, low_p, high_p)), so each on-chain ratio is "the asset's
/// ratio, within this position's caps". Steps: (1) coordinate descent on variance + fees, each instrument's ratio
/// minimised exactly in turn; fees count each position's own trade, as the venue charges them; (2) fixed costs are
/// not convex: every subset of instruments left untouched is tried (up to 6 instruments; more try all-or-nothing)
/// and the cheapest total wins.
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

        var fee = problem.FeeBps / 10_000;
        PortfolioPlan? best = null;
        var subsets = n <= MaxSubsetInstruments ? 1 << n : 2;
        for (var mask = 0; mask < subsets; mask++)
        {
            // Bit a set: instrument a keeps its hedge (ratios unchanged). With many instruments: all or none.
            var frozen = n <= MaxSubsetInstruments ? mask : (mask == 0 ? 0 : -1);
            var rho = Solve(problem, exposure, held, byInstrument, a => (frozen & (1 << a)) != 0 || byInstrument[a].Count == 0, fee);
            var plan = Build(problem, exposure, held, rho, byInstrument, fee);
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

    private static PortfolioPlan Build(PortfolioProblem problem, double[] exposure, double[] held, double?[] rho, List<HedgePosition>[] byInstrument, double fee)
    {
        var allocations = new List<PositionAllocation>();
        var hedge = new double[rho.Length];
        for (var a = 0; a < rho.Length; a++)
        {
            foreach (var p in byInstrument[a])
            {
                var r = rho[a] is { } common ? Math.Clamp(common, p.Low, p.High) : p.CurrentRatio;
                var target = rho[a] is null ? p.HeldUsd : -r * p.ExposureUsd;
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
    /// Coordinate descent over the instruments' common ratios (null: the instrument keeps its hedge, ratios unchanged).
    /// Each step minimises RiskAversion/2 x Var + fees exactly in one instrument's ratio, the others fixed. Fees are
    /// what each position trades (|its new hedge - its held hedge| x fee), not the instrument's net trade: the venue
    /// keeps one hedge per position and <c>updateRatios</c> adjusts each member's hedge on its own, so positions of one
    /// asset with deltas of both signs pay for both trades. In one ratio the objective is quadratic between the
    /// breakpoints (each position's limits and the ratio at which it would not trade), so each segment's stationary
    /// point and the breakpoints are the only candidates.
    /// </summary>
    private static double?[] Solve(PortfolioProblem problem, double[] e, double[] held, List<HedgePosition>[] byInstrument, Func<int, bool> frozen, double fee)
    {
        var s = problem.Covariance;
        var gamma = problem.RiskAversion;
        var n = e.Length;
        var rho = new double?[n];
        var h = (double[])held.Clone();
        var points = byInstrument.Select(Breakpoints).ToArray();
        for (var sweep = 0; sweep < MaxSweeps; sweep++)
        {
            var improved = false;
            for (var a = 0; a < n; a++)
            {
                if (frozen(a) || s[a, a] <= 0)
                {
                    continue;
                }

                var cross = 0.0;
                for (var b = 0; b < n; b++)
                {
                    if (b != a)
                    {
                        cross += s[a, b] * (e[b] + h[b]);
                    }
                }

                var positions = byInstrument[a];
                var (ea, saa) = (e[a], s[a, a]);
                double Cost(double? r)
                {
                    var x = ea + Hedge(positions, r);
                    return (gamma / 2 * ((saa * x * x) + (2 * x * cross))) + (fee * Traded(positions, r));
                }

                var (bestRho, bestCost) = (rho[a], Cost(rho[a]));
                void Try(double? r)
                {
                    var c = Cost(r);
                    if (c < bestCost - (1e-12 * (1 + Math.Abs(bestCost))))
                    {
                        (bestRho, bestCost) = (r, c);
                    }
                }

                Try(null);
                var pts = points[a];
                for (var k = 0; k < pts.Count; k++)
                {
                    Try(pts[k]);
                    if (k + 1 < pts.Count)
                    {
                        // Linear hedge and traded amount on the segment: set the derivative of the quadratic to zero.
                        var (p0, p1) = (pts[k], pts[k + 1]);
                        var (h0, h1) = (Hedge(positions, p0), Hedge(positions, p1));
                        var beta = (h1 - h0) / (p1 - p0);
                        var slope = fee * (Traded(positions, p1) - Traded(positions, p0)) / (p1 - p0);
                        if (beta != 0)
                        {
                            var x = ((-slope / (gamma * beta)) - cross) / saa;
                            var r = p0 + ((x - ea - h0) / beta);
                            if (r > p0 && r < p1)
                            {
                                Try(r);
                            }
                        }
                    }
                }

                if (bestRho != rho[a])
                {
                    rho[a] = bestRho;
                    h[a] = Hedge(positions, bestRho);
                    improved = true;
                }
            }

            if (!improved)
            {
                break;
            }
        }

        return rho;
    }

    /// <summary>Where the objective in one common ratio changes form: each position's limits and its no-trade ratio, and 0 and 1.</summary>
    private static List<double> Breakpoints(List<HedgePosition> positions) =>
        positions.SelectMany(p => new[] { p.Low, p.High, p.ExposureUsd == 0 ? p.Low : Math.Clamp(-p.HeldUsd / p.ExposureUsd, p.Low, p.High) })
            .Append(0).Append(1).Distinct().Order().ToList();

    /// <summary>The instrument's hedge at common ratio <paramref name="rho"/> (null: the hedges held).</summary>
    private static double Hedge(List<HedgePosition> positions, double? rho) =>
        rho is { } r ? positions.Sum(p => -Math.Clamp(r, p.Low, p.High) * p.ExposureUsd) : positions.Sum(p => p.HeldUsd);

    /// <summary>USD traded at common ratio <paramref name="rho"/>: the sum of each position's own adjustment.</summary>
    private static double Traded(List<HedgePosition> positions, double? rho) =>
        rho is { } r ? positions.Sum(p => Math.Abs((-Math.Clamp(r, p.Low, p.High) * p.ExposureUsd) - p.HeldUsd)) : 0;

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
