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

    /// <summary>Reloads stored parameters of any model kind (the workers and `hedge train` keep them as JSON).</summary>
    public static IVarianceForecaster Load(ModelParameters p) => p.Model switch
    {
        "ewma" => EwmaModel.Load(p),
        "garch11" => GarchModel.Load(p),
        "har-rv" => HarModel.Load(p),
        _ when p.Model.StartsWith("mlnet-", StringComparison.Ordinal) => MlNetVarianceModel.Load(p),
        _ => throw new NotSupportedException($"No loader for model '{p.Model}'."),
    };
}
