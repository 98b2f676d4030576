namespace HedgeDashboard.Web.Tests;

/// <summary>
/// The dashboard with its pipeline against a real chain (<see cref="MarketDashboardFixture"/>): one app process with
/// the web and workers roles (ingestion, indexer and the relayer with anvil's dev keys); one pending suggestion.
/// </summary>
public sealed class ChainDashboardFixture() : MarketDashboardFixture("webchain")
{
    /// <summary>The explorer pattern configured for chain 31337; the page links transaction hashes through it.</summary>
    public const string ExplorerTemplate = "https://explorer.hedge.test/chain/31337/tx/{hash}";

    /// <summary>The suggested ratio: within the demo caps (steps of at most 25 % from the registered 50 %).</summary>
    public const decimal ProposedRatio = 0.7m;

    public DashboardProcess App { get; private set; } = null!;

    /// <summary>The HedgeController's id of the position the suggestion is for (demo position 0).</summary>
    public long OnChainPositionId { get; private set; }

    /// <summary>The database row of that position, as the ingestion synced it from the chain.</summary>
    public long PositionId { get; private set; }

    /// <summary>The pending suggestion seeded for it (on-chain ratio 50 % to <see cref="ProposedRatio"/>).</summary>
    public long SuggestionId { get; private set; }

    protected override async Task StartAppsAsync()
    {
        OnChainPositionId = OnChainId(0);
        App = await StartAppAsync("app", "web,workers");

        // The ingestion syncs the protected positions from the chain; then a person's inbox gets one suggestion.
        PositionId = await SyncedPositionIdAsync(0);
        await using (var db = Db())
        {
            (await db.Chains.FindAsync(31337L))!.ExplorerTxUrlTemplate = ExplorerTemplate;
            await db.SaveChangesAsync();
        }

        SuggestionId = await SeedSuggestionAsync(PositionId, ProposedRatio, "Forecast volatility rose; the recommended ratio drifted past the threshold.");
    }
}

/// <summary>Runs alone (not beside the other browser tests): its app runs the whole pipeline on two shared cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ChainDashboardCollection : ICollectionFixture<ChainDashboardFixture>
{
    public const string Name = "dashboard on chain";
}
