using System.Globalization;

namespace HedgeDashboard.Web.Live;

/// <summary>One change announced on the hedge_updates channel: "kind:id:status" (see HedgeUpdates in Workers).</summary>
public sealed record DashboardUpdate(string Kind, long Id, string Status)
{
    /// <summary>The listener (re)started listening: anything may have changed unannounced before, so pages reload.</summary>
    public static readonly DashboardUpdate Listening = new("positions", 0, "listening");

    public static bool TryParse(string payload, out DashboardUpdate update)
    {
        update = new("", 0, "");
        var parts = payload.Split(':', 3);
        if (parts.Length != 3 || !long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
        {
            return false;
        }

        update = new(parts[0], id, parts[2]);
        return true;
    }

    /// <summary>Kinds that change what the positions grid shows.</summary>
    public bool AffectsPositions => Kind is "prices" or "positions" or "risk" or "suggestion" or "execution" or "event";
}
