using HedgeDashboard.Forecasting.Data;
using HedgeDashboard.Forecasting.Evaluation;
using HedgeDashboard.Forecasting.Features;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace HedgeDashboard.Forecasting.Risk;

/// <summary>
/// P(IL beyond threshold over the horizon) for a fresh +/-RangePct position, straight from a classifier: ML.NET
/// FastTree binary on the seed features plus the log variance forecast, refitted walk-forward
/// on the origins whose horizons had ended, its score Platt-calibrated on the newest quarter of them. The candidate beside the parametric Student-t; `hedge calibration`
/// keeps whichever has the lower log loss among those calibrated within 2 pp.
/// </summary>
public static class IlClassifier
{
    public const string Suffix = "+fasttree-binary";

    public static CalibrationReport Run(IReadOnlyList<OhlcvBar> bars, ModelEvaluation evaluation, int horizonHours, CalibrationOptions o,
        int refitEveryHours = 2160, int minTrainingRows = 2000, int trees = 100)
    {
        var history = MarketStore.From(bars).View();
        var times = history.Time.ToArray();
        var closes = history.Close.ToArray();
        long window = (horizonHours + 1) * RealizedVariance.SecondsPerHour;
        var points = evaluation.Points.Where(p => p.Origin >= FeatureBuilder.Warmup).ToList();
        var rows = new Row[points.Count];
        var ends = new long[points.Count];
        var x = new double[FeatureBuilder.Count];
        for (int i = 0; i < points.Count; i++)
        {
            var p = points[i];
            FeatureBuilder.Compute(history, p.Origin, horizonHours, x);
            var features = new float[FeatureBuilder.Count + 1];
            for (int j = 0; j < x.Length; j++)
                features[j] = (float)x[j];
            features[^1] = (float)Math.Log(p.Forecast);
            int end = Array.BinarySearch(times, p.OriginTime + window - RealizedVariance.SecondsPerHour);
            end = end >= 0 ? end : ~end - 1;
            rows[i] = new Row { Features = features, Label = IlCalibration.IlBeyond(closes[p.Origin], closes[end], o) };
            ends[i] = p.OriginTime + window;
        }

        var ml = new MLContext(seed: 1);
        var scored = new List<CalibrationPoint>();
        int next = 0;
        while (next < points.Count)
        {
            long now = points[next].OriginTime + RealizedVariance.SecondsPerHour;
            int known = 0;
            while (known < next && ends[known] <= now)
                known++;
            int stop = next;
            while (stop < points.Count && points[stop].OriginTime < points[next].OriginTime + refitEveryHours * RealizedVariance.SecondsPerHour)
                stop++;
            int positives = rows.Take(known).Count(r => r.Label);
            if (known >= minTrainingRows && positives >= 20 && known - positives >= 20)
            {
                // Trees on the older rows, the Platt sigmoid on the newest quarter they did not see: the base rate
                // drifts with the regime, and a sigmoid on the trees' own rows is overconfident (max gap 8 pp, 2024-2025).
                int cut = known * 3 / 4;
                var model = Fit(ml, rows[..cut], trees);
                var (a, b) = Platt(Scores(ml, model, rows[cut..known]), [.. rows[cut..known].Select(r => r.Label)]);
                int i = next;
                foreach (double score in Scores(ml, model, rows[next..stop]))
                {
                    scored.Add(new CalibrationPoint(points[i].Origin, 1 / (1 + Math.Exp(-(a * score + b))), rows[i].Label));
                    i++;
                }
            }
            next = stop;
        }
        return IlCalibration.Summarize(evaluation.Name + Suffix, scored, double.NaN, double.NaN, [], o.Bins);
    }

    private static double[] Scores(MLContext ml, ITransformer model, Row[] rows) =>
        [.. ml.Data.CreateEnumerable<Prediction>(model.Transform(ml.Data.LoadFromEnumerable(rows, Schema())), reuseRowObject: false).Select(p => (double)p.Score)];

    /// <summary>
    /// Platt scaling: logistic regression of the label on the raw score, by Newton's method with step halving
    /// (two parameters; plain Newton overshoots from a poor start on rare events).
    /// </summary>
    internal static (double A, double B) Platt(double[] score, bool[] label)
    {
        double rate = Math.Clamp(label.Count(l => l) / (double)Math.Max(1, label.Length), 1e-4, 1 - 1e-4);
        double a = 0, b = Math.Log(rate / (1 - rate));
        double loss = LogLoss(score, label, a, b);
        for (int iter = 0; iter < 100; iter++)
        {
            double ga = 0, gb = 0, haa = 1e-9, hab = 0, hbb = 1e-9;
            for (int i = 0; i < score.Length; i++)
            {
                double p = 1 / (1 + Math.Exp(-(a * score[i] + b)));
                double e = p - (label[i] ? 1 : 0), w = p * (1 - p);
                ga += e * score[i];
                gb += e;
                haa += w * score[i] * score[i];
                hab += w * score[i];
                hbb += w;
            }
            double det = haa * hbb - hab * hab;
            if (!(det > 1e-12))
                break;
            double da = (hbb * ga - hab * gb) / det, db = (haa * gb - hab * ga) / det;
            double step = 1, next = double.NaN;
            for (int k = 0; k < 30; k++, step /= 2)
            {
                next = LogLoss(score, label, a - step * da, b - step * db);
                if (next <= loss)
                    break;
            }
            if (!(next <= loss))
                break;
            a -= step * da;
            b -= step * db;
            bool done = loss - next < 1e-12;
            loss = next;
            if (done)
                break;
        }
        return (a, b);
    }

    private static double LogLoss(double[] score, bool[] label, double a, double b)
    {
        double sum = 0;
        for (int i = 0; i < score.Length; i++)
        {
            double z = a * score[i] + b;
            // -ln sigmoid(z) = softplus(-z), computed without overflow.
            double u = label[i] ? -z : z;
            sum += u > 0 ? u + Math.Log(1 + Math.Exp(-u)) : Math.Log(1 + Math.Exp(u));
        }
        return sum;
    }

    private static ITransformer Fit(MLContext ml, Row[] rows, int trees)
    {
        var trainer = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            // Trained without label weights; the raw Score is recalibrated by Platt on newer rows (see Run).
            NumberOfTrees = trees,
            NumberOfLeaves = 8,
            LearningRate = 0.05,
            // Large leaves: a rare event (a few % of horizons) and neighbouring origins that share most of their horizon.
            MinimumExampleCountPerLeaf = Math.Max(20, rows.Length / 50),
            NumberOfThreads = 1,
        });
        return trainer.Fit(ml.Data.LoadFromEnumerable(rows, Schema()));
    }

    private static SchemaDefinition Schema()
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, FeatureBuilder.Count + 1);
        return schema;
    }

    private sealed class Row
    {
        public float[] Features { get; set; } = [];
        public bool Label { get; set; }
    }

    private sealed class Prediction
    {
        public float Score { get; set; }
    }
}
