using System.Data;
using System.Numerics;
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

/// <summary>One row of the positions grid; <see cref="Fees"/> are the uncollected LP fees, null when never read.</summary>
public sealed record PositionOverview(
    long Id,
    long NftTokenId,
    string OwnerAddress,
    string Pair,
    string PoolAddress,
    int FeeTier,
    PositionStatus Status,
    decimal? PriceLower,
    decimal? PriceUpper,
    decimal EntryPrice,
    decimal EntryAmount0,
    decimal EntryAmount1,
    decimal OnChainHedgeRatio,
    ExecutionMode Mode,
    long? ProtectedPositionId,
    DateTimeOffset UpdatedAt,
    LatestRiskScore? LatestScore,
    PendingSuggestion? Pending,
    LpFees? Fees,
    decimal MaxRatioChange)
{
    /// <summary>The pool's id (its chain, fee tier and tokens: <see cref="BookQueries.PoolLabelsAsync"/>).</summary>
    public long PoolId { get; init; }

    /// <summary>v3 NFT or v2 liquidity tokens (full range: no price bounds).</summary>
    public PositionKind Kind { get; init; } = PositionKind.V3;
}

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
            var tx = (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction();
            var pools = await PoolsAsync(conn, tx, cancellationToken);
            await using var cmd = new NpgsqlCommand(OverviewSql, conn, tx);
            cmd.Parameters.Add(new NpgsqlParameter<string?>("status", NpgsqlDbType.Text) { TypedValue = status is { } s ? EnumText<PositionStatus>.ToText(s) : null });
            cmd.Parameters.Add(new NpgsqlParameter<long>("after", NpgsqlDbType.Bigint) { TypedValue = afterId });
            cmd.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = limit });
            var list = new List<PositionOverview>();
            List<(int Index, long PoolId, RawFees Fees)>? late = null;
            await using (var r = await cmd.ExecuteReaderAsync(cancellationToken))
            {
                while (await r.ReadAsync(cancellationToken))
                {
                    var poolId = r.GetInt64(3);
                    var fees = new RawFees(
                        r.IsDBNull(27) ? null : r.GetFieldValue<BigInteger>(27), r.IsDBNull(28) ? null : r.GetFieldValue<BigInteger>(28),
                        r.IsDBNull(29) ? null : r.GetFieldValue<DateTimeOffset>(29));
                    if (!pools.TryGetValue(poolId, out var pool))
                    {
                        (late ??= []).Add((list.Count, poolId, fees));
                        pool = new PoolColumns("", "", 0, "", 0, 0);
                    }

                    list.Add(Read(r, pool, fees) with { PoolId = poolId });
                }
            }

            // A pool committed between the two statements (each sees its own snapshot): read the pools again.
            if (late is not null)
            {
                pools = await PoolsAsync(conn, tx, cancellationToken);
                foreach (var (index, poolId, fees) in late)
                {
                    var pool = pools[poolId];
                    list[index] = list[index] with { Pair = pool.Pair, PoolAddress = pool.Address, FeeTier = pool.FeeTier, Fees = fees.InPairTerms(pool) };
                }
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

    private sealed record PoolColumns(string Pair, string Address, int FeeTier, string Symbol0, int Decimals0, int Decimals1);

    private readonly record struct RawFees(BigInteger? Owed0, BigInteger? Owed1, DateTimeOffset? ObservedAt)
    {
        public LpFees? InPairTerms(PoolColumns pool) => LpFees.From(Owed0, Owed1, ObservedAt, pool.Pair, pool.Symbol0, pool.Decimals0, pool.Decimals1);
    }

    // Pools are few: read once and joined here, so the 10,000 rows do not each carry the pool's text
    // columns (measured: a third of the all-rows read went to the wider rows) and share its strings.
    private static async Task<Dictionary<long, PoolColumns>> PoolsAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "SELECT pl.id, pl.pair, pl.address, pl.fee_tier, t0.symbol, t0.decimals, t1.decimals FROM pools pl JOIN tokens t0 ON t0.id = pl.token0_id JOIN tokens t1 ON t1.id = pl.token1_id",
            conn,
            tx);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var pools = new Dictionary<long, PoolColumns>();
        while (await r.ReadAsync(ct))
        {
            pools[r.GetInt64(0)] = new PoolColumns(r.GetString(1), r.GetString(2), r.GetInt32(3), r.GetString(4), r.GetInt32(5), r.GetInt32(6));
        }

        return pools;
    }

    private const string OverviewSql = """
        SELECT p.id, p.nft_token_id, p.owner_address, p.pool_id, p.status,
               p.price_lower, p.price_upper, p.entry_price, p.entry_amount0, p.entry_amount1,
               p.on_chain_hedge_ratio, p.execution_mode, p.protected_position_id, p.updated_at,
               r.risk_score_id, r.scored_at, r.score, r.forecast_volatility, r.expected_il, r.prob_il_beyond_threshold, r.recommended_ratio,
               s.id, s.current_ratio, s.proposed_ratio, s.created_at, s.expires_at, s.xmin,
               p.fees_owed0, p.fees_owed1, p.fees_observed_at, p.max_ratio_change, p.kind
        FROM lp_positions p
        LEFT JOIN position_latest_scores r ON r.position_id = p.id
        LEFT JOIN hedge_suggestions s ON s.position_id = p.id AND s.status = 'pending'
        WHERE (@status IS NULL OR p.status = @status) AND p.id > @after
        ORDER BY p.id
        LIMIT @limit
        """;

    private static PositionOverview Read(NpgsqlDataReader r, PoolColumns pool, RawFees fees) => new(
        r.GetInt64(0),
        r.GetInt64(1),
        r.GetString(2),
        pool.Pair,
        pool.Address,
        pool.FeeTier,
        EnumText<PositionStatus>.Parse(r.GetString(4)),
        r.IsDBNull(5) ? null : r.GetDecimal(5),
        r.IsDBNull(6) ? null : r.GetDecimal(6),
        r.GetDecimal(7),
        r.GetDecimal(8),
        r.GetDecimal(9),
        r.GetDecimal(10),
        EnumText<ExecutionMode>.Parse(r.GetString(11)),
        r.IsDBNull(12) ? null : r.GetInt64(12),
        r.GetFieldValue<DateTimeOffset>(13),
        r.IsDBNull(14) ? null : new LatestRiskScore(
            r.GetInt64(14), r.GetFieldValue<DateTimeOffset>(15), r.GetDouble(16), r.GetDouble(17), r.GetDouble(18), r.GetDouble(19), r.GetDecimal(20)),
        r.IsDBNull(21) ? null : new PendingSuggestion(
            r.GetInt64(21), r.GetDecimal(22), r.GetDecimal(23), r.GetFieldValue<DateTimeOffset>(24), r.GetFieldValue<DateTimeOffset>(25), r.GetFieldValue<uint>(26)),
        fees.InPairTerms(pool),
        r.GetDecimal(30))
    {
        Kind = EnumText<PositionKind>.Parse(r.GetString(31)),
    };
}
