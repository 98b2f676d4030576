using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace HedgeDashboard.Quant.MarketData;

/// <summary>
/// Reads the shared data folder's CSV format (gzip or plain, told apart by the gzip magic bytes;
/// gzip checked against its trailer, so a truncated file fails),
/// with columns found by header name and every parse error naming file, line and column.
/// </summary>
internal sealed class CsvTable : IDisposable
{
    private readonly StreamReader reader;
    private readonly string[] header;
    private readonly Range[] fields;
    private string line = string.Empty;

    public CsvTable(Stream stream, string source)
    {
        Source = source;
        reader = new StreamReader(Decompressed(stream), Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        var first = ReadLine() ?? throw new PriceDataException(source, 1, null, "the file is empty (no header row)");
        header = first.Split(',', StringSplitOptions.TrimEntries);
        fields = new Range[header.Length];
    }

    public string Source { get; }

    /// <summary>1-based line number of the current row (the header is line 1).</summary>
    public long Line { get; private set; }

    public int Column(string name)
    {
        var index = Array.IndexOf(header, name);
        return index >= 0 ? index : throw new PriceDataException(Source, 1, name, $"missing column (header: {string.Join(",", header)})");
    }

    /// <summary>Moves to the next non-empty row; false at the end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Next()
    {
        while (ReadLine() is { } text)
        {
            if (text.Length == 0)
            {
                continue;
            }

            line = text;
            var span = line.AsSpan();
            var count = span.Split(fields, ',');
            if (count != header.Length || span[fields[^1]].Contains(','))
            {
                throw new PriceDataException(Source, Line, null, $"expected {header.Length} fields, found {span.Count(',') + 1}");
            }

            return true;
        }

        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Double(int column)
    {
        var text = line.AsSpan(fields[column]).Trim();
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error(column, $"'{text}' is not a number");
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public long Int64(int column)
    {
        var text = line.AsSpan(fields[column]).Trim();
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error(column, $"'{text}' is not an integer");
    }

    public PriceDataException Error(int column, string detail) => new(Source, Line, header[column], detail);

    public void Dispose() => reader.Dispose();

    private string? ReadLine()
    {
        try
        {
            var text = reader.ReadLine();
            if (text is not null)
            {
                Line++;
            }

            return text;
        }
        catch (InvalidDataException e)
        {
            throw new PriceDataException(Source, Line + 1, null, e.Message);
        }
    }

    private static Stream Decompressed(Stream stream)
    {
        if (!stream.CanSeek)
        {
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            stream.Dispose();
            copy.Position = 0;
            stream = copy;
        }

        var start = stream.Position;
        Span<byte> magic = stackalloc byte[2];
        var read = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        stream.Position = start;
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b ? new VerifiedGzipStream(stream) : stream;
    }
}
