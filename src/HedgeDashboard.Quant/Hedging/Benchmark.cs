namespace HedgeDashboard.Quant.Hedging;

/// <summary>What the LP is compared with, and so what the hedge offsets.</summary>
public enum Benchmark
{
    /// <summary>Holding the entry amounts: the hedge offsets the delta of (LP - HODL), i.e. impermanent loss.</summary>
    Hodl,

    /// <summary>Cash (the entry value in token1): the hedge offsets the LP's whole delta (delta-neutral LP).</summary>
    Cash,
}
