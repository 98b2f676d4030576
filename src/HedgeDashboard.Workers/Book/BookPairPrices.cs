using HedgeDashboard.Data;
using HedgeDashboard.Data.Markets;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Workers.Book;

/// <summary>
/// The price series of a book chain's pairs (source "book:CHAIN"): after a valuation changed token prices, each pair of
/// the chain's pools at its base's USD price over its quote's. Only checked prices make a point (both tokens priced and
/// not stale), so the series has the oracle checks of <see cref="UsdPricing"/>: a pair without a Chainlink feed of its
/// own (BTC/ETH, USDC/DAI) is scored on it like a fed pair on its feed.
/// </summary>
public static class BookPairPrices
{
    public const string SourcePrefix = "book:";

    public static string Source(long chainId) => SourcePrefix + chainId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The pair's price (quote per base) from the USD prices of a pool's token0 and token1.</summary>
    public static decimal Price(string pair, string symbol0, decimal usd0, decimal usd1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(usd0);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(usd1);
        var token0IsBase = !PairNames.IsQuote(symbol0, pair);
        return Math.Round(token0IsBase ? usd0 / usd1 : usd1 / usd0, 18, MidpointRounding.ToEven);
    }

    /// <summary>Stores one point per pair of the chain whose tokens are priced and fresh; returns the points written.</summary>
    public static async Task<int> StoreAsync(IDbContextFactory<HedgeDbContext> dbFactory, long chainId, long block, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pools = await db.Pools.AsNoTracking()
            .Where(p => p.ChainId == chainId
                && p.Token0!.UsdPrice > 0 && p.Token0.UsdStaleReason == null
                && p.Token1!.UsdPrice > 0 && p.Token1.UsdStaleReason == null)
            .OrderBy(p => p.Id)
            .Select(p => new { p.Pair, S0 = p.Token0!.Symbol, U0 = p.Token0.UsdPrice!.Value, U1 = p.Token1!.UsdPrice!.Value })
            .ToListAsync(ct);
        var source = Source(chainId);
        var written = 0;
        foreach (var p in pools.DistinctBy(p => p.Pair))
        {
            var price = Price(p.Pair, p.S0, p.U0, p.U1);
            written += await db.Database.ExecuteSqlInterpolatedAsync(
                $"""
                INSERT INTO price_observations (pair, source, observed_at, price, block_number)
                VALUES ({p.Pair}, {source}, {now}, {price}, {block})
                ON CONFLICT (pair, source, observed_at) DO NOTHING
                """, ct);
        }

        return written;
    }
}
