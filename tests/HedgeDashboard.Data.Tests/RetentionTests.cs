using HedgeDashboard.Cli;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Data.Maintenance;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Data.Tests;

/// <summary>The retention run of ADR 0002 on a fresh database: what it keeps, what it rolls up, what it deletes.</summary>
public sealed class RetentionTests : IAsyncLifetime
{
    // 90 days before noon of 2026-06-30 is 2026-04-01 (prices); 180 days is 2026-01-01 (scores).
    private static readonly DateTimeOffset Now = new(2026, 6, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset PriceCutoff = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ScoreCutoff = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly MigratedDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task PerBlockPrices_OlderThanTheWindow_BecomeHourlyClosesAndOtherSourcesStay()
    {
        await using (var db = _db.CreateContext())
        {
            // Three days of pool prices every 10 minutes (price = minutes since start), two before the cut-off.
            var start = PriceCutoff.AddDays(-2);
            for (var m = 0; m < 3 * 24 * 60; m += 10)
            {
                db.PriceObservations.Add(new() { Pair = "ETH/USD", Source = "pool", ObservedAt = start.AddMinutes(m), Price = 1000 + m, BlockNumber = m });
            }

            for (var h = 0; h < 72; h++)
            {
                db.PriceObservations.Add(new() { Pair = "ETH/USD", Source = "chainlink", ObservedAt = start.AddHours(h), Price = 3000 + h });
            }

            db.PriceObservations.Add(new() { Pair = "ETH/USD", Source = "binance_spot", ObservedAt = start.AddYears(-3), Price = 200 });
            await db.SaveChangesAsync();
        }

        var report = await TimeSeriesRetention.RunAsync(_db.ConnectionString, new RetentionPolicy(), Now);

        Assert.Equal(48, report.HourlyPriceRowsWritten);
        Assert.Equal(2 * 24 * 6, report.RawPriceRowsDeleted);
        await using (var db = _db.CreateContext())
        {
            var hourly = await db.PriceObservations.Where(p => p.Source == "pool:1h").OrderBy(p => p.ObservedAt).ToListAsync();
            Assert.Equal(48, hourly.Count);
            Assert.Equal(PriceCutoff.AddDays(-2), hourly[0].ObservedAt);
            Assert.Equal(1000 + 50, hourly[0].Price); // the close: the hour's last price (minute 50)
            Assert.Equal(50, hourly[0].BlockNumber);
            Assert.Equal(1000 + (47 * 60) + 50, hourly[^1].Price);

            Assert.Equal(0, await db.PriceObservations.CountAsync(p => p.Source == "pool" && p.ObservedAt < PriceCutoff));
            Assert.Equal(24 * 6, await db.PriceObservations.CountAsync(p => p.Source == "pool" && p.ObservedAt >= PriceCutoff));
            Assert.Equal(72, await db.PriceObservations.CountAsync(p => p.Source == "chainlink"));
            Assert.Equal(1, await db.PriceObservations.CountAsync(p => p.Source == "binance_spot"));
        }

        var again = await TimeSeriesRetention.RunAsync(_db.ConnectionString, new RetentionPolicy(), Now);
        Assert.Equal(new RetentionReport(0, 0, 0, 0), again);
    }

    [Fact]
    public async Task OldRiskScores_ThinnedToTheLastOfEachDay_KeepingCitedAndLatestScores()
    {
        long a, b, cited;
        await using (var db = _db.CreateContext())
        {
            var pool = await Seed.PoolAsync(db);
            var pa = Seed.Position(pool, 1);
            var pb = Seed.Position(pool, 2);
            pb.Status = PositionStatus.Closed;
            pb.ClosedAt = ScoreCutoff.AddDays(-1).AddHours(13);
            db.Positions.AddRange(pa, pb);
            await db.SaveChangesAsync();
            (a, b) = (pa.Id, pb.Id);

            // Position a: every 6 hours from 2025-12-30 to 2026-01-02 (two days before the cut-off, two after).
            for (var h = 0; h < 4 * 24; h += 6)
            {
                db.RiskScores.Add(Seed.Score(a, ScoreCutoff.AddDays(-2).AddHours(h)));
            }

            // Position b: closed, scored twice on its last day, long ago.
            db.RiskScores.Add(Seed.Score(b, ScoreCutoff.AddDays(-1).AddHours(6)));
            db.RiskScores.Add(Seed.Score(b, ScoreCutoff.AddDays(-1).AddHours(12)));
            await db.SaveChangesAsync();

            var s = await db.RiskScores.SingleAsync(r => r.PositionId == a && r.ScoredAt == ScoreCutoff.AddDays(-2).AddHours(6));
            cited = s.Id;
            var suggestion = Seed.Suggestion(a, s.ScoredAt);
            suggestion.RiskScoreId = cited;
            db.Suggestions.Add(suggestion);
            await db.SaveChangesAsync();
        }

        var report = await TimeSeriesRetention.RunAsync(_db.ConnectionString, new RetentionPolicy(), Now);

        // a: 2025-12-30 keeps 18:00 and the cited 06:00 (deletes 00:00, 12:00); 2025-12-31 keeps 18:00; b keeps 12:00.
        Assert.Equal(2 + 3 + 1, report.RiskScoresDeleted);
        await using (var db = _db.CreateContext())
        {
            var kept = await db.RiskScores.Where(r => r.PositionId == a && r.ScoredAt < ScoreCutoff).OrderBy(r => r.ScoredAt).Select(r => r.ScoredAt).ToListAsync();
            Assert.Equal([ScoreCutoff.AddDays(-2).AddHours(6), ScoreCutoff.AddDays(-2).AddHours(18), ScoreCutoff.AddDays(-1).AddHours(18)], kept);
            Assert.Equal(8, await db.RiskScores.CountAsync(r => r.PositionId == a && r.ScoredAt >= ScoreCutoff));
            Assert.Equal(cited, (await db.Suggestions.SingleAsync()).RiskScoreId);

            var latestB = await db.PositionLatestScores.SingleAsync(l => l.PositionId == b);
            Assert.Equal(ScoreCutoff.AddDays(-1).AddHours(12), latestB.ScoredAt);
            Assert.Equal(1, await db.RiskScores.CountAsync(r => r.PositionId == b));
        }

        Assert.Equal(0, (await TimeSeriesRetention.RunAsync(_db.ConnectionString, new RetentionPolicy(), Now)).RiskScoresDeleted);
    }

    [Fact]
    public void Cli_ZeroDayWindow_RefusedWithOneLine()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = HedgeCli.Run(["db", "retention", "--pool-days", "0", "--connection", _db.ConnectionString], output, error);

        Assert.Equal(HedgeCli.ExitBadInput, code);
        Assert.Equal("hedge db retention: RawPoolPriceDays must be at least 1 day.", error.ToString().Trim());
    }

    [Fact]
    public void Cli_OnAnEmptyStore_ReportsNothingToDo()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = HedgeCli.Run(["db", "retention", "--connection", _db.ConnectionString], output, error);

        Assert.True(code == 0, error.ToString());
        Assert.Contains("0 day(s); 0 hourly price rows written, 0 per-block price rows deleted, 0 risk scores thinned", output.ToString(), StringComparison.Ordinal);
    }
}
