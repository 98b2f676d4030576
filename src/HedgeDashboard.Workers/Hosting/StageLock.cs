using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace HedgeDashboard.Workers.Hosting;

/// <summary>
/// A Postgres session advisory lock held on a dedicated connection: while this instance holds it, no other
/// instance runs the stage (or, for the relayer, sends for the signing address). If the process dies or the
/// connection breaks, Postgres releases it and a standby instance takes over at its next tick.
/// </summary>
public sealed class StageLock(string connectionString, string name) : IAsyncDisposable
{
    private NpgsqlConnection? _connection;

    public long Key { get; } = KeyOf(name);

    public bool Held => _connection is { State: System.Data.ConnectionState.Open };

    /// <summary>The relayer's single-writer lock for one signing address on one chain.</summary>
    public static StageLock ForSigningAddress(string connectionString, long chainId, HedgeDashboard.Ethereum.Address address) =>
        new(connectionString, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"relayer:{chainId}:{address.ToLowerHex()}"));

    /// <summary>The 64-bit lock key of a name (first 8 bytes of its SHA-256), stable across processes.</summary>
    public static long KeyOf(string name) => BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("hedge:" + name)), 0);

    /// <summary>True when this instance holds (or just took) the lock.</summary>
    public async Task<bool> TryAcquireAsync(CancellationToken ct)
    {
        if (_connection is not null)
        {
            try
            {
                // Still alive? A broken connection has lost the lock.
                await using var ping = new NpgsqlCommand("SELECT 1", _connection) { CommandTimeout = 5 };
                await ping.ExecuteScalarAsync(ct);
                return true;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                await ReleaseAsync();
            }
        }

        // Unpooled, so the lock lives and dies with this session; keep-alives notice a dead peer.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 5, ApplicationName = $"hedge-lock-{name}" };
        var conn = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await conn.OpenAsync(ct);
            await using var cmd = new NpgsqlCommand("SELECT pg_try_advisory_lock(@k)", conn);
            cmd.Parameters.AddWithValue("k", Key);
            if (await cmd.ExecuteScalarAsync(ct) is true)
            {
                _connection = conn;
                return true;
            }
        }
        catch
        {
            await conn.DisposeAsync();
            throw;
        }

        await conn.DisposeAsync();
        return false;
    }

    public async Task ReleaseAsync()
    {
        if (_connection is { } c)
        {
            _connection = null;
            await c.DisposeAsync(); // closing the session releases its advisory locks
        }
    }

    public ValueTask DisposeAsync() => new(ReleaseAsync());
}
