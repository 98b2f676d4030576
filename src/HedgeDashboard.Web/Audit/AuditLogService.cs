using System.Globalization;
using System.Text.Json;
using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Web.Audit;

/// <summary>Filters of the audit log: "contains" on the text columns.</summary>
public sealed record AuditFilter(string? Actor = null, string? Action = null, string? EntityType = null, string? EntityId = null);

/// <summary>One audit entry as listed: its details as readable "key: value" lines.</summary>
public sealed record AuditRow(long Id, DateTimeOffset At, string Actor, string Action, string EntityType, string? EntityId, IReadOnlyList<AuditDetail> Details)
{
    public bool IsDenied => Action.EndsWith(".denied", StringComparison.Ordinal);
}

/// <summary>A detail line: a dotted key ("before.Mode") and its value as text, shortened when very long.</summary>
public sealed record AuditDetail(string Key, string Value, string? Full = null);

/// <summary>The audit log page's reads: one page of entries, newest first, and the total.</summary>
public sealed class AuditLogService(IDbContextFactory<HedgeDbContext> dbFactory)
{
    /// <summary>Longest value shown in full; longer ones are cut with the whole text in a tooltip.</summary>
    public const int ValueDisplayLimit = 240;

    public async Task<(IReadOnlyList<AuditRow> Rows, int Total)> PageAsync(AuditFilter filter, int skip, int take, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.AuditLog.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            q = q.Where(e => e.Actor.Contains(filter.Actor.Trim()));
        }

        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            q = q.Where(e => e.Action.Contains(filter.Action.Trim()));
        }

        if (!string.IsNullOrWhiteSpace(filter.EntityType))
        {
            q = q.Where(e => e.EntityType.Contains(filter.EntityType.Trim()));
        }

        if (!string.IsNullOrWhiteSpace(filter.EntityId))
        {
            q = q.Where(e => e.EntityId != null && e.EntityId.Contains(filter.EntityId.Trim()));
        }

        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(e => e.Id).Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 500)).ToListAsync(ct);
        return ([.. rows.Select(e => new AuditRow(e.Id, e.At, e.Actor, e.Action, e.EntityType, e.EntityId, Details(e.Details)))], total);
    }

    /// <summary>
    /// The details JSON as "key: value" lines: nested objects flattened to dotted keys, arrays joined, and numbers of
    /// known enum fields (entries written before enums were stored by name) shown by name.
    /// </summary>
    public static IReadOnlyList<AuditDetail> Details(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        try
        {
            using var doc = JsonDocument.Parse(json);
            var lines = new List<AuditDetail>();
            Flatten(doc.RootElement, "", lines);
            return lines;
        }
        catch (JsonException)
        {
            return [Line("details", json)];
        }
    }

    private static void Flatten(JsonElement e, string key, List<AuditDetail> lines)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    Flatten(p.Value, key.Length == 0 ? p.Name : $"{key}.{p.Name}", lines);
                }

                break;
            case JsonValueKind.Array:
                lines.Add(Line(key, string.Join(", ", e.EnumerateArray().Select(Scalar))));
                break;
            default:
                lines.Add(Line(key.Length == 0 ? "value" : key, Value(key, e)));
                break;
        }
    }

    private static string Value(string key, JsonElement e)
    {
        // Policy audits stored the execution mode as its number before enums were written by name.
        var name = key[(key.LastIndexOf('.') + 1)..];
        return e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var n) && name.Equals("mode", StringComparison.OrdinalIgnoreCase) && Enum.IsDefined((ExecutionMode)n)
            ? ((ExecutionMode)n).ToString()
            : Scalar(e);
    }

    private static string Scalar(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString() ?? "",
        JsonValueKind.Null => "none",
        JsonValueKind.True => "yes",
        JsonValueKind.False => "no",
        JsonValueKind.Number => e.TryGetDecimal(out var d) ? d.ToString(CultureInfo.InvariantCulture) : e.GetRawText(),
        _ => e.GetRawText(),
    };

    private static AuditDetail Line(string key, string value) =>
        value.Length > ValueDisplayLimit ? new(key, value[..ValueDisplayLimit] + "…", value) : new(key, value);
}
