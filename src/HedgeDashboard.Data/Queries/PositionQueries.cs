using HedgeDashboard.Data.Configuration;
using HedgeDashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;

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
    /// with ROW_NUMBER() (seconds at 1M rows), hence the SQL.
    /// </summary>
    public static async Task<IReadOnlyList<PositionOverview>> PositionOverviewsAsync(
        this HedgeDbContext db, PositionStatus? status = PositionStatus.Open, long afterId = 0, int limit = int.MaxValue, CancellationToken cancellationToken = default)
    {
        var statusText = status is { } s ? EnumText<PositionStatus>.ToText(s) : null;
        var rows = await db.Database.SqlQuery<OverviewRow>($"""
            SELECT p.id AS "Id", p.nft_token_id AS "NftTokenId", p.owner_address AS "OwnerAddress",
                   pl.pair AS "Pair", pl.address AS "PoolAddress", pl.fee_tier AS "FeeTier", p.status AS "Status",
                   p.price_lower AS "PriceLower", p.price_upper AS "PriceUpper", p.entry_price AS "EntryPrice",
                   p.entry_amount0 AS "EntryAmount0", p.entry_amount1 AS "EntryAmount1",
                   p.on_chain_hedge_ratio AS "OnChainHedgeRatio", p.execution_mode AS "Mode",
                   p.protected_position_id AS "ProtectedPositionId", p.updated_at AS "UpdatedAt",
                   r.risk_score_id AS "ScoreId", r.scored_at AS "ScoredAt", r.score AS "Score", r.forecast_volatility AS "ForecastVolatility",
                   r.expected_il AS "ExpectedIl", r.prob_il_beyond_threshold AS "ProbIlBeyondThreshold", r.recommended_ratio AS "RecommendedRatio",
                   s.id AS "SuggestionId", s.current_ratio AS "CurrentRatio", s.proposed_ratio AS "ProposedRatio",
                   s.created_at AS "SuggestedAt", s.expires_at AS "ExpiresAt", s.xmin::text::bigint AS "SuggestionVersion"
            FROM lp_positions p
            JOIN pools pl ON pl.id = p.pool_id
            LEFT JOIN position_latest_scores r ON r.position_id = p.id
            LEFT JOIN hedge_suggestions s ON s.position_id = p.id AND s.status = 'pending'
            WHERE ({statusText}::text IS NULL OR p.status = {statusText}) AND p.id > {afterId}
            ORDER BY p.id
            LIMIT {limit}
            """).ToListAsync(cancellationToken);
        return rows.ConvertAll(r => r.ToOverview());
    }

    /// <summary>The flat shape of the overview query (SqlQuery maps columns by these names).</summary>
    internal sealed class OverviewRow
    {
        public long Id { get; init; }

        public long NftTokenId { get; init; }

        public string OwnerAddress { get; init; } = "";

        public string Pair { get; init; } = "";

        public string PoolAddress { get; init; } = "";

        public int FeeTier { get; init; }

        public string Status { get; init; } = "";

        public decimal PriceLower { get; init; }

        public decimal PriceUpper { get; init; }

        public decimal EntryPrice { get; init; }

        public decimal EntryAmount0 { get; init; }

        public decimal EntryAmount1 { get; init; }

        public decimal OnChainHedgeRatio { get; init; }

        public string Mode { get; init; } = "";

        public long? ProtectedPositionId { get; init; }

        public DateTimeOffset UpdatedAt { get; init; }

        public long? ScoreId { get; init; }

        public DateTimeOffset? ScoredAt { get; init; }

        public double? Score { get; init; }

        public double? ForecastVolatility { get; init; }

        public double? ExpectedIl { get; init; }

        public double? ProbIlBeyondThreshold { get; init; }

        public decimal? RecommendedRatio { get; init; }

        public long? SuggestionId { get; init; }

        public decimal? CurrentRatio { get; init; }

        public decimal? ProposedRatio { get; init; }

        public DateTimeOffset? SuggestedAt { get; init; }

        public DateTimeOffset? ExpiresAt { get; init; }

        public long? SuggestionVersion { get; init; }

        public PositionOverview ToOverview() => new(
            Id,
            NftTokenId,
            OwnerAddress,
            Pair,
            PoolAddress,
            FeeTier,
            EnumText<PositionStatus>.Parse(Status),
            PriceLower,
            PriceUpper,
            EntryPrice,
            EntryAmount0,
            EntryAmount1,
            OnChainHedgeRatio,
            EnumText<ExecutionMode>.Parse(Mode),
            ProtectedPositionId,
            UpdatedAt,
            ScoreId is { } sid ? new LatestRiskScore(sid, ScoredAt!.Value, Score!.Value, ForecastVolatility!.Value, ExpectedIl!.Value, ProbIlBeyondThreshold!.Value, RecommendedRatio!.Value) : null,
            SuggestionId is { } gid ? new PendingSuggestion(gid, CurrentRatio!.Value, ProposedRatio!.Value, SuggestedAt!.Value, ExpiresAt!.Value, (uint)SuggestionVersion!.Value) : null);
    }
}
