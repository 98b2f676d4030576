namespace HedgeDashboard.Quant.Hedging;

/// <summary>
/// Decides the hedge ratio at each step of a backtest (or live). A policy gets one
/// <see cref="PolicyContext"/> per step and sees only the bars up to that step.
/// One instance serves one run, so a policy may keep state between calls.
/// </summary>
public interface IHedgePolicy
{
    /// <summary>Display name, e.g. <c>static:0.5</c>.</summary>
    string Name { get; }

    /// <summary>The wanted hedge ratio in [0, 1]; values outside are clamped by the caller.</summary>
    double TargetRatio(PolicyContext context);
}
