using HedgeDashboard.Quant.Options;

namespace HedgeDashboard.Quant.Hedging.Options;

/// <summary>One European option line of a hedge: <paramref name="Quantity"/> units of token0 (negative: sold).</summary>
public sealed record OptionLeg(OptionRight Right, double Strike, double Quantity);

/// <summary>
/// What an option policy buys at a roll: the legs, all expiring one tenor later, and the annual volatility it
/// forecasts (the market in the backtest quotes that plus its volatility premium). No legs means "not yet":
/// the backtest asks again at the next bar.
/// </summary>
public sealed record OptionPlan(double Volatility, IReadOnlyList<OptionLeg> Legs)
{
    public static OptionPlan Wait { get; } = new(double.NaN, []);
}

/// <summary>
/// A hedge policy that holds European options, rolled every <see cref="Tenor"/>. Its <see cref="IHedgePolicy.TargetRatio"/>
/// is the perpetual's share of the residual delta (the LP exposure plus the option legs): 0 for options only.
/// </summary>
public interface IOptionHedgePolicy : IHedgePolicy
{
    TimeSpan Tenor { get; }

    /// <summary>Called at the first bar and then at the first bar at or after each expiry, with history up to that bar.</summary>
    OptionPlan Roll(PolicyContext context);
}
