using System.Globalization;

/// <summary>Set-based seeding for the query benchmark (and the query test at scale).</summary>
internal static class Seeding
{
    /// <summary>N positions on one pool, M risk scores spread evenly (hourly), one pending suggestion per 10 positions.</summary>
    public static string Sql(int positions, int scores) => string.Format(CultureInfo.InvariantCulture, """
        INSERT INTO chains (id, name) VALUES (31337, 'anvil') ON CONFLICT DO NOTHING;
        INSERT INTO tokens (chain_id, address, symbol, decimals) VALUES
            (31337, '0x00000000000000000000000000000000000000a1', 'WETH', 18),
            (31337, '0x00000000000000000000000000000000000000a2', 'USDC', 6);
        INSERT INTO pools (chain_id, address, token0_id, token1_id, fee_tier, tick_spacing, pair)
            SELECT 31337, '0x00000000000000000000000000000000000000b1', min(id), max(id), 500, 10, 'ETH/USD' FROM tokens;
        INSERT INTO lp_positions (pool_id, nft_token_id, owner_address, tick_lower, tick_upper, price_lower, price_upper, liquidity,
            entry_amount0, entry_amount1, entry_price, status, on_chain_hedge_ratio, execution_mode, suggestion_threshold,
            max_ratio_change, max_notional_per_day_usd, cooldown, opened_at, updated_at)
        SELECT (SELECT id FROM pools LIMIT 1), g, '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266', -200000, -190000, 2700, 3300, 1000000000000,
            10, 30000, 3000, 'open', 0, 'manual', 0.05, 0.25, 0, interval '1 hour', now(), now()
        FROM generate_series(1, {0}) g;
        INSERT INTO risk_scores (position_id, scored_at, score, forecast_volatility, horizon_hours, expected_il,
            prob_il_beyond_threshold, il_threshold, recommended_ratio, features)
        SELECT p.id, timestamptz '2026-01-01' + (k * interval '1 hour'), (k % 100) / 100.0, 0.8, 24, -0.02, 0.3, 0.05, 0.4, '{{}}'
        FROM lp_positions p CROSS JOIN generate_series(1, {1} / {0}) k;
        INSERT INTO hedge_suggestions (position_id, current_ratio, proposed_ratio, status, idempotency_key, created_at, expires_at)
        SELECT id, 0, 0.4, 'pending', 'bench-' || id, now(), now() + interval '1 hour' FROM lp_positions WHERE id % 10 = 0;
        """, positions, scores);
}
