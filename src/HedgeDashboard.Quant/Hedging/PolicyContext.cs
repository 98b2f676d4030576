using HedgeDashboard.Quant.MarketData;

namespace HedgeDashboard.Quant.Hedging;

/// <summary>Everything a policy may look at in one step. <see cref="History"/> ends at <see cref="Index"/>.</summary>
public sealed class PolicyContext
{
    public PolicyContext(BarHistory history, PositionSnapshot position, double currentRatio, Benchmark benchmark, CostModel costs, double fundingRatePerHour)
    {
        History = history;
        Position = position;
        CurrentRatio = currentRatio;
        Benchmark = benchmark;
        Costs = costs;
        FundingRatePerHour = fundingRatePerHour;
    }

    /// <summary>Index of the current bar in the series.</summary>
    public int Index => History.LastIndex;

    /// <summary>Open time of the current bar.</summary>
    public DateTimeOffset Time => History.Last.Time;

    /// <summary>Bars [0..Index] only.</summary>
    public BarHistory History { get; }

    public PositionSnapshot Position { get; }

    /// <summary>The hedge ratio held now (0 before the first rebalance).</summary>
    public double CurrentRatio { get; }

    public Benchmark Benchmark { get; }

    public CostModel Costs { get; }

    /// <summary>Funding rate per hour in force now (fraction; positive: longs pay shorts).</summary>
    public double FundingRatePerHour { get; }
}
