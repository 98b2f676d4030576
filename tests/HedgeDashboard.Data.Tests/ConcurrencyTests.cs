using HedgeDashboard.Data.Entities;
using HedgeDashboard.Data.Workflow;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Data.Tests;

/// <summary>Two people (or a person and the policy) approving the same suggestion: exactly one wins.</summary>
public sealed class ConcurrencyTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private static readonly DateTimeOffset Now = Seed.T0.AddMinutes(10);

    [Fact]
    public async Task ApproveAsync_TwoConcurrentApprovals_ExactlyOneWinsOtherGetsConcurrencyException()
    {
        var id = await PendingSuggestionAsync(1);

        // Both contexts read the suggestion (same xmin) before either writes.
        await using var alice = database.CreateContext();
        await using var bob = database.CreateContext();
        await alice.Suggestions.SingleAsync(s => s.Id == id);
        await bob.Suggestions.SingleAsync(s => s.Id == id);

        var results = await Task.WhenAll(
            Attempt(() => alice.ApproveAsync(id, "alice", "go", Now)),
            Attempt(() => bob.ApproveAsync(id, "bob", "go too", Now)));

        Assert.Single(results, r => r is null);
        Assert.Single(results, r => r is DbUpdateConcurrencyException);

        await using var check = database.CreateContext();
        var s = await check.Suggestions.SingleAsync(x => x.Id == id);
        Assert.Equal(SuggestionStatus.Approved, s.Status);
        Assert.Equal(1, await check.Executions.CountAsync(e => e.SuggestionId == id));
        Assert.Equal(1, await check.AuditLog.CountAsync(a => a.EntityId == id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task ApproveAsync_StaleVersionFromTheScreen_ConcurrencyException()
    {
        var id = await PendingSuggestionAsync(2);
        uint seen;
        await using (var db = database.CreateContext())
        {
            seen = (await db.Suggestions.SingleAsync(s => s.Id == id)).Version;
        }

        // Someone else edits the suggestion after the page was drawn.
        await using (var db = database.CreateContext())
        {
            var s = await db.Suggestions.SingleAsync(x => x.Id == id);
            s.Reason = "re-scored";
            await db.SaveChangesAsync();
        }

        await using (var db = database.CreateContext())
        {
            await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db.ApproveAsync(id, "alice", null, Now, expectedVersion: seen));
            Assert.Equal(0, await db.Executions.CountAsync(e => e.SuggestionId == id));
        }
    }

    [Fact]
    public async Task RejectAsync_AfterApproval_RefusedAsNotPending()
    {
        var id = await PendingSuggestionAsync(3);
        await using var db = database.CreateContext();
        await db.ApproveAsync(id, "alice", null, Now);
        await using var other = database.CreateContext();
        var e = await Assert.ThrowsAsync<SuggestionStateException>(() => other.RejectAsync(id, "bob", "no", Now));
        Assert.Contains("is approved, not pending", e.Message, StringComparison.Ordinal);
    }

    private static async Task<Exception?> Attempt(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private async Task<long> PendingSuggestionAsync(long nft)
    {
        await using var db = database.CreateContext();
        var pool = await Seed.PoolAsync(db);
        var position = Seed.Position(pool, nft);
        db.Positions.Add(position);
        await db.SaveChangesAsync();
        var s = Seed.Suggestion(position.Id, Seed.T0);
        db.Suggestions.Add(s);
        await db.SaveChangesAsync();
        return s.Id;
    }
}
