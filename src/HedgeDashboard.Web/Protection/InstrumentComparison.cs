using HedgeDashboard.Data.Entities;
using HedgeDashboard.Quant.Metrics;
using HedgeDashboard.Web.Positions;

namespace HedgeDashboard.Web.Protection;

/// <summary>
/// One instrument's realized record on a position (or a book): its protection rate (the single definition in
/// <see cref="ProtectionMath"/>), what it cost (venue fees, funding and gas for the perpetual; premiums paid for options)
/// and the net result against holding the entry tokens at the last price (LP value + hedge payoff - costs - holding).
/// </summary>
public sealed record InstrumentResult(string Instrument, double LossUnhedged, double LossHedged, double Costs, double Net, string Basis)
{
    public double ProtectionRate => ProtectionMath.ProtectionRate(LossUnhedged, LossHedged);
}

/// <summary>One row of the backtest reference: the same metrics from `hedge backtest` on hourly ETH.</summary>
public sealed record BacktestFigure(string Policy, double ProtectionRate, double Costs, double? Premiums, double FinalNet);

/// <summary>
/// The Protection page's comparison of instruments: no hedge, the perpetual delta hedge and puts, from what was realized
/// (the position's series and its option legs: premiums paid, payouts at settlement, open legs marked at the latest price
/// and forecast volatility), beside the backtest figures of the same policies.
/// </summary>
public static class InstrumentComparison
{
    public const string None = "none";
    public const string Perpetual = "perpetual (delta hedge)";
    public const string Puts = "puts";
    private const string NoPuts = "no puts bought";

    /// <summary>
    /// `hedge backtest` on ETHUSDT hourly 2022-01-01 to 2022-12-31, range ±20 %, LP fee APR 20 %, against HODL
    /// (README, docs/decisions/0017): the year ETH fell from 3,723 to 1,196.
    /// </summary>
    public const string BacktestCommand =
        "hedge backtest --data ETHUSDT_1h_binance_spot.csv.gz --from 2022-01-01 --to 2022-12-31 --lp-fee-apr 0.2 --policy none delta put:30d put:7d";

    public static IReadOnlyList<BacktestFigure> Backtest2022 { get; } =
    [
        new(None, 0.0, 0.00, null, 3_722.88),
        new("delta", 0.644, 364.84, null, 5_984.24),
        new("put:30d", 0.468, 3_232.36, 3_219.72, 5_366.36),
        new("put:7d", 0.671, 5_356.41, 5_307.89, 6_077.54),
    ];

    /// <summary>The three instruments on one position: its series (perpetual as executed) and its option legs.</summary>
    public static IReadOnlyList<InstrumentResult> Realized(ProtectionSeries series, IReadOnlyList<OptionLegRow> legs)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(legs);
        var hold = series.Holding[^1];
        var lp = series.Unhedged[^1];
        var bought = legs.Where(l => l.PremiumPaid is not null).ToList();
        var premiums = bought.Sum(l => (double)l.PremiumPaid!.Value);
        var payoff = bought.Sum(l => l.Value ?? 0); // payouts of settled legs, open legs at their value now
        var withPuts = lp + payoff - premiums;
        return
        [
            new(None, series.LossUnhedged, series.LossUnhedged, 0, lp - hold, "realized"),
            new(Perpetual, series.LossUnhedged, series.LossHedged, series.TotalCosts, series.Hedged[^1] - hold, "realized"),
            new(Puts, series.LossUnhedged, hold - withPuts, premiums, withPuts - hold,
                bought.Count == 0 ? NoPuts : $"realized, {bought.Count} leg(s), {bought.Count(l => l.Status == OptionLegStatus.Settled)} settled"),
        ];
    }

    /// <summary>A book's rows: each instrument summed over its positions (losses, costs and nets add; the rate is of the sums).</summary>
    public static IReadOnlyList<InstrumentResult> Sum(IEnumerable<IReadOnlyList<InstrumentResult>> positions)
    {
        ArgumentNullException.ThrowIfNull(positions);
        return [.. positions.SelectMany(p => p).GroupBy(r => r.Instrument).Select(g => new InstrumentResult(
            g.Key, g.Sum(r => r.LossUnhedged), g.Sum(r => r.LossHedged), g.Sum(r => r.Costs), g.Sum(r => r.Net),
            g.Key != Puts ? $"realized, {g.Count()} position(s)"
                : g.All(r => r.Basis == NoPuts) ? NoPuts : $"realized, puts on {g.Count(r => r.Basis != NoPuts)} of {g.Count()} position(s)"))];
    }
}
