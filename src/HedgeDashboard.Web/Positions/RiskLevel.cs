using MudBlazor;

namespace HedgeDashboard.Web.Positions;

/// <summary>How the UI colours a risk score in [0, 1]: green below 0.33, amber below 0.66, red above.</summary>
public static class RiskLevel
{
    public const double Medium = 0.33;
    public const double High = 0.66;

    public static string Name(double? score) => score switch
    {
        null or double.NaN => "unscored",
        < Medium => "low",
        < High => "medium",
        _ => "high",
    };

    public static Color Color(double? score) => Name(score) switch
    {
        "low" => MudBlazor.Color.Success,
        "medium" => MudBlazor.Color.Warning,
        "high" => MudBlazor.Color.Error,
        _ => MudBlazor.Color.Default,
    };

    public static string CssClass(double? score) => $"hd-risk-{Name(score)}";
}
