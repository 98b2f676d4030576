using HedgeDashboard.Forecasting.Data;

namespace HedgeDashboard.Forecasting.Models;

/// <summary>
/// GARCH(1,1) on hourly log returns (zero mean): s2_i = omega + alpha r_{i-1}^2 + beta s2_{i-1}, fitted by
/// Gaussian quasi maximum likelihood with variance targeting (omega = v (1 - alpha - beta), v the sample
/// variance), which leaves two parameters and an analytic gradient: a 50,000-point fit is a few dozen passes.
/// </summary>
public sealed class GarchModel : IVarianceModel
{
    public const int ParameterVersion = 1;

    public string Name => "garch11";

    public IVarianceForecaster Fit(MarketHistory history, int horizonHours)
    {
        var returns = new double[Math.Max(history.Count - 1, 0)];
        for (int i = 1; i < history.Count; i++)
            returns[i - 1] = history.LogReturn(i);
        var fit = Garch11.Fit(returns);
        return new Forecaster(fit, horizonHours);
    }

    public static IVarianceForecaster Load(ModelParameters p)
    {
        p.Expect("garch11", ParameterVersion);
        return new Forecaster(new Garch11(p.Get("omega"), p.Get("alpha"), p.Get("beta")), p.HorizonHours);
    }

    private sealed class Forecaster(Garch11 g, int horizon) : IVarianceForecaster
    {
        private int _seen;
        private double _next; // s2 of the bar after the last one seen

        public ModelParameters Parameters => new("garch11", ParameterVersion, horizon,
            new Dictionary<string, double> { ["omega"] = g.Omega, ["alpha"] = g.Alpha, ["beta"] = g.Beta });

        public double Forecast(MarketHistory history)
        {
            if (history.Count < _seen)
                throw new InvalidOperationException("History went backwards.");
            if (_seen == 0)
                _next = g.UnconditionalVariance;
            for (int i = Math.Max(_seen, 1); i < history.Count; i++)
            {
                double r = history.LogReturn(i);
                _next = g.Omega + g.Alpha * r * r + g.Beta * _next;
            }
            _seen = history.Count;
            return g.SumOfForecasts(_next, horizon);
        }
    }
}

/// <summary>GARCH(1,1) parameters and the likelihood fit.</summary>
public sealed record Garch11(double Omega, double Alpha, double Beta)
{
    public double Persistence => Alpha + Beta;

    public double UnconditionalVariance => Omega / (1 - Persistence);

    /// <summary>Sum over k = 1..h of E[s2_{t+k}] given s2_{t+1}: the forecast of h-step realized variance.</summary>
    public double SumOfForecasts(double nextVariance, int hours)
    {
        double p = Persistence, v = UnconditionalVariance;
        double decay = Math.Abs(1 - p) < 1e-12 ? hours : (1 - Math.Pow(p, hours)) / (1 - p);
        return hours * v + (nextVariance - v) * decay;
    }

    /// <summary>
    /// Gaussian QMLE with variance targeting over (alpha, beta) in the stationary region. The likelihood of hourly
    /// crypto returns has more than one basin (a smooth high-beta one and a spiky high-alpha one), so BFGS runs
    /// from the best points of a coarse grid and the best likelihood wins.
    /// </summary>
    public static Garch11 Fit(ReadOnlySpan<double> returns) => Fit(returns, GridStarts);

    /// <summary>Starts: the best this many grid points by likelihood (1 keeps only the classic start 0.95 / 0.05).</summary>
    internal const int GridStarts = 3;

    internal static Garch11 Fit(ReadOnlySpan<double> returns, int starts)
    {
        if (returns.Length < 50)
            throw new ArgumentException("GARCH needs at least 50 returns.", nameof(returns));
        double v = 0;
        foreach (double r in returns)
            v += r * r;
        v /= returns.Length;
        if (!(v > 0))
            throw new ArgumentException("Returns have zero variance.", nameof(returns));
        var sq = new double[returns.Length];
        for (int i = 0; i < sq.Length; i++)
            sq[i] = returns[i] * returns[i] / v; // scale-free: fit on r^2 / v, so omega = 1 - p

        // alpha = p s, beta = p (1 - s) with p = logistic(u), s = logistic(v): any (u, v) is stationary.
        double Objective(double[] x, double[] grad)
        {
            double p = Logistic(x[0]), s = Logistic(x[1]);
            double a = p * s, b = p * (1 - s);
            double nll = NegLogLikelihood(sq, a, b, out double ga, out double gb);
            double dpdu = p * (1 - p), dsdv = s * (1 - s);
            grad[0] = ga * s * dpdu + gb * (1 - s) * dpdu;
            grad[1] = ga * p * dsdv - gb * p * dsdv;
            return nll;
        }

        var candidates = new List<double[]> { new[] { Logit(0.95), Logit(0.05 / 0.95) } };
        if (starts > 1)
        {
            var grid = new List<(double Nll, double[] X)>();
            var unused = new double[2];
            foreach (double p in (double[])[0.3, 0.6, 0.8, 0.9, 0.95, 0.98, 0.995])
                foreach (double s in (double[])[0.03, 0.1, 0.3, 0.6, 0.9])
                {
                    double[] x0 = [Logit(p), Logit(s)];
                    grid.Add((Objective(x0, unused), x0));
                }
            candidates.AddRange(grid.Where(g => double.IsFinite(g.Nll)).OrderBy(g => g.Nll).Take(starts - 1).Select(g => g.X));
        }

        double bestNll = double.PositiveInfinity;
        double[] best = candidates[0];
        var gradient = new double[2];
        foreach (var start in candidates)
        {
            var x = Bfgs.Minimize(Objective, start, maxIterations: 200, gradientTolerance: 1e-7);
            double nll = Objective(x, gradient);
            if (nll < bestNll)
            {
                bestNll = nll;
                best = x;
            }
        }
        double pp = Logistic(best[0]), ss = Logistic(best[1]);
        double alpha = pp * ss, beta = pp * (1 - ss);
        return new Garch11(v * (1 - alpha - beta), alpha, beta);
    }

    /// <summary>Mean negative log-likelihood (constants dropped) of scaled squared returns and its gradient in (alpha, beta).</summary>
    internal static double NegLogLikelihood(double[] sq, double a, double b, out double gradA, out double gradB)
    {
        double omega = 1 - a - b;
        double s2 = 1, da = 0, db = 0; // s2_1 = unconditional variance (1 after scaling), fixed
        double nll = 0;
        gradA = gradB = 0;
        for (int i = 0; i < sq.Length; i++)
        {
            if (i > 0)
            {
                double prevS2 = s2;
                da = -1 + sq[i - 1] + b * da;
                db = -1 + prevS2 + b * db;
                s2 = omega + a * sq[i - 1] + b * prevS2;
            }
            double inv = 1 / s2;
            nll += Math.Log(s2) + sq[i] * inv;
            double w = inv - sq[i] * inv * inv;
            gradA += w * da;
            gradB += w * db;
        }
        double scale = 0.5 / sq.Length;
        gradA *= scale;
        gradB *= scale;
        return nll * scale;
    }

    private static double Logistic(double z) => 1 / (1 + Math.Exp(-z));

    private static double Logit(double p) => Math.Log(p / (1 - p));
}
