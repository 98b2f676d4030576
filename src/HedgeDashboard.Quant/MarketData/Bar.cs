namespace HedgeDashboard.Quant.MarketData;

/// <summary>One OHLCV bar; <see cref="Time"/> is the bar's open time (UTC).</summary>
public sealed record Bar(DateTimeOffset Time, double Open, double High, double Low, double Close, double Volume);
