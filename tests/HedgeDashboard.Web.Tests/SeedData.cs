using System.Numerics;
using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Forecasting.Evaluation;
using HedgeDashboard.Workers.Scoring;
using HedgeDashboard.Workers.Simulator;

namespace HedgeDashboard.Web.Tests;

/// <summary>What the browser tests see: one ETH/USD pool, three positions with prices, scores, two pending suggestions, one executed hedge, models.</summary>
public sealed record SeedData(
    long InRangePositionId, long OutOfRangePositionId, long HedgedPositionId, long ApproveSuggestionId, long ViewerSuggestionId, long BulkSuggestionId,
    string PromotedKind, int ImportedHours)
{
    public const string Pair = "ETH/USD";

    public static async Task<SeedData> SeedAsync(string connectionString)
    {
        await using var db = HedgeDataServiceCollectionExtensions.CreateContext(connectionString);
        var now = DateTimeOffset.UtcNow;
        var start = now.AddHours(-240);
        var chain = new Chain { Id = 31337, Name = "anvil" };
        db.Chains.Add(chain);
        // USD prices as the chain's valuation stores them (positions whose quote token has none are "not priced").
        var weth = new Token { ChainId = 31337, Address = Addr(1), Symbol = "WETH", Decimals = 18, UsdPrice = 3000, UsdSource = "seed" };
        var usdc = new Token { ChainId = 31337, Address = Addr(2), Symbol = "USDC", Decimals = 6, UsdPrice = 1, UsdSource = "seed" };
        db.Tokens.AddRange(weth, usdc);
        await db.SaveChangesAsync();
        var pool = new Pool { ChainId = 31337, Address = Addr(3), Token0Id = weth.Id, Token1Id = usdc.Id, FeeTier = 500, TickSpacing = 10, Pair = Pair };
        db.Pools.Add(pool);
        await db.SaveChangesAsync();

        for (var i = 0; i <= 240; i++)
        {
            var price = (3000 * (1 + (0.08 * Math.Sin(i / 30.0)))) - (i * 0.6);
            db.PriceObservations.Add(new PriceObservation { Pair = Pair, Source = "pool", ObservedAt = start.AddHours(i), Price = Math.Round((decimal)price, 2), BlockNumber = 1000 + i });
        }

        var p1 = Position(pool.Id, 101, 2600, 3400, 3000, 1, 3000, 0, start);
        var p2 = Position(pool.Id, 102, 3200, 3800, 3300, 1, 0.5m, 0.2m, start);
        var p3 = Position(pool.Id, 103, 2000, 4000, 2900, 2, 5800, 0.5m, start);
        db.Positions.AddRange(p1, p2, p3);
        await db.SaveChangesAsync();

        RiskScore? last1 = null, last2 = null, last3 = null;
        for (var h = 0; h <= 240; h += 24)
        {
            last1 = Score(p1.Id, start.AddHours(h), 0.2 + (h / 600.0), 0.5m);
            last2 = Score(p2.Id, start.AddHours(h), 0.75, 0.6m);
            last3 = Score(p3.Id, start.AddHours(h), 0.4, 0.5m);
            db.RiskScores.AddRange(last1, last2, last3);
        }

        await db.SaveChangesAsync();
        var approve = Suggestion(p1.Id, last1!.Id, 0, 0.5m, "s1", now);
        var viewer = Suggestion(p2.Id, last2!.Id, 0.2m, 0.6m, "s2", now);
        var bulk = Suggestion(p3.Id, last3!.Id, 0.5m, 0.7m, "s3", now);
        var executed = Suggestion(p3.Id, last3.Id, 0, 0.5m, "s0", start.AddHours(40));
        executed.Status = SuggestionStatus.Executed;
        executed.DecidedBy = "approver";
        executed.DecidedAt = start.AddHours(47);
        executed.ExpiresAt = start.AddHours(60);
        db.Suggestions.AddRange(approve, viewer, bulk, executed);
        await db.SaveChangesAsync();
        db.Executions.Add(new HedgeExecution
        {
            SuggestionId = executed.Id,
            PositionId = p3.Id,
            ChainId = 31337,
            TargetRatio = 0.5m,
            Status = ExecutionStatus.Confirmed,
            FromAddress = Addr(9),
            Nonce = 0,
            SignedRaw = [0x02, 0x01],
            TxHash = "0x" + new string('a', 64),
            Attempts = 1,
            BlockNumber = 1048,
            BlockHash = "0x" + new string('b', 64),
            GasUsed = 65_000,
            EffectiveGasPrice = 2_000_000_000,
            CreatedAt = start.AddHours(47),
            BroadcastAt = start.AddHours(47.5),
            MinedAt = start.AddHours(48),
            ConfirmedAt = start.AddHours(48.2),
            UpdatedAt = start.AddHours(48.2),
        });

        // An executed put on the hedged position (the position page's option legs).
        var put = Suggestion(p3.Id, last3.Id, 0.5m, 0.5m, "s-put", start.AddHours(100));
        put.Status = SuggestionStatus.Executed;
        put.DecidedBy = "approver";
        put.DecidedAt = start.AddHours(100.5);
        put.ExpiresAt = start.AddHours(110);
        db.Suggestions.Add(put);
        await db.SaveChangesAsync();
        db.OptionLegs.Add(new OptionLeg
        {
            PositionId = p3.Id,
            ChainId = 31337,
            SuggestionId = put.Id,
            Kind = OptionKind.Put,
            Status = OptionLegStatus.Open,
            Strike = 2500m,
            Expiry = now.AddDays(7),
            Notional = 1.5m,
            MaxPremium = 200m,
            OrderNonce = 0,
            OnChainOptionId = 1,
            PremiumPaid = 123.45m,
            BoughtTxHash = "0x" + new string('c', 64),
            BoughtAt = start.AddHours(101),
            CreatedAt = start.AddHours(100),
            UpdatedAt = start.AddHours(101),
        });

        await db.SaveChangesAsync();

        // The Models page shows what the pipeline trains: real ETH hours imported as exchange history, one training round.
        var hours = MarketSimulator.LoadSeries(Path.Combine(AppContext.BaseDirectory, MarketSimulator.ShippedFile));
        db.PriceObservations.AddRange(hours.Select(b => new PriceObservation { Pair = Pair, Source = "binance", ObservedAt = DateTimeOffset.FromUnixTimeSeconds(b.Time), Price = b.Close }));
        await db.SaveChangesAsync();
        var round = await PairModelTraining.RunAsync(
            db, Pair, new TrainingRoundOptions { Candidates = ["ewma", "har", "fasttree"] }, new ScoringOptions(), "seed", now, null, CancellationToken.None);
        return new SeedData(p1.Id, p2.Id, p3.Id, approve.Id, viewer.Id, bulk.Id, round.Version.Kind, hours.Count);
    }

    public static string Addr(int n) => "0x" + n.ToString("x40", System.Globalization.CultureInfo.InvariantCulture);

    private static LpPosition Position(long poolId, long nft, decimal lower, decimal upper, decimal entry, decimal a0, decimal a1, decimal ratio, DateTimeOffset opened) => new()
    {
        PoolId = poolId,
        NftTokenId = nft,
        OwnerAddress = Addr(7),
        TickLower = (int)(Math.Log((double)lower) / Math.Log(1.0001)),
        TickUpper = (int)(Math.Log((double)upper) / Math.Log(1.0001)),
        PriceLower = lower,
        PriceUpper = upper,
        Liquidity = new BigInteger(1_000_000),
        EntryAmount0 = a0,
        EntryAmount1 = a1,
        EntryPrice = entry,
        OnChainHedgeRatio = ratio,
        OpenedAt = opened,
        UpdatedAt = opened,
    };

    private static RiskScore Score(long positionId, DateTimeOffset at, double score, decimal ratio) => new()
    {
        PositionId = positionId,
        ScoredAt = at,
        Score = score,
        ForecastVolatility = 0.55 + (score / 5),
        HorizonHours = 24,
        ExpectedIl = -0.01 * score,
        ProbIlBeyondThreshold = score / 2,
        IlThreshold = 0.02,
        RecommendedRatio = ratio,
        Features = """{"vol_ratio": 1.4, "rv_24h": 0.61, "trend": -0.02}""",
    };

    private static HedgeSuggestion Suggestion(long positionId, long scoreId, decimal current, decimal proposed, string key, DateTimeOffset created) => new()
    {
        PositionId = positionId,
        RiskScoreId = scoreId,
        CurrentRatio = current,
        ProposedRatio = proposed,
        Reason = "Forecast volatility rose; the recommended ratio drifted past the threshold.",
        ExpectedCostUsd = 12.5m,
        ExpectedProtectionUsd = 140m,
        IdempotencyKey = key,
        CreatedAt = created,
        ExpiresAt = created.AddDays(2),
    };
}
