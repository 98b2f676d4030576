using HedgeDashboard.Data.Entities;
using HedgeDashboard.Web.Audit;
using HedgeDashboard.Web.History;
using HedgeDashboard.Web.Live;
using HedgeDashboard.Web.Positions;
using HedgeDashboard.Web.Protection;
using HedgeDashboard.Web.Settings;
using MudBlazor;

namespace HedgeDashboard.Web.Components.Tests;

public sealed class LogicTests
{
    [Theory]
    [InlineData(null, "unscored", Color.Default)]
    [InlineData(0.0, "low", Color.Success)]
    [InlineData(0.329, "low", Color.Success)]
    [InlineData(0.33, "medium", Color.Warning)]
    [InlineData(0.659, "medium", Color.Warning)]
    [InlineData(0.66, "high", Color.Error)]
    [InlineData(1.0, "high", Color.Error)]
    public void RiskLevel_Score_MapsToColour(double? score, string name, Color badge)
    {
        Assert.Equal(name, RiskLevel.Name(score));
        Assert.Equal(badge, RiskLevel.Color(score));
        Assert.Equal($"hd-risk-{name}", RiskLevel.CssClass(score));
    }

    [Theory]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", null)]
    [InlineData("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", null)]
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", null)]
    [InlineData("0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED", null)]
    [InlineData("0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "checksum")]
    [InlineData("0x1234", "40 hexadecimal")]
    [InlineData("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", "40 hexadecimal")]
    [InlineData("0xZZaeb6053f3e94c9b9a09f33669435e7ef1beaed", "40 hexadecimal")]
    [InlineData("", "Enter")]
    public void EthAddress_Validate_AcceptsOneCaseOrEip55(string input, string? error)
    {
        var message = EthAddress.Validate(input);
        if (error is null)
        {
            Assert.Null(message);
        }
        else
        {
            Assert.Contains(error, message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void EthAddress_ToChecksum_MatchesEip55Vector() =>
        Assert.Equal("0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", EthAddress.ToChecksum("0xdbf03b407c01e7cd3cbea99509d93f8dddc8c6fb"));

    private static readonly FieldLimits Limits = new(500, 2000, 500, 128);

    [Fact]
    public void PolicyForm_BadValues_ErrorPerField()
    {
        var form = new PolicyForm { Mode = ExecutionMode.Manual, SuggestionThreshold = "1.5", MaxRatioChange = "-0.1", MaxNotionalPerDayUsd = "-1", CooldownMinutes = "-5" };
        var (values, errors) = form.Validate();
        Assert.Null(values);
        Assert.Equal(["CooldownMinutes", "MaxNotionalPerDayUsd", "MaxRatioChange", "SuggestionThreshold"], errors.Keys.Order());
    }

    [Fact]
    public void PolicyForm_AutoWithoutDailyLimit_Refused()
    {
        var form = new PolicyForm { Mode = ExecutionMode.Auto, SuggestionThreshold = "0.05", MaxRatioChange = "0.25", MaxNotionalPerDayUsd = "0", CooldownMinutes = "60" };
        Assert.Contains("MaxNotionalPerDayUsd", form.Validate().Errors.Keys);
        form.MaxNotionalPerDayUsd = "50000";
        Assert.Equal(new PolicyValues(ExecutionMode.Auto, 0.05m, 0.25m, 50_000m, 60, HedgeRatioPolicy.Model), form.Validate().Values);
    }

    [Fact]
    public void PolicyForm_RatioPolicy_DefaultsToModel_SeedSelectable_UnknownRefused()
    {
        var form = PolicyForm.From(new ExecutionPolicy());
        Assert.Equal(HedgeRatioPolicy.Model, form.RatioPolicy);
        form.RatioPolicy = HedgeRatioPolicy.Seed;
        Assert.Equal(HedgeRatioPolicy.Seed, form.Validate().Values!.RatioPolicy);
        var stored = new ExecutionPolicy();
        form.Validate().Values!.ApplyTo(stored);
        Assert.Equal(HedgeRatioPolicy.Seed, stored.RatioPolicy);

        form.RatioPolicy = (HedgeRatioPolicy)7; // a forged circuit message
        var (values, errors) = form.Validate();
        Assert.Null(values);
        Assert.Equal("Ratio policy: choose the cost-aware model or the seed heuristic.", errors["RatioPolicy"]);
    }

    [Fact]
    public void PolicyForm_RoundTripsTheStoredPolicy()
    {
        var policy = new ExecutionPolicy { Mode = ExecutionMode.Auto, SuggestionThreshold = 0.05m, MaxRatioChange = 0.25m, MaxNotionalPerDayUsd = 1234.5m, Cooldown = TimeSpan.FromHours(1) };
        Assert.Equal(PolicyValues.From(policy), PolicyForm.From(policy).Validate().Values);
    }

    [Fact]
    public void GlobalForm_TemplateWithoutHash_Refused()
    {
        var form = new GlobalForm { ExplorerTxUrlTemplate = "https://etherscan.io/tx/", WebhookUrl = "ftp://x" };
        var errors = form.Validate(Limits);
        Assert.StartsWith("Transaction link template:", errors["ExplorerTxUrlTemplate"], StringComparison.Ordinal);
        Assert.StartsWith("Webhook URL:", errors["WebhookUrl"], StringComparison.Ordinal);
        Assert.True(new GlobalForm { ExplorerTxUrlTemplate = "https://etherscan.io/tx/{hash}" }.Validate(Limits).IsValid);
    }

    [Fact]
    public void WalletForm_LabelLongerThanItsColumn_Refused() =>
        Assert.StartsWith("Label: at most 128 characters", new WalletForm { Address = "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", Label = new string('x', 129) }.Validate(Limits)["Label"], StringComparison.Ordinal);

    [Theory]
    [InlineData("", null, null)]
    [InlineData("2026-12-01", "2026-12-06", null)]
    [InlineData("yesterday", null, "From")]
    [InlineData("2026-13-01", null, "From")]
    [InlineData(null, "06/12/2026", "To")]
    [InlineData("2026-12-06", "2026-12-01", "To")]
    public void HistoryFilterForm_TextOrReversedDates_RefusedNamingTheField(string? from, string? to, string? field)
    {
        var (filter, errors) = new HistoryFilterForm { From = from, To = to }.Validate();
        if (field is null)
        {
            Assert.NotNull(filter);
            Assert.True(errors.IsValid);
        }
        else
        {
            Assert.Null(filter);
            Assert.StartsWith($"{field}", errors[field], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void HistoryFilterForm_ToIsInclusive_EndsAtTheNextMidnight()
    {
        var (filter, _) = new HistoryFilterForm { From = "2026-12-01", To = "2026-12-01" }.Validate();
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero), filter!.To);
    }

    [Fact]
    public void Fmt_CurrencyGasCountsAndDurations()
    {
        Assert.Equal("$1,234.50", Fmt.Usd(1234.5));
        Assert.Equal("-$12.00", Fmt.Usd(-12.0));
        Assert.Equal("165,388 gas", Fmt.Gas(165_388));
        Assert.Equal("1 trade", Fmt.Count(1, "trade"));
        Assert.Equal("3 trades", Fmt.Count(3, "trade"));
        Assert.Equal("1 h", Fmt.Duration(TimeSpan.FromHours(1)));
        Assert.Equal("1 h 30 min", Fmt.Duration(TimeSpan.FromMinutes(90)));
        Assert.Equal("7 d", Fmt.Duration(TimeSpan.FromDays(7)));
        Assert.Equal("0 min", Fmt.Duration(TimeSpan.Zero));
    }

    [Fact]
    public void AuditDetails_RawJson_ReadableLinesWithEnumNamesAndLongTextCut()
    {
        var lines = AuditLogService.Details($$"""{"before":{"Mode":1},"reason":"{{new string('x', 5000)}}","tags":["a","b"],"ok":true}""");
        Assert.Equal(["before.Mode", "reason", "tags", "ok"], lines.Select(l => l.Key));
        Assert.Equal("Auto", lines[0].Value);
        Assert.Equal(AuditLogService.ValueDisplayLimit + 1, lines[1].Value.Length);
        Assert.Equal(5000, lines[1].Full!.Length);
        Assert.Equal("a, b", lines[2].Value);
        Assert.Equal("yes", lines[3].Value);
    }

    [Fact]
    public void ProtectionSeries_PeriodFollowsTheSpan()
    {
        Assert.Equal(TimeSpan.FromMinutes(1), ProtectionSeries.PeriodFor(TimeSpan.FromMinutes(8)));
        Assert.Equal(TimeSpan.FromHours(4), ProtectionSeries.PeriodFor(TimeSpan.FromDays(3)));
        Assert.Equal(TimeSpan.FromDays(1), ProtectionSeries.PeriodFor(TimeSpan.FromDays(10)));
        Assert.Equal("daily", ProtectionSeries.PeriodName(TimeSpan.FromDays(1)));
        Assert.Equal("per 5 minutes", ProtectionSeries.PeriodName(TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void ProtectionCharts_IlCurveLogAxis_EveryTickLabelled()
    {
        var (_, layout) = ProtectionCharts.ImpermanentLossCurves(20);
        var axis = layout.XAxis[0];
        Assert.Equal(Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Log, axis.Type);
        Assert.Equal(Plotly.Blazor.LayoutLib.XAxisLib.TickModeEnum.Array, axis.TickMode);
        Assert.Equal(["0.25×", "0.5×", "0.75×", "1×", "1.5×", "2×", "3×", "4×"], axis.TickText.Select(t => (string)t));
    }

    [Fact]
    public void ProtectionDefinitions_OnlyTheMetricsThePageShows() =>
        Assert.Equal(["protectionRate", "varianceReduction", "dollarOffset"], ProtectionService.ShownMetrics.Select(m => m.Key));

    [Theory]
    [InlineData("suggestion:42:pending", "suggestion", 42, "pending")]
    [InlineData("execution:7:needs_review", "execution", 7, "needs_review")]
    public void DashboardUpdate_TryParse_ReadsPayload(string payload, string kind, long id, string status)
    {
        Assert.True(DashboardUpdate.TryParse(payload, out var u));
        Assert.Equal(new DashboardUpdate(kind, id, status), u);
    }

    /// <summary>The suggestions page reloads its chain banners when a chain goes silent, is paused, or comes back.</summary>
    [Theory]
    [InlineData("positions:0:chain-paused", true)]
    [InlineData("positions:0:chain-resumed", true)]
    [InlineData("positions:0:chain-unhealthy", true)]
    [InlineData("positions:0:chain-healthy", true)]
    [InlineData("positions:0:listening", true)]
    [InlineData("suggestion:3:pending", true)]
    [InlineData("positions:0:updated", false)]
    [InlineData("prices:0:new", false)]
    public void SuggestionsPage_Affects_ChainStateChangesAndItsOwnKinds(string payload, bool affects)
    {
        Assert.True(DashboardUpdate.TryParse(payload, out var u));
        Assert.Equal(affects, Pages.Suggestions.Affects(u));
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("a:b:c")]
    public void DashboardUpdate_TryParse_RejectsGarbage(string payload) => Assert.False(DashboardUpdate.TryParse(payload, out _));

    [Fact]
    public void Fmt_Percent_HasNoSpaceAndDashForUnknown()
    {
        Assert.Equal("50%", Fmt.Pct(0.5, "P0"));
        Assert.Equal("-0.62%", Fmt.Pct(-0.0062));
        Assert.Equal(Fmt.Unknown, Fmt.Pct((double?)null));
        Assert.Equal("1,234.50", Fmt.Money(1234.5));
    }

    [Fact]
    public void Toast_ForFailedExecution_IsAnError()
    {
        Assert.Equal(Severity.Error, Toast.For(new("execution", 3, "failed"), canDecide: false)!.Severity);
        Assert.Null(Toast.For(new("prices", 3, "updated"), canDecide: true));
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("=SUM(A1)", "'=SUM(A1)")]
    public void Csv_Escapes_QuotesAndFormulas(string? value, string expected) => Assert.Equal(expected, ExecutionHistory.Csv(value));

    [Fact]
    public async Task Throttle_BurstOfTriggers_RunsLeadingAndTrailingOnly()
    {
        var runs = 0;
        using var t = new Throttle(TimeSpan.FromMilliseconds(200), () =>
        {
            Interlocked.Increment(ref runs);
            return Task.CompletedTask;
        });
        for (var i = 0; i < 50; i++)
        {
            t.Trigger();
        }

        Assert.Equal(1, runs);
        // Waits for the trailing run (not a fixed time, which a loaded machine may overrun), then for
        // longer than the interval: no third run follows.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (Volatile.Read(ref runs) < 2)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromMinutes(1), "no trailing run");
            await Task.Delay(20);
        }

        await Task.Delay(600);
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task DashboardUpdates_Unsubscribed_NoLongerCalled()
    {
        var updates = new DashboardUpdates(Microsoft.Extensions.Logging.Abstractions.NullLogger<DashboardUpdates>.Instance);
        var seen = 0;
        var sub = updates.Subscribe(_ =>
        {
            Interlocked.Increment(ref seen);
            return Task.CompletedTask;
        });
        updates.Publish(new("positions", 0, "updated"));
        sub.Dispose();
        updates.Publish(new("positions", 0, "updated"));
        await Task.Delay(50);
        Assert.Equal(1, seen);
        Assert.Equal(0, updates.SubscriberCount);
    }

    [Theory]
    [InlineData(true, 0.3)] // the pending suggestion's proposal, as the inbox shows it
    [InlineData(false, 0.25)] // else one step (max change 0.25) from the on-chain 0.5 toward the model's 0
    public void PositionRow_Recommended_IsWhatTheSuggestionProposes(bool pending, double expected)
    {
        var o = new HedgeDashboard.Data.Queries.PositionOverview(
            1, 101, "0xowner", "ETH/USD", "0xpool", 3000, PositionStatus.Open, 2700, 3300, 3000, 1, 3000, 0.5m, ExecutionMode.Manual, 7,
            DateTimeOffset.UnixEpoch, new(1, DateTimeOffset.UnixEpoch, 0.2, 0.5, -0.01, 0.1, 0m),
            pending ? new(9, 0.5m, 0.3m, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 1) : null, null, 0.25m);
        Assert.Equal(expected, PositionMath.Row(o, 3000, 1m).RecommendedRatio!.Value, 9);
    }

    [Fact]
    public void PositionRow_NonUsdPair_ValuedInUsdThroughTheQuoteToken_OrNotPriced()
    {
        // 1 WBTC + 20 WETH offered at 20 ETH per BTC in [18, 22]: its value in ETH, times 3,000 USD per WETH.
        var o = new HedgeDashboard.Data.Queries.PositionOverview(
            1, 301, "0xowner", "BTC/ETH", "0xpool", 3000, PositionStatus.Open, 18, 22, 20, 1, 20, 0m, ExecutionMode.Manual, 7,
            DateTimeOffset.UnixEpoch, null, null, null, 0.25m);
        var usd = PositionMath.Row(o, 21, 3000m); // WETH at 3,000 USD
        var eth = PositionMath.Row(o, 21, 1m);
        Assert.Equal(eth.Value!.Value * 3000, usd.Value!.Value, 6);
        Assert.Equal(eth.IlValue!.Value * 3000, usd.IlValue!.Value, 6);
        Assert.Equal(eth.IlPct, usd.IlPct); // a ratio: the same in any unit
        Assert.Equal(Fmt.Usd(usd.Value), usd.Money(usd.Value));
        Assert.Equal("18.00 – 22.00 ETH", usd.RangeText);

        var none = PositionMath.Row(o, 21, null);
        Assert.False(none.Priced);
        Assert.Null(none.Value);
        Assert.Equal("not priced", none.Money(none.Value));
        Assert.Equal("not priced", none.Money(none.IlValue));
    }

    [Theory]
    [InlineData(2400)]
    [InlineData(3000)]
    [InlineData(4500)]
    public void PositionRow_V2Position_FullRange_IlIsTheClosedForm(double price)
    {
        // 5 ETH + 15,000 USD of v2 liquidity tokens entered at 3,000: no price bounds.
        var o = new HedgeDashboard.Data.Queries.PositionOverview(
            1, 0, "0xowner", "ETH/USD", "0xpair", 3000, PositionStatus.Open, null, null, 3000, 5, 15_000, 0m, ExecutionMode.Manual, null,
            DateTimeOffset.UnixEpoch, null, null, null, 0.25m) { Kind = PositionKind.V2 };
        var row = PositionMath.Row(o, price, 1m); // a USD-quoted pair
        var k = price / 3000;
        Assert.Equal((2 * Math.Sqrt(k) / (1 + k)) - 1, row.IlPct!.Value, 12);
        Assert.Equal("full range", row.RangeText);
        Assert.Equal("ETH/USD v2", row.Label);
        Assert.True(row.InRange);
        Assert.Equal(5 * Math.Sqrt(3000 / price), row.Delta!.Value, 9); // x = L / sqrt(P), L = sqrt(5 x 15,000)
    }

    [Fact]
    public void Toast_NewSuggestion_OnlyForWhoCanDecideIt()
    {
        Assert.NotNull(Toast.For(new("suggestion", 5, "pending"), canDecide: true));
        Assert.Null(Toast.For(new("suggestion", 5, "pending"), canDecide: false));
        Assert.Null(Toast.For(new("suggestion", 5, "superseded"), canDecide: true));
    }

    [Theory]
    [InlineData(31337L, null)] // anvil: no explorer, no link (not mainnet etherscan)
    [InlineData(1L, "https://etherscan.io/tx/0xabc")]
    [InlineData(8453L, "https://basescan.org/tx/0xabc")]
    [InlineData(10L, null)]
    public void ExplorerLinks_PerChain_MainnetEtherscanOnlyForChain1(long chain, string? expected)
    {
        var links = new HedgeDashboard.Web.Suggestions.ExplorerLinks("https://etherscan.io/tx/{hash}", new Dictionary<long, string> { [8453] = "https://basescan.org/tx/{hash}" });
        Assert.Equal(expected, links.For(chain, "0xabc"));
    }

    [Fact]
    public void Timeline_RatioUpdated_DecodedAsPercentAndTokens() =>
        Assert.Equal(
            "hedge ratio 50% → 70%, target hedge 0.35 WETH",
            Timeline.Decode("RatioUpdated", """{"positionId": "1", "oldRatio": "500000000000000000", "newRatio": "700000000000000000", "targetHedgeSize": "350000000000000000", "nonce": "3", "sender": "0xabc"}""", "WETH"));

    [Fact]
    public void Timeline_HedgeExecuted_SizesInTokensPricesInDollars() =>
        Assert.Equal(
            "hedge filled 0.25 WETH → 0.35 WETH at $3,012.50, fee $1.05",
            Timeline.Decode("HedgeExecuted", """{"oldSize": "250000000000000000", "newSize": "350000000000000000", "executionPrice": "301250000000", "fee": "105000000"}""", "WETH"));

    [Fact]
    public void Timeline_SuggestionCreated_SaysSuggestedOnce()
    {
        var e = new HedgeDashboard.Data.Queries.HedgeHistoryEntry(DateTimeOffset.UnixEpoch, HedgeDashboard.Data.Queries.HedgeHistoryKind.SuggestionCreated, "hedge 0% → 50%", 1);
        Assert.Equal("Suggested hedge 0% → 50%", $"{Timeline.Title(e.Kind)} {Timeline.Text(e, "WETH")}");
    }

    [Theory]
    [InlineData(1234.5, "$1,234.50")]
    [InlineData(-12, "-$12.00")]
    public void Fmt_Usd_IsDollars(double value, string text) => Assert.Equal(text, Fmt.Usd(value));

    [Theory]
    [InlineData(999.994, "$999.99")]
    [InlineData(1_000, "$1,000")]
    [InlineData(113_585.5, "$113,586")]
    [InlineData(-2_178.52, "-$2,179")]
    [InlineData(-749.52, "-$749.52")]
    public void Fmt_UsdShort_WholeDollarsFromAThousand(double value, string text) => Assert.Equal(text, Fmt.UsdShort(value));

    [Theory]
    [InlineData(0.6581, "0.658")]
    [InlineData(-99.9991, "-99.999")]
    [InlineData(123.6, "124")]
    [InlineData(10_000.123, "10,000")]
    [InlineData(double.NaN, "–")]
    public void Fmt_AmountShort_WholeUnitsFromAHundred(double value, string text) => Assert.Equal(text, Fmt.AmountShort(value));

    /// <summary>Known answers (mpmath) for 2 puts on S 42, K 40, vol 20 %, half a year, zero rate: value 2.8944, delta
    /// -0.6776, gamma 0.1232, vega 0.2173 per vol point, theta -0.0119 per day.</summary>
    [Fact]
    public void OptionLegRow_OpenPut_ValueAndGreeksForTheWholeNotional()
    {
        var now = new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);
        var leg = new OptionLeg { Id = 1, Kind = OptionKind.Put, Status = OptionLegStatus.Open, Strike = 40m, Expiry = now.AddDays(365 / 2.0), Notional = 2m, PremiumPaid = 3m };
        var row = OptionLegRow.Of(leg, 42, 0.2, now);
        Assert.Equal(2.89437907705318, row.Value!.Value, 1e-9);
        Assert.Equal(-0.677622780892839, row.Delta!.Value, 1e-9);
        Assert.Equal(0.123211048405105, row.Gamma!.Value, 1e-9);
        Assert.Equal(0.217344289386605, row.Vega!.Value, 1e-9);
        Assert.Equal(-0.0119092761307729, row.Theta!.Value, 1e-9);
    }

    [Fact]
    public void OptionLegRow_SettledOrExpired_ValueIsPayoutOrIntrinsicWithoutGreeks()
    {
        var now = new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);
        var settled = new OptionLeg { Kind = OptionKind.Put, Status = OptionLegStatus.Settled, Strike = 2900m, Expiry = now.AddDays(-1), Notional = 2m, SettlementPrice = 2500m, SettlementPayout = 800m };
        var s = OptionLegRow.Of(settled, 3000, 0.8, now);
        Assert.Equal(800, s.Value);
        Assert.Null(s.Delta);
        var expired = new OptionLeg { Kind = OptionKind.Put, Status = OptionLegStatus.Open, Strike = 2900m, Expiry = now.AddMinutes(-1), Notional = 2m };
        var e = OptionLegRow.Of(expired, 2800, 0.8, now);
        Assert.Equal(200, e.Value);
        Assert.Null(e.Gamma);
    }
}
