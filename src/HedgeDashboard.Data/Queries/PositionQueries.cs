using System.Data;
using HedgeDashboard.Data.Configuration;
using HedgeDashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace HedgeDashboard.Data.Queries;

/// <summary>The latest risk score of a position, as the positions grid shows it.</summary>
public sealed record LatestRiskScore(
    long Id, DateTimeOffset ScoredAt, double Score, double ForecastVolatility, double ExpectedIl, double ProbIlBeyondThreshold, decimal RecommendedRatio);

/// <summary>A position's pending suggestion; <see cref="Version"/> is the token to approve it with.</summary>
public sealed record PendingSuggestion(long Id, decimal CurrentRatio, decimal ProposedRatio, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, uint Version);

/// <summary>One row of the positions grid.</summary>
public sealed record PositionOverview(
    long Id,
    long NftTokenId,
    string OwnerAddress,
    string Pair,
    string PoolAddress,
    int FeeTier,
    PositionStatus Status,
    decimal PriceLower,
    decimal PriceUpper,
    decimal EntryPrice,
    decimal EntryAmount0,
    decimal EntryAmount1,
    decimal OnChainHedgeRatio,
    ExecutionMode Mode,
    long? ProtectedPositionId,
    DateTimeOffset UpdatedAt,
    LatestRiskScore? LatestScore,
    PendingSuggestion? Pending);

/// <summary>Queries over positions.</summary>
public static class PositionQueries
{
    /// <summary>
    /// Positions with their latest risk score and pending suggestion, ordered by id, a keyset page at a
    /// time (<paramref name="afterId"/>, <paramref name="limit"/>). The latest score comes from
    /// position_latest_scores (kept by a trigger on risk_scores), the pending suggestion through the
    /// partial unique index (one pending per position): joins in id order, no per-position probe of
    /// the million-row score table. EF's own translation of the LINQ equivalent ranks every score
    /// with ROW_NUMBER() (seconds at 1M rows), hence the SQL. Joins the context's transaction if any.
    /// </summary>
    public static async Task<IReadOnlyList<PositionOverview>> PositionOverviewsAsync(
        this HedgeDbContext db, PositionStatus? status = PositionStatus.Open, long afterId = 0, int limit = int.MaxValue, CancellationToken cancellationToken = default)
    {
        // Read with the context's connection and column ordinals: EF's SqlQuery<T> materializer cost
        // several times more CPU for the 10,000-row grid than the query itself.
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        var opened = conn.State != ConnectionState.Open;
        if (opened)
        {
            await conn.OpenAsync(cancellationToken);
        }

        try
        {
            await using var cmd = new NpgsqlCommand(OverviewSql, conn) { Transaction = (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction() };
            cmd.Parameters.Add(new NpgsqlParameter<string?>("status", NpgsqlDbType.Text) { TypedValue = status is { } s ? EnumText<PositionStatus>.ToText(s) : null });
            cmd.Parameters.Add(new NpgsqlParameter<long>("after", NpgsqlDbType.Bigint) { TypedValue = afterId });
            cmd.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = limit });
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            var list = new List<PositionOverview>();
            while (await r.ReadAsync(cancellationToken))
            {
                list.Add(Read(r));
            }

            return list;
        }
        finally
        {
            if (opened)
            {
                await conn.CloseAsync();
            }
        }
    }

    private const string OverviewSql = """
        SELECT p.id, p.nft_token_id, p.owner_address, pl.pair, pl.address, pl.fee_tier, p.status,
               p.price_lower, p.price_upper, p.entry_price, p.entry_amount0, p.entry_amount1,
               p.on_chain_hedge_ratio, p.execution_mode, p.protected_position_id, p.updated_at,
               r.risk_score_id, r.scored_at, r.score, r.forecast_volatility, r.expected_il, r.prob_il_beyond_threshold, r.recommended_ratio,
               s.id, s.current_ratio, s.proposed_ratio, s.created_at, s.expires_at, s.xmin
        FROM lp_positions p
        JOIN pools pl ON pl.id = p.pool_id
        LEFT JOIN position_latest_scores r ON r.position_id = p.id
        LEFT JOIN hedge_suggestions s ON s.position_id = p.id AND s.status = 'pending'
        WHERE (@status IS NULL OR p.status = @status) AND p.id > @after
        ORDER BY p.id
        LIMIT @limit
        """;

    private static PositionOverview Read(NpgsqlDataReader r) => new(
        r.GetInt64(0),
        r.GetInt64(1),
        r.GetString(2),
        r.GetString(3),
        r.GetString(4),
        r.GetInt32(5),
        EnumText<PositionStatus>.Parse(r.GetString(6)),
        r.GetDecimal(7),
        r.GetDecimal(8),
        r.GetDecimal(9),
        r.GetDecimal(10),
        r.GetDecimal(11),
        r.GetDecimal(12),
        EnumText<ExecutionMode>.Parse(r.GetString(13)),
        r.IsDBNull(14) ? null : r.GetInt64(14),
        r.GetFieldValue<DateTimeOffset>(15),
        r.IsDBNull(16) ? null : new LatestRiskScore(
            r.GetInt64(16), r.GetFieldValue<DateTimeOffset>(17), r.GetDouble(18), r.GetDouble(19), r.GetDouble(20), r.GetDouble(21), r.GetDecimal(22)),
        r.IsDBNull(23) ? null : new PendingSuggestion(
            r.GetInt64(23), r.GetDecimal(24), r.GetDecimal(25), r.GetFieldValue<DateTimeOffset>(26), r.GetFieldValue<DateTimeOffset>(27), r.GetFieldValue<uint>(28)));
}
