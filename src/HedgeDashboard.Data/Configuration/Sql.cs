namespace HedgeDashboard.Data.Configuration;

/// <summary>Small SQL fragments shared by the configurations.</summary>
internal static class Sql
{
    /// <summary>Lower-case 0x-prefixed 20-byte address.</summary>
    public static string AddressCheck(string column) => $"{column} ~ '^0x[0-9a-f]{{40}}$'";

    /// <summary>Lower-case 0x-prefixed 32-byte hash.</summary>
    public static string HashCheck(string column) => $"{column} ~ '^0x[0-9a-f]{{64}}$'";

    public static string Ratio(string column) => $"{column} >= 0 AND {column} <= 1";

    public const string RatioType = "numeric(7,6)";

    public const string WeiType = "numeric(78,0)";

    /// <summary>Quote amounts converted exactly from on-chain integers with up to 18 decimals.</summary>
    public const string QuoteAmountType = "numeric(48,18)";
}
