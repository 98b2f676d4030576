using System.Numerics;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Workers.Chain;
using HedgeDashboard.Workers.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace HedgeDashboard.Workers.Tests;

public sealed class PositionSyncTests(ITestOutputHelper output)
{
    [Fact]
    public async Task TrackedWallet_UnregisteredPositionInOurPool_IsSynced_ButNeverSuggested()
    {
        await using var m = await TestMarket.StartAsync("wallet");
        var host = await m.StartWorkersAsync(output: output);
        await m.WaitForPositionsAsync();
        await using (var db = m.Db())
        {
            db.TrackedWallets.Add(new TrackedWallet { ChainId = m.Deployment.ChainId, Address = m.Trader.Address.ToLowerHex(), Label = "trader", CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        // The trader mints a position of its own, not registered with the controller.
        var d = m.Deployment;
        var max = (BigInteger.One << 256) - 1;
        await m.Driver.SendAsync(m.Trader, d.Weth, Contracts.Erc20.Approve.EncodeCall(d.PositionManager, max));
        await m.Driver.SendAsync(m.Trader, d.Usdc, Contracts.Erc20.Approve.EncodeCall(d.PositionManager, max));
        var mint = Contracts.PositionManager.Mint.EncodeCall(new object[]
        {
            d.Token0, d.Token1, (BigInteger)d.Fee, (BigInteger)(-197000), (BigInteger)(-195500),
            BigInteger.Pow(10, 18), new BigInteger(3000_000_000), BigInteger.Zero, BigInteger.Zero, m.Trader.Address,
            (BigInteger)DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(),
        });
        await m.Driver.SendAsync(m.Trader, d.PositionManager, mint);

        var synced = await TestMarket.EventuallyAsync(async () =>
        {
            await using var db = m.Db();
            return await db.Positions.AsNoTracking().FirstOrDefaultAsync(p => p.NftTokenId == 4);
        }, "the wallet's position synced");
        Assert.Null(synced.ProtectedPositionId);
        Assert.NotNull(synced.WalletId);
        Assert.Equal(m.Trader.Address.ToLowerHex(), synced.OwnerAddress);
        Assert.True(synced.PriceLower < 3000m && synced.PriceUpper > 3000m);
        // Scored like any position; then a whole suggestion pass after that score (not a fixed sleep: on a loaded
        // machine a pass can take seconds) must leave it without a suggestion.
        var scoredAt = (await TestMarket.EventuallyAsync(async () =>
        {
            await using var db = m.Db();
            return await db.RiskScores.Where(r => r.PositionId == synced.Id).Select(r => (DateTimeOffset?)r.ScoredAt).MinAsync();
        }, "the synced position scored like any position")).GetValueOrDefault();
        var health = host.Services.GetRequiredService<StageHealth>();
        DateTimeOffset? PassEndedAfter(DateTimeOffset t) => health.Get("suggestions")?.LastSuccess is { } s && s > t ? s : null;
        var passEnd = (await TestMarket.EventuallyAsync(() => Task.FromResult(PassEndedAfter(scoredAt)), "a suggestion pass ending after the score")).GetValueOrDefault();
        await TestMarket.EventuallyAsync(() => Task.FromResult(PassEndedAfter(passEnd)), "a whole suggestion pass after the score");
        await using var check = m.Db();
        Assert.False(await check.Suggestions.AnyAsync(s => s.PositionId == synced.Id), "no suggestion without a controller registration");
    }
}
