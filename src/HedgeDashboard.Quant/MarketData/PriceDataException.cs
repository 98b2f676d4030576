namespace HedgeDashboard.Quant.MarketData;

/// <summary>A price or funding file that cannot be used, naming the file, line and column.</summary>
public sealed class PriceDataException : Exception
{
    public PriceDataException(string source, long line, string? column, string detail)
        : base(column is null ? $"{source} line {line}: {detail}" : $"{source} line {line}, column '{column}': {detail}")
    {
        Source = source;
        Line = line;
        Column = column;
    }

    public new string Source { get; }

    public long Line { get; }

    public string? Column { get; }
}
