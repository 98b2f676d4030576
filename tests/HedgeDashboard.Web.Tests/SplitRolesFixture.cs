using HedgeDashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Web.Tests;

/// <summary>
/// The dashboard split by Hosting:Roles into three processes on a real chain (<see cref="MarketDashboardFixture"/>):
/// the web ("web", no key), the pipeline stages with the relayer ("stages,relayer", operator key only) and the signer
/// ("signer", model-signer key only).
/// </summary>
public sealed class SplitRolesFixture() : MarketDashboardFixture("websplit")
{
    public DashboardProcess Web { get; private set; } = null!;

    public DashboardProcess Relayer { get; private set; } = null!;

    public DashboardProcess Signer { get; private set; } = null!;

    protected override async Task StartAppsAsync()
    {
        // One after the other: the first migrates the database and seeds the demo users.
        Web = await StartAppAsync("web", "web", logLines: 20);
        Relayer = await StartAppAsync("relayer", "stages,relayer", logLines: 40);
        Signer = await StartAppAsync("signer", "signer", logLines: 20);
        for (var i = 0; i < 3; i++)
        {
            await SyncedPositionIdAsync(i);
        }
    }

    /// <summary>The database id of demo position <paramref name="index"/> and its on-chain id.</summary>
    public async Task<(long PositionId, long OnChainId)> PositionAsync(int index) => (await SyncedPositionIdAsync(index), OnChainId(index));

    /// <summary>A pending suggestion for a position, from its on-chain 50 % to <paramref name="ratio"/>.</summary>
    public Task<long> SeedSuggestionAsync(long positionId, decimal ratio) => SeedSuggestionAsync(positionId, ratio, "split-roles test");

    /// <summary>The execution of a suggestion once it is confirmed.</summary>
    public Task<HedgeExecution> ConfirmedAsync(long suggestionId) => EventuallyAsync(
        async () =>
        {
            await using var db = Db();
            return await db.Executions.AsNoTracking().SingleOrDefaultAsync(e => e.SuggestionId == suggestionId && e.Status == ExecutionStatus.Confirmed);
        },
        $"the execution of suggestion {suggestionId} to be confirmed",
        TimeSpan.FromSeconds(120));
}

/// <summary>Alone: three app processes on two shared cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SplitRolesCollection : ICollectionFixture<SplitRolesFixture>
{
    public const string Name = "dashboard split by roles";
}
