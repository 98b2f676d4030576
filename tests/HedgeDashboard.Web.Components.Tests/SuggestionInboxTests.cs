using HedgeDashboard.Data.Entities;
using HedgeDashboard.Web.Suggestions;
using HedgeDashboard.Workers.Book;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Web.Components.Tests;

/// <summary>The suggestions page's reads, on a real database, without a browser.</summary>
public sealed class SuggestionInboxTests(ServiceDatabase database) : IClassFixture<ServiceDatabase>
{
    [Fact]
    public async Task Load_ASuggestionIsReplaced_TheInboxKeepsItsOrder()
    {
        var now = DateTimeOffset.UtcNow;
        var a = await database.AddPositionAsync(201);
        var b = await database.AddPositionAsync(202);
        var first = await database.AddSuggestionAsync(a.Id, 0.5m, 0.3m, now.AddMinutes(-10));
        await database.AddSuggestionAsync(b.Id, 0.5m, 0.7m, now.AddMinutes(-5));
        var inbox = new SuggestionInbox(database.Factory);
        var before = (await inbox.LoadAsync()).Pending.Where(p => p.PositionId == a.Id || p.PositionId == b.Id).Select(p => p.PositionId).ToList();

        // The stage replaces a's suggestion with a newer one: a's card stays first, where the reader saw it.
        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            await db.Suggestions.Where(s => s.Id == first.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, SuggestionStatus.Superseded));
        }

        var replacement = await database.AddSuggestionAsync(a.Id, 0.5m, 0.2m, now);
        var view = await inbox.LoadAsync();
        var after = view.Pending.Where(p => p.PositionId == a.Id || p.PositionId == b.Id).ToList();
        Assert.Equal([a.Id, b.Id], before);
        Assert.Equal([a.Id, b.Id], after.Select(p => p.PositionId));
        Assert.Equal(replacement.Id, after[0].Id);
        Assert.DoesNotContain(view.Pending, p => p.Id == first.Id);
    }

    [Fact]
    public async Task Load_AnvilChainWithoutTemplate_HasNoExplorerLink()
    {
        var view = await new SuggestionInbox(database.Factory).LoadAsync();
        Assert.Null(view.Links.For(31337, "0x" + new string('a', 64)));
        Assert.StartsWith("https://etherscan.io/tx/0x", view.Links.For(ExplorerLinks.Mainnet, "0x" + new string('a', 64)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_ChainPausedBySequencerGate_ListedWithItsReasonUntilResumed()
    {
        var p = await database.AddPositionAsync(203);
        await database.AddSuggestionAsync(p.Id, 0.5m, 0.3m, DateTimeOffset.UtcNow);
        var inbox = new SuggestionInbox(database.Factory);
        Assert.DoesNotContain((await inbox.LoadAsync()).Chains, c => c.Id == 31337);

        var since = new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);
        await UsdValuation.SetPausedAsync(database.Factory, 31337, "sequencer down since 2026-12-06 09:00:00 UTC", since, CancellationToken.None);
        try
        {
            var paused = await inbox.LoadAsync();
            var chain = Assert.Single(paused.Chains, c => c.Id == 31337);
            Assert.Equal(since, chain.PausedSince);
            Assert.Equal("sequencer down since 2026-12-06 09:00:00 UTC", paused.PausedReason(31337));
            Assert.Contains(paused.Pending, s => s.PositionId == p.Id && s.ChainId == 31337);
        }
        finally
        {
            await UsdValuation.SetPausedAsync(database.Factory, 31337, null, since, CancellationToken.None);
        }

        var resumed = await inbox.LoadAsync();
        Assert.Empty(resumed.Chains);
        Assert.Null(resumed.PausedReason(31337));
    }
}
