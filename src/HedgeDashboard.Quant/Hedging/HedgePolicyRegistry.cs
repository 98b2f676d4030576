using System.Globalization;

namespace HedgeDashboard.Quant.Hedging;

/// <summary>
/// Name -> factory for hedge policies, so that <c>--policy NAME[:ARG]</c> resolves in one place.
/// Other assemblies add theirs with <see cref="Register"/>; each <see cref="Create"/> returns a fresh instance.
/// </summary>
public sealed class HedgePolicyRegistry
{
    private readonly Dictionary<string, (string Description, Func<string?, IHedgePolicy> Factory)> factories =
        new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A registry holding <c>none</c>, <c>static:R</c> and <c>delta</c>.</summary>
    public static HedgePolicyRegistry CreateDefault()
    {
        var registry = new HedgePolicyRegistry();
        registry.Register("none", "no hedge (ratio 0)", _ => new StaticRatioPolicy(0, "none"));
        registry.Register("static", "constant ratio R in [0,1], e.g. static:0.5", arg => new StaticRatioPolicy(ParseRatio(arg)));
        registry.Register("delta", "full delta hedge (ratio 1)", _ => new StaticRatioPolicy(1, "delta"));
        return registry;
    }

    public IEnumerable<(string Name, string Description)> Entries =>
        factories.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => (f.Key, f.Value.Description));

    /// <summary>Adds a policy; the factory gets the text after the first ':' of the spec (or null).</summary>
    public void Register(string name, string description, Func<string?, IHedgePolicy> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("A policy name cannot contain ':'.", nameof(name));
        }

        if (!factories.TryAdd(name, (description, factory)))
        {
            throw new ArgumentException($"Policy '{name}' is already registered.", nameof(name));
        }
    }

    /// <summary>Creates the policy named by <paramref name="spec"/> (<c>NAME</c> or <c>NAME:ARG</c>).</summary>
    /// <exception cref="ArgumentException">Unknown name or bad argument; the message says which.</exception>
    public IHedgePolicy Create(string spec)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spec);
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? spec : spec[..colon];
        var arg = colon < 0 ? null : spec[(colon + 1)..];
        if (!factories.TryGetValue(name, out var entry))
        {
            throw new ArgumentException($"unknown policy '{spec}'; known: {string.Join(", ", factories.Keys.Order(StringComparer.Ordinal))}");
        }

        return entry.Factory(arg);
    }

    private static double ParseRatio(string? arg)
    {
        if (arg is null || !double.TryParse(arg, NumberStyles.Float, CultureInfo.InvariantCulture, out var ratio)
            || !double.IsFinite(ratio) || ratio < 0 || ratio > 1)
        {
            throw new ArgumentException($"policy 'static' needs a ratio in [0,1], e.g. static:0.5 (got '{arg}')");
        }

        return ratio;
    }
}
