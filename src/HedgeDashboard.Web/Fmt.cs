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

    /// <summary>
    /// US dollars for a grid cell: whole dollars from 1,000 up ("$113,586", "-$2,179"), cents below, so a large book's
    /// figures fit their columns; the exact figure goes in the cell's title.
    /// </summary>
    public static string UsdShort(double? v) =>
        v is { } x && double.IsFinite(x) && Math.Abs(x) >= 1_000 ? (x < 0 ? "-$" : "$") + Math.Abs(x).ToString("#,##0", CultureInfo.InvariantCulture) : Usd(v);

    /// <summary>A token amount for a grid cell: three decimals below 100, whole units from there ("10,000").</summary>
    public static string AmountShort(double? v) => Num(v, v is { } x && Math.Abs(x) >= 100 ? "N0" : "N3");

    /// <summary>Gas units with thousands separators: "165,388 gas".</summary>
    public static string Gas(long? gas) => gas is { } g ? g.ToString("#,##0", CultureInfo.InvariantCulture) + " gas" : Unknown;

    /// <summary>A count with its noun, singular for one: "1 trade", "3 trades".</summary>
    public static string Count(long n, string noun, string? plural = null) =>
        n.ToString("#,##0", CultureInfo.InvariantCulture) + " " + (n == 1 ? noun : plural ?? noun + "s");

    /// <summary>A duration in its largest whole units: "1 h", "1 h 30 min", "45 min", "2 d", "0 min".</summary>
    public static string Duration(TimeSpan d)
    {
        if (d < TimeSpan.Zero)
        {
            return "-" + Duration(d.Negate());
        }

        var parts = new List<string>();
        if (d.Days > 0)
        {
            parts.Add($"{d.Days} d");
        }

        if (d.Hours > 0)
        {
            parts.Add($"{d.Hours} h");
        }

        if (d.Minutes > 0 || (parts.Count == 0 && d.Seconds == 0))
        {
            parts.Add($"{d.Minutes} min");
        }

        if (d.Seconds > 0 && d.TotalHours < 1)
        {
            parts.Add($"{d.Seconds} s");
        }

        return string.Join(' ', parts);
    }
    /// <summary>A token amount with its symbol, to a precision that suits its size: "1.2346 ETH", "3,000.00 USDC".</summary>
    public static string Token(double? v, string symbol) => v is { } x && double.IsFinite(x)
        ? $"{x.ToString(Math.Abs(x) >= 100 ? "#,##0.00" : Math.Abs(x) >= 1 ? "#,##0.####" : "0.######", CultureInfo.InvariantCulture)} {symbol}"
        : Unknown;

    public static string Short(string? hash) => hash is { Length: > 14 } h ? $"{h[..8]}…{h[^6..]}" : hash ?? Unknown;
}
