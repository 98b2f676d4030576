using System.Net;
using System.Security.Cryptography;
using System.Text;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Workers.Alerts;
using HedgeDashboard.Workers.Hosting;
using HedgeDashboard.Workers.Ingestion;
using HedgeDashboard.Workers.Scoring;
using HedgeDashboard.Workers.Suggestions;

namespace HedgeDashboard.Workers.Tests;

public sealed class OracleCheckTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static OracleVerdict Check(decimal? answer, DateTimeOffset? updated, decimal? twap) =>
        OracleCheck.Evaluate(new OracleReading(answer, updated, twap, Now), TimeSpan.FromHours(1), 0.03m);

    [Fact]
    public void Evaluate_FreshAgreeingOracles_Healthy() => Assert.True(Check(3000m, Now.AddMinutes(-5), 3010m).IsHealthy);

    [Theory]
    [InlineData(0, "not positive")]
    [InlineData(-5, "not positive")]
    public void Evaluate_NonPositiveAnswer_Unhealthy(int answer, string reason)
    {
        var v = Check(answer, Now, 3000m);
        Assert.False(v.IsHealthy);
        Assert.Contains(reason, v.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ZeroTimestamp_Unhealthy() => Assert.Contains("zero timestamp", Check(3000m, DateTimeOffset.FromUnixTimeSeconds(0), 3000m).Reason, StringComparison.Ordinal);

    [Fact]
    public void Evaluate_OlderThanHeartbeat_Stale() => Assert.Contains("stale", Check(3000m, Now.AddMinutes(-61), 3000m).Reason, StringComparison.Ordinal);

    [Fact]
    public void Evaluate_DeviationBeyondLimit_Unhealthy() => Assert.Contains("deviates", Check(3100m, Now, 3000m).Reason, StringComparison.Ordinal);

    [Fact]
    public void Evaluate_DeviationAtLimit_Healthy() => Assert.True(Check(3090m, Now, 3000m).IsHealthy);

    [Fact]
    public void Evaluate_NoTwap_Unhealthy() => Assert.Contains("TWAP unavailable", Check(3000m, Now, null).Reason, StringComparison.Ordinal);
}

public sealed class AutoPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static AutoPolicyInput Input(Action<ExecutionPolicy>? policy = null, bool healthy = true, bool breaker = false, decimal proposed = 0.7m, decimal used = 0, DateTimeOffset? last = null)
    {
        var p = new ExecutionPolicy { Mode = ExecutionMode.Auto, MaxRatioChange = 0.25m, MaxNotionalPerDayUsd = 10_000m, Cooldown = TimeSpan.FromHours(1) };
        policy?.Invoke(p);
        return new AutoPolicyInput(p, 0.5m, proposed, 1_000m, used, last, healthy, healthy ? null : "stale", breaker, breaker ? "incident" : null, Now);
    }

    [Fact]
    public void Evaluate_WithinLimits_Approves() => Assert.True(AutoPolicy.Evaluate(Input()).Approve);

    [Fact]
    public void Evaluate_ManualMode_Declines() => Assert.StartsWith("manual", AutoPolicy.Evaluate(Input(p => p.Mode = ExecutionMode.Manual)).Reason, StringComparison.Ordinal);

    [Fact]
    public void Evaluate_BreakerOn_DeclinesBeforeAnythingElse() => Assert.StartsWith("circuit breaker", AutoPolicy.Evaluate(Input(healthy: false, breaker: true)).Reason, StringComparison.Ordinal);

    [Fact]
    public void Evaluate_OracleUnhealthy_Declines() => Assert.StartsWith("oracle unhealthy", AutoPolicy.Evaluate(Input(healthy: false)).Reason, StringComparison.Ordinal);

    [Fact]
    public void Evaluate_ChangeAboveMaximum_Declines() => Assert.StartsWith("ratio change", AutoPolicy.Evaluate(Input(proposed: 0.8m)).Reason, StringComparison.Ordinal);

    [Fact]
    public void Evaluate_InCooldown_Declines() => Assert.StartsWith("cooldown", AutoPolicy.Evaluate(Input(last: Now.AddMinutes(-30))).Reason, StringComparison.Ordinal);

    [Fact]
    public void Evaluate_AfterCooldown_Approves() => Assert.True(AutoPolicy.Evaluate(Input(last: Now.AddMinutes(-61))).Approve);

    [Fact]
    public void Evaluate_DailyNotionalExceeded_Declines() => Assert.StartsWith("daily notional", AutoPolicy.Evaluate(Input(used: 9_500m)).Reason, StringComparison.Ordinal);

    [Fact]
    public void Notional_IsChangeTimesDeltaTimesPrice() => Assert.Equal(750m, AutoPolicy.Notional(0.5m, 0.75m, 1.0, 3000));
}

public sealed class RiskModelTests
{
    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.1, 0.2)]
    [InlineData(0.26, 0.5)]
    [InlineData(0.49, 1.0)]
    [InlineData(0.9, 1.0)]
    public void SeedRatio_IsTwiceRiskCappedAtOneRoundedToStep(double risk, double expected) =>
        Assert.Equal((decimal)expected, RiskModel.SeedRatio(risk, 0.05m));

    [Fact]
    public void EwmaVariance_ConstantPrices_DecaysFromPrior()
    {
        var v = RiskModel.EwmaVariance([100, 100, 100, 100], 0.5, 1e-4);
        Assert.Equal(1e-4 * 0.125, v, 12);
    }

    [Fact]
    public void Score_FarOutsideRange_HighRiskAndFullRatio()
    {
        var o = new ScoringOptions();
        var inside = RiskModel.Score(2850, 3150, 3000, 20000, 3000, RiskModel.Forecast(4e-5, o), o, HedgeRatioPolicy.Seed, 0);
        var outside = RiskModel.Score(2850, 3150, 3000, 20000, 3500, RiskModel.Forecast(4e-5, o), o, HedgeRatioPolicy.Seed, 0);
        Assert.True(outside.Score > inside.Score);
        Assert.Equal(1m, outside.RecommendedRatio);
        Assert.Equal(HedgeRatioPolicy.Seed, outside.Policy);
    }

    // Known answers of the cost-aware rule: on at P >= 0.10, stays on above 0.04 (the on-chain ratio says it is on),
    // a raise only when the saving per unit ratio, |delta| x price x sd x E[max(0,-Z)] (nu 4: 0.3536), beats 2 x its cost.
    [Theory]
    [InlineData(0.12, 0.0, 1.0)]   // switches on: 10 ETH at 3000, sd 5 %: saves 530 USD vs 2 x (15 + 1)
    [InlineData(0.07, 0.0, 0.0)]   // between the thresholds while off: stays off
    [InlineData(0.07, 0.5, 1.0)]   // between the thresholds while on: stays on, raised to full
    [InlineData(0.03, 0.5, 0.0)]   // below RiskOff: off, lowered at no check (a cut saves the hedge's carry)
    public void CostAwareRatio_HysteresisOnProbability(double p, double current, double expected) =>
        Assert.Equal((decimal)expected, RiskModel.CostAwareRatio(p, (decimal)current, 10, 3000, 0.0025, 4, 0.05m));

    [Fact]
    public void CostAwareRatio_SavingBelowTwiceTheTradeCost_KeepsTheCurrentRatio()
    {
        // 0.01 ETH: saves 0.53 USD a unit of ratio; raising 0.8 costs 0.012 fee + 1 gas: not worth it.
        Assert.Equal(0.2m, RiskModel.CostAwareRatio(0.5, 0.2m, 0.01, 3000, 0.0025, 4, 0.05m));
        Assert.Equal(Math.Sqrt(2) / 4, HedgeDashboard.Forecasting.Policies.ModelPolicy.ExpectedShortfallOfUnitT(4), 12); // E|T4| = 1, x sqrt(2/4) / 2
    }

    [Fact]
    public void Score_ModelPolicy_IsTheDefaultRule_AndNamesItself()
    {
        var o = new ScoringOptions();
        var r = RiskModel.Score(2850, 3150, 3000, 20000, 3500, RiskModel.Forecast(4e-5, o), o, HedgeRatioPolicy.Model, 0);
        Assert.Equal(HedgeRatioPolicy.Model, r.Policy);
        Assert.Equal(RiskModel.CostAwareRatio(r.ProbabilityBeyond, 0, r.Delta0, 3500, 4e-5 * 24, o.DegreesOfFreedom, o.RatioStep), r.RecommendedRatio);
        Assert.Equal(HedgeRatioPolicy.Model, new Data.Entities.ExecutionPolicy().RatioPolicy);
    }
}

public sealed class HostingTests
{
    [Theory]
    [InlineData("web,workers", true, true)]
    [InlineData("web", true, false)]
    [InlineData(" Workers ", false, true)]
    [InlineData("signer", false, true)]
    public void Roles_ParseCommaSeparated(string roles, bool web, bool workers)
    {
        var o = new HostingOptions { Roles = roles };
        Assert.Equal(web, o.RunsWeb);
        Assert.Equal(workers, o.RunsWorkers);
        Assert.True(new HostingOptionsValidator().Validate(null, o).Succeeded);
    }

    [Theory]
    [InlineData("web,workers", true, true, true)] // "workers" = stages, signer and relayer: one process for everything
    [InlineData("web", false, false, false)]
    [InlineData("stages,relayer", true, false, true)]
    [InlineData("signer", false, true, false)]
    [InlineData("relayer", false, false, true)]
    public void Roles_SplitWhoHoldsWhichKey(string roles, bool stages, bool signer, bool relayer)
    {
        var o = new HostingOptions { Roles = roles };
        Assert.Equal((stages, signer, relayer), (o.RunsStages, o.RunsSigner, o.RunsRelayer));
    }

    [Fact]
    public void Validator_UnknownRole_NamesTheKey() =>
        Assert.Contains("Hosting:Roles", new HostingOptionsValidator().Validate(null, new HostingOptions { Roles = "web,cron" }).FailureMessage, StringComparison.Ordinal);

    [Fact]
    public void IngestionValidator_BadDeviation_NamesTheKey() =>
        Assert.Contains("Workers:Ingestion:MaxTwapDeviation", new IngestionOptionsValidator().Validate(null, new IngestionOptions { MaxTwapDeviation = 2 }).FailureMessage, StringComparison.Ordinal);

    [Theory]
    [InlineData(-1)]
    [InlineData(86_401)]
    public void IngestionValidator_BadFeeRefresh_NamesTheKey(int seconds) =>
        Assert.Contains("Workers:Ingestion:FeeRefreshSeconds", new IngestionOptionsValidator().Validate(null, new IngestionOptions { FeeRefreshSeconds = seconds }).FailureMessage, StringComparison.Ordinal);

    [Fact]
    public void StageLock_KeyIsStablePerName()
    {
        Assert.Equal(StageLock.KeyOf("scoring"), StageLock.KeyOf("scoring"));
        Assert.NotEqual(StageLock.KeyOf("scoring"), StageLock.KeyOf("indexer"));
    }
}

public sealed class WebhookTests
{
    [Fact]
    public void Sign_IsHmacSha256OfTheBodyInHex()
    {
        var body = Encoding.UTF8.GetBytes("{\"kind\":\"x\"}");
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("s3cret"), body));
        Assert.Equal(expected, WebhookAlertSink.Sign("s3cret", body));
    }

    [Fact]
    public async Task Deliver_RetriesWithBackoff_ThenSucceeds_SignedJson()
    {
        var received = new List<(string Body, string? Signature)>();
        var failuresLeft = 2;
        var handler = new StubHandler(async req =>
        {
            var body = await req.Content!.ReadAsStringAsync();
            received.Add((body, req.Headers.TryGetValues(WebhookAlertSink.SignatureHeader, out var v) ? v.Single() : null));
            return failuresLeft-- > 0 ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) : new HttpResponseMessage(HttpStatusCode.OK);
        });
        var options = Microsoft.Extensions.Options.Options.Create(new AlertOptions { WebhookUrl = "http://receiver.test/hook", WebhookSecret = "s3cret", InitialBackoffMilliseconds = 10, MaxAttempts = 5 });
        var sink = new WebhookAlertSink(new StubFactory(handler), new NoDbFactory(), options, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<WebhookAlertSink>.Instance);
        await sink.StartAsync(CancellationToken.None);
        sink.Publish(new Alert(AlertKinds.SuggestionCreated, "test", new Dictionary<string, object?> { ["positionId"] = 7 }));
        await TestMarket.EventuallyAsync(() => Task.FromResult<bool?>(sink.Delivered == 1), "delivery", 10);
        await sink.StopAsync(CancellationToken.None);

        Assert.Equal(3, received.Count);
        Assert.Equal(WebhookAlertSink.Sign("s3cret", Encoding.UTF8.GetBytes(received[^1].Body)), received[^1].Signature);
        Assert.Contains("\"kind\":\"suggestion.created\"", received[^1].Body, StringComparison.Ordinal);
        Assert.Single(received.Select(r => r.Body).Distinct()); // the same alert (same id) each time
    }

    private sealed class StubHandler(Func<HttpRequestMessage, Task<HttpResponseMessage>> respond) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => respond(request);
    }

    private sealed class StubFactory(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false);
    }

    private sealed class NoDbFactory : Microsoft.EntityFrameworkCore.IDbContextFactory<Data.HedgeDbContext>
    {
        public Data.HedgeDbContext CreateDbContext() => throw new InvalidOperationException("no database in this test");
    }
}

public sealed class ModelTargetSizeTests
{
    private static readonly System.Numerics.BigInteger E18 = Relayer.RatioFixedPoint.One;

    [Theory]
    [InlineData("0.75", "0", "2.5")] // wants 7.5 from 0: one step of 10 x 0.25
    [InlineData("0.75", "6", "7.5")] // within a step: exactly ratio x cap
    [InlineData("0", "10", "7.5")] // unwinding: one step down
    [InlineData("0.5", "5", "5")] // unchanged
    public void ModelTargetSize_MovesAtMostOneSizeStep(string ratio, string current, string expected)
    {
        static System.Numerics.BigInteger Wei(string v) => Relayer.RatioFixedPoint.FromDecimal(decimal.Parse(v, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Wei(expected), Relayer.RatioFixedPoint.ModelTargetSize(Wei(ratio), Wei(current), 10 * E18, E18 / 4));
    }
}
