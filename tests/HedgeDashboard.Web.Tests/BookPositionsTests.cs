using System.Numerics;
using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Workers.Book;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace HedgeDashboard.Web.Tests;

/// <summary>
/// The common seed plus a book on two chains: a USDC/DAI 0.01 % pool on anvil (31337) and a WBTC/WETH 0.3 % pool on a
/// second chain "beta" (31338) whose node stopped answering, each with one position; on beta also a Uniswap v2 WETH/USDC
/// pair with a position (full range) and its pending suggestion, advisory since beta has no HedgeController.
/// </summary>
public sealed class BookDashboardFixture : DashboardFixture
{
    public static readonly DateTimeOffset BetaDownSince = new(2026, 12, 6, 7, 30, 0, TimeSpan.Zero);

    /// <summary>The v2 position's pending suggestion (advisory: no hedge controller on beta).</summary>
    public long AdvisorySuggestionId { get; private set; }

    public BookDashboardFixture()
        : base("web_book", new Dictionary<string, string?>())
    {
    }

    protected override async Task SeedMoreAsync(string connectionString)
    {
        await using var db = HedgeDataServiceCollectionExtensions.CreateContext(connectionString);
        db.Chains.Add(new Chain { Id = 31338, Name = "beta", IsHealthy = false, UnhealthySince = BetaDownSince, HealthReason = "no node answers: connection refused", HeadBlock = 1234 });
        var usdc = db.Tokens.Single(t => t.ChainId == 31337 && t.Symbol == "USDC");
        // DAI has a USD price; beta's WETH has none (no feed, no path), so the BTC/ETH position is not priced.
        var dai = new Token { ChainId = 31337, Address = SeedData.Addr(21), Symbol = "DAI", Decimals = 18, UsdPrice = 0.999m, UsdSource = "seed" };
        var wbtc = new Token { ChainId = 31338, Address = SeedData.Addr(22), Symbol = "WBTC", Decimals = 8 };
        var weth = new Token { ChainId = 31338, Address = SeedData.Addr(23), Symbol = "WETH", Decimals = 18 };
        var usdcBeta = new Token { ChainId = 31338, Address = SeedData.Addr(25), Symbol = "USDC", Decimals = 6 };
        db.Tokens.AddRange(dai, wbtc, weth, usdcBeta);
        await db.SaveChangesAsync();
        // slot0 prices: 1 DAI per USDC (10^12 raw) and 20 WETH per WBTC (2 x 10^11 raw).
        var stable = new Pool { ChainId = 31337, Address = SeedData.Addr(24), Token0Id = usdc.Id, Token1Id = dai.Id, FeeTier = 100, TickSpacing = 1, Pair = "USDC/DAI", SqrtPriceX96 = Sqrt(BigInteger.Pow(10, 12)), StateTick = 276324 };
        var btc = new Pool { ChainId = 31338, Address = SeedData.Addr(24), Token0Id = wbtc.Id, Token1Id = weth.Id, FeeTier = 3000, TickSpacing = 60, Pair = "BTC/ETH", SqrtPriceX96 = Sqrt(2 * BigInteger.Pow(10, 11)), StateTick = 260231 };
        // A v2 pair at 3,000 USDC per WETH: 5 WETH + 15,000 USDC.
        var v2 = new Pool
        {
            ChainId = 31338, Address = SeedData.Addr(26), Kind = PositionKind.V2, Token0Id = weth.Id, Token1Id = usdcBeta.Id, FeeTier = 3000, TickSpacing = 0, Pair = "ETH/USD",
            Reserve0 = 5 * BigInteger.Pow(10, 18), Reserve1 = 15_000_000_000, TotalSupply = 273_861_278_752_583, StateBlock = 1234,
        };
        db.Pools.AddRange(stable, btc, v2);
        await db.SaveChangesAsync();
        var now = DateTimeOffset.UtcNow;
        db.Positions.AddRange(
            new LpPosition { PoolId = stable.Id, NftTokenId = 201, OwnerAddress = SeedData.Addr(7), TickLower = 276274, TickUpper = 276374, PriceLower = 0.995m, PriceUpper = 1.005m, Liquidity = 1_000_000, EntryAmount0 = 5000, EntryAmount1 = 5000, EntryPrice = 1, OpenedAt = now, UpdatedAt = now },
            new LpPosition { PoolId = btc.Id, NftTokenId = 301, OwnerAddress = SeedData.Addr(7), TickLower = 259020, TickUpper = 261420, PriceLower = 17.7m, PriceUpper = 22.6m, Liquidity = 1_000_000, EntryAmount0 = 1, EntryAmount1 = 20, EntryPrice = 20, OpenedAt = now, UpdatedAt = now });
        await db.SaveChangesAsync();
        var lpTokens = new LpPosition
        {
            PoolId = v2.Id, Kind = PositionKind.V2, NftTokenId = 0, OwnerAddress = SeedData.Addr(7), TickLower = -887272, TickUpper = 887272,
            Liquidity = 273_861_278_751_583, EntryAmount0 = 5, EntryAmount1 = 15_000, EntryPrice = 3000, OpenedAt = now, UpdatedAt = now,
        };
        db.Positions.Add(lpTokens);
        await db.SaveChangesAsync();
        var advisory = new HedgeSuggestion
        {
            PositionId = lpTokens.Id, CurrentRatio = 0, ProposedRatio = 0.25m, Reason = "seeded", Advisory = "no hedge controller on beta",
            IdempotencyKey = "book-v2-advisory", CreatedAt = now, ExpiresAt = now.AddDays(1),
        };
        db.Suggestions.Add(advisory);
        await db.SaveChangesAsync();
        AdvisorySuggestionId = advisory.Id;
    }

    /// <summary>floor(sqrt(raw) x 2^96) by Newton's method on integers.</summary>
    private static BigInteger Sqrt(BigInteger raw)
    {
        var n = raw << 192;
        var x = n;
        var y = (x + 1) / 2;
        while (y < x)
        {
            (x, y) = (y, (y + (n / y)) / 2);
        }

        return x;
    }
}

[CollectionDefinition(Name)]
public sealed class BookDashboardCollection : ICollectionFixture<BookDashboardFixture>
{
    public const string Name = "book-dashboard";
}

/// <summary>A person browses a book across two chains: chain, pool (fee tier, symbols), a stale chain, filters by chain and pool.</summary>
[Collection(BookDashboardCollection.Name)]
public sealed class BookPositionsTests(BookDashboardFixture fixture)
{
    [Fact]
    public async Task Positions_TwoChains_ShowChainPoolAndStaleness_AndFilterByChainAndPool()
    {
        var page = await fixture.SignInAsync("viewer");
        var links = page.GetByTestId("position-link");
        await Assertions.Expect(links).ToHaveCountAsync(6);

        // The second chain's outage is named with its start, and only its position is marked stale.
        await Assertions.Expect(page.GetByTestId("chain-down")).ToContainTextAsync(
            $"Chain beta (31338): no answer since {BookDashboardFixture.BetaDownSince.ToLocalTime():yyyy-MM-dd HH:mm:ss} (no node answers: connection refused). Positions on this chain are stale (as of block 1,234).");
        var beta = page.Locator("tbody tr", new() { Has = page.GetByText("BTC/ETH #301") });
        await Assertions.Expect(beta.GetByTestId("position-chain")).ToHaveTextAsync("betastale");
        await Assertions.Expect(beta.GetByTestId("position-pool")).ToHaveTextAsync("WBTC/WETH 0.30 %");
        await Assertions.Expect(page.Locator("[data-testid=position-chain]", new() { HasText = "stale" })).ToHaveCountAsync(2);
        Assert.Empty(await PositionsTableTests.CutPairsAsync(page)); // "USDC/DAI #201" whole at 1366 px

        // The Uniswap v2 position: its pair and "v2" in the pool, full range instead of a price range.
        var lpTokens = page.Locator("tbody tr", new() { Has = page.GetByText("ETH/USD v2") });
        await Assertions.Expect(lpTokens.GetByTestId("position-pool")).ToHaveTextAsync("WETH/USDC v2 0.30 %");
        await Assertions.Expect(lpTokens.GetByTestId("position-range")).ToContainTextAsync("full range");

        // Valued in USD through the quote token's price, or "not priced" (never a $) when it has none.
        await Assertions.Expect(beta.GetByTestId("position-value")).ToHaveTextAsync("not priced");
        var stable = page.Locator("tbody tr", new() { Has = page.GetByText("USDC/DAI #201") });
        await Assertions.Expect(stable.GetByTestId("position-value")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\$(9,9\d\d|10,000)$")); // whole dollars from 1,000 up

        await page.GetByTestId("filter-chain").FillAsync("beta");
        await page.GetByTestId("filter-chain").PressAsync("Enter");
        await Assertions.Expect(links).ToHaveTextAsync(["BTC/ETH #301", "ETH/USD v2"]);


        await page.GetByTestId("filter-chain").FillAsync("anvil");
        await page.GetByTestId("filter-chain").PressAsync("Enter");
        await Assertions.Expect(links).ToHaveCountAsync(4);

        await page.GetByTestId("filter-pool").FillAsync("0.01 %");
        await page.GetByTestId("filter-pool").PressAsync("Enter");
        await Assertions.Expect(links).ToHaveTextAsync(["USDC/DAI #201"]);
        await Assertions.Expect(page.GetByTestId("position-pool")).ToHaveTextAsync(["USDC/DAI 0.01 %"]);

        // The v2 pair: by chain and pool ("v2" is in its pool's name).
        await page.GetByTestId("filter-chain").FillAsync("beta");
        await page.GetByTestId("filter-chain").PressAsync("Enter");
        await page.GetByTestId("filter-pool").FillAsync("v2");
        await page.GetByTestId("filter-pool").PressAsync("Enter");
        await Assertions.Expect(links).ToHaveTextAsync(["ETH/USD v2"]);

        // Its page: full range, no price bounds (its charts draw without infinite edges).
        await links.ClickAsync();
        await Assertions.Expect(page.GetByTestId("position-range")).ToContainTextAsync("full range (Uniswap v2)");
        await Assertions.Expect(page.GetByTestId("il-curve")).ToHaveCountAsync(1);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Suggestions_PositionOnAChainWithoutHedgeController_AdvisoryWithoutApproveOrWalletButtons()
    {
        var page = await fixture.SignInAsync("approver", "/suggestions");
        var id = fixture.AdvisorySuggestionId;
        await Assertions.Expect(page.GetByTestId($"advisory-{id}")).ToHaveTextAsync("advisory: no hedge controller on beta");
        var card = page.GetByTestId($"suggestion-{id}");
        await Assertions.Expect(card).ToContainTextAsync("ETH/USD v2");
        await Assertions.Expect(page.GetByTestId($"reject-{id}")).ToHaveTextAsync("Dismiss");
        await Assertions.Expect(page.GetByTestId($"approve-{id}")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId($"select-{id}")).ToHaveCountAsync(0);
        await Assertions.Expect(card.Locator("[data-testid^=wallet-sign]")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// The sequencer gate pauses anvil (as the chain follower does, through SetPausedAsync and its notification): both
    /// open pages show the banner with the reason and time, the suggestions on anvil say "auto paused" (beta's advisory
    /// one does not: nothing executes it anyway); resumed, banner and chips go, without a reload.
    /// </summary>
    [Fact]
    public async Task ChainPaused_BannersAndAutoPausedChips_ThenResumed_GoneWithoutReload()
    {
        var suggestions = await fixture.SignInAsync("approver", "/suggestions");
        var positions = await fixture.SignInAsync("viewer");
        var seed = fixture.Seed;
        var onAnvil = new[] { seed.ApproveSuggestionId, seed.ViewerSuggestionId, seed.BulkSuggestionId };
        await Assertions.Expect(suggestions.GetByTestId($"suggestion-{seed.ApproveSuggestionId}")).ToBeVisibleAsync();
        await Assertions.Expect(positions.GetByTestId("position-link")).ToHaveCountAsync(6);

        // Beta's silence is on the suggestions page too; nothing is paused yet.
        await Assertions.Expect(suggestions.GetByTestId("chain-alert-31338").GetByTestId("chain-down")).ToContainTextAsync("Chain beta (31338): no answer since");
        foreach (var page in new[] { suggestions, positions })
        {
            await Assertions.Expect(page.GetByTestId("chain-paused")).ToHaveCountAsync(0);
        }

        await Assertions.Expect(suggestions.Locator("[data-testid^=auto-paused-]")).ToHaveCountAsync(0);

        var since = DateTimeOffset.UtcNow;
        const string Reason = "sequencer up for only 12 s (grace period 3600 s): valuation and automatic execution paused";
        var expected = $"Chain anvil (31337) paused since {since.ToLocalTime():yyyy-MM-dd HH:mm:ss}: {Reason}. "
            + "Automatic execution is paused on this chain; suggestions can still be approved by hand.";
        await using var services = new ServiceCollection().AddHedgeData(fixture.ConnectionString).BuildServiceProvider();
        var db = services.GetRequiredService<IDbContextFactory<HedgeDbContext>>();

        // A mark in each window: it survives only if the page is never reloaded.
        foreach (var page in new[] { suggestions, positions })
        {
            await page.EvaluateAsync("() => window.hdNoReload = true");
        }

        Assert.True(await UsdValuation.SetPausedAsync(db, 31337, Reason, since, CancellationToken.None));
        try
        {
            foreach (var page in new[] { suggestions, positions })
            {
                await Assertions.Expect(page.GetByTestId("chain-alert-31337").GetByTestId("chain-paused")).ToContainTextAsync(expected);
            }

            foreach (var id in onAnvil)
            {
                await Assertions.Expect(suggestions.GetByTestId($"auto-paused-{id}")).ToHaveTextAsync("auto paused");
                await Assertions.Expect(suggestions.GetByTestId($"auto-paused-{id}")).ToHaveAttributeAsync("title", Reason);
            }

            await Assertions.Expect(suggestions.GetByTestId($"auto-paused-{fixture.AdvisorySuggestionId}")).ToHaveCountAsync(0);
            await Assertions.Expect(suggestions.Locator("[data-testid^=auto-paused-]")).ToHaveCountAsync(onAnvil.Length);

            // Approving by hand is still offered.
            await Assertions.Expect(suggestions.GetByTestId($"approve-{seed.ApproveSuggestionId}")).ToBeEnabledAsync();
            await suggestions.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.ScreenshotDir, "suggestions-chain-paused.png"), FullPage = true });
            await positions.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.ScreenshotDir, "positions-chain-paused.png"), FullPage = true });
        }
        finally
        {
            await UsdValuation.SetPausedAsync(db, 31337, null, DateTimeOffset.UtcNow, CancellationToken.None);
        }

        foreach (var page in new[] { suggestions, positions })
        {
            await Assertions.Expect(page.GetByTestId("chain-alert-31337")).ToHaveCountAsync(0);
            await Assertions.Expect(page.GetByTestId("chain-alert-31338")).ToHaveCountAsync(1); // beta is still silent
            Assert.True(await page.EvaluateAsync<bool>("() => window.hdNoReload === true"), "the page was reloaded");
        }

        await Assertions.Expect(suggestions.Locator("[data-testid^=auto-paused-]")).ToHaveCountAsync(0);
        await suggestions.Context.CloseAsync();
        await positions.Context.CloseAsync();
    }
}
