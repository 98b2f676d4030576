namespace HedgeDashboard.Forecasting.Models;

/// <summary>The variance models by short name, as the CLI and workers select them.</summary>
public static class ForecastModels
{
    public static readonly string[] Names = ["ewma", "garch", "har", "gbt"];

    public static IVarianceModel Create(string name) => name.ToLowerInvariant() switch
    {
        "ewma" => new EwmaModel(),
        "garch" => new GarchModel(),
        "har" => new HarModel(),
        "gbt" => new BoostedTreesModel(),
        _ => throw new ArgumentException($"unknown model '{name}'; known: {string.Join(", ", Names)}"),
    };
}
