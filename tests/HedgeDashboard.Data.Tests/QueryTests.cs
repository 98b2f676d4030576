using HedgeDashboard.Data.Entities;
using HedgeDashboard.Data.Queries;
using HedgeDashboard.Data.Workflow;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Data.Tests;

/// <summary>The dashboard's and workers' queries, each against real rows.</summary>
public sealed class QueryTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    [Fact]
    public async Task PositionOverviews_LatestScoreAndPendingSuggestion_PerPosition()
    {
        await using var db = database.CreateContext();
        var pool = await Seed.PoolAsync(db);
        var a = Seed.Position(pool, 1);
        var b = Seed.Position(pool, 2);
        var closed = Seed.Position(pool, 3);
        closed.Status = PositionStatus.Closed;
        closed.ClosedAt = Seed.T0.AddDays(1);
        db.Positions.AddRange(a, b, closed);
        await db.SaveChangesAsync();

        // Scores arrive out of order and in separate statements: the newest one wins, not the last written.
        db.RiskScores.Add(Seed.Score(a.Id, Seed.T0.AddHours(2), score: 0.7));
        await db.SaveChangesAsync();
        db.RiskScores.AddRange(Seed.Score(a.Id, Seed.T0.AddHours(1), score: 0.1), Seed.Score(b.Id, Seed.T0, score: 0.2));
        await db.SaveChangesAsync();
        var pending = Seed.Suggestion(a.Id, Seed.T0.AddHours(2));
        var old = Seed.Suggestion(a.Id, Seed.T0);
        old.Status = SuggestionStatus.Superseded;
        db.Suggestions.AddRange(pending, old);
        await db.SaveChangesAsync();

        var rows = (await db.PositionOverviewsAsync()).Where(r => r.Pair == "ETH/USD" && (r.Id == a.Id || r.Id == b.Id || r.Id == closed.Id)).ToList();

        Assert.Equal([a.Id, b.Id], rows.Select(r => r.Id));
        var ra = rows[0];
        Assert.Equal(0.7, ra.LatestScore!.Score);
        Assert.Equal(Seed.T0.AddHours(2), ra.LatestScore.ScoredAt);
        Assert.Equal(pending.Id, ra.Pending!.Id);
        Assert.Equal(pending.Version, ra.Pending.Version);
        Assert.Equal(0.2, rows[1].LatestScore!.Score);
        Assert.Null(rows[1].Pending);
        Assert.Contains(await db.PositionOverviewsAsync(status: null), r => r.Id == closed.Id && r.LatestScore is null);

        var page = await db.PositionOverviewsAsync(afterId: a.Id, limit: 1);
        Assert.Equal(b.Id, Assert.Single(page).Id);
    }

    [Fact]
    public async Task PriceSeriesAsync_LongRange_AtMostNPointsWithCorrectOhlc()
    {
        await using var db = database.CreateContext();
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var h = 0; h < 1000; h++)
        {
            db.PriceObservations.Add(new PriceObservation { Pair = "SER/USD", Source = "s", ObservedAt = start.AddHours(h), Price = 1000 + h });
        }

        db.PriceObservations.Add(new PriceObservation { Pair = "SER/USD", Source = "other", ObservedAt = start, Price = 1 });
        await db.SaveChangesAsync();

        var points = await db.PriceSeriesAsync("SER/USD", "s", start, start.AddHours(1000), maxPoints: 100);
        Assert.Equal(100, points.Count);
        Assert.All(points, p => Assert.Equal(10, p.Count));
        Assert.Equal(new PriceBucket(start, 1000, 1009, 1000, 1009, 1004.5m, 10), points[0] with { Average = Math.Round(points[0].Average, 1) });
        Assert.Equal(start.AddHours(990), points[^1].BucketStart);

        var odd = await db.PriceSeriesAsync("SER/USD", "s", start, start.AddHours(1000), maxPoints: 7);
        Assert.True(odd.Count <= 7);
        Assert.Equal(1000, odd.Sum(p => p.Count));

        var few = await db.PriceSeriesAsync("SER/USD", "s", start.AddHours(10), start.AddHours(13), maxPoints: 500);
        Assert.Equal([1010m, 1011m, 1012m], few.Select(p => p.Close));
        Assert.Empty(await db.PriceSeriesAsync("SER/USD", "s", start.AddYears(5), start.AddYears(6)));

        var latest = await db.LatestPriceAsync("SER/USD", "s");
        Assert.Equal(1999m, latest!.Price);
        Assert.Equal(["other", "s"], await db.SourcesOfPairAsync("SER/USD"));
    }

    [Fact]
    public async Task HedgeHistoryAsync_SuggestionApprovalExecutionEvent_InTimeOrder()
    {
        var (positionId, executionId) = await ExecutedHedgeAsync(10);
        await using var db = database.CreateContext();

        var history = await db.HedgeHistoryAsync(positionId);

        Assert.Equal(
            [HedgeHistoryKind.SuggestionCreated, HedgeHistoryKind.SuggestionDecided, HedgeHistoryKind.ExecutionRequested,
             HedgeHistoryKind.TransactionBroadcast, HedgeHistoryKind.TransactionBroadcast, HedgeHistoryKind.TransactionMined,
             HedgeHistoryKind.ContractEvent, HedgeHistoryKind.ExecutionConfirmed],
            history.Select(h => h.Kind));
        Assert.True(history.Zip(history.Skip(1)).All(p => p.First.At <= p.Second.At));
        Assert.Equal("approved by alice: looks right", history[1].Summary);
        Assert.All(history.Skip(2).Take(4), h => Assert.Equal(executionId, h.ExecutionId));
        Assert.Empty(await db.HedgeHistoryAsync(positionId + 1000));
    }

    [Fact]
    public async Task ProtectionInputsAsync_PricesOverLifeRatioChangesAndCosts()
    {
        var (positionId, executionId) = await ExecutedHedgeAsync(20);
        await using var db = database.CreateContext();
        for (var h = -5; h < 30; h++)
        {
            db.PriceObservations.Add(new PriceObservation { Pair = "ETH/USD", Source = "prot", ObservedAt = Seed.T0.AddHours(h), Price = 3000 + h });
        }

        await db.SaveChangesAsync();

        var inputs = await db.ProtectionInputsAsync(positionId, "prot", now: Seed.T0.AddHours(24));

        Assert.NotNull(inputs);
        Assert.Equal("ETH/USD", inputs.Pair);
        Assert.Equal(24, inputs.Prices.Count); // opened at T0, now T0+24h: hours 0..23
        Assert.Equal(3000m, inputs.Prices[0].Close);
        var change = Assert.Single(inputs.RatioChanges);
        Assert.Equal(executionId, change.ExecutionId);
        Assert.Equal(0.4m, change.Ratio);
        Assert.Equal(Seed.T0.AddMinutes(30), change.TriggeredAt); // the risk score's time
        Assert.Equal(50_000m * 2_000_000_000m, inputs.GasCostWei);
        Assert.Null(await db.ProtectionInputsAsync(-1, "prot", Seed.T0));
    }

    /// <summary>Score -> suggestion -> approval -> two broadcasts -> mined -> event -> confirmed.</summary>
    private async Task<(long PositionId, long ExecutionId)> ExecutedHedgeAsync(long nft)
    {
        await using var db = database.CreateContext();
        var pool = await Seed.PoolAsync(db);
        var position = Seed.Position(pool, nft);
        db.Positions.Add(position);
        await db.SaveChangesAsync();
        var score = Seed.Score(position.Id, Seed.T0.AddMinutes(30));
        db.RiskScores.Add(score);
        await db.SaveChangesAsync();
        var s = Seed.Suggestion(position.Id, Seed.T0.AddMinutes(31));
        s.RiskScoreId = score.Id;
        db.Suggestions.Add(s);
        await db.SaveChangesAsync();
        var execution = await db.ApproveAsync(s.Id, "alice", "looks right", Seed.T0.AddMinutes(32));

        var from = Seed.Address(0xf39);
        execution.Status = ExecutionStatus.Confirmed;
        execution.FromAddress = from;
        execution.Nonce = nft;
        execution.SignedRaw = [0x02, 0xf8];
        execution.TxHash = Seed.Hash((nft * 10) + 2);
        execution.Attempts = 2;
        execution.BlockNumber = 100;
        execution.BlockHash = Seed.Hash(nft * 1000);
        execution.GasUsed = 50_000;
        execution.EffectiveGasPrice = 2_000_000_000m;
        execution.MinedAt = Seed.T0.AddMinutes(35);
        execution.ConfirmedAt = Seed.T0.AddMinutes(40);
        execution.AttemptLog.Add(new ExecutionAttempt { AttemptNumber = 1, TxHash = Seed.Hash((nft * 10) + 1), Nonce = nft, MaxFeePerGas = 1_000_000_000m, MaxPriorityFeePerGas = 100_000_000m, BroadcastAt = Seed.T0.AddMinutes(33) });
        execution.AttemptLog.Add(new ExecutionAttempt { AttemptNumber = 2, TxHash = execution.TxHash, Nonce = nft, MaxFeePerGas = 1_100_000_000m, MaxPriorityFeePerGas = 110_000_000m, BroadcastAt = Seed.T0.AddMinutes(34) });
        db.ControllerEvents.Add(new ControllerEvent
        {
            ChainId = pool.ChainId,
            ContractAddress = Seed.Address(0xc0),
            BlockNumber = 100,
            BlockHash = execution.BlockHash,
            BlockTime = Seed.T0.AddMinutes(35),
            TxHash = execution.TxHash,
            LogIndex = 0,
            EventName = "HedgeRatioUpdated",
            PositionId = position.Id,
            Args = """{"newRatio": 4000}""",
        });
        await db.SaveChangesAsync();
        return (position.Id, execution.Id);
    }
}
