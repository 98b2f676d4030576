using System.Security.Claims;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Web.Audit;
using HedgeDashboard.Web.History;
using HedgeDashboard.Web.Protection;
using HedgeDashboard.Web.Settings;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Web.Components.Tests;

/// <summary>The pages' feature services against the real Postgres, without a browser.</summary>
public sealed class PageServiceTests(ServiceDatabase database) : IClassFixture<ServiceDatabase>
{
    private static readonly ClaimsPrincipal Admin = new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin")], "test"));

    private static int _nft = 1000;

    private SettingsService Settings() => new(database.Factory, TimeProvider.System);

    private static PolicyForm GoodPolicy() => new()
    {
        Mode = ExecutionMode.Manual, SuggestionThreshold = "0.05", MaxRatioChange = "0.25", MaxNotionalPerDayUsd = "0", CooldownMinutes = "60",
    };

    [Theory]
    [InlineData("SuggestionThreshold", "", "Suggestion threshold: enter a number")]
    [InlineData("SuggestionThreshold", "abc", "Suggestion threshold: \"abc\" is not a number")]
    [InlineData("SuggestionThreshold", "<script>", "Suggestion threshold: \"<script>\" is not a number")]
    [InlineData("SuggestionThreshold", "1e30", "Suggestion threshold: \"1e30\" is not a number")]
    [InlineData("SuggestionThreshold", "1.5", "Suggestion threshold: 1.5 is out of range")]
    [InlineData("SuggestionThreshold", "0.1234567", "Suggestion threshold: at most 6 decimals")]
    [InlineData("MaxNotionalPerDayUsd", "1e40", "Max notional per day: \"1e40\" is not a number")]
    [InlineData("MaxNotionalPerDayUsd", "99999999999999999999999999999999", "Max notional per day: 9999")]
    [InlineData("MaxNotionalPerDayUsd", "-100", "Max notional per day: -100 is out of range")]
    [InlineData("CooldownMinutes", "1.5", "Cooldown: \"1.5\" is not a whole number of minutes")]
    [InlineData("CooldownMinutes", "2147483648", "Cooldown: 2147483648 is out of range")]
    [InlineData("CooldownMinutes", "", "Cooldown: enter a whole number")]
    public async Task SavePolicy_FieldThatDoesNotParseOrIsOutOfRange_RefusedNamingIt_NothingSavedNorAudited(string field, string text, string message)
    {
        var p = await database.AddPositionAsync(++_nft, 2600, 3400, 3000, 1, 3000, opened: DateTimeOffset.UtcNow.AddDays(-1), owner: ServiceDatabase.Addr(7));
        var form = GoodPolicy();
        typeof(PolicyForm).GetProperty(field)!.SetValue(form, text);

        var (outcome, errors) = await Settings().SavePolicyAsync(Admin, p.Id, form, recentlyAuthenticated: true);

        Assert.Equal(SettingsService.Outcome.Invalid, outcome);
        Assert.StartsWith(message, errors.For(field), StringComparison.Ordinal);
        Assert.Single(errors);
        await using var db = database.CreateContext();
        var stored = await db.Positions.AsNoTracking().SingleAsync(x => x.Id == p.Id);
        Assert.Equal(0.05m, stored.Policy.SuggestionThreshold);
        Assert.Equal(TimeSpan.FromHours(1), stored.Policy.Cooldown);
        Assert.Equal(0, await db.AuditLog.CountAsync(a => a.Action == "policy.updated" && a.EntityId == p.Id.ToString()));
    }

    [Fact]
    public async Task SavePolicy_GoodValues_SavedAndAuditedWithModeByName()
    {
        var p = await database.AddPositionAsync(++_nft, 2600, 3400, 3000, 1, 3000, opened: DateTimeOffset.UtcNow.AddDays(-1), owner: ServiceDatabase.Addr(7));
        var form = GoodPolicy();
        form.SuggestionThreshold = "0.07";
        form.CooldownMinutes = "90";

        var (outcome, _) = await Settings().SavePolicyAsync(Admin, p.Id, form, recentlyAuthenticated: false);

        Assert.Equal(SettingsService.Outcome.Saved, outcome);
        await using var db = database.CreateContext();
        var stored = await db.Positions.AsNoTracking().SingleAsync(x => x.Id == p.Id);
        Assert.Equal(0.07m, stored.Policy.SuggestionThreshold);
        Assert.Equal(TimeSpan.FromMinutes(90), stored.Policy.Cooldown);
        var audit = await db.AuditLog.SingleAsync(a => a.Action == "policy.updated" && a.EntityId == p.Id.ToString());
        Assert.Contains("\"Mode\": \"Manual\"", audit.Details, StringComparison.Ordinal); // jsonb's own spacing
    }

    [Theory]
    [InlineData("WebhookUrl", 2001, "Webhook URL: at most 2,000 characters")]
    [InlineData("ExplorerTxUrlTemplate", 501, "Transaction link template: at most 500 characters")]
    [InlineData("CircuitBreakerReason", 5000, "Reason: at most 500 characters")]
    public async Task SaveGlobal_TextLongerThanItsColumn_RefusedNamingIt_NothingSaved(string field, int length, string message)
    {
        var form = new GlobalForm { CircuitBreakerOn = true, CircuitBreakerReason = "maintenance", ExplorerTxUrlTemplate = "https://etherscan.io/tx/{hash}" };
        var text = field switch
        {
            "WebhookUrl" => "https://hooks.example.com/" + new string('a', length - 26),
            "ExplorerTxUrlTemplate" => "https://x.example/tx/{hash}?" + new string('a', length - 28),
            _ => new string('r', length),
        };
        typeof(GlobalForm).GetProperty(field)!.SetValue(form, text);

        var (outcome, errors) = await Settings().SaveGlobalAsync(Admin, form, allowPrivateWebhookTargets: false);

        Assert.Equal(SettingsService.Outcome.Invalid, outcome);
        Assert.StartsWith(message, errors.For(field), StringComparison.Ordinal);
        await using var db = database.CreateContext();
        Assert.False((await db.AppSettings.AsNoTracking().SingleAsync()).CircuitBreakerOn);
    }

    [Fact]
    public async Task FieldLimits_FromTheEfModel_MatchTheColumns()
    {
        var limits = await Settings().LimitsAsync();
        Assert.Equal(new FieldLimits(500, 2000, 500, 128), limits);
    }

    [Fact]
    public async Task Load_PositionsWithoutTrackedWallets_ListsTheirOwners()
    {
        var owner = ServiceDatabase.Addr(0x77);
        await database.AddPositionAsync(++_nft, opened: DateTimeOffset.UtcNow.AddDays(-1), owner: owner);
        await database.AddPositionAsync(++_nft, opened: DateTimeOffset.UtcNow.AddDays(-1), owner: owner);

        var view = await Settings().LoadAsync();

        var row = Assert.Single(view.Wallets, w => w.Address == owner);
        Assert.Null(row.TrackedId);
        Assert.Equal(2, row.Positions);
    }

    [Fact]
    public async Task History_ConfirmedHedge_RowHasRatiosHedgeSizeExecutionPriceAndCost()
    {
        var start = DateTimeOffset.UtcNow.AddHours(-10);
        var p = await database.AddPositionAsync(++_nft, 2000, 4000, 2900, 2, 5800, opened: start, owner: ServiceDatabase.Addr(7));
        await using (var db = database.CreateContext())
        {
            db.PriceObservations.Add(new PriceObservation { Pair = "ETH/USD", Source = "pool", ObservedAt = start.AddHours(1), Price = 3100m, BlockNumber = 1 });
            var s = new HedgeSuggestion
            {
                PositionId = p.Id, CurrentRatio = 0.25m, ProposedRatio = 0.5m, IdempotencyKey = $"k{p.Id}", CreatedAt = start.AddHours(1), ExpiresAt = start.AddHours(3),
                Status = SuggestionStatus.Executed, DecidedBy = "approver", DecidedAt = start.AddHours(1),
            };
            db.Suggestions.Add(s);
            await db.SaveChangesAsync();
            var e = new HedgeExecution
            {
                SuggestionId = s.Id, PositionId = p.Id, ChainId = 31337, TargetRatio = 0.5m, Status = ExecutionStatus.Confirmed, FromAddress = ServiceDatabase.Addr(9),
                Nonce = p.Id, SignedRaw = [2], TxHash = "0x" + p.Id.ToString("x64", System.Globalization.CultureInfo.InvariantCulture), Attempts = 1, BlockNumber = 5,
                BlockHash = "0x" + new string('b', 64), GasUsed = 165_388, EffectiveGasPrice = 2_000_000_000, CreatedAt = start.AddHours(1.5), MinedAt = start.AddHours(2),
                ConfirmedAt = start.AddHours(2), UpdatedAt = start.AddHours(2),
            };
            db.Executions.Add(e);
            await db.SaveChangesAsync();
            db.VenueCharges.Add(new VenueCharge
            {
                ChainId = 31337, VenueAddress = ServiceDatabase.Addr(5), BlockNumber = 5, BlockHash = "0x" + new string('b', 64), TxHash = e.TxHash, LogIndex = 0,
                Kind = VenueChargeKind.TradeFee, ProtectedPositionId = 1, PositionId = p.Id, ExecutionId = e.Id, Amount = 1.25m, Notional = 1000m,
            });
            await db.SaveChangesAsync();
        }

        var view = await new HedgeHistoryService(database.Factory).LoadAsync(new HistoryFilter());

        var row = Assert.Single(view.Rows, r => r.PositionId == p.Id);
        Assert.Equal(0.25m, row.FromRatio);
        Assert.Equal(0.5m, row.TargetRatio);
        Assert.Equal("WETH", row.Token0);
        Assert.Equal(3100, row.ExecutionPrice);
        Assert.True(row.HedgeSize > 0, "above entry the LP holds less token0 than holding would, so the hedge against holding is long");
        Assert.Equal(Math.Abs(row.HedgeSize!.Value) * 3100, row.HedgeNotional!.Value, 9);
        Assert.Equal(165_388 * 2e9 / 1e18 * 3100, row.GasCostUsd!.Value, 9);
        Assert.Equal(row.GasCostUsd!.Value + 1.25, row.CostUsd!.Value, 9);
        Assert.Equal("165,388 gas", Fmt.Gas(row.GasUsed));
    }

    [Fact]
    public async Task Protection_MinutesOfPricesOnAnOldPosition_BucketsFollowTheDataSpan()
    {
        // 74 prices over 8 minutes for a position opened 30 days ago: buckets of the position's life put them all in one.
        var now = DateTimeOffset.UtcNow;
        var pair = $"T{++_nft}/USD";
        await using (var db = database.CreateContext())
        {
            var pool = new Pool { ChainId = 31337, Address = ServiceDatabase.Addr(_nft), Token0Id = (await db.Tokens.FirstAsync()).Id, Token1Id = (await db.Tokens.OrderBy(t => t.Id).LastAsync()).Id, FeeTier = 3000, TickSpacing = 60, Pair = pair };
            db.Pools.Add(pool);
            await db.SaveChangesAsync();
            var position = new LpPosition
            {
                PoolId = pool.Id, NftTokenId = _nft, OwnerAddress = ServiceDatabase.Addr(7), TickLower = 1, TickUpper = 2, PriceLower = 2600, PriceUpper = 3400,
                Liquidity = 1, EntryAmount0 = 1, EntryAmount1 = 3000, EntryPrice = 3000, OpenedAt = now.AddDays(-30), UpdatedAt = now,
            };
            db.Positions.Add(position);
            for (var i = 0; i < 74; i++)
            {
                db.PriceObservations.Add(new PriceObservation { Pair = pair, Source = "pool", ObservedAt = now.AddMinutes(-8).AddSeconds(i * 6.5), Price = 3000 + (i % 7 * 3), BlockNumber = i });
            }

            await db.SaveChangesAsync();
            var service = new ProtectionService(database.Factory, TimeProvider.System);

            var series = await service.SeriesAsync(position.Id);

            Assert.NotNull(series);
            Assert.True(series.Times.Length >= 70, $"{series.Times.Length} points");
            Assert.Equal(TimeSpan.FromMinutes(1), series.Period);
            Assert.True(series.PeriodOffsets.Count >= 5, $"{series.PeriodOffsets.Count} periods");
            Assert.Equal("per minute", ProtectionSeries.PeriodName(series.Period));
        }
    }

    [Fact]
    public async Task AuditLog_Page_DetailsAsKeyValueLines_NewestFirst_Filtered()
    {
        await using (var db = database.CreateContext())
        {
            db.AuditLog.Add(new AuditLogEntry { Actor = "admin", Action = "policy.updated", EntityType = "lp_position", EntityId = "42", Details = """{"before":{"Mode":0,"CooldownMinutes":60},"after":{"Mode":1,"CooldownMinutes":90}}""" });
            db.AuditLog.Add(new AuditLogEntry { Actor = "admin", Action = "breaker.on", EntityType = "app_settings", EntityId = "1", Details = """{"after":{"CircuitBreakerReason":"oracle drift"}}""" });
            await db.SaveChangesAsync();
        }

        var (rows, total) = await new AuditLogService(database.Factory).PageAsync(new AuditFilter(EntityId: "42"), 0, 50);

        Assert.Equal(1, total);
        var details = Assert.Single(rows).Details;
        // jsonb keeps keys shortest first.
        Assert.Equal(["after.Mode: Auto", "after.CooldownMinutes: 90", "before.Mode: Manual", "before.CooldownMinutes: 60"], details.Select(d => $"{d.Key}: {d.Value}"));
    }
}
