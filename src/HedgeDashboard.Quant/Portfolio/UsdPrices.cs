namespace HedgeDashboard.Quant.Portfolio;

/// <summary>
/// USD prices of assets from the prices the positions' pairs already have: a pair quoted in USD prices its base
/// directly; a pair quoted in another asset (WBTC/ETH) prices its base as the product with its quote's USD price
/// (BTC/ETH x ETH/USD), at the hours both have. One hop only; a direct USD pair wins over a product.
/// </summary>
public static class UsdPrices
{
    /// <summary>Hourly USD closes per asset (case-insensitive names) from hourly closes per pair (in the pair's quote).</summary>
    public static Dictionary<string, SortedDictionary<DateTimeOffset, double>> ByAsset(IReadOnlyDictionary<string, Dictionary<DateTimeOffset, double>> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var usd = new Dictionary<string, SortedDictionary<DateTimeOffset, double>>(StringComparer.OrdinalIgnoreCase);
        var quoted = pairs.Select(kv => (Names: AssetNames.OfPair(kv.Key), Closes: kv.Value, Pair: kv.Key))
            .OrderByDescending(x => x.Closes.Count).ThenBy(x => x.Pair, StringComparer.Ordinal).ToList();

        // Several USD pairs of one asset (a feed and a pool): the one with the most hours.
        foreach (var (names, closes, _) in quoted.Where(x => AssetNames.IsUsd(x.Names.Quote) && !AssetNames.IsUsd(x.Names.Base)))
        {
            if (closes.Count > 0 && !usd.ContainsKey(names.Base))
            {
                usd[names.Base] = new SortedDictionary<DateTimeOffset, double>(closes);
            }
        }

        foreach (var (names, closes, _) in quoted.Where(x => !AssetNames.IsUsd(x.Names.Quote)))
        {
            if (usd.ContainsKey(names.Base) || !usd.TryGetValue(names.Quote, out var quoteUsd))
            {
                continue;
            }

            var product = new SortedDictionary<DateTimeOffset, double>();
            foreach (var (hour, close) in closes)
            {
                if (quoteUsd.TryGetValue(hour, out var q))
                {
                    product[hour] = close * q;
                }
            }

            if (product.Count > 0)
            {
                usd[names.Base] = product;
            }
        }

        return usd;
    }
}
