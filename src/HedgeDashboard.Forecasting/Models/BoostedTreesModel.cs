using HedgeDashboard.Forecasting.Data;
using HedgeDashboard.Forecasting.Features;
using HedgeDashboard.Forecasting.Trees;

namespace HedgeDashboard.Forecasting.Models;

/// <summary>
/// Gradient-boosted trees on the seed features, boosting on top of the log-HAR forecast (used as a fixed
/// offset and as a feature) with the QLIKE loss in log space: the trees learn multiplicative corrections
/// that HAR's linear form misses (range estimators, volume, momentum, calendar).
/// </summary>
public sealed class BoostedTreesModel(BoostingOptions boosting, int trainingStride = 6, int refitEveryHours = 2160) : IVarianceModel
{
    public const int ParameterVersion = 1;

    private readonly HarModel _har = new();

    public BoostedTreesModel() : this(new BoostingOptions())
    {
    }

    public string Name => "gbt-qlike";

    /// <summary>Quarterly by default: a fit takes about a second, and trees change slowly with three more months of data.</summary>
    public int? RefitEveryHours => refitEveryHours;

    public IVarianceForecaster Fit(MarketHistory history, int horizonHours)
    {
        var har = _har.FitHar(history, horizonHours);
        var sr = new SquaredReturns();
        sr.Sync(history);
        var time = history.Time;
        var xs = new List<double[]>();
        var ys = new List<double>();
        var offsets = new List<double>();
        int clamped = 0;
        for (int s = FeatureBuilder.Warmup; s < history.Count; s += trainingStride)
        {
            double target = sr.Forward(s, horizonHours);
            if (double.IsNaN(target))
                break;
            if (!(target > 0))
                continue;
            double offset = Math.Log(har.ForecastAt(sr, s, time[s]));
            var x = new double[FeatureBuilder.Count + 1];
            clamped += FeatureBuilder.Compute(history, s, horizonHours, x);
            x[^1] = offset;
            xs.Add(x);
            ys.Add(target);
            offsets.Add(offset);
        }
        var trees = GradientBoostedTrees.Fit([.. xs], [.. ys], QlikeLogLoss.Instance, boosting, [.. offsets]);
        return new Forecaster(har, trees, horizonHours, clamped);
    }

    public static IVarianceForecaster Load(ModelParameters p)
    {
        p.Expect("gbt-qlike", ParameterVersion);
        if (p.Trees is null)
            throw new NotSupportedException("gbt-qlike parameters carry no trees.");
        var harValues = p.Values.Where(kv => kv.Key.StartsWith("har.", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[4..], kv => kv.Value);
        var har = (HarForecaster)HarModel.Load(new ModelParameters("har-rv", HarModel.ParameterVersion, p.HorizonHours, harValues));
        return new Forecaster(har, GradientBoostedTrees.FromParameters(p.Trees), p.HorizonHours, (int)p.Get("clampedBarsInFit"));
    }

    private sealed class Forecaster(HarForecaster har, GradientBoostedTrees trees, int horizon, int clamped) : IVarianceForecaster
    {
        private readonly SquaredReturns _sr = new();
        private readonly double[] _x = new double[FeatureBuilder.Count + 1];

        public ModelParameters Parameters
        {
            get
            {
                var values = har.Parameters.Values.ToDictionary(kv => "har." + kv.Key, kv => kv.Value);
                values["clampedBarsInFit"] = clamped;
                values["trees"] = trees.TreeCount;
                return new ModelParameters("gbt-qlike", ParameterVersion, horizon, values, trees.ToParameters());
            }
        }

        public double Forecast(MarketHistory history)
        {
            _sr.Sync(history);
            int t = history.Last;
            double offset = Math.Log(har.ForecastAt(_sr, t, history.Time[t]));
            FeatureBuilder.Compute(history, t, horizon, _x);
            _x[^1] = offset;
            return Math.Exp(trees.Predict(_x, offset));
        }
    }
}
