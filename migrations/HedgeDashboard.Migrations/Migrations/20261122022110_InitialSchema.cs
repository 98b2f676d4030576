using System;
using System.Numerics;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace HedgeDashboard.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AspNetRoles",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUsers",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    UserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedUserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedEmail = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    EmailConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    PasswordHash = table.Column<string>(type: "text", nullable: true),
                    SecurityStamp = table.Column<string>(type: "text", nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true),
                    PhoneNumber = table.Column<string>(type: "text", nullable: true),
                    PhoneNumberConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    TwoFactorEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    LockoutEnd = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LockoutEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    AccessFailedCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUsers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "app_settings",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    circuit_breaker_on = table.Column<bool>(type: "boolean", nullable: false),
                    circuit_breaker_reason = table.Column<string>(type: "text", nullable: true),
                    webhook_url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    explorer_tx_url_template = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_app_settings", x => x.id);
                    table.CheckConstraint("ck_app_settings_explorer_template", "position('{hash}' in explorer_tx_url_template) > 0");
                    table.CheckConstraint("ck_app_settings_singleton", "id = 1");
                    table.CheckConstraint("ck_app_settings_webhook_url", "webhook_url IS NULL OR webhook_url ~ '^https?://'");
                });

            migrationBuilder.CreateTable(
                name: "audit_log",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    actor = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    action = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    entity_type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    entity_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    details = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_log", x => x.id);
                    table.CheckConstraint("ck_audit_log_action", "length(action) > 0");
                    table.CheckConstraint("ck_audit_log_actor", "length(actor) > 0");
                });

            migrationBuilder.CreateTable(
                name: "chains",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    explorer_tx_url_template = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_chains", x => x.id);
                    table.CheckConstraint("ck_chains_id_positive", "id > 0");
                });

            migrationBuilder.CreateTable(
                name: "model_versions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    parameters = table.Column<string>(type: "jsonb", nullable: false),
                    metrics = table.Column<string>(type: "jsonb", nullable: false),
                    trained_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    activated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_model_versions", x => x.id);
                    table.CheckConstraint("ck_model_versions_activated_at", "status <> 'active' OR activated_at IS NOT NULL");
                    table.CheckConstraint("ck_model_versions_status", "status IN ('candidate', 'active', 'retired')");
                    table.CheckConstraint("ck_model_versions_version", "version >= 1");
                });

            migrationBuilder.CreateTable(
                name: "oracle_health",
                columns: table => new
                {
                    pair = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    is_healthy = table.Column<bool>(type: "boolean", nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    feed_price = table.Column<decimal>(type: "numeric", nullable: true),
                    pool_twap_price = table.Column<decimal>(type: "numeric", nullable: true),
                    feed_updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    checked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_oracle_health", x => x.pair);
                    table.CheckConstraint("ck_oracle_health_prices", "(feed_price IS NULL OR feed_price > 0) AND (pool_twap_price IS NULL OR pool_twap_price > 0)");
                    table.CheckConstraint("ck_oracle_health_reason", "is_healthy OR reason IS NOT NULL");
                });

            migrationBuilder.CreateTable(
                name: "price_observations",
                columns: table => new
                {
                    pair = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    source = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    observed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    price = table.Column<decimal>(type: "numeric", nullable: false),
                    block_number = table.Column<long>(type: "bigint", nullable: true),
                    volume = table.Column<decimal>(type: "numeric", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_price_observations", x => new { x.pair, x.source, x.observed_at });
                    table.CheckConstraint("ck_price_observations_block_number", "block_number IS NULL OR block_number >= 0");
                    table.CheckConstraint("ck_price_observations_pair", "pair ~ '^[A-Za-z0-9.]+/[A-Za-z0-9.]+$'");
                    table.CheckConstraint("ck_price_observations_price_positive", "price > 0");
                    table.CheckConstraint("ck_price_observations_source", "length(source) > 0");
                    table.CheckConstraint("ck_price_observations_volume", "volume IS NULL OR volume >= 0");
                });

            migrationBuilder.CreateTable(
                name: "AspNetRoleClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RoleId = table.Column<string>(type: "text", nullable: false),
                    ClaimType = table.Column<string>(type: "text", nullable: true),
                    ClaimValue = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetRoleClaims_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<string>(type: "text", nullable: false),
                    ClaimType = table.Column<string>(type: "text", nullable: true),
                    ClaimValue = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetUserClaims_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserLogins",
                columns: table => new
                {
                    LoginProvider = table.Column<string>(type: "text", nullable: false),
                    ProviderKey = table.Column<string>(type: "text", nullable: false),
                    ProviderDisplayName = table.Column<string>(type: "text", nullable: true),
                    UserId = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                    table.ForeignKey(
                        name: "FK_AspNetUserLogins_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserRoles",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "text", nullable: false),
                    RoleId = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserTokens",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "text", nullable: false),
                    LoginProvider = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Value = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                    table.ForeignKey(
                        name: "FK_AspNetUserTokens_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "tokens",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    chain_id = table.Column<long>(type: "bigint", nullable: false),
                    address = table.Column<string>(type: "character varying(42)", maxLength: 42, nullable: false),
                    symbol = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    decimals = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tokens", x => x.id);
                    table.CheckConstraint("ck_tokens_address", "address ~ '^0x[0-9a-f]{40}$'");
                    table.CheckConstraint("ck_tokens_decimals", "decimals BETWEEN 0 AND 36");
                    table.ForeignKey(
                        name: "fk_tokens_chain_id",
                        column: x => x.chain_id,
                        principalTable: "chains",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "tracked_wallets",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    chain_id = table.Column<long>(type: "bigint", nullable: false),
                    address = table.Column<string>(type: "character varying(42)", maxLength: 42, nullable: false),
                    label = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    is_active = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tracked_wallets", x => x.id);
                    table.CheckConstraint("ck_tracked_wallets_address", "address ~ '^0x[0-9a-f]{40}$'");
                    table.ForeignKey(
                        name: "fk_tracked_wallets_chain_id",
                        column: x => x.chain_id,
                        principalTable: "chains",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "pools",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    chain_id = table.Column<long>(type: "bigint", nullable: false),
                    address = table.Column<string>(type: "character varying(42)", maxLength: 42, nullable: false),
                    token0_id = table.Column<long>(type: "bigint", nullable: false),
                    token1_id = table.Column<long>(type: "bigint", nullable: false),
                    fee_tier = table.Column<int>(type: "integer", nullable: false),
                    tick_spacing = table.Column<int>(type: "integer", nullable: false),
                    pair = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pools", x => x.id);
                    table.CheckConstraint("ck_pools_address", "address ~ '^0x[0-9a-f]{40}$'");
                    table.CheckConstraint("ck_pools_distinct_tokens", "token0_id <> token1_id");
                    table.CheckConstraint("ck_pools_fee_tier", "fee_tier > 0 AND fee_tier < 1000000");
                    table.CheckConstraint("ck_pools_tick_spacing", "tick_spacing > 0");
                    table.ForeignKey(
                        name: "fk_pools_chain_id",
                        column: x => x.chain_id,
                        principalTable: "chains",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_pools_token0_id",
                        column: x => x.token0_id,
                        principalTable: "tokens",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_pools_token1_id",
                        column: x => x.token1_id,
                        principalTable: "tokens",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "lp_positions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    pool_id = table.Column<long>(type: "bigint", nullable: false),
                    wallet_id = table.Column<long>(type: "bigint", nullable: true),
                    nft_token_id = table.Column<long>(type: "bigint", nullable: false),
                    owner_address = table.Column<string>(type: "character varying(42)", maxLength: 42, nullable: false),
                    tick_lower = table.Column<int>(type: "integer", nullable: false),
                    tick_upper = table.Column<int>(type: "integer", nullable: false),
                    price_lower = table.Column<decimal>(type: "numeric", nullable: false),
                    price_upper = table.Column<decimal>(type: "numeric", nullable: false),
                    liquidity = table.Column<BigInteger>(type: "numeric(78,0)", nullable: false),
                    entry_amount0 = table.Column<decimal>(type: "numeric", nullable: false),
                    entry_amount1 = table.Column<decimal>(type: "numeric", nullable: false),
                    entry_price = table.Column<decimal>(type: "numeric", nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    protected_position_id = table.Column<long>(type: "bigint", nullable: true),
                    on_chain_hedge_ratio = table.Column<decimal>(type: "numeric(7,6)", nullable: false),
                    opened_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    cooldown = table.Column<TimeSpan>(type: "interval", nullable: false),
                    max_notional_per_day_usd = table.Column<decimal>(type: "numeric", nullable: false),
                    max_ratio_change = table.Column<decimal>(type: "numeric(7,6)", nullable: false),
                    execution_mode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    suggestion_threshold = table.Column<decimal>(type: "numeric(7,6)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_lp_positions", x => x.id);
                    table.CheckConstraint("ck_lp_positions_closed_at", "(status = 'closed') = (closed_at IS NOT NULL)");
                    table.CheckConstraint("ck_lp_positions_cooldown", "cooldown >= interval '0'");
                    table.CheckConstraint("ck_lp_positions_entry_amounts", "entry_amount0 >= 0 AND entry_amount1 >= 0");
                    table.CheckConstraint("ck_lp_positions_entry_price", "entry_price > 0");
                    table.CheckConstraint("ck_lp_positions_execution_mode", "execution_mode IN ('manual', 'auto')");
                    table.CheckConstraint("ck_lp_positions_liquidity", "liquidity >= 0");
                    table.CheckConstraint("ck_lp_positions_max_notional_per_day", "max_notional_per_day_usd >= 0");
                    table.CheckConstraint("ck_lp_positions_max_ratio_change", "max_ratio_change >= 0 AND max_ratio_change <= 1");
                    table.CheckConstraint("ck_lp_positions_on_chain_hedge_ratio", "on_chain_hedge_ratio >= 0 AND on_chain_hedge_ratio <= 1");
                    table.CheckConstraint("ck_lp_positions_owner_address", "owner_address ~ '^0x[0-9a-f]{40}$'");
                    table.CheckConstraint("ck_lp_positions_price_range", "price_lower > 0 AND price_lower < price_upper");
                    table.CheckConstraint("ck_lp_positions_status", "status IN ('open', 'closed')");
                    table.CheckConstraint("ck_lp_positions_suggestion_threshold", "suggestion_threshold >= 0 AND suggestion_threshold <= 1");
                    table.CheckConstraint("ck_lp_positions_tick_range", "tick_lower < tick_upper");
                    table.ForeignKey(
                        name: "fk_lp_positions_pool_id",
                        column: x => x.pool_id,
                        principalTable: "pools",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_lp_positions_wallet_id",
                        column: x => x.wallet_id,
                        principalTable: "tracked_wallets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "controller_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    chain_id = table.Column<long>(type: "bigint", nullable: false),
                    contract_address = table.Column<string>(type: "character varying(42)", maxLength: 42, nullable: false),
                    block_number = table.Column<long>(type: "bigint", nullable: false),
                    block_hash = table.Column<string>(type: "character varying(66)", maxLength: 66, nullable: false),
                    block_time = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    tx_hash = table.Column<string>(type: "character varying(66)", maxLength: 66, nullable: false),
                    log_index = table.Column<int>(type: "integer", nullable: false),
                    event_name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    protected_position_id = table.Column<long>(type: "bigint", nullable: true),
                    position_id = table.Column<long>(type: "bigint", nullable: true),
                    args = table.Column<string>(type: "jsonb", nullable: false),
                    removed = table.Column<bool>(type: "boolean", nullable: false),
                    indexed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_controller_events", x => x.id);
                    table.CheckConstraint("ck_controller_events_block_hash", "block_hash ~ '^0x[0-9a-f]{64}$'");
                    table.CheckConstraint("ck_controller_events_block_number", "block_number >= 0");
                    table.CheckConstraint("ck_controller_events_contract_address", "contract_address ~ '^0x[0-9a-f]{40}$'");
                    table.CheckConstraint("ck_controller_events_log_index", "log_index >= 0");
                    table.CheckConstraint("ck_controller_events_tx_hash", "tx_hash ~ '^0x[0-9a-f]{64}$'");
                    table.ForeignKey(
                        name: "fk_controller_events_chain_id",
                        column: x => x.chain_id,
                        principalTable: "chains",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_controller_events_position_id",
                        column: x => x.position_id,
                        principalTable: "lp_positions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "risk_scores",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    position_id = table.Column<long>(type: "bigint", nullable: false),
                    scored_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    model_version_id = table.Column<long>(type: "bigint", nullable: true),
                    score = table.Column<double>(type: "double precision", nullable: false),
                    forecast_volatility = table.Column<double>(type: "double precision", nullable: false),
                    horizon_hours = table.Column<double>(type: "double precision", nullable: false),
                    expected_il = table.Column<double>(type: "double precision", nullable: false),
                    prob_il_beyond_threshold = table.Column<double>(type: "double precision", nullable: false),
                    il_threshold = table.Column<double>(type: "double precision", nullable: false),
                    recommended_ratio = table.Column<decimal>(type: "numeric(7,6)", nullable: false),
                    features = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_risk_scores", x => x.id);
                    table.CheckConstraint("ck_risk_scores_expected_il", "expected_il >= -1 AND expected_il <= 1");
                    table.CheckConstraint("ck_risk_scores_forecast_volatility", "forecast_volatility >= 0");
                    table.CheckConstraint("ck_risk_scores_horizon_hours", "horizon_hours > 0");
                    table.CheckConstraint("ck_risk_scores_il_threshold", "il_threshold >= 0 AND il_threshold <= 1");
                    table.CheckConstraint("ck_risk_scores_prob_il_beyond_threshold", "prob_il_beyond_threshold >= 0 AND prob_il_beyond_threshold <= 1");
                    table.CheckConstraint("ck_risk_scores_recommended_ratio", "recommended_ratio >= 0 AND recommended_ratio <= 1");
                    table.CheckConstraint("ck_risk_scores_score", "score >= 0 AND score <= 1");
                    table.ForeignKey(
                        name: "fk_risk_scores_model_version_id",
                        column: x => x.model_version_id,
                        principalTable: "model_versions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_risk_scores_position_id",
                        column: x => x.position_id,
                        principalTable: "lp_positions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "hedge_suggestions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    position_id = table.Column<long>(type: "bigint", nullable: false),
                    risk_score_id = table.Column<long>(type: "bigint", nullable: true),
                    current_ratio = table.Column<decimal>(type: "numeric(7,6)", nullable: false),
                    proposed_ratio = table.Column<decimal>(type: "numeric(7,6)", nullable: false),
                    reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    expected_cost_usd = table.Column<decimal>(type: "numeric", nullable: true),
                    expected_protection_usd = table.Column<decimal>(type: "numeric", nullable: true),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    decided_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    decision_comment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    idempotency_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    superseded_by_id = table.Column<long>(type: "bigint", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_hedge_suggestions", x => x.id);
                    table.CheckConstraint("ck_hedge_suggestions_current_ratio", "current_ratio >= 0 AND current_ratio <= 1");
                    table.CheckConstraint("ck_hedge_suggestions_decision", "(status IN ('approved', 'rejected', 'executing', 'executed') AND decided_by IS NOT NULL AND decided_at IS NOT NULL) OR status NOT IN ('approved', 'rejected', 'executing', 'executed')");
                    table.CheckConstraint("ck_hedge_suggestions_expected_cost", "expected_cost_usd IS NULL OR expected_cost_usd >= 0");
                    table.CheckConstraint("ck_hedge_suggestions_expiry", "expires_at > created_at");
                    table.CheckConstraint("ck_hedge_suggestions_idempotency_key", "length(idempotency_key) > 0");
                    table.CheckConstraint("ck_hedge_suggestions_proposed_ratio", "proposed_ratio >= 0 AND proposed_ratio <= 1");
                    table.CheckConstraint("ck_hedge_suggestions_status", "status IN ('pending', 'approved', 'rejected', 'expired', 'superseded', 'executing', 'executed', 'failed')");
                    table.ForeignKey(
                        name: "fk_hedge_suggestions_position_id",
                        column: x => x.position_id,
                        principalTable: "lp_positions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_hedge_suggestions_risk_score_id",
                        column: x => x.risk_score_id,
                        principalTable: "risk_scores",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_hedge_suggestions_superseded_by_id",
                        column: x => x.superseded_by_id,
                        principalTable: "hedge_suggestions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "hedge_executions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    suggestion_id = table.Column<long>(type: "bigint", nullable: false),
                    position_id = table.Column<long>(type: "bigint", nullable: false),
                    chain_id = table.Column<long>(type: "bigint", nullable: false),
                    target_ratio = table.Column<decimal>(type: "numeric(7,6)", nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    from_address = table.Column<string>(type: "character varying(42)", maxLength: 42, nullable: true),
                    nonce = table.Column<long>(type: "bigint", nullable: true),
                    signed_raw = table.Column<byte[]>(type: "bytea", nullable: true),
                    tx_hash = table.Column<string>(type: "character varying(66)", maxLength: 66, nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    max_fee_per_gas = table.Column<decimal>(type: "numeric(78,0)", nullable: true),
                    max_priority_fee_per_gas = table.Column<decimal>(type: "numeric(78,0)", nullable: true),
                    block_number = table.Column<long>(type: "bigint", nullable: true),
                    block_hash = table.Column<string>(type: "character varying(66)", maxLength: 66, nullable: true),
                    gas_used = table.Column<long>(type: "bigint", nullable: true),
                    effective_gas_price = table.Column<decimal>(type: "numeric(78,0)", nullable: true),
                    error = table.Column<string>(type: "text", nullable: true),
                    lease_owner = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    lease_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    signed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    broadcast_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    mined_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    confirmed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_hedge_executions", x => x.id);
                    table.CheckConstraint("ck_hedge_executions_attempts", "attempts >= 0");
                    table.CheckConstraint("ck_hedge_executions_block_hash", "block_hash IS NULL OR block_hash ~ '^0x[0-9a-f]{64}$'");
                    table.CheckConstraint("ck_hedge_executions_fees", "(max_fee_per_gas IS NULL OR max_fee_per_gas >= 0) AND (max_priority_fee_per_gas IS NULL OR (max_priority_fee_per_gas >= 0 AND max_priority_fee_per_gas <= max_fee_per_gas))");
                    table.CheckConstraint("ck_hedge_executions_from_address", "from_address IS NULL OR from_address ~ '^0x[0-9a-f]{40}$'");
                    table.CheckConstraint("ck_hedge_executions_gas_used", "gas_used IS NULL OR gas_used >= 0");
                    table.CheckConstraint("ck_hedge_executions_mined_state", "status NOT IN ('mined', 'confirmed') OR (block_number IS NOT NULL AND block_hash IS NOT NULL)");
                    table.CheckConstraint("ck_hedge_executions_nonce", "nonce IS NULL OR nonce >= 0");
                    table.CheckConstraint("ck_hedge_executions_signed_state", "status IN ('pending', 'failed', 'needs_review') OR (signed_raw IS NOT NULL AND tx_hash IS NOT NULL AND nonce IS NOT NULL AND from_address IS NOT NULL)");
                    table.CheckConstraint("ck_hedge_executions_status", "status IN ('pending', 'signed', 'broadcast', 'mined', 'confirmed', 'failed', 'needs_review')");
                    table.CheckConstraint("ck_hedge_executions_target_ratio", "target_ratio >= 0 AND target_ratio <= 1");
                    table.CheckConstraint("ck_hedge_executions_tx_hash", "tx_hash IS NULL OR tx_hash ~ '^0x[0-9a-f]{64}$'");
                    table.ForeignKey(
                        name: "fk_hedge_executions_chain_id",
                        column: x => x.chain_id,
                        principalTable: "chains",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_hedge_executions_position_id",
                        column: x => x.position_id,
                        principalTable: "lp_positions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_hedge_executions_suggestion_id",
                        column: x => x.suggestion_id,
                        principalTable: "hedge_suggestions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "execution_attempts",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    execution_id = table.Column<long>(type: "bigint", nullable: false),
                    attempt_number = table.Column<int>(type: "integer", nullable: false),
                    tx_hash = table.Column<string>(type: "character varying(66)", maxLength: 66, nullable: false),
                    nonce = table.Column<long>(type: "bigint", nullable: false),
                    max_fee_per_gas = table.Column<decimal>(type: "numeric(78,0)", nullable: false),
                    max_priority_fee_per_gas = table.Column<decimal>(type: "numeric(78,0)", nullable: false),
                    broadcast_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    outcome = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_execution_attempts", x => x.id);
                    table.CheckConstraint("ck_execution_attempts_attempt_number", "attempt_number >= 1");
                    table.CheckConstraint("ck_execution_attempts_fees", "max_priority_fee_per_gas >= 0 AND max_priority_fee_per_gas <= max_fee_per_gas");
                    table.CheckConstraint("ck_execution_attempts_tx_hash", "tx_hash ~ '^0x[0-9a-f]{64}$'");
                    table.ForeignKey(
                        name: "fk_execution_attempts_execution_id",
                        column: x => x.execution_id,
                        principalTable: "hedge_executions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "app_settings",
                columns: new[] { "id", "circuit_breaker_on", "circuit_breaker_reason", "explorer_tx_url_template", "updated_at", "updated_by", "webhook_url" },
                values: new object[] { 1, false, null, "https://etherscan.io/tx/{hash}", new DateTimeOffset(new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "migration", null });

            migrationBuilder.CreateIndex(
                name: "IX_AspNetRoleClaims_RoleId",
                table: "AspNetRoleClaims",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "RoleNameIndex",
                table: "AspNetRoles",
                column: "NormalizedName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserClaims_UserId",
                table: "AspNetUserClaims",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserLogins_UserId",
                table: "AspNetUserLogins",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserRoles_RoleId",
                table: "AspNetUserRoles",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "AspNetUsers",
                column: "NormalizedEmail");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                table: "AspNetUsers",
                column: "NormalizedUserName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_at",
                table: "audit_log",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_entity_type_entity_id_at",
                table: "audit_log",
                columns: new[] { "entity_type", "entity_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ux_chains_name",
                table: "chains",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_controller_events_chain_id_block_number",
                table: "controller_events",
                columns: new[] { "chain_id", "block_number" });

            migrationBuilder.CreateIndex(
                name: "ix_controller_events_position_id_block_number",
                table: "controller_events",
                columns: new[] { "position_id", "block_number" });

            migrationBuilder.CreateIndex(
                name: "ix_controller_events_protected_position_id",
                table: "controller_events",
                column: "protected_position_id");

            migrationBuilder.CreateIndex(
                name: "ux_controller_events_log",
                table: "controller_events",
                columns: new[] { "block_hash", "tx_hash", "log_index" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_execution_attempts_execution_id_attempt_number",
                table: "execution_attempts",
                columns: new[] { "execution_id", "attempt_number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_execution_attempts_tx_hash",
                table: "execution_attempts",
                column: "tx_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_hedge_executions_position_id_created_at",
                table: "hedge_executions",
                columns: new[] { "position_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_hedge_executions_status_created_at",
                table: "hedge_executions",
                columns: new[] { "status", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_hedge_executions_tx_hash",
                table: "hedge_executions",
                column: "tx_hash");

            migrationBuilder.CreateIndex(
                name: "ux_hedge_executions_live_nonce",
                table: "hedge_executions",
                columns: new[] { "chain_id", "from_address", "nonce" },
                unique: true,
                filter: "nonce IS NOT NULL AND status NOT IN ('failed', 'needs_review')");

            migrationBuilder.CreateIndex(
                name: "ux_hedge_executions_suggestion_id",
                table: "hedge_executions",
                column: "suggestion_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_hedge_suggestions_position_id_created_at",
                table: "hedge_suggestions",
                columns: new[] { "position_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_hedge_suggestions_risk_score_id",
                table: "hedge_suggestions",
                column: "risk_score_id");

            migrationBuilder.CreateIndex(
                name: "ix_hedge_suggestions_status_expires_at",
                table: "hedge_suggestions",
                columns: new[] { "status", "expires_at" });

            migrationBuilder.CreateIndex(
                name: "ix_hedge_suggestions_superseded_by_id",
                table: "hedge_suggestions",
                column: "superseded_by_id");

            migrationBuilder.CreateIndex(
                name: "ux_hedge_suggestions_idempotency_key",
                table: "hedge_suggestions",
                column: "idempotency_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_hedge_suggestions_one_pending_per_position",
                table: "hedge_suggestions",
                column: "position_id",
                unique: true,
                filter: "status = 'pending'");

            migrationBuilder.CreateIndex(
                name: "ix_lp_positions_owner_address",
                table: "lp_positions",
                column: "owner_address");

            migrationBuilder.CreateIndex(
                name: "ix_lp_positions_wallet_id",
                table: "lp_positions",
                column: "wallet_id");

            migrationBuilder.CreateIndex(
                name: "ux_lp_positions_pool_id_nft_token_id",
                table: "lp_positions",
                columns: new[] { "pool_id", "nft_token_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_lp_positions_protected_position_id",
                table: "lp_positions",
                column: "protected_position_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_model_versions_name_version",
                table: "model_versions",
                columns: new[] { "name", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_model_versions_one_active_per_name",
                table: "model_versions",
                column: "name",
                unique: true,
                filter: "status = 'active'");

            migrationBuilder.CreateIndex(
                name: "ix_pools_pair",
                table: "pools",
                column: "pair");

            migrationBuilder.CreateIndex(
                name: "ix_pools_token0_id",
                table: "pools",
                column: "token0_id");

            migrationBuilder.CreateIndex(
                name: "ix_pools_token1_id",
                table: "pools",
                column: "token1_id");

            migrationBuilder.CreateIndex(
                name: "ux_pools_chain_id_address",
                table: "pools",
                columns: new[] { "chain_id", "address" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_price_observations_observed_at_brin",
                table: "price_observations",
                column: "observed_at")
                .Annotation("Npgsql:IndexMethod", "brin");

            migrationBuilder.CreateIndex(
                name: "ix_risk_scores_model_version_id",
                table: "risk_scores",
                column: "model_version_id");

            migrationBuilder.CreateIndex(
                name: "ix_risk_scores_position_id_scored_at_desc",
                table: "risk_scores",
                columns: new[] { "position_id", "scored_at" },
                descending: new[] { false, true });

            migrationBuilder.CreateIndex(
                name: "ux_tokens_chain_id_address",
                table: "tokens",
                columns: new[] { "chain_id", "address" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_tracked_wallets_chain_id_address",
                table: "tracked_wallets",
                columns: new[] { "chain_id", "address" },
                unique: true);

            // audit_log is append-only (written here, not shared, so this migration never changes).
            migrationBuilder.Sql("""
                CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
                        USING ERRCODE = 'restrict_violation', CONSTRAINT = 'audit_log_append_only';
                END
                $$;
                CREATE TRIGGER tr_audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
                    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
                CREATE TRIGGER tr_audit_log_no_truncate BEFORE TRUNCATE ON audit_log
                    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS tr_audit_log_no_truncate ON audit_log;
                DROP TRIGGER IF EXISTS tr_audit_log_no_update_delete ON audit_log;
                DROP FUNCTION IF EXISTS audit_log_append_only();
                """);

            migrationBuilder.DropTable(
                name: "AspNetRoleClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserLogins");

            migrationBuilder.DropTable(
                name: "AspNetUserRoles");

            migrationBuilder.DropTable(
                name: "AspNetUserTokens");

            migrationBuilder.DropTable(
                name: "app_settings");

            migrationBuilder.DropTable(
                name: "audit_log");

            migrationBuilder.DropTable(
                name: "controller_events");

            migrationBuilder.DropTable(
                name: "execution_attempts");

            migrationBuilder.DropTable(
                name: "oracle_health");

            migrationBuilder.DropTable(
                name: "price_observations");

            migrationBuilder.DropTable(
                name: "AspNetRoles");

            migrationBuilder.DropTable(
                name: "AspNetUsers");

            migrationBuilder.DropTable(
                name: "hedge_executions");

            migrationBuilder.DropTable(
                name: "hedge_suggestions");

            migrationBuilder.DropTable(
                name: "risk_scores");

            migrationBuilder.DropTable(
                name: "model_versions");

            migrationBuilder.DropTable(
                name: "lp_positions");

            migrationBuilder.DropTable(
                name: "pools");

            migrationBuilder.DropTable(
                name: "tracked_wallets");

            migrationBuilder.DropTable(
                name: "tokens");

            migrationBuilder.DropTable(
                name: "chains");
        }
    }
}
