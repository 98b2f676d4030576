using HedgeDashboard.Forecasting.Data;
using HedgeDashboard.Forecasting.Features;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace HedgeDashboard.Forecasting.Models;

/// <summary>The ML.NET learners a <see cref="MlNetVarianceModel"/> can use.</summary>
public enum MlNetLearner
{
    /// <summary>FastTreeTweedie with power 2: gamma deviance with a log link, which is twice QLIKE.</summary>
    FastTreeGamma,

    /// <summary>FastForest (the seeds' random forest): the mean ratio over bagged trees.</summary>
    FastForest,

    /// <summary>LightGbm regression (squared loss) on the log ratio, corrected by smearing; one thread.</summary>
    LightGbm,
}

/// <summary>
/// Tree models in ML.NET on the seed features plus the log-HAR forecast H, learning a multiplicative
/// correction on top of HAR: the label is RV / H and the forecast is H x prediction. QLIKE is scale free
/// (QLIKE(RV, F) = QLIKE(RV / H, F / H)), so the gamma tree on RV / H minimizes exactly the QLIKE of F:
/// the same objective the hand-written boosting had with HAR as an offset.
/// </summary>
public sealed class MlNetVarianceModel(MlNetLearner learner, int trainingStride = 6, int refitEveryHours = 2160, int trees = 0) : IVarianceModel
{
    public const int ParameterVersion = 1;

    /// <summary>Columns of <see cref="FeatureBuilder"/> plus the log-HAR forecast; stored with every model so a change is refused on load.</summary>
    public static int FeatureCount => FeatureBuilder.Count + 1;

    private readonly HarModel _har = new();

    public MlNetLearner Learner => learner;

    public string Name => NameOf(learner);

    public static string NameOf(MlNetLearner learner) => learner switch
    {
        MlNetLearner.FastTreeGamma => "mlnet-fasttree-gamma",
        MlNetLearner.FastForest => "mlnet-fastforest",
        _ => "mlnet-lightgbm",
    };

    /// <summary>Quarterly by default: three more months change the trees little, and a 60k-hour walk-forward stays in minutes.</summary>
    public int? RefitEveryHours => refitEveryHours;

    public IVarianceForecaster Fit(MarketHistory history, int horizonHours)
    {
        var har = _har.FitHar(history, horizonHours);
        var sr = new SquaredReturns();
        sr.Sync(history);
        var time = history.Time;
        var rows = new List<Row>();
        int clamped = 0;
        for (int s = FeatureBuilder.Warmup; s < history.Count; s += trainingStride)
        {
            double target = sr.Forward(s, horizonHours);
            if (double.IsNaN(target))
                break;
            if (!(target > 0))
                continue;
            double h = har.ForecastAt(sr, s, time[s]);
            var x = new double[FeatureCount];
            clamped += FeatureBuilder.Compute(history, s, horizonHours, x);
            x[^1] = Math.Log(h);
            double ratio = target / h;
            rows.Add(new Row { Features = Array.ConvertAll(x, v => (float)v), Label = (float)(learner == MlNetLearner.LightGbm ? Math.Log(ratio) : ratio) });
        }
        if (rows.Count < 200)
            throw new InvalidOperationException($"{Name} needs at least 200 complete training rows, got {rows.Count}.");

        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(rows, Schema());
        ITransformer model = Trainer(ml, rows.Count).Fit(data);
        double smearing = 1;
        if (learner == MlNetLearner.LightGbm)
        {
            // Log-space least squares estimates the conditional median; QLIKE wants the mean: mean exp(residual).
            var scores = ml.Data.CreateEnumerable<Prediction>(model.Transform(data), reuseRowObject: false).Select(p => p.Score).ToArray();
            double sum = 0;
            for (int i = 0; i < rows.Count; i++)
                sum += Math.Exp(rows[i].Label - scores[i]);
            smearing = sum / rows.Count;
        }
        return new Forecaster(learner, har, ml, model, SaveModel(ml, model, data.Schema), smearing, horizonHours, clamped);
    }

    private IEstimator<ITransformer> Trainer(MLContext ml, int rows)
    {
        int minLeaf = Math.Max(20, Math.Min(100, rows / 50));
        return learner switch
        {
            MlNetLearner.FastTreeGamma => ml.Regression.Trainers.FastTreeTweedie(new FastTreeTweedieTrainer.Options
            {
                Index = 2,
                NumberOfTrees = trees > 0 ? trees : 200,
                NumberOfLeaves = 8,
                LearningRate = 0.05,
                MinimumExampleCountPerLeaf = minLeaf,
                NumberOfThreads = 1,
                Shrinkage = 1,
            }),
            MlNetLearner.FastForest => ml.Regression.Trainers.FastForest(new FastForestRegressionTrainer.Options
            {
                NumberOfTrees = trees > 0 ? trees : 100,
                NumberOfLeaves = 32,
                MinimumExampleCountPerLeaf = 2 * minLeaf,
                NumberOfThreads = 1,
            }),
            _ => ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
            {
                NumberOfIterations = trees > 0 ? trees : 200,
                NumberOfLeaves = 8,
                LearningRate = 0.05,
                MinimumExampleCountPerLeaf = minLeaf,
                NumberOfThreads = 1,
                Seed = 1,
                Verbose = false,
                Silent = true,
            }),
        };
    }

    public static IVarianceForecaster Load(ModelParameters p) => Loader(p)();

    /// <summary>
    /// Checks and deserializes a stored model once; each call of the result is a fresh forecaster (forecasters keep
    /// per-series state), so a scorer that reloads history every tick does not re-read the model bytes.
    /// </summary>
    public static Func<IVarianceForecaster> Loader(ModelParameters p)
    {
        if (p.Version != ParameterVersion || LearnerOf(p.Model) is not { } learner)
            throw new NotSupportedException($"Expected an ML.NET model v{ParameterVersion}, got {p.Model} v{p.Version}.");
        if ((int)p.Get("featureSchema") != FeatureBuilder.SchemaVersion || (int)p.Get("features") != FeatureCount)
            throw new NotSupportedException($"{p.Model} was trained on feature schema v{p.Get("featureSchema")} with {p.Get("features")} columns; this build computes v{FeatureBuilder.SchemaVersion} with {FeatureCount}.");
        if (p.Blob is null)
            throw new NotSupportedException($"{p.Model} parameters carry no model bytes.");
        var harParameters = new ModelParameters("har-rv", HarModel.ParameterVersion, p.HorizonHours,
            p.Values.Where(kv => kv.Key.StartsWith("har.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key[4..], kv => kv.Value));
        var ml = new MLContext(seed: 1);
        using var stream = new MemoryStream(p.Blob, writable: false);
        var model = ml.Model.Load(stream, out _);
        double smearing = p.Get("smearing");
        int clamped = (int)p.Get("clampedBarsInFit");
        return () => new Forecaster(learner, (HarForecaster)HarModel.Load(harParameters), ml, model, p.Blob, smearing, p.HorizonHours, clamped);
    }

    private static MlNetLearner? LearnerOf(string model) =>
        Enum.GetValues<MlNetLearner>().Select(l => (MlNetLearner?)l).FirstOrDefault(l => NameOf(l!.Value) == model);

    private static SchemaDefinition Schema()
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, FeatureCount);
        return schema;
    }

    private static byte[] SaveModel(MLContext ml, ITransformer model, DataViewSchema schema)
    {
        using var stream = new MemoryStream();
        ml.Model.Save(model, schema, stream);
        return stream.ToArray();
    }

    private sealed class Row
    {
        public float[] Features { get; set; } = [];
        public float Label { get; set; }
    }

    private sealed class Prediction
    {
        public float Score { get; set; }
    }

    private sealed class Forecaster : IVarianceForecaster
    {
        private readonly MlNetLearner _learner;
        private readonly HarForecaster _har;
        private readonly PredictionEngine<Row, Prediction> _engine;
        private readonly byte[] _bytes;
        private readonly double _smearing;
        private readonly int _horizon;
        private readonly int _clamped;
        private readonly SquaredReturns _sr = new();
        private readonly double[] _x = new double[FeatureCount];
        private readonly Row _row = new() { Features = new float[FeatureCount] };
        private readonly Prediction _prediction = new();

        public Forecaster(MlNetLearner learner, HarForecaster har, MLContext ml, ITransformer model, byte[] bytes, double smearing, int horizon, int clamped)
        {
            _learner = learner;
            _har = har;
            _engine = ml.Model.CreatePredictionEngine<Row, Prediction>(model, inputSchemaDefinition: Schema());
            _bytes = bytes;
            _smearing = smearing;
            _horizon = horizon;
            _clamped = clamped;
        }

        public ModelParameters Parameters
        {
            get
            {
                var values = _har.Parameters.Values.ToDictionary(kv => "har." + kv.Key, kv => kv.Value);
                values["clampedBarsInFit"] = _clamped;
                values["smearing"] = _smearing;
                values["featureSchema"] = FeatureBuilder.SchemaVersion;
                values["features"] = FeatureCount;
                return new ModelParameters(NameOf(_learner), ParameterVersion, _horizon, values, _bytes);
            }
        }

        public double Forecast(MarketHistory history)
        {
            _sr.Sync(history);
            int t = history.Last;
            double h = _har.ForecastAt(_sr, t, history.Time[t]);
            FeatureBuilder.Compute(history, t, _horizon, _x);
            _x[^1] = Math.Log(h);
            for (int i = 0; i < _x.Length; i++)
                _row.Features[i] = (float)_x[i];
            var prediction = _prediction;
            _engine.Predict(_row, ref prediction);
            double score = prediction.Score;
            double ratio = _learner == MlNetLearner.LightGbm ? Math.Exp(score) * _smearing : score;
            // A forest or tree leaf can only average positive labels, but keep a floor against float rounding.
            return h * Math.Max(ratio, 1e-3);
        }
    }
}
