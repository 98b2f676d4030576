using HedgeDashboard.Forecasting.Risk;
using HedgeDashboard.Quant.Hedging;
using MathNet.Numerics;

namespace HedgeDashboard.Forecasting.Policies;

public sealed record ModelPolicyOptions
{
    /// <summary>Loss against the benchmark, as a fraction of LP value, that counts as a bad horizon.</summary>
    public double Threshold { get; init; } = 0.02;

    /// <summary>Hedge once P(bad horizon) reaches this...</summary>
    public double RiskOn { get; init; } = 0.10;

    /// <summary>...and stop only when it falls to this: the gap is the hysteresis that stops churn.</summary>
    public double RiskOff { get; init; } = 0.04;

    /// <summary>A change must save this many times its own trading cost over one horizon.</summary>
    public double CostMargin { get; init; } = 2;
}

/// <summary>
/// Cost-aware hedging from the forecast. The hedge offsets the linear exposure D (delta of LP minus benchmark);
/// over the horizon it saves the expected shortfall of that exposure, |D| P sigma E[max(0, -Z)] per unit ratio,
/// and costs funding (by direction) plus the fees and gas of trading to it. The ratio is the one that saves more
/// than it costs, switched on and off by the loss probability with hysteresis, and only traded when the change
/// saves CostMargin times its trading cost.
/// </summary>
public sealed class ModelPolicy(OnlineRiskForecaster forecaster, ModelPolicyOptions options) : IHedgePolicy
{
    private readonly Hysteresis _switch = new(options.RiskOn, options.RiskOff);

    public string Name => "model";

    public double TargetRatio(PolicyContext context)
    {
        var distribution = forecaster.Update(context.History);
        if (distribution is null)
            return context.CurrentRatio;

        double risk = PolicyRisk.Score(context, distribution, options.Threshold);
        bool on = _switch.Update(risk);

        var p = context.Position;
        double exposureDelta = context.Benchmark == Benchmark.Hodl ? p.LpDelta - p.EntryAmount0 : p.LpDelta;
        double notional = Math.Abs(exposureDelta) * p.Price;
        if (notional <= 0)
            return context.CurrentRatio;

        double saved = notional * Math.Sqrt(distribution.Variance) * ExpectedShortfallOfUnitT(distribution.DegreesOfFreedom);
        // The full hedge holds -D token0; funding paid by that position over the horizon (negative: received).
        double funding = -exposureDelta * p.Price * context.FundingRatePerHour * forecaster.HorizonHours;
        double desired = on ? Math.Clamp(1 - Math.Max(funding, 0) / saved, 0, 1) : 0;

        double change = desired - context.CurrentRatio;
        if (change > 0)
        {
            var (fee, slippage, gas) = context.Costs.TradeCost(change * Math.Abs(exposureDelta), p.Price);
            if (change * saved < options.CostMargin * (fee + slippage + gas))
                return context.CurrentRatio;
        }
        return desired;
    }

    /// <summary>E[max(0, -Z)] = E|Z| / 2 for a unit-variance Student-t with nu degrees of freedom.</summary>
    public static double ExpectedShortfallOfUnitT(double nu)
    {
        double meanAbs = 2 * Math.Sqrt(nu) * Math.Exp(SpecialFunctions.GammaLn((nu + 1) / 2) - SpecialFunctions.GammaLn(nu / 2))
            / (Math.Sqrt(Math.PI) * (nu - 1));
        return 0.5 * meanAbs * Math.Sqrt((nu - 2) / nu);
    }
}

/// <summary>On at or above <c>on</c>, off at or below <c>off</c>, unchanged in between.</summary>
public sealed class Hysteresis(double on, double off)
{
    public bool IsOn { get; private set; }

    public bool Update(double value)
    {
        if (value >= on)
            IsOn = true;
        else if (value <= off)
            IsOn = false;
        return IsOn;
    }
}
