using Npgsql;
using NpgsqlTypes;

namespace HedgeDashboard.Data.Maintenance;

/// <summary>How long raw rows are kept before they are rolled up (docs/decisions/0002-time-series-retention.md).</summary>
public sealed record RetentionPolicy(int RawPoolPriceDays = 90, int RawRiskScoreDays = 180)
{
    /// <summary>Sources written once a block; their old rows become one row an hour under "{source}:1h".</summary>
    public static IReadOnlyList<string> PerBlockSources { get; } = ["pool", "pool_twap"];

    /// <summary>The policy's problem, or null when it is valid.</summary>
    public string? Validate() =>
        RawPoolPriceDays < 1 ? "RawPoolPriceDays must be at least 1 day."
        : RawRiskScoreDays < 1 ? "RawRiskScoreDays must be at least 1 day."
        : null;
}

/// <summary>What one retention run did.</summary>
public sealed record RetentionReport(long HourlyPriceRowsWritten, long RawPriceRowsDeleted, long RiskScoresDeleted, int DaysProcessed);

/// <summary>
/// Bounds the two tables that grow with time and size: per-block pool prices (kept raw for
/// <see cref="RetentionPolicy.RawPoolPriceDays"/>, then one close an hour) and risk scores (kept raw for
/// <see cref="RetentionPolicy.RawRiskScoreDays"/>, then the last score of each position and day). Exchange
/// bars and feed rounds are never touched. Works one UTC day per transaction, so a crash or a cancel
/// leaves every day either untouched or finished, and a rerun continues where it stopped; a day's
/// roll-up and the delete of its raw rows commit together, so no price is lost in between.
/// </summary>
public static class TimeSeriesRetention
{
    public static async Task<RetentionReport> RunAsync(string connectionString, RetentionPolicy policy, DateTimeOffset now, CancellationToken ct = default)
    {
        if (policy.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(policy));
        }

        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);

        // Cut-offs on a UTC day boundary: every day handled is whole, so its hourly rows are complete.
        var priceCutoff = now.UtcDateTime.Date.AddDays(-policy.RawPoolPriceDays);
        var scoreCutoff = now.UtcDateTime.Date.AddDays(-policy.RawRiskScoreDays);
        long written = 0, pricesDeleted = 0, scoresDeleted = 0;
        var days = 0;

        foreach (var day in await DaysBeforeAsync(conn, PriceDaysSql, priceCutoff, ct))
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            written += await ExecuteAsync(conn, tx, RollUpPricesSql, day, ct);
            pricesDeleted += await ExecuteAsync(conn, tx, DeleteRawPricesSql, day, ct);
            await tx.CommitAsync(ct);
            days++;
        }

        foreach (var day in await DaysBeforeAsync(conn, ScoreDaysSql, scoreCutoff, ct))
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            scoresDeleted += await ExecuteAsync(conn, tx, ThinScoresSql, day, ct);
            await tx.CommitAsync(ct);
            days++;
        }

        return new RetentionReport(written, pricesDeleted, scoresDeleted, days);
    }

    // Days that still hold rows to roll up or thin, oldest first. The BRIN index on observed_at and the
    // (position_id, scored_at) index keep these scans cheap.
    private const string PriceDaysSql = """
        SELECT DISTINCT date_trunc('day', observed_at, 'UTC') FROM price_observations
        WHERE source = ANY(@sources) AND observed_at < @cutoff ORDER BY 1
        """;

    private const string ScoreDaysSql = """
        SELECT d FROM (
            SELECT date_trunc('day', scored_at, 'UTC') AS d, position_id, count(*) AS n FROM risk_scores
            WHERE scored_at < @cutoff GROUP BY 1, 2) per_day
        WHERE n > 1 GROUP BY d ORDER BY d
        """;

    // The hour's close (its last price), as exchange hourly bars are; the highest block seen in the hour.
    private const string RollUpPricesSql = """
        INSERT INTO price_observations (pair, source, observed_at, price, block_number)
        SELECT pair, source || ':1h', date_trunc('hour', observed_at, 'UTC'),
               (array_agg(price ORDER BY observed_at DESC))[1], max(block_number)
        FROM price_observations
        WHERE source = ANY(@sources) AND observed_at >= @day AND observed_at < @day + interval '1 day'
        GROUP BY pair, source, date_trunc('hour', observed_at, 'UTC')
        ON CONFLICT (pair, source, observed_at) DO NOTHING
        """;

    private const string DeleteRawPricesSql = """
        DELETE FROM price_observations
        WHERE source = ANY(@sources) AND observed_at >= @day AND observed_at < @day + interval '1 day'
        """;

    // Keeps each position's last score of the day, and any score a suggestion cites or the grid shows.
    private const string ThinScoresSql = """
        DELETE FROM risk_scores r
        USING (
            SELECT id, row_number() OVER (PARTITION BY position_id ORDER BY scored_at DESC, id DESC) AS rank
            FROM risk_scores
            WHERE scored_at >= @day AND scored_at < @day + interval '1 day') ranked
        WHERE r.id = ranked.id AND ranked.rank > 1
          AND NOT EXISTS (SELECT 1 FROM hedge_suggestions s WHERE s.risk_score_id = r.id)
          AND NOT EXISTS (SELECT 1 FROM position_latest_scores l WHERE l.risk_score_id = r.id)
        """;

    private static async Task<List<DateTime>> DaysBeforeAsync(NpgsqlConnection conn, string sql, DateTime cutoff, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        cmd.Parameters.Add(new NpgsqlParameter<string[]>("sources", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. RetentionPolicy.PerBlockSources] });
        cmd.Parameters.Add(new NpgsqlParameter<DateTime>("cutoff", NpgsqlDbType.TimestampTz) { TypedValue = cutoff });
        var days = new List<DateTime>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            days.Add(r.GetFieldValue<DateTime>(0));
        }

        return days;
    }

    private static async Task<long> ExecuteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, DateTime day, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx) { CommandTimeout = 300 };
        cmd.Parameters.Add(new NpgsqlParameter<string[]>("sources", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. RetentionPolicy.PerBlockSources] });
        cmd.Parameters.Add(new NpgsqlParameter<DateTime>("day", NpgsqlDbType.TimestampTz) { TypedValue = day });
        return await cmd.ExecuteNonQueryAsync(ct);
    }
}
