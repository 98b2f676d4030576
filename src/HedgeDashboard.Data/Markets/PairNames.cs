namespace HedgeDashboard.Data.Markets;

/// <summary>
/// Pair names of pools ("ETH/USD", "BTC/ETH", "USDC/DAI"): BASE/QUOTE from the tokens' symbols, the price series a pool
/// maps to (price observations and the pair's variance model). Wrapped assets name their asset (WETH is ETH); a dollar
/// stablecoin against anything else quotes USD; otherwise the more quote-like asset (ETH, then BTC) is the quote.
/// </summary>
public static class PairNames
{
    private static readonly string[] Stables = ["USDC", "USDT", "DAI", "USDC.E", "USDBC", "FRAX", "LUSD", "BUSD", "TUSD", "USDP", "GUSD"];

    // Among stables the later is the quote (USDC/DAI, USDT/USDC); among others ETH, then BTC.
    private static readonly string[] StableQuoteOrder = ["USDT", "USDC", "DAI"];
    private static readonly string[] QuoteOrder = ["BTC", "ETH"];

    /// <summary>The asset a token symbol stands for: WETH is ETH, WBTC is BTC; others are themselves (upper case).</summary>
    public static string Asset(string symbol)
    {
        var s = symbol.Trim().ToUpperInvariant();
        return s switch
        {
            "WETH" or "WETH.E" => "ETH",
            "WBTC" or "CBBTC" or "TBTC" => "BTC",
            _ => s,
        };
    }

    public static bool IsUsdStable(string symbol) => Stables.Contains(symbol.Trim().ToUpperInvariant());

    /// <summary>The pair of a pool of these two tokens and whether token0 is the pair's base.</summary>
    public static (string Pair, bool Token0IsBase) Of(string symbol0, string symbol1)
    {
        var (a0, a1) = (Asset(symbol0), Asset(symbol1));
        var (s0, s1) = (IsUsdStable(symbol0), IsUsdStable(symbol1));
        if (s0 != s1)
        {
            return s1 ? ($"{a0}/USD", true) : ($"{a1}/USD", false);
        }

        var order = s0 ? StableQuoteOrder : QuoteOrder;
        var token0IsBase = Array.IndexOf(order, a0) <= Array.IndexOf(order, a1);
        return token0IsBase ? ($"{a0}/{a1}", true) : ($"{a1}/{a0}", false);
    }

    /// <summary>True when a token with this symbol is the quote of <paramref name="pair"/> (USDC and DAI for USD, WETH for ETH).</summary>
    public static bool IsQuote(string symbol, string pair)
    {
        var quote = pair[(pair.IndexOf('/', StringComparison.Ordinal) + 1)..];
        if (quote.Length == 0)
        {
            return false;
        }

        var asset = Asset(symbol);
        return asset == quote.ToUpperInvariant()
            || (quote.Equals("USD", StringComparison.OrdinalIgnoreCase) && IsUsdStable(symbol))
            || symbol.StartsWith(quote, StringComparison.OrdinalIgnoreCase);
    }
}
