namespace HedgeDashboard.Data.Ingest;

/// <summary>One parsed row of a price file.</summary>
/// <param name="Line">1-based line number in the file (the header is line 1).</param>
/// <param name="UnixSeconds">Observation time (bar open time for OHLCV files).</param>
/// <param name="Price">Price, &gt; 0.</param>
/// <param name="Volume">Volume when the file has a volume column.</param>
public readonly record struct PriceRow(long Line, long UnixSeconds, decimal Price, decimal? Volume);
