using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using HedgeDashboard.Ethereum;
using Npgsql;

namespace HedgeDashboard.Workers.Relayer;

/// <summary>
/// The single-writer guarantee for one signing address: a session-level Postgres advisory lock
/// (pg_try_advisory_lock on a 64-bit hash of chain id and address) held on a dedicated connection for as long
/// as this instance sends. Any number of instances can run; one holds the lock and sends, the others stand by
/// and take over when its connection (or process) dies.
/// </summary>
public sealed class AddressLock(string connectionString, long chainId, Address address) : IAsyncDisposable
{
    private NpgsqlConnection? _connection;

    public long Key { get; } = KeyOf(chainId, address);

    public bool IsHeld => _connection is not null;

    /// <summary>The lock key: the first 8 bytes of keccak256("hedge-relayer:{chainId}:{lower-case address}").</summary>
    public static long KeyOf(long chainId, Address address) =>
        BinaryPrimitives.ReadInt64BigEndian(Keccak256.Hash(Encoding.ASCII.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"hedge-relayer:{chainId}:{address.ToLowerHex()}"))));

    /// <summary>Takes the lock if free; true when this instance holds it (also when it already did and the connection is alive).</summary>
    public async Task<bool> TryAcquireAsync(CancellationToken ct)
    {
        if (_connection is not null)
        {
            if (await IsAliveAsync(ct))
            {
                return true;
            }

            await ReleaseAsync();
        }

        // A dedicated, unpooled connection: the lock lives and dies with this session.
        var cs = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 5, ApplicationName = "hedge-relayer-lock" }.ConnectionString;
        var conn = new NpgsqlConnection(cs);
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

    /// <summary>Whether the session holding the lock still answers (a dead session has lost the lock).</summary>
    public async Task<bool> IsAliveAsync(CancellationToken ct)
    {
        if (_connection is null)
        {
            return false;
        }

        try
        {
            await using var cmd = new NpgsqlCommand("SELECT 1", _connection);
            cmd.CommandTimeout = 5;
            return await cmd.ExecuteScalarAsync(ct) is 1;
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return false;
        }
    }

    public async Task ReleaseAsync()
    {
        var conn = _connection;
        _connection = null;
        if (conn is not null)
        {
            // Closing the session releases the lock; no explicit unlock is needed (and it could not fail open).
            await conn.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync() => new(ReleaseAsync());
}
