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
}
