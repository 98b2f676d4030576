using HedgeDashboard.Data.Entities;
using HedgeDashboard.Quant.Hedging.Options;
using HedgeDashboard.Workers.OptionLegs;

namespace HedgeDashboard.Workers.Tests;

/// <summary>Known answers for the live option proposal (sizing from the position's Greeks, Black-76 premium) and the settlement round search.</summary>
public sealed class OptionPlannerTests
{
    [Fact]
    public void Plan_SizesThePutFromTheDeltaAtTheLowerBound_AndPricesItWithBlack76()
    {
        // v3 position L = 1000 on [2500, 3600] at 3025 (sqrt 55): x = L(1/55 - 1/60) = 1.515151..., y = L(55 - 50) = 5000,
        // value 9583.33...; delta at the lower bound L(1/50 - 1/60) = 3.3333..., so against holding x0 = 1.515151...
        // the put covers 1.818181... ETH (rounded down to 1.8181).
        var chainNow = new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
        var choice = OptionPolicyChoice.Parse("put:30d")!;
        var plan = OptionSuggestionPlanner.Plan(choice, 2500m, 3600m, 3025m, 1000m * (1m / 55 - 1m / 60), 3025, 9583.333333333332, 0.60,
            OptionMarket.Default, 25, chainNow)!;

        Assert.Equal(OptionKind.Put, plan.Terms.Kind);
        Assert.Equal(2500m, plan.Terms.Strike);
        Assert.Equal(1.8181m, plan.Terms.Notional);
        Assert.Equal(chainNow.AddDays(30), plan.Terms.Expiry);
        // Python math.erf: Black-76 put (F 3025, K 2500, 30/365 y, 65 % = 60 % forecast + 5 points) 40.7514222869 per ETH;
        // x 1.8181 = 74.0901608599, + half of a 5 % spread 1.8522540215, + fee min(3 bp x 3025, 12.5 % x put) x q 1.64992575.
        Assert.Equal(77.59m, plan.ExpectedPremium);
        Assert.Equal(96.99m, plan.Terms.MaxPremium); // + 25 %
        Assert.Contains("put:30d", plan.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_BelowTheRange_StrikesAtThePrice_AndAboveItBuysNothingWhenTheExposureHasNoDeltaThere()
    {
        var now = DateTimeOffset.UnixEpoch;
        var choice = OptionPolicyChoice.Parse("put:7d")!;
        // Below the range (price 2000 < 2500) the LP holds only ETH: L(1/50 - 1/60) = 3.333 ETH, worth 6,666.67.
        var below = OptionSuggestionPlanner.Plan(choice, 2500m, 3600m, 3025m, 1.515151m, 2000, 3.3333333333333335 * 2000, 0.6, OptionMarket.Default, 25, now)!;
        Assert.Equal(2000m, below.Terms.Strike);
        Assert.Equal(1.8181m, below.Terms.Notional);
        Assert.Equal(now.AddDays(7), below.Terms.Expiry);

        // Entered with more ETH than the LP holds at the lower bound: nothing to protect.
        Assert.Null(OptionSuggestionPlanner.Plan(choice, 2500m, 3600m, 3025m, 4m, 3025, 9583.33, 0.6, OptionMarket.Default, 25, now));
    }

    [Fact]
    public void Plan_StopsAtTheOwnersCaps()
    {
        var choice = OptionPolicyChoice.Parse("put:30d")!;
        var now = DateTimeOffset.UnixEpoch;
        var x0 = 1000m * (1m / 55 - 1m / 60);

        // 1.5 ETH of open-notional room: the put is 1.5 ETH (the premium for 1.5 ETH: 77.59 x 1.5 / 1.8181, to the cent).
        var capped = OptionSuggestionPlanner.Plan(choice, 2500m, 3600m, 3025m, x0, 3025, 9583.333333333332, 0.60, OptionMarket.Default, 25, now, notionalCap: 1.5m)!;
        Assert.Equal(1.5m, capped.Terms.Notional);
        Assert.InRange(capped.ExpectedPremium, 64.00m, 64.02m);
        Assert.Contains("capped by the owner's open-notional cap", capped.Reason, StringComparison.Ordinal);

        // Premium room above the price but below price + margin: the limit is the room; below the price: no proposal.
        Assert.Equal(80m, OptionSuggestionPlanner.Plan(choice, 2500m, 3600m, 3025m, x0, 3025, 9583.333333333332, 0.60, OptionMarket.Default, 25, now, premiumCap: 80m)!.Terms.MaxPremium);
        Assert.Null(OptionSuggestionPlanner.Plan(choice, 2500m, 3600m, 3025m, x0, 3025, 9583.333333333332, 0.60, OptionMarket.Default, 25, now, premiumCap: 70m));
        Assert.Null(OptionSuggestionPlanner.Plan(choice, 2500m, 3600m, 3025m, x0, 3025, 9583.333333333332, 0.60, OptionMarket.Default, 25, now, notionalCap: 0m));
    }

    [Theory]
    [InlineData("put:30d", 30 * 24)]
    [InlineData("put:12h", 12)]
    [InlineData("put", 30 * 24)]
    public void PolicyChoice_ParsesTheTenor(string text, int hours) => Assert.Equal(TimeSpan.FromHours(hours), OptionPolicyChoice.Parse(text)!.Tenor);

    [Theory]
    [InlineData("strangle:30d")]
    [InlineData("put-spread:30d")]
    [InlineData("put:0d")]
    [InlineData("put:30x")]
    [InlineData("put:1000000d")]
    public void PolicyChoice_RefusesWhatDoesNotRunLive(string text) => Assert.Throws<FormatException>(() => OptionPolicyChoice.Parse(text));

    [Theory]
    [InlineData(1061, null)] // the latest round is still before expiry: wait
    [InlineData(1060, 7L)]
    [InlineData(1001, 2L)]
    [InlineData(1000, 1L)]
    [InlineData(999, 1L)]
    public async Task SettlementRound_IsTheFirstRoundStampedAtOrAfterExpiry(long expiry, long? expected)
    {
        // Rounds 1..7 stamped 1000, 1010, ..., 1060.
        var stamps = Enumerable.Range(1, 7).ToDictionary(r => (System.Numerics.BigInteger)r, r => (System.Numerics.BigInteger)(1000 + ((r - 1) * 10)));
        var latest = new Ethereum.Rpc.Contracts.RoundData(7, 3000, 1060, 1060, 7);
        var calls = 0;
        var found = await OptionSettlementKeeper.SettlementRoundAsync(latest, expiry, r =>
        {
            calls++;
            return Task.FromResult(stamps[r]);
        });
        Assert.Equal(expected, (long?)found);
        Assert.True(calls <= 3); // bisection over 7 rounds
    }
}
