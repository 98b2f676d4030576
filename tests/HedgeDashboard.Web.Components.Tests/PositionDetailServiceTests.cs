using HedgeDashboard.Data.Entities;
using HedgeDashboard.Web.Live;
using HedgeDashboard.Web.Positions;
using Microsoft.Extensions.Logging.Abstractions;

namespace HedgeDashboard.Web.Components.Tests;

/// <summary>The position page's reads, on a real database, without a browser.</summary>
public sealed class PositionDetailServiceTests(ServiceDatabase database) : IClassFixture<ServiceDatabase>
{
    [Fact]
    public async Task Load_74PricesOver8Minutes_ChartGetsEveryPointAndLpFigures()
    {
        var now = DateTimeOffset.UtcNow;
        var position = await database.AddPositionAsync(301, lower: 2700, upper: 3300, entry: 3000, a0: 1, a1: 3000, ratio: 0.5m);
        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            for (var i = 0; i < 74; i++)
            {
                db.PriceObservations.Add(new PriceObservation { Pair = "ETH/USD", Source = "pool", ObservedAt = now.AddMinutes(-8).AddSeconds(i * 6.5), Price = 3000 + i, BlockNumber = i + 1 });
            }

            await db.SaveChangesAsync();
        }

        var time = TimeProvider.System;
        var board = new PositionBoard(database.Factory, new DashboardUpdates(NullLogger<DashboardUpdates>.Instance), time);
        var view = await new PositionDetailService(database.Factory, board, time).LoadAsync(position.Id);

        Assert.NotNull(view);
        Assert.Equal(74, view.Prices.Count); // not one 86-minute bucket (30 days / 500 points)
        Assert.Equal(("WETH", "USDC"), (view.BaseSymbol, view.QuoteSymbol));
        Assert.Equal(0.0005, view.Figures.FeeTier, 9);
        Assert.Equal(6000, view.Figures.DepositUsd!.Value, 6); // USDC priced at 1.00 USD
        Assert.InRange(view.Figures.Age.TotalDays, 2.99, 3.01);
        Assert.NotNull(view.Figures.PnlVsHolding);
        Assert.True(view.Figures.PnlVsHolding <= 0.0001, "a range position earns no more than holding before fees");
        Assert.Null(await new PositionDetailService(database.Factory, board, time).LoadAsync(position.Id + 1000));
    }
}
