using HedgeDashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Workers.Tests;

/// <summary>A context factory over one test database, for code under test that takes <see cref="IDbContextFactory{TContext}"/>.</summary>
internal sealed class TestDbContextFactory(string connectionString) : IDbContextFactory<HedgeDbContext>
{
    public HedgeDbContext CreateDbContext() => HedgeDataServiceCollectionExtensions.CreateContext(connectionString);
}
