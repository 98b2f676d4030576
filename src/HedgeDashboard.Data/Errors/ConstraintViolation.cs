using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HedgeDashboard.Data.Errors;

/// <summary>What kind of rule a write broke.</summary>
public enum ConstraintKind
{
    Check,
    Unique,
    ForeignKey,
    NotNull,
    Other,
}

/// <summary>
/// A database constraint violation turned into a sentence a person can act on. Constraint names
/// follow the schema's convention: ck_{table}_{rule}, ux_/ak_{table}_{columns}, fk_{table}_{column}.
/// </summary>
public sealed partial class DataConstraintException(ConstraintKind kind, string? table, string? constraint, string message, Exception inner)
    : Exception(message, inner)
{
    private static readonly Dictionary<string, string> Messages = new(StringComparer.Ordinal)
    {
        ["ck_price_observations_price_positive"] = "A price must be positive.",
        ["ck_lp_positions_price_range"] = "The lower price must be positive and below the upper price.",
        ["ck_lp_positions_tick_range"] = "The lower tick must be below the upper tick.",
        ["ck_lp_positions_closed_at"] = "A closed position needs a closing time, and only a closed one.",
        ["ck_lp_positions_fees_owed"] = "Fees owed must be non-negative and come with the time and block they were read at (or all be empty).",
        ["ck_venue_charges_amount"] = "A venue charge cannot be negative.",
        ["ck_venue_charges_notional"] = "A venue charge's notional cannot be negative.",
        ["ck_venue_charges_elapsed_seconds"] = "A funding charge needs its elapsed seconds (non-negative), and only a funding charge.",
        ["ux_venue_charges_log"] = "This venue event is already indexed.",
        ["ck_lp_position_events_amounts"] = "Token amounts of a position manager event cannot be negative.",
        ["ux_lp_position_events_log"] = "This position manager event is already indexed.",
        ["ck_hedge_suggestions_decision"] = "An approved, rejected or executed suggestion needs who decided it and when.",
        ["ck_hedge_suggestions_expiry"] = "A suggestion must expire after it is created.",
        ["ux_hedge_suggestions_one_pending_per_position"] = "This position already has a pending suggestion; supersede it first.",
        ["ux_hedge_suggestions_idempotency_key"] = "A suggestion with this idempotency key already exists.",
        ["ux_hedge_executions_suggestion_id"] = "This suggestion already has an execution request.",
        ["ux_hedge_executions_live_nonce"] = "Another live execution already uses this nonce for this address.",
        ["ux_controller_events_log"] = "This contract event is already indexed.",
        ["ux_model_versions_one_active_per_name"] = "Another version of this model is already active; retire it first.",
        ["ck_app_settings_singleton"] = "There is only one settings row (id 1).",
        ["audit_log_append_only"] = "The audit log is append-only: entries cannot be changed or deleted.",
    };

    public ConstraintKind Kind { get; } = kind;

    public string? Table { get; } = table;

    public string? Constraint { get; } = constraint;

    /// <summary>The readable form of a failed write, or null when it is not a constraint violation.</summary>
    public static DataConstraintException? From(Exception e)
    {
        var pg = e as PostgresException ?? e.InnerException as PostgresException;
        if (pg is null)
        {
            return null;
        }

        var kind = pg.SqlState switch
        {
            PostgresErrorCodes.CheckViolation => ConstraintKind.Check,
            PostgresErrorCodes.UniqueViolation => ConstraintKind.Unique,
            PostgresErrorCodes.ForeignKeyViolation => ConstraintKind.ForeignKey,
            PostgresErrorCodes.NotNullViolation => ConstraintKind.NotNull,
            PostgresErrorCodes.RestrictViolation => ConstraintKind.Other,
            _ => (ConstraintKind?)null,
        };
        if (kind is null)
        {
            return null;
        }

        var table = pg.TableName;
        var name = pg.ConstraintName;
        return new DataConstraintException(kind.Value, table, name, Describe(kind.Value, table, name, pg), e);
    }

    private static string Describe(ConstraintKind kind, string? table, string? name, PostgresException pg)
    {
        if (name is not null && Messages.TryGetValue(name, out var known))
        {
            return known;
        }

        var thing = Words(table ?? "row");
        switch (kind)
        {
            case ConstraintKind.NotNull:
                return $"{Words(pg.ColumnName ?? "a value")} is required ({thing}).";
            case ConstraintKind.Check when name is not null && table is not null && name.StartsWith($"ck_{table}_", StringComparison.Ordinal):
                var rule = name[(table.Length + 4)..];
                return $"Invalid {Words(rule)} for {thing} (rule {name}).";
            case ConstraintKind.Unique:
                var cols = KeyColumns().Match(pg.Detail ?? "") is { Success: true } m ? m.Groups[1].Value : name;
                return $"A {thing} with the same {cols} already exists.";
            case ConstraintKind.ForeignKey when pg.MessageText.Contains("is still referenced", StringComparison.Ordinal):
                return $"This {thing} is still referenced ({name}) and cannot be removed.";
            case ConstraintKind.ForeignKey:
                var column = name is not null && table is not null && name.StartsWith($"fk_{table}_", StringComparison.Ordinal) ? name[(table.Length + 4)..] : name;
                return $"{Words(column ?? "a reference")} of {thing} refers to a row that does not exist.";
            default:
                return $"{pg.MessageText} ({name ?? pg.SqlState}).";
        }
    }

    private static string Words(string snake) => snake.Replace('_', ' ');

    [GeneratedRegex(@"^Key \(([^)]*)\)")]
    private static partial Regex KeyColumns();
}

/// <summary>SaveChanges that reports constraint violations as <see cref="DataConstraintException"/>.</summary>
public static class CheckedSaveChanges
{
    public static async Task<int> SaveChangesCheckedAsync(this DbContext db, CancellationToken cancellationToken = default)
    {
        try
        {
            return await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException && DataConstraintException.From(e) is { } readable)
        {
            throw readable;
        }
    }
}
