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

    /// <summary>US dollars: "$1,234.56", "-$12.00".</summary>
    public static string Usd(double? v) => v is { } x && double.IsFinite(x) ? (x < 0 ? "-$" : "$") + Math.Abs(x).ToString("#,##0.00", CultureInfo.InvariantCulture) : Unknown;

    public static string Usd(decimal? v) => Usd((double?)v);

    /// <summary>A token amount with its symbol, to a precision that suits its size: "1.2346 ETH", "3,000.00 USDC".</summary>
    public static string Token(double? v, string symbol) => v is { } x && double.IsFinite(x)
        ? $"{x.ToString(Math.Abs(x) >= 100 ? "#,##0.00" : Math.Abs(x) >= 1 ? "#,##0.####" : "0.######", CultureInfo.InvariantCulture)} {symbol}"
        : Unknown;

    public static string Short(string? hash) => hash is { Length: > 14 } h ? $"{h[..8]}…{h[^6..]}" : hash ?? Unknown;
}
