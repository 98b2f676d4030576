using System.Numerics;
using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace HedgeDashboard.Web.Tests;

/// <summary>A dashboard of its own: the protected positions these tests add would change the shared fixture's counts.</summary>
public sealed class PortfolioDashboardFixture() : DashboardFixture("webportfolio", new Dictionary<string, string?> { ["Health__DetailsToken"] = HealthToken });

/// <summary>The Portfolio page: exposure per asset, coverage, correlation heatmap, and a portfolio suggestion approved as a whole.</summary>
public sealed class PortfolioPageTests(PortfolioDashboardFixture fixture) : IClassFixture<PortfolioDashboardFixture>
{
    [Fact]
    public async Task Portfolio_ShowsExposureAndCorrelation_ApproverProposesAndApprovesTheWhole()
    {
        var (eth, btc) = await SeedProtectedPositionsAsync();

        var viewer = await fixture.SignInAsync("viewer", "/portfolio");
        await Assertions.Expect(viewer.Locator("h1")).ToHaveTextAsync("Portfolio");
        await Assertions.Expect(viewer.GetByTestId("exposure-ETH")).ToBeVisibleAsync();
        await Assertions.Expect(viewer.GetByTestId("exposure-BTC").GetByTestId("coverage")).ToHaveTextAsync("0%");
        await Assertions.Expect(viewer.Locator("[data-testid=exposure-chart] .main-svg").First).ToBeVisibleAsync();
        await Assertions.Expect(viewer.Locator("[data-testid=correlation-chart] .main-svg").First).ToBeVisibleAsync();
        Assert.Equal(0, await viewer.GetByTestId("portfolio-propose").CountAsync()); // viewers see, approvers decide
        await viewer.Context.CloseAsync();

        var approver = await fixture.SignInAsync("approver", "/portfolio");
        await approver.GetByTestId("portfolio-propose").ClickAsync();
        await Assertions.Expect(approver.GetByTestId("portfolio-status")).ToHaveTextAsync("pending");
        await Assertions.Expect(approver.GetByTestId($"member-{eth}")).ToBeVisibleAsync();
        await Assertions.Expect(approver.GetByTestId($"member-{btc}")).ToBeVisibleAsync();

        await approver.GetByTestId("portfolio-approve").ClickAsync();
        await Assertions.Expect(approver.GetByTestId("portfolio-status")).ToHaveTextAsync("approved");
        await Assertions.Expect(approver.GetByTestId($"member-{btc}")).ToContainTextAsync("execution");
        await approver.Context.CloseAsync();

        await using var db = HedgeDataServiceCollectionExtensions.CreateContext(fixture.ConnectionString);
        Assert.Equal(2, await db.Executions.CountAsync(e => e.PositionId == eth || e.PositionId == btc));
    }

    /// <summary>A protected ETH position on the seeded pool and a protected BTC position on a BTC/USD pool, with hourly BTC prices.</summary>
    private async Task<(long Eth, long Btc)> SeedProtectedPositionsAsync()
    {
        await using var db = HedgeDataServiceCollectionExtensions.CreateContext(fixture.ConnectionString);
        var now = DateTimeOffset.UtcNow;
        var usdc = await db.Tokens.SingleAsync(t => t.Symbol == "USDC");
        var wbtc = new Token { ChainId = 31337, Address = SeedData.Addr(501), Symbol = "WBTC", Decimals = 8 };
        db.Tokens.Add(wbtc);
        await db.SaveChangesAsync();
        var btcPool = new Pool { ChainId = 31337, Address = SeedData.Addr(502), Token0Id = wbtc.Id, Token1Id = usdc.Id, FeeTier = 500, TickSpacing = 10, Pair = "BTC/USD" };
        db.Pools.Add(btcPool);
        var ethPool = await db.Pools.SingleAsync(p => p.Pair == SeedData.Pair);
        var ethPrices = await db.PriceObservations.Where(p => p.Pair == SeedData.Pair).OrderBy(p => p.ObservedAt).ToListAsync();
        foreach (var p in ethPrices)
        {
            // BTC follows ETH (x 20) with a wobble of its own: correlated, not identical.
            var wobble = 1 + (0.01 * Math.Sin(p.ObservedAt.ToUnixTimeSeconds() / 7200.0));
            db.PriceObservations.Add(new PriceObservation { Pair = "BTC/USD", Source = "pool", ObservedAt = p.ObservedAt, Price = Math.Round(p.Price * 20 * (decimal)wobble, 2) });
        }

        var lastEth = ethPrices[^1].Price;
        LpPosition Protected(long poolId, long nft, decimal entry, decimal amount0) => new()
        {
            PoolId = poolId, NftTokenId = nft, OwnerAddress = SeedData.Addr(7), TickLower = -1, TickUpper = 1,
            PriceLower = entry * 0.8m, PriceUpper = entry * 1.2m, Liquidity = BigInteger.One, EntryAmount0 = amount0, EntryAmount1 = amount0 * entry,
            EntryPrice = entry, ProtectedPositionId = nft, OpenedAt = now.AddDays(-10), UpdatedAt = now,
            Policy = new ExecutionPolicy { MaxRatioChange = 0.25m },
        };
        await db.SaveChangesAsync();
        var ethPosition = db.Positions.Add(Protected(ethPool.Id, 9101, lastEth * 1.1m, 100)).Entity;
        var btcPosition = db.Positions.Add(Protected(btcPool.Id, 9102, lastEth * 20 * 1.1m, 5)).Entity;
        await db.SaveChangesAsync();
        return (ethPosition.Id, btcPosition.Id);
    }
}
