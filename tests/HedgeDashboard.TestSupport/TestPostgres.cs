using System.Diagnostics;
using Npgsql;

namespace HedgeDashboard.TestSupport;

/// <summary>
/// The project's private PostgreSQL cluster (scripts/postgres.sh). The admin connection string comes
/// from HEDGE_TEST_PG when set; otherwise the cluster is started on its default port. Each fixture
/// gets its own database, so tests never share rows.
/// </summary>
public static class TestPostgres
{
    private static readonly Lazy<string> AdminLazy = new(EnsureServer, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string AdminConnectionString => AdminLazy.Value;

    /// <summary>Creates an empty database with a unique name; dispose to drop it.</summary>
    public static async Task<TestDatabase> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix.ToLowerInvariant()}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 63)];
        await using (var conn = new NpgsqlConnection(AdminConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
            await cmd.ExecuteNonQueryAsync();
        }

        var cs = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
        return new TestDatabase(name, cs);
    }

    private static string EnsureServer()
    {
        var fromEnv = Environment.GetEnvironmentVariable("HEDGE_TEST_PG");
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            return fromEnv;
        }

        var port = Environment.GetEnvironmentVariable("HEDGE_PG_PORT") ?? "25432";
        var cs = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false";
        if (!CanConnect(cs))
        {
            var psi = new ProcessStartInfo("bash", [Path.Combine(RepoPaths.Root, "scripts", "postgres.sh"), "start"])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            using var p = Process.Start(psi)!;
            var err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0 || !CanConnect(cs))
            {
                throw new InvalidOperationException($"PostgreSQL test cluster unavailable on port {port}: {err}");
            }
        }

        return cs;
    }

    private static bool CanConnect(string cs)
    {
        try
        {
            using var conn = new NpgsqlConnection(cs);
            conn.Open();
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }
}

/// <summary>A database of its own for one fixture; dropped (connections forced closed) on dispose.</summary>
public sealed class TestDatabase(string name, string connectionString) : IAsyncDisposable
{
    public string Name { get; } = name;

    public string ConnectionString { get; } = connectionString;

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(TestPostgres.AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
