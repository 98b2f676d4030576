using System.Globalization;
using Microsoft.EntityFrameworkCore;
using HedgeDashboard.Data;

namespace HedgeDashboard.Workers.Approvals;

/// <summary>
/// The Postgres NOTIFY channel on which stages announce changes for open dashboards, and its payload:
/// "kind:id:status", e.g. "suggestion:42:approved", "execution:7:confirmed", "positions:0:updated".
/// NOTIFY inside a transaction is delivered on commit only, so a listener never sees a rolled-back change.
/// </summary>
public static class HedgeUpdates
{
    public const string Channel = "hedge_updates";

    public static string Payload(string kind, long id, string status) =>
        string.Create(CultureInfo.InvariantCulture, $"{kind}:{id}:{status}");

    /// <summary>Queues a notification on the context's connection (inside its transaction when there is one).</summary>
    public static Task NotifyAsync(HedgeDbContext db, string kind, long id, string status, CancellationToken ct = default) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_notify({Channel}, {Payload(kind, id, status)})", ct);

    /// <summary>The same notification for several rows in one round trip (a batch's members).</summary>
    public static Task NotifyManyAsync(HedgeDbContext db, string kind, IEnumerable<long> ids, string status, CancellationToken ct = default)
    {
        var payloads = ids.Select(id => Payload(kind, id, status)).ToArray();
        return db.Database.ExecuteSqlAsync($"SELECT pg_notify({Channel}, p) FROM unnest({payloads}) AS p", ct);
    }
}
