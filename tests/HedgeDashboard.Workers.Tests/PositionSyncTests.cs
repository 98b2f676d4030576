using System.Numerics;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;
using HedgeDashboard.Workers.Simulator;
using Microsoft.EntityFrameworkCore;
using Nethereum.Contracts;
using Xunit.Abstractions;

namespace HedgeDashboard.Workers.Tests;

public sealed class PositionSyncTests(ITestOutputHelper output)
{
    [Fact]
    public async Task TrackedWallet_UnregisteredPositionInOurPool_IsSynced_ButNeverSuggested()
    {
        await using var m = await TestMarket.StartAsync("wallet");
        await m.StartWorkersAsync(output: output);
        await m.WaitForPositionsAsync();
        await using (var db = m.Db())
        {
            db.TrackedWallets.Add(new TrackedWallet { ChainId = m.Deployment.ChainId, Address = m.Trader.Address.ToLowerHex(), Label = "trader", CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        // The trader mints a position of its own, not registered with the controller.
        var d = m.Deployment;
        var max = (BigInteger.One << 256) - 1;
        await m.Driver.SendAsync(m.Trader, d.Weth, MarketDriver.Approve(d.PositionManager, max));
        await m.Driver.SendAsync(m.Trader, d.Usdc, MarketDriver.Approve(d.PositionManager, max));
        var mint = new MintFunction
        {
            Params = new()
            {
                Token0 = d.Token0.ToLowerHex(), Token1 = d.Token1.ToLowerHex(), Fee = d.Fee, TickLower = -197000, TickUpper = -195500, Amount0Desired = BigInteger.Pow(10, 18),
                Amount1Desired = new BigInteger(3000_000_000), Recipient = m.Trader.Address.ToLowerHex(), Deadline = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(),
            },
        };
        await m.Driver.SendAsync(m.Trader, d.PositionManager, mint.GetCallData());

        var synced = await TestMarket.EventuallyAsync(async () =>
        {
            await using var db = m.Db();
            return await db.Positions.AsNoTracking().FirstOrDefaultAsync(p => p.NftTokenId == 4);
        }, "the wallet's position synced");
        Assert.Null(synced.ProtectedPositionId);
        Assert.NotNull(synced.WalletId);
        Assert.Equal(m.Trader.Address.ToLowerHex(), synced.OwnerAddress);
        Assert.True(synced.PriceLower < 3000m && synced.PriceUpper > 3000m);
        await TestMarket.EventuallyAsync(async () =>
        {
            await using var db = m.Db();
            return await db.RiskScores.AnyAsync(r => r.PositionId == synced.Id) ? true : (bool?)null;
        }, "scored like any position");

        // The suggestion stage runs every second: a few rounds after the score, still no suggestion.
        await Task.Delay(3000);
        await using var check = m.Db();
        Assert.False(await check.Suggestions.AnyAsync(s => s.PositionId == synced.Id), "no suggestion without a controller registration");
    }
}
