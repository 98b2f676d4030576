namespace HedgeDashboard.Quant.Portfolio;

/// <summary>
/// One position's exposure to one asset: the delta of (LP - benchmark) in the asset's tokens, the LP's gamma
/// (tokens per USD of price move) and the hedge it holds (tokens, short &lt; 0). Prices in USD per token.
/// </summary>
public sealed record PositionLeg(long PositionId, string Asset, double PriceUsd, double DeltaTokens, double Gamma, double HedgeTokens)
{
    public double DeltaUsd => DeltaTokens * PriceUsd;

    public double HedgeUsd => HedgeTokens * PriceUsd;
}

/// <summary>
/// Net exposure to one asset across positions, pools and chains.
/// <see cref="DollarGamma"/> is the change of the USD delta for a 1 % price move (gamma x P^2 / 100).
/// <see cref="Coverage"/> is the share of the delta that the hedge offsets (-hedge / delta), NaN without delta.
/// </summary>
public sealed record AssetExposure(
    string Asset,
    double PriceUsd,
    double DeltaTokens,
    double DeltaUsd,
    double Gamma,
    double DollarGamma,
    double HedgeTokens,
    double HedgeUsd,
    int Positions)
{
    public double NetTokens => DeltaTokens + HedgeTokens;

    public double NetUsd => DeltaUsd + HedgeUsd;

    // + 0.0 turns -0.0 (no hedge against a short delta) into 0, which a page would show as "-0%".
    public double Coverage => DeltaTokens == 0 ? double.NaN : (-HedgeTokens / DeltaTokens) + 0.0;
}

public static class NetExposure
{
    /// <summary>
    /// The USD legs of one LP position on BASE/QUOTE. With the pair price p (quote per base), the quote's USD price E
    /// and D(p) the (LP - HODL) value in quote tokens, the USD value is E x D(B / E) for the base's USD price B = p E:
    /// the base leg is D'(p) base tokens (gamma D''(p) / E per USD), and, unless the quote is USD, the quote leg is
    /// D(p) - p D'(p) quote tokens (gamma p^2 D''(p) / E). The hedge is held in the base.
    /// </summary>
    public static IReadOnlyList<PositionLeg> PairLegs(
        long positionId, string pair, double pairPrice, double quoteUsd, double deltaTokens, double valueDiffQuote, double pairGamma, double hedgeTokens)
    {
        var (asset, quote) = AssetNames.OfPair(pair);
        var legs = new List<PositionLeg> { new(positionId, asset, pairPrice * quoteUsd, deltaTokens, pairGamma / quoteUsd, hedgeTokens) };
        if (!AssetNames.IsUsd(quote))
        {
            legs.Add(new PositionLeg(positionId, quote, quoteUsd, valueDiffQuote - (pairPrice * deltaTokens), pairPrice * pairPrice * pairGamma / quoteUsd, 0));
        }

        return legs;
    }

    /// <summary>Sums legs per asset (ordinal, case-insensitive names), ordered by |USD delta| descending.</summary>
    public static IReadOnlyList<AssetExposure> ByAsset(IEnumerable<PositionLeg> legs)
    {
        ArgumentNullException.ThrowIfNull(legs);
        return legs
            .GroupBy(l => l.Asset, StringComparer.OrdinalIgnoreCase)
            .Select(g =>
            {
                var list = g.ToList();
                // One price per asset: the newest observation is the caller's business, so positions should agree;
                // the value-weighted mean keeps the USD sums exact when they differ slightly (two chains).
                var delta = list.Sum(l => l.DeltaTokens);
                var deltaUsd = list.Sum(l => l.DeltaUsd);
                var hedge = list.Sum(l => l.HedgeTokens);
                var price = list.Average(l => l.PriceUsd);
                var gamma = list.Sum(l => l.Gamma);
                return new AssetExposure(
                    list[0].Asset.ToUpperInvariant(),
                    price,
                    delta,
                    deltaUsd,
                    gamma,
                    list.Sum(l => l.Gamma * l.PriceUsd * l.PriceUsd) / 100,
                    hedge,
                    list.Sum(l => l.HedgeUsd),
                    list.Select(l => l.PositionId).Distinct().Count());
            })
            .OrderByDescending(a => Math.Abs(a.DeltaUsd))
            .ThenBy(a => a.Asset, StringComparer.Ordinal)
            .ToList();
    }
}

/// <summary>Maps token symbols and price pairs to the asset whose price moves them.</summary>
public static class AssetNames
{
    public const string Usd = "USD";

    private static readonly HashSet<string> UsdStable = new(StringComparer.OrdinalIgnoreCase) { "USD", "USDC", "USDT", "DAI", "USDC.E", "USDBC", "FRAX", "LUSD", "PYUSD", "USDS" };

    /// <summary>WETH -> ETH, WBTC -> BTC (a wrapped token is its underlying's price), stablecoins -> USD.</summary>
    public static string Of(string symbol)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        var s = symbol.Trim().ToUpperInvariant();
        if (UsdStable.Contains(s))
        {
            return Usd;
        }

        return s switch
        {
            "WETH" or "STETH" or "WSTETH" => "ETH",
            "WBTC" or "CBBTC" or "TBTC" => "BTC",
            _ => s,
        };
    }

    /// <summary>Base and quote assets of a pair such as "ETH/USD" or "WBTC/USDC".</summary>
    public static (string Base, string Quote) OfPair(string pair)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pair);
        var parts = pair.Split('/', StringSplitOptions.TrimEntries);
        return parts.Length == 2 && parts[0].Length > 0 && parts[1].Length > 0
            ? (Of(parts[0]), Of(parts[1]))
            : throw new ArgumentException($"pair '{pair}' is not BASE/QUOTE", nameof(pair));
    }

    public static bool IsUsd(string asset) => string.Equals(asset, Usd, StringComparison.OrdinalIgnoreCase);
}
