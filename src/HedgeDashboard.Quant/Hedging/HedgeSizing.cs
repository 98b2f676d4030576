namespace HedgeDashboard.Quant.Hedging;

/// <summary>Perpetual hedge size for a hedge ratio (DESIGN.md, "Hedging").</summary>
public static class HedgeSizing
{
    /// <summary>
    /// Target perp position in token0 (short &lt; 0): against HODL q = -h*(x(P) - x0), which offsets the
    /// delta of (LP - HODL); against cash q = -h*x(P), which offsets the LP's whole delta.
    /// </summary>
    public static double TargetQuantity(double ratio, double lpDelta, double entryAmount0, Benchmark benchmark) =>
        benchmark == Benchmark.Hodl ? -ratio * (lpDelta - entryAmount0) : -ratio * lpDelta;
}
