namespace HedgeDashboard.Forecasting.Models;

/// <summary>The variance models by short name, as the CLI and workers select them.</summary>
public static class ForecastModels
{
    public static readonly string[] Names = ["ewma", "garch", "har", "fasttree", "forest", "lightgbm"];

    public static IVarianceModel Create(string name) => name.ToLowerInvariant() switch
    {
        "ewma" => new EwmaModel(),
        "garch" => new GarchModel(),
        "har" => new HarModel(),
        "fasttree" => new MlNetVarianceModel(MlNetLearner.FastTreeGamma),
        "forest" => new MlNetVarianceModel(MlNetLearner.FastForest),
        "lightgbm" => new MlNetVarianceModel(MlNetLearner.LightGbm),
        _ => throw new ArgumentException($"unknown model '{name}'; known: {string.Join(", ", Names)}"),
    };

    /// <summary>Reloads stored parameters of any model kind (model_versions keeps them as JSON plus the model bytes).</summary>
    public static IVarianceForecaster Load(ModelParameters p) => Loader(p)();

    /// <summary>
    /// A factory of fresh forecasters for stored parameters, checked and deserialized once (forecasters keep per-series
    /// state, so a scorer needs a new one for each history it reads). Throws NotSupportedException for unknown kinds.
    /// </summary>
    public static Func<IVarianceForecaster> Loader(ModelParameters p)
    {
        if (p.Model.StartsWith("mlnet-", StringComparison.Ordinal))
            return MlNetVarianceModel.Loader(p);
        Func<ModelParameters, IVarianceForecaster> load = p.Model switch
        {
            "ewma" => EwmaModel.Load,
            "garch11" => GarchModel.Load,
            "har-rv" => HarModel.Load,
            _ => throw new NotSupportedException($"No loader for model '{p.Model}'."),
        };
        _ = load(p); // bad parameters fail here, once
        return () => load(p);
    }
}
