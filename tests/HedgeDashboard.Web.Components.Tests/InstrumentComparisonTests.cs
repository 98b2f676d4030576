using HedgeDashboard.Data.Entities;
using HedgeDashboard.Quant.Backtesting;
using HedgeDashboard.Web.Positions;
using HedgeDashboard.Web.Protection;

namespace HedgeDashboard.Web.Components.Tests;

/// <summary>Known answers for the Protection page's comparison of instruments (no hedge, perpetual, puts).</summary>
public sealed class InstrumentComparisonTests
{
    // Holding ends at 10,000; the LP at 9,000 (loss 1,000); the perpetual hedge ends at 9,700 net of its 50 of costs.
    private static ProtectionSeries Series() => new(
        [DateTime.UnixEpoch, DateTime.UnixEpoch.AddHours(1)], [10_000, 10_000], [10_000, 9_000], [10_000, 9_700], [0, 750], [0, 50],
        0.7, 0.9, 0.75, 1, [], LossUnhedged: 1_000, LossHedged: 300, TotalCosts: 50, new CostBreakdown(30, 0, 20, 0), null, TimeSpan.FromHours(1));

    private static OptionLegRow Leg(OptionLegStatus status, decimal? premium, double? value) =>
        new(1, OptionKind.Put, status, 2500m, DateTimeOffset.UnixEpoch, 1m, premium, value, null, null, null, null, null, null, null);

    [Fact]
    public void Realized_PutsPaidPremiums_AndTheirPayoutsOffsetTheLoss()
    {
        // Two puts: 120 paid for one settled with a payout of 600, 80 for one open worth 100 now; a proposal never bought counts nothing.
        var rows = InstrumentComparison.Realized(Series(), [Leg(OptionLegStatus.Settled, 120m, 600), Leg(OptionLegStatus.Open, 80m, 100), Leg(OptionLegStatus.Proposed, null, 90)]);

        var none = rows.Single(r => r.Instrument == InstrumentComparison.None);
        Assert.Equal(0, none.ProtectionRate);
        Assert.Equal(0, none.Costs);
        Assert.Equal(-1_000, none.Net);

        var perp = rows.Single(r => r.Instrument == InstrumentComparison.Perpetual);
        Assert.Equal(0.7, perp.ProtectionRate, 12); // (1,000 - 300) / 1,000
        Assert.Equal(50, perp.Costs);
        Assert.Equal(-300, perp.Net);

        // With puts: 9,000 + 700 payoff - 200 premiums = 9,500: loss 500, protection (1,000 - 500) / 1,000.
        var puts = rows.Single(r => r.Instrument == InstrumentComparison.Puts);
        Assert.Equal(0.5, puts.ProtectionRate, 12);
        Assert.Equal(200, puts.Costs);
        Assert.Equal(-500, puts.Net);
        Assert.Equal("realized, 2 leg(s), 1 settled", puts.Basis);
    }

    [Fact]
    public void Sum_AddsLossesCostsAndNets_AndRatesTheSums()
    {
        var a = InstrumentComparison.Realized(Series(), [Leg(OptionLegStatus.Settled, 100m, 900)]);
        var b = InstrumentComparison.Realized(Series(), []);
        var book = InstrumentComparison.Sum([a, b]);
        var puts = book.Single(r => r.Instrument == InstrumentComparison.Puts);
        // Losses 1,000 + 1,000; with puts 200 + 1,000: protection 0.4. Net -200 + -1,000.
        Assert.Equal(0.4, puts.ProtectionRate, 12);
        Assert.Equal(-1_200, puts.Net);
        Assert.Equal(100, puts.Costs);
        Assert.Equal("realized, puts on 1 of 2 position(s)", puts.Basis);
        Assert.Equal(0.7, book.Single(r => r.Instrument == InstrumentComparison.Perpetual).ProtectionRate, 12);
        Assert.Equal("no puts bought", InstrumentComparison.Realized(Series(), [])[2].Basis);
    }
}
