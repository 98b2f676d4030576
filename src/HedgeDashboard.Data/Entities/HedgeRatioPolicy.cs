namespace HedgeDashboard.Data.Entities;

/// <summary>How a position's recommended hedge ratio is derived from its risk score (stored as text).</summary>
public enum HedgeRatioPolicy
{
    /// <summary>Cost-aware: hedge what saves more than it costs, with hysteresis on P(IL beyond threshold). The default.</summary>
    Model,

    /// <summary>The source documents' heuristic: min(2 x risk, 1).</summary>
    Seed,
}
