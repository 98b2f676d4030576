using HedgeDashboard.Forecasting.Data;
using MathNet.Numerics.LinearAlgebra;

namespace HedgeDashboard.Forecasting.Models;

/// <summary>
/// HAR-RV (Corsi 2009) on hourly bars: the horizon's realized variance regressed on the mean squared
/// return per hour over the last day, week and month (24, 168, 720 bars by default), plus the share of
/// the forecast window that falls on a weekend (crypto trades less then; the calendar is known in advance).
/// In logs by default: RV is heavy tailed and log-OLS is far less driven by crash days; the forecast is
/// then corrected by the mean of exp(residual) (smearing), because QLIKE wants the conditional mean.
/// </summary>
public sealed class HarModel(HarOptions options) : IVarianceModel
{
    public const int ParameterVersion = 1;

    public HarModel() : this(new HarOptions())
    {
    }

    public HarOptions Options { get; } = options;

    public string Name => Options.UseLogs ? "har-rv-log" : "har-rv";

    public IVarianceForecaster Fit(MarketHistory history, int horizonHours) => FitHar(history, horizonHours);

    internal HarForecaster FitHar(MarketHistory history, int horizonHours)
    {
        var sr = new SquaredReturns();
        sr.Sync(history);
        int k = Options.Windows.Length + (Options.WeekendRegressor ? 2 : 1);
        var xtx = Matrix<double>.Build.Dense(k, k);
        var xty = Vector<double>.Build.Dense(k);
        var rows = new List<(double[] X, double Y)>();
        var time = history.Time;
        for (int s = Options.Windows.Max(); s < history.Count; s += Options.TrainingStride)
        {
            double target = sr.Forward(s, horizonHours);
            if (double.IsNaN(target))
                break; // the rest of the targets lie after the fit point
            var x = Regressors(sr, s, time[s], horizonHours);
            double y = Transform(target / horizonHours);
            rows.Add((x, y));
            for (int i = 0; i < k; i++)
            {
                xty[i] += x[i] * y;
                for (int j = 0; j < k; j++)
                    xtx[i, j] += x[i] * x[j];
            }
        }
        if (rows.Count < 10 * k)
            throw new InvalidOperationException($"HAR needs at least {10 * k} complete training rows, got {rows.Count}.");
        var beta = xtx.Solve(xty).ToArray();
        double smear = 1;
        if (Options.UseLogs)
        {
            double sum = 0;
            foreach (var (x, y) in rows)
                sum += Math.Exp(y - Dot(beta, x));
            smear = sum / rows.Count;
        }
        return new HarForecaster(this, beta, smear, horizonHours);
    }

    public static IVarianceForecaster Load(ModelParameters p)
    {
        p.Expect("har-rv", ParameterVersion);
        var windows = new List<int>();
        for (int i = 0; p.Values.ContainsKey($"window{i}"); i++)
            windows.Add((int)p.Get($"window{i}"));
        var options = new HarOptions { Windows = [.. windows], UseLogs = p.Get("logs") != 0, WeekendRegressor = p.Get("weekend") != 0 };
        var beta = new double[windows.Count + (options.WeekendRegressor ? 2 : 1)];
        for (int i = 0; i < beta.Length; i++)
            beta[i] = p.Get($"beta{i}");
        return new HarForecaster(new HarModel(options), beta, p.Get("smearing"), p.HorizonHours);
    }

    internal double[] Regressors(SquaredReturns sr, int origin, long originTime, int horizonHours)
    {
        var x = new double[Options.Windows.Length + (Options.WeekendRegressor ? 2 : 1)];
        x[0] = 1;
        for (int w = 0; w < Options.Windows.Length; w++)
            x[w + 1] = Transform(sr.TrailingMean(origin, Options.Windows[w]));
        if (Options.WeekendRegressor)
            x[^1] = RealizedVariance.WeekendShare(originTime, horizonHours);
        return x;
    }

    internal double Transform(double perHourVariance) =>
        Options.UseLogs ? Math.Log(Math.Max(perHourVariance, 1e-14)) : perHourVariance;

    internal static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
            s += a[i] * b[i];
        return s;
    }
}

public sealed record HarOptions
{
    /// <summary>Trailing windows in bars: day, week, month of hourly data.</summary>
    public int[] Windows { get; init; } = [24, 168, 720];

    public bool UseLogs { get; init; } = true;

    public bool WeekendRegressor { get; init; } = true;

    /// <summary>Use every n-th origin as a training row (targets overlap, so neighbours add little).</summary>
    public int TrainingStride { get; init; } = 1;
}

internal sealed class HarForecaster(HarModel model, double[] beta, double smearing, int horizon) : IVarianceForecaster
{
    private readonly SquaredReturns _sr = new();

    public IReadOnlyList<double> Beta => beta;

    public double Smearing => smearing;

    public ModelParameters Parameters
    {
        get
        {
            var values = new Dictionary<string, double>
            {
                ["logs"] = model.Options.UseLogs ? 1 : 0,
                ["weekend"] = model.Options.WeekendRegressor ? 1 : 0,
                ["smearing"] = smearing,
            };
            for (int i = 0; i < model.Options.Windows.Length; i++)
                values[$"window{i}"] = model.Options.Windows[i];
            for (int i = 0; i < beta.Length; i++)
                values[$"beta{i}"] = beta[i];
            return new ModelParameters("har-rv", HarModel.ParameterVersion, horizon, values);
        }
    }

    public double Forecast(MarketHistory history)
    {
        _sr.Sync(history);
        return ForecastAt(_sr, history.Last, history.Time[history.Last]);
    }

    internal double ForecastAt(SquaredReturns sr, int origin, long originTime)
    {
        double z = HarModel.Dot(beta, model.Regressors(sr, origin, originTime, horizon));
        double perHour = model.Options.UseLogs ? Math.Exp(z) * smearing : Math.Max(z, 1e-14);
        return horizon * perHour;
    }
}
