using HedgeDashboard.Data.Entities;
using HedgeDashboard.Data.Queries;
using HedgeDashboard.Quant.Backtesting;
using HedgeDashboard.Quant.Metrics;
using HedgeDashboard.Web.Positions;

namespace HedgeDashboard.Web.Protection;

/// <summary>
/// A position's value paths over its life: holding the entry tokens, the LP unhedged, and the LP plus its perp
/// hedge (q = -h * (x(P) - x0) against the HODL benchmark, h the on-chain ratio in effect), net of the hedge's
/// costs as they were charged: the venue's trading fees and funding (indexed from its logs) and gas (valued at
/// the price of the bucket it was paid in). <see cref="FeesEarned"/> is the LP's fees collected plus uncollected,
/// valued at the latest price (a total, not a path). The metrics use the single definitions in
/// <see cref="ProtectionMath"/>.
/// </summary>
public sealed record ProtectionSeries(
    DateTime[] Times, double[] Holding, double[] Unhedged, double[] Hedged, double[] IlPrevented, double[] Costs,
    double ProtectionRate, double VarianceReduction, double DollarOffset, double DollarOffsetEffectiveShare,
    IReadOnlyList<(DateTime Start, double Offset)> PeriodOffsets, double LossUnhedged, double LossHedged, double TotalCosts,
    CostBreakdown CostsByKind, double? FeesEarned, TimeSpan Period)
{
    public const double BandLow = 0.80;
    public const double BandHigh = 1.25;

    /// <summary>Most dollar-offset periods shown: the period grows with the data's span so the bars stay readable.</summary>
    public const int MaxPeriods = 40;

    private static readonly TimeSpan[] Periods =
    [
        TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromHours(1), TimeSpan.FromHours(4),
        TimeSpan.FromDays(1), TimeSpan.FromDays(7), TimeSpan.FromDays(30),
    ];

    /// <summary>The shortest usual period that cuts <paramref name="span"/> into at most <see cref="MaxPeriods"/> periods.</summary>
    public static TimeSpan PeriodFor(TimeSpan span) => Periods.FirstOrDefault(p => span / p <= MaxPeriods, Periods[^1]);

    /// <summary>"per minute", "per 5 minutes", "daily"...</summary>
    public static string PeriodName(TimeSpan period) => period switch
    {
        { TotalDays: 1 } => "daily",
        { TotalDays: 7 } => "weekly",
        { TotalDays: 30 } => "per 30 days",
        { TotalHours: 1 } => "hourly",
        { TotalMinutes: 1 } => "per minute",
        { TotalMinutes: < 60 } p => $"per {p.TotalMinutes:0} minutes",
        _ => $"per {period.TotalHours:0} hours",
    };

    /// <summary>The series with its dollar-offset period chosen from the span of its prices (<see cref="PeriodFor"/>).</summary>
    public static ProtectionSeries? From(ProtectionInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var prices = inputs.Prices;
        return From(inputs, prices.Count < 2 ? TimeSpan.FromDays(1) : PeriodFor(prices[^1].BucketStart - prices[0].BucketStart));
    }

    public static ProtectionSeries? From(ProtectionInputs inputs, TimeSpan period)
    {
        var pos = inputs.Position;
        var lp = PositionMath.Liquidity((double)pos.EntryPrice, (double)pos.EntryAmount0, (double)pos.EntryAmount1, LpPosition.Range(pos.PriceLower, pos.PriceUpper).Lower, LpPosition.Range(pos.PriceLower, pos.PriceUpper).Upper);
        var prices = inputs.Prices.Where(p => p.Close > 0).ToList();
        if (lp is null || prices.Count < 2)
        {
            return null;
        }

        var entry = lp.AmountsAt((double)pos.EntryPrice);
        var changes = inputs.RatioChanges;
        var n = prices.Count;
        var times = new DateTime[n];
        var hold = new double[n];
        var lpv = new double[n];
        var hedged = new double[n];
        var prevented = new double[n];
        var costs = new double[n];
        var exposureSteps = new double[n - 1];
        var hedgeSteps = new double[n - 1];
        double hedgePnl = 0, cost = 0, q = 0, gas = 0, venueFees = 0, funding = 0;
        var c = 0;
        var v = 0;
        var venue = inputs.VenueCosts;
        var ratio = changes.Count == 0 ? (double)pos.OnChainHedgeRatio : 0;
        for (var i = 0; i < n; i++)
        {
            var p = (double)prices[i].Close;
            if (i > 0)
            {
                var step = q * (p - (double)prices[i - 1].Close);
                hedgePnl += step;
                hedgeSteps[i - 1] = step;
            }

            while (c < changes.Count && changes[c].At <= prices[i].BucketStart)
            {
                ratio = (double)changes[c].Ratio;
                // Gas in wei of the chain's native token (token0 of an ETH pair) valued at the current price.
                var g = (double)((changes[c].GasUsed ?? 0) * (changes[c].EffectiveGasPriceWei ?? 0)) / 1e18 * p;
                gas += g;
                cost += g;
                c++;
            }

            // Venue charges up to the end of this bucket (the last bucket takes everything charged so far).
            while (v < venue.Count && (i == n - 1 || venue[v].At < prices[i + 1].BucketStart))
            {
                var amount = (double)venue[v].Amount;
                if (venue[v].Kind == VenueChargeKind.Funding)
                {
                    funding += amount;
                }
                else
                {
                    venueFees += amount;
                }

                cost += amount;
                v++;
            }

            var x = lp.AmountsAt(p).Amount0;
            q = -ratio * (x - entry.Amount0);
            times[i] = prices[i].BucketStart.UtcDateTime;
            hold[i] = (entry.Amount0 * p) + entry.Amount1;
            lpv[i] = lp.ValueAt(p);
            hedged[i] = lpv[i] + hedgePnl - cost;
            prevented[i] = hedgePnl;
            costs[i] = cost;
            if (i > 0)
            {
                exposureSteps[i - 1] = (lpv[i] - hold[i]) - (lpv[i - 1] - hold[i - 1]);
            }
        }

        var lossUnhedged = hold[^1] - lpv[^1];
        var lossHedged = hold[^1] - hedged[^1];
        var exposurePnl = (lpv[^1] - hold[^1]) - (lpv[0] - hold[0]);

        // Per-period dollar offsets (e.g. daily), and the share inside the 80-125% band.
        var periods = new List<(DateTime, double)>();
        var start = 0;
        for (var i = 1; i < n; i++)
        {
            if (times[i] - times[start] >= period || i == n - 1)
            {
                double e = 0, h = 0;
                for (var k = start; k < i; k++)
                {
                    e += exposureSteps[k];
                    h += hedgeSteps[k];
                }

                var offset = ProtectionMath.DollarOffset(h, e);
                if (double.IsFinite(offset))
                {
                    periods.Add((times[start], offset));
                }

                start = i;
            }
        }

        var effective = periods.Count == 0 ? double.NaN : periods.Count(p => p.Item2 is >= BandLow and <= BandHigh) / (double)periods.Count;
        return new ProtectionSeries(times, hold, lpv, hedged, prevented, costs,
            ProtectionMath.ProtectionRate(lossUnhedged, lossHedged),
            ProtectionMath.VarianceReduction(exposureSteps, hedgeSteps),
            ProtectionMath.DollarOffset(hedgePnl, exposurePnl),
            effective, periods, lossUnhedged, lossHedged, cost,
            new CostBreakdown(venueFees, 0, gas, funding),
            inputs.FeesEarned is { } f ? (double)f.ValueAt(prices[^1].Close) : null, period);
    }
}
