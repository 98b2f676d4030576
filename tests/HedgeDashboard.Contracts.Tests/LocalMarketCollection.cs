using HedgeDashboard.TestSupport;

namespace HedgeDashboard.Contracts.Tests;

/// <summary>The on-chain test classes share one deployed market (one anvil, one forge deploy per test run).</summary>
[CollectionDefinition(Name)]
public sealed class LocalMarketCollection : ICollectionFixture<LocalMarketFixture>
{
    public const string Name = "local market";
}
