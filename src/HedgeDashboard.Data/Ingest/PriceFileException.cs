namespace HedgeDashboard.Data.Ingest;

/// <summary>A price file that cannot be imported, naming the file, line and column. Nothing of it was loaded.</summary>
public sealed class PriceFileException : Exception
{
    public PriceFileException(string file, long line, string? column, string detail)
        : base(column is null ? $"{file} line {line}: {detail}" : $"{file} line {line}, column '{column}': {detail}")
    {
        File = file;
        Line = line;
        Column = column;
    }

    public string File { get; }

    /// <summary>1-based line number; the header is line 1.</summary>
    public long Line { get; }

    public string? Column { get; }
}
