using HedgeDashboard.Data;
using HedgeDashboard.Workers.Approvals;

namespace HedgeDashboard.Workers.Live;

/// <summary>
/// The stages' side of live updates: a NOTIFY on <see cref="HedgeUpdates.Channel"/> with the payload
/// "kind:id:status" that the dashboard's listener already understands (see <see cref="HedgeUpdates"/>).
/// Kinds published here: prices (id = block), oracle (0, healthy|unhealthy), positions (0, updated),
/// risk (position id, scored), suggestion (id, pending|superseded|expired|approved), event (id, indexed).
/// </summary>
public static class LiveUpdates
{
    public const string Channel = HedgeUpdates.Channel;

    public static Task NotifyAsync(HedgeDbContext db, string kind, long id, string status, CancellationToken ct = default) =>
        HedgeUpdates.NotifyAsync(db, kind, id, status, ct);

    /// <summary>Parses a payload; false when it is not "kind:id:status".</summary>
    public static bool TryParse(string payload, out string kind, out long id, out string status)
    {
        kind = status = "";
        id = 0;
        var parts = payload.Split(':', 3);
        if (parts.Length != 3 || !long.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out id))
        {
            return false;
        }

        (kind, status) = (parts[0], parts[2]);
        return true;
    }
}
