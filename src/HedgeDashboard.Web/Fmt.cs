using System.Globalization;

namespace HedgeDashboard.Web;

/// <summary>Number formats used across pages (invariant culture; a dash for unknown).</summary>
public static class Fmt
{
    public const string Unknown = "–";

    // "12.5%", not the invariant culture's "12.5 %".
    private static readonly NumberFormatInfo Percent = new() { PercentPositivePattern = 1, PercentNegativePattern = 1 };

    public static string Money(double? v) => v is { } x && double.IsFinite(x) ? x.ToString("#,##0.00", CultureInfo.InvariantCulture) : Unknown;

    public static string Money(decimal? v) => v is { } x ? x.ToString("#,##0.00", CultureInfo.InvariantCulture) : Unknown;

    public static string Pct(double? v, string format = "P2") => v is { } x && double.IsFinite(x) ? x.ToString(format, Percent) : Unknown;

    public static string Pct(decimal? v, string format = "P2") => v is { } x ? x.ToString(format, Percent) : Unknown;

    public static string Num(double? v, string format = "N2") => v is { } x && double.IsFinite(x) ? x.ToString(format, CultureInfo.InvariantCulture) : Unknown;

    public static string Time(DateTimeOffset? t) => t is { } x ? x.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : Unknown;

    public static string Short(string? hash) => hash is { Length: > 14 } h ? $"{h[..8]}…{h[^6..]}" : hash ?? Unknown;
}
