using HedgeDashboard.TestSupport;

namespace HedgeDashboard.Data.Tests;

/// <summary>A fresh database with every migration applied; one per test class (IClassFixture).</summary>
public sealed class MigratedDatabase : IAsyncLifetime
{
    private TestDatabase? _database;

    public string ConnectionString => _database?.ConnectionString ?? throw new InvalidOperationException("not initialized");

    public string Name => _database!.Name;

    public IReadOnlyList<string> AppliedMigrations { get; private set; } = [];

    public HedgeDbContext CreateContext() => HedgeDataServiceCollectionExtensions.CreateContext(ConnectionString);

    public async Task InitializeAsync()
    {
        _database = await TestPostgres.CreateDatabaseAsync("hdata");
        AppliedMigrations = await new DatabaseMigrator(ConnectionString).MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
