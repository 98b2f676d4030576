using System.Globalization;
using HedgeDashboard.Quant.Options;
using HedgeDashboard.Quant.Positions;

namespace HedgeDashboard.Quant.Hedging.Options;

/// <summary>
/// The option hedges of an LP position, each sized at a roll from the position's own value function and
/// Greeks (rebuilt from the snapshot: the liquidity that gives its value on its range) against the benchmark:
/// the exposure is E(P) = LP(P) - benchmark(P), whose delta is x(P) - x0 against HODL and x(P) against cash.
/// </summary>
public static class OptionPolicies
{
    public static readonly TimeSpan DefaultTenor = TimeSpan.FromDays(30);

    /// <summary>Adds <c>put</c>, <c>put-spread</c>, <c>strangle</c> and <c>delta-gamma</c>; the argument is the tenor (e.g. <c>put:7d</c>).</summary>
    public static HedgePolicyRegistry AddOptionPolicies(this HedgePolicyRegistry registry, Func<IVolatilityForecast> volatility)
    {
        registry.Register("put", "protective puts at (or below) the range's lower bound, sized to the exposure's delta below it; put:TENOR (default 30d)",
            arg => new ProtectivePutPolicy(ParseTenor(arg, "put"), volatility()));
        registry.Register("put-spread", "long put at the price, short put at the lower bound, paying the exposure's loss down to it; put-spread:TENOR",
            arg => new PutSpreadPolicy(ParseTenor(arg, "put-spread"), volatility()));
        registry.Register("strangle", "put at the lower and call at the upper bound, matching the LP's gamma; strangle:TENOR",
            arg => new StranglePolicy(ParseTenor(arg, "strangle"), volatility(), hedgeDelta: false));
        registry.Register("delta-gamma", "the gamma-matched strangle plus a perpetual holding the residual delta; delta-gamma:TENOR",
            arg => new StranglePolicy(ParseTenor(arg, "delta-gamma"), volatility(), hedgeDelta: true));
        return registry;
    }

    /// <summary><c>30d</c>, <c>7d</c>, <c>12h</c>; null gives 30 days.</summary>
    public static TimeSpan ParseTenor(string? arg, string policy)
    {
        if (arg is null)
        {
            return DefaultTenor;
        }

        var unit = arg.Length > 1 ? char.ToLowerInvariant(arg[^1]) : ' ';
        if ((unit == 'd' || unit == 'h') && int.TryParse(arg.AsSpan(0, arg.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 && n <= (unit == 'd' ? 3650 : 87600))
        {
            return unit == 'd' ? TimeSpan.FromDays(n) : TimeSpan.FromHours(n);
        }

        throw new ArgumentException($"policy '{policy}:{arg}' takes a tenor such as 7d, 30d or 12h");
    }

    internal static string TenorText(TimeSpan tenor) => tenor.TotalDays == Math.Floor(tenor.TotalDays)
        ? string.Create(CultureInfo.InvariantCulture, $"{tenor.TotalDays:0}d")
        : string.Create(CultureInfo.InvariantCulture, $"{tenor.TotalHours:0}h");
}

/// <summary>Shared plumbing: volatility forecast, the LP rebuilt from the snapshot, the benchmark's delta.</summary>
public abstract class OptionPolicy(string kind, TimeSpan tenor, IVolatilityForecast volatility, bool hedgeDelta) : IOptionHedgePolicy
{
    public string Name { get; } = kind + ":" + OptionPolicies.TenorText(tenor);

    public TimeSpan Tenor { get; } = tenor > TimeSpan.Zero ? tenor : throw new ArgumentOutOfRangeException(nameof(tenor), tenor, "The tenor must be positive.");

    public double TargetRatio(PolicyContext context) => hedgeDelta ? 1 : 0;

    public OptionPlan Roll(PolicyContext context)
    {
        if (volatility.AnnualVolatility(context.History) is not { } sigma || !(sigma > 0))
        {
            return OptionPlan.Wait;
        }

        var p = context.Position;
        var lp = LiquidityPosition.FromValue(p.Price, p.LpValue, p.Lower, p.Upper);
        var benchmarkDelta = context.Benchmark == Benchmark.Hodl ? p.EntryAmount0 : 0;
        return new OptionPlan(sigma, [.. Legs(p, lp, benchmarkDelta, sigma, Tenor.TotalDays / 365).Where(l => l.Quantity != 0)]);
    }

    protected abstract IEnumerable<OptionLeg> Legs(PositionSnapshot position, LiquidityPosition lp, double benchmarkDelta, double volatility, double years);

    /// <summary>E(a) - E(b) for the exposure LP - benchmark (the benchmark's constant part cancels).</summary>
    protected static double ExposureChange(LiquidityPosition lp, double benchmarkDelta, double a, double b) =>
        lp.ValueAt(a) - lp.ValueAt(b) - (benchmarkDelta * (a - b));
}

/// <summary>
/// Puts struck at the lower bound (at the price once it is below the range), on the exposure's delta below the
/// bound: there the LP holds only token0, so the puts turn its further fall into a floor.
/// </summary>
public sealed class ProtectivePutPolicy(TimeSpan tenor, IVolatilityForecast volatility) : OptionPolicy("put", tenor, volatility, hedgeDelta: false)
{
    protected override IEnumerable<OptionLeg> Legs(PositionSnapshot position, LiquidityPosition lp, double benchmarkDelta, double volatility, double years)
    {
        if (LegFor(position, lp, benchmarkDelta) is { } leg)
        {
            yield return leg;
        }
    }

    /// <summary>The put this policy buys for <paramref name="position"/> (the live suggestion stage sizes it the same way); null when none.</summary>
    public static OptionLeg? LegFor(PositionSnapshot position, double benchmarkDelta) =>
        LegFor(position, LiquidityPosition.FromValue(position.Price, position.LpValue, position.Lower, position.Upper), benchmarkDelta);

    private static OptionLeg? LegFor(PositionSnapshot position, LiquidityPosition lp, double benchmarkDelta)
    {
        var strike = Math.Min(position.Lower, position.Price);
        var quantity = lp.DeltaAt(strike) - benchmarkDelta;
        return strike > 0 && quantity > 0 ? new OptionLeg(OptionRight.Put, strike, quantity) : null;
    }
}

/// <summary>
/// Long a put at the price (capped at the upper bound), short one at the lower bound, on the exposure's average
/// delta between them: at the lower bound it pays exactly what the exposure lost from here, and the short put
/// pays for part of it. Below the range the spread's width is the range's own lower width.
/// </summary>
public sealed class PutSpreadPolicy(TimeSpan tenor, IVolatilityForecast volatility) : OptionPolicy("put-spread", tenor, volatility, hedgeDelta: false)
{
    protected override IEnumerable<OptionLeg> Legs(PositionSnapshot position, LiquidityPosition lp, double benchmarkDelta, double volatility, double years)
    {
        var high = Math.Min(position.Price, position.Upper);
        var low = high > position.Lower * (1 + 1e-9) ? position.Lower : high * position.Lower / position.EntryPrice;
        var quantity = ExposureChange(lp, benchmarkDelta, high, low) / (high - low);
        if (quantity > 0)
        {
            yield return new OptionLeg(OptionRight.Put, high, quantity);
            yield return new OptionLeg(OptionRight.Put, low, -quantity);
        }
    }
}

/// <summary>
/// A put at the lower and a call at the upper bound, as many as cancel the LP's gamma -L/(2 P^1.5) at the price
/// (out of the range the LP has no gamma and nothing is bought). With <c>hedgeDelta</c> the perpetual also holds
/// the residual delta of the exposure and the legs, re-sized every bar within the backtest's threshold.
/// </summary>
public sealed class StranglePolicy(TimeSpan tenor, IVolatilityForecast volatility, bool hedgeDelta)
    : OptionPolicy(hedgeDelta ? "delta-gamma" : "strangle", tenor, volatility, hedgeDelta)
{
    protected override IEnumerable<OptionLeg> Legs(PositionSnapshot position, LiquidityPosition lp, double benchmarkDelta, double volatility, double years)
    {
        var lpGamma = lp.GammaAt(position.Price);
        if (lpGamma >= 0)
        {
            yield break;
        }

        var put = new OptionLeg(OptionRight.Put, position.Lower, 1);
        var call = double.IsFinite(position.Upper) ? new OptionLeg(OptionRight.Call, position.Upper, 1) : null;
        var unitGamma = Black76.Greeks(OptionRight.Put, position.Price, put.Strike, years, 0, volatility).Gamma
            + (call is null ? 0 : Black76.Greeks(OptionRight.Call, position.Price, call.Strike, years, 0, volatility).Gamma);
        if (!(unitGamma > 0))
        {
            yield break;
        }

        var quantity = -lpGamma / unitGamma;
        yield return put with { Quantity = quantity };
        if (call is not null)
        {
            yield return call with { Quantity = quantity };
        }
    }
}
