using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace HedgeDashboard.Data.Ingest;

/// <summary>What one import did.</summary>
/// <param name="RowsRead">Valid rows in the file.</param>
/// <param name="RowsInserted">Rows that were new (the rest were already stored).</param>
/// <param name="Elapsed">Wall time of the whole import (parse, COPY, insert, commit).</param>
/// <param name="PriceColumn">The column the prices came from.</param>
public sealed record ImportResult(long RowsRead, long RowsInserted, TimeSpan Elapsed, string PriceColumn)
{
    public double RowsPerSecond => RowsRead / Math.Max(Elapsed.TotalSeconds, 1e-9);
}

/// <summary>
/// Loads a price file into price_observations in one transaction: binary COPY of every row into a
/// temporary staging table, then <c>INSERT ... SELECT ... ON CONFLICT DO NOTHING</c> on the key
/// (pair, source, observed_at). A second import adds nothing; a bad row throws
/// <see cref="PriceFileException"/> and the transaction rolls back, so nothing of the file is loaded.
/// When the series (pair, source) has no rows yet, the rows are copied straight into the table
/// instead (same transaction, same outcome, one write instead of two); imports of one series are
/// serialized by an advisory lock so that check stays true until commit. A timestamp twice in the
/// file with different values is refused naming both lines; an exact repeat is stored once.
/// The import's statements run without a command timeout (the connection string's is overridden).
/// </summary>
public sealed class PriceImporter(string connectionString)
{
    private const string Staging = "price_import_staging";

    /// <summary>An import adding at least this many rows refreshes the table's planner statistics.</summary>
    private const long AnalyzeAfterRows = 1_000;

    // Every statement of an import grows with the file and the machine's load (a 2,000,000-row
    // re-import hit the default 30 s), so the import's connection has no command timeout (Npgsql:
    // 0 = none; COPY takes its timeout from it too); the cancellation token stops it.
    private readonly string _connectionString = new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 0 }.ConnectionString;

    /// <summary>Imports a price file.</summary>
    /// <param name="path">CSV or CSV.GZ file.</param>
    /// <param name="pair">BASE/QUOTE, e.g. ETH/USD.</param>
    /// <param name="source">Source name stored with each row (e.g. the file's exchange).</param>
    /// <param name="priceColumn">Price column; null picks a known one (close, price_usd, ...).</param>
    /// <param name="progress">Receives the fraction of the (compressed) file read, 0..1.</param>
    /// <param name="cancellationToken">Cancels and rolls back.</param>
    public async Task<ImportResult> ImportAsync(
        string path, string pair, string source, string? priceColumn = null, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ValidatePair(pair);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        var clock = Stopwatch.StartNew();
        try
        {
            return await ImportOnceAsync(path, pair, source, priceColumn, progress, allowDirect: true, clock, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // The direct path met a timestamp twice in the file: the staging path de-duplicates.
            return await ImportOnceAsync(path, pair, source, priceColumn, progress, allowDirect: false, clock, cancellationToken);
        }
    }

    private async Task<ImportResult> ImportOnceAsync(
        string path, string pair, string source, string? priceColumn, IProgress<double>? progress, bool allowDirect, Stopwatch clock, CancellationToken cancellationToken)
    {
        using var reader = PriceFileReader.Open(path, priceColumn);
        await using var conn = new NpgsqlConnection(_connectionString);
        await conn.OpenAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);

        // Imports of one series take turns, so "the series is empty" stays true until commit.
        var seriesIsEmpty = await LockSeriesAsync(conn, tx, pair, source, cancellationToken);
        long read, inserted;
        if (allowDirect && seriesIsEmpty)
        {
            // First load of a series: every row is new, so COPY straight into the table (bulk insert,
            // no second write). A duplicate timestamp inside the file aborts; the caller retries staged.
            read = inserted = await CopyRowsAsync(
                conn, "COPY price_observations (pair, source, observed_at, price, volume) FROM STDIN (FORMAT BINARY)", reader, (pair, source), progress, cancellationToken);
        }
        else
        {
            await using (var create = new NpgsqlCommand(
                $"CREATE TEMP TABLE {Staging} (line bigint NOT NULL, observed_at timestamptz NOT NULL, price numeric NOT NULL, volume numeric) ON COMMIT DROP", conn, tx))
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            read = await CopyRowsAsync(conn, $"COPY {Staging} (line, observed_at, price, volume) FROM STDIN (FORMAT BINARY)", reader, null, progress, cancellationToken);
            if (!reader.StrictlyIncreasing)
            {
                await RefuseConflictingDuplicatesAsync(conn, tx, reader.FileName, cancellationToken);
            }

            await using var insert = new NpgsqlCommand(
                $"""
                INSERT INTO price_observations (pair, source, observed_at, price, volume)
                SELECT DISTINCT ON (observed_at) @pair, @source, observed_at, price, volume
                FROM {Staging}
                ORDER BY observed_at
                ON CONFLICT (pair, source, observed_at) DO NOTHING
                """, conn, tx);
            insert.Parameters.AddWithValue("pair", pair);
            insert.Parameters.AddWithValue("source", source);
            inserted = await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        if (inserted >= AnalyzeAfterRows)
        {
            await AnalyzeAsync(conn, null, cancellationToken);
        }

        progress?.Report(1);
        return new ImportResult(read, inserted, clock.Elapsed, reader.PriceColumn);
    }

    /// <summary>
    /// Fresh planner statistics: autovacuum analyzes a table up to a minute after a bulk load, and a query planned before
    /// that sees an almost empty series (run.sh's derive right after two 73,000-row imports chose a nested loop over
    /// sequential scans and ran for over 5 minutes instead of under a second).
    /// </summary>
    private static async Task AnalyzeAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, CancellationToken ct)
    {
        await using var analyze = new NpgsqlCommand("ANALYZE price_observations", conn, tx);
        await analyze.ExecuteNonQueryAsync(ct);
    }

    private static async Task<bool> LockSeriesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string pair, string source, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            """
            SELECT pg_advisory_xact_lock(hashtextextended('price_observations:' || @pair || ':' || @source, 0));
            SELECT NOT EXISTS (SELECT 1 FROM price_observations WHERE pair = @pair AND source = @source);
            """, conn, tx);
        cmd.Parameters.AddWithValue("pair", pair);
        cmd.Parameters.AddWithValue("source", source);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.NextResultAsync(ct);
        await r.ReadAsync(ct);
        return r.GetBoolean(0);
    }

    private static async Task<long> CopyRowsAsync(
        NpgsqlConnection conn, string copySql, PriceFileReader reader, (string Pair, string Source)? key, IProgress<double>? progress, CancellationToken ct)
    {
        long read = 0;
        await using var copy = await conn.BeginBinaryImportAsync(copySql, ct);
        foreach (var row in reader.ReadRows())
        {
            await copy.StartRowAsync(ct);
            if (key is { } k)
            {
                await copy.WriteAsync(k.Pair, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(k.Source, NpgsqlDbType.Varchar, ct);
            }
            else
            {
                await copy.WriteAsync(row.Line, NpgsqlDbType.Bigint, ct);
            }

            await copy.WriteAsync(DateTimeOffset.FromUnixTimeSeconds(row.UnixSeconds), NpgsqlDbType.TimestampTz, ct);
            await copy.WriteAsync(row.Price, NpgsqlDbType.Numeric, ct);
            if (row.Volume is { } v)
            {
                await copy.WriteAsync(v, NpgsqlDbType.Numeric, ct);
            }
            else
            {
                await copy.WriteNullAsync(ct);
            }

            if ((++read & 0x3FFF) == 0)
            {
                progress?.Report((double)reader.Position / Math.Max(reader.Length, 1));
            }
        }

        await copy.CompleteAsync(ct);
        return read;
    }

    /// <summary>
    /// One timestamp with two different prices (or volumes) in one file: which is right is unknown,
    /// so the file is refused, naming both lines. Exact repeats are harmless and stored once.
    /// </summary>
    private static async Task RefuseConflictingDuplicatesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string file, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            $"""
            SELECT a.line, b.line, extract(epoch FROM a.observed_at)::bigint, a.price, b.price
            FROM {Staging} a JOIN {Staging} b ON b.observed_at = a.observed_at AND b.line > a.line
            WHERE a.price <> b.price OR a.volume IS DISTINCT FROM b.volume
            ORDER BY b.line, a.line
            LIMIT 1
            """, conn, tx);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (await r.ReadAsync(ct))
        {
            var (first, second, time) = (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2));
            var (p1, p2) = (r.GetDecimal(3), r.GetDecimal(4));
            var what = p1 == p2 ? "the same price but a different volume" : $"a different price ({p1} on line {first}, {p2} on line {second})";
            throw new PriceFileException(file, second, null, $"timestamp {time} is also on line {first}, with {what}");
        }
    }

    /// <summary>Pairs look like BASE/QUOTE (ETH/USD), as the table's check constraint requires.</summary>
    /// <summary>
    /// Stores <paramref name="pair"/> (e.g. BTC/ETH) as the cross of two series of one source with one quote
    /// (BTC/USD over ETH/USD) at every instant both have, so a pair without an exchange file of its own has history to
    /// train on. Idempotent; the rows keep a null block number like imported rows. Throws when the pairs do not cross
    /// into <paramref name="pair"/> or a series is empty.
    /// </summary>
    public async Task<(long Matched, long Inserted)> DeriveCrossAsync(string pair, string basePair, string quotePair, string source, CancellationToken cancellationToken = default)
    {
        foreach (var p in new[] { pair, basePair, quotePair })
        {
            ValidatePair(p);
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        var (b, q, x) = (basePair.Split('/'), quotePair.Split('/'), pair.Split('/'));
        if (!b[1].Equals(q[1], StringComparison.OrdinalIgnoreCase) || !b[0].Equals(x[0], StringComparison.OrdinalIgnoreCase) || !q[0].Equals(x[1], StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"{basePair} over {quotePair} is not {pair}: the two need one quote, and {pair} is the first's base over the second's", nameof(pair));
        }

        await using var conn = new NpgsqlConnection(_connectionString);
        await conn.OpenAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        await LockSeriesAsync(conn, tx, pair, source, cancellationToken);
        await AnalyzeAsync(conn, tx, cancellationToken); // the join below is planned on these statistics
        await using var cmd = new NpgsqlCommand(
            """
            SELECT (SELECT count(*) FROM price_observations WHERE pair = @base AND source = @source),
                   (SELECT count(*) FROM price_observations WHERE pair = @quote AND source = @source);
            WITH crossed AS (
                SELECT b.observed_at, round(round(b.price, 30) / q.price, 18) AS price -- the dividend's scale sets the quotient's
                FROM price_observations b
                JOIN price_observations q ON q.pair = @quote AND q.source = @source AND q.observed_at = b.observed_at
                WHERE b.pair = @base AND b.source = @source),
            inserted AS (
                INSERT INTO price_observations (pair, source, observed_at, price)
                SELECT @pair, @source, observed_at, price FROM crossed
                ON CONFLICT (pair, source, observed_at) DO NOTHING
                RETURNING 1)
            SELECT (SELECT count(*) FROM crossed), (SELECT count(*) FROM inserted);
            """, conn, tx);
        cmd.Parameters.AddWithValue("pair", pair);
        cmd.Parameters.AddWithValue("base", basePair);
        cmd.Parameters.AddWithValue("quote", quotePair);
        cmd.Parameters.AddWithValue("source", source);
        long matched, inserted;
        await using (var r = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            await r.ReadAsync(cancellationToken);
            var (nb, nq) = (r.GetInt64(0), r.GetInt64(1));
            if (nb == 0 || nq == 0)
            {
                throw new InvalidOperationException($"no {(nb == 0 ? basePair : quotePair)} rows from '{source}' to cross: import that series first");
            }

            await r.NextResultAsync(cancellationToken);
            await r.ReadAsync(cancellationToken);
            (matched, inserted) = (r.GetInt64(0), r.GetInt64(1));
        }

        await tx.CommitAsync(cancellationToken);
        return (matched, inserted);
    }

    public static void ValidatePair(string pair)
    {
        var parts = pair?.Split('/') ?? [];
        if (parts.Length != 2 || parts.Any(p => p.Length == 0 || !p.All(c => char.IsAsciiLetterOrDigit(c) || c == '.')))
        {
            throw new ArgumentException($"pair '{pair}' must look like BASE/QUOTE, e.g. ETH/USD", nameof(pair));
        }
    }
}
