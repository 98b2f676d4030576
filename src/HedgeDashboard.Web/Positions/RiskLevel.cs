using Radzen;

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

    public static BadgeStyle Badge(double? score) => Name(score) switch
    {
        "low" => BadgeStyle.Success,
        "medium" => BadgeStyle.Warning,
        "high" => BadgeStyle.Danger,
        _ => BadgeStyle.Light,
    };

    public static string CssClass(double? score) => $"hd-risk-{Name(score)}";
}
