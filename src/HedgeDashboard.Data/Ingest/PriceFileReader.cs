using System.Globalization;
using HedgeDashboard.Quant.MarketData;

namespace HedgeDashboard.Data.Ingest;

/// <summary>
/// Streams the rows of a market-data CSV (optionally gzip): the time from <c>timestamp</c> or
/// <c>updated_at</c> (unix seconds), the price from <c>close</c>, <c>price_usd</c> or another known
/// price column (or one named), the volume from <c>volume</c> when present. Every row is validated;
/// the first bad one throws <see cref="PriceFileException"/> with its line and column.
/// </summary>
public sealed class PriceFileReader : IDisposable
{
    /// <summary>Price columns tried in order when none is named.</summary>
    public static readonly IReadOnlyList<string> KnownPriceColumns =
        ["close", "price_usd", "close_usdc_per_weth", "close_price_usdc_per_weth", "price_usdc_per_weth_from_tick", "price"];

    private static readonly string[] TimeColumns = ["timestamp", "updated_at"];

    // Unix seconds accepted: 2000-01-01 .. 2100-01-01; anything else is a unit mistake (ms) or garbage.
    private const long MinUnix = 946_684_800;
    private const long MaxUnix = 4_102_444_800;

    private readonly Stream _file;
    private readonly StreamReader _reader;
    private readonly string _name;
    private readonly int _timeIndex;
    private readonly int _priceIndex;
    private readonly int _volumeIndex;
    private readonly int _columnCount;
    private readonly string[] _header;
    private long _line = 1;
    private long _lastTime = long.MinValue;

    private PriceFileReader(Stream file, StreamReader reader, string name, string[] header, int timeIndex, int priceIndex, int volumeIndex)
    {
        _file = file;
        _reader = reader;
        _name = name;
        _header = header;
        _columnCount = header.Length;
        _timeIndex = timeIndex;
        _priceIndex = priceIndex;
        _volumeIndex = volumeIndex;
    }

    public string PriceColumn => _header[_priceIndex];

    public string FileName => _name;

    /// <summary>
    /// True while every row read so far had a later time than the one before: then the file holds no
    /// duplicate timestamps and the importer can skip looking for them.
    /// </summary>
    public bool StrictlyIncreasing { get; private set; } = true;

    /// <summary>Compressed bytes read so far (for progress), out of <see cref="Length"/>.</summary>
    public long Position => _file.Position;

    public long Length => _file.Length;

    /// <summary>Opens a file and reads its header.</summary>
    public static PriceFileReader Open(string path, string? priceColumn = null)
    {
        var name = Path.GetFileName(path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            // The trailer check refuses a cut-short .gz that would otherwise read as valid and shorter.
            Stream text = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new VerifiedGzipStream(file, leaveOpen: true) : file;
            // The reader owns the gzip stream (which leaves the file open for the progress position).
            var reader = new StreamReader(text, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: false);
            var headerLine = ReadHeader(reader, name);
            var header = headerLine.Split(',').Select(h => h.Trim()).ToArray();
            var time = FindColumn(header, TimeColumns);
            if (time < 0)
            {
                throw new PriceFileException(name, 1, null, $"no time column: expected one of {string.Join(", ", TimeColumns)}");
            }

            int price;
            if (priceColumn is not null)
            {
                price = Array.IndexOf(header, priceColumn);
                if (price < 0)
                {
                    throw new PriceFileException(name, 1, priceColumn, $"no such column; the header has {string.Join(", ", header)}");
                }
            }
            else
            {
                price = FindColumn(header, KnownPriceColumns);
                if (price < 0)
                {
                    throw new PriceFileException(name, 1, null, $"no price column: expected one of {string.Join(", ", KnownPriceColumns)} (or name one)");
                }
            }

            return new PriceFileReader(file, reader, name, header, time, price, Array.IndexOf(header, "volume"));
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The rows, validated one by one.</summary>
    public IEnumerable<PriceRow> ReadRows()
    {
        var fields = new string[_columnCount];
        while (NextLine() is { } line)
        {
            _line++;
            if (line.Length == 0)
            {
                throw new PriceFileException(_name, _line, null, "empty line");
            }

            Split(line, fields);
            var time = ParseTime(fields[_timeIndex]);
            if (time <= _lastTime)
            {
                StrictlyIncreasing = false;
            }

            _lastTime = time;
            yield return new PriceRow(
                _line,
                time,
                ParsePrice(fields[_priceIndex]),
                _volumeIndex < 0 ? null : ParseVolume(fields[_volumeIndex]));
        }

        if (_line == 1)
        {
            throw new PriceFileException(_name, 1, null, "the file has a header but no rows");
        }
    }

    public void Dispose()
    {
        _reader.Dispose();
        _file.Dispose();
    }

    private string? NextLine()
    {
        try
        {
            return _reader.ReadLine();
        }
        catch (InvalidDataException e)
        {
            throw new PriceFileException(_name, _line + 1, null, e.Message);
        }
    }

    private void Split(string line, string[] fields)
    {
        var start = 0;
        for (var i = 0; i < _columnCount; i++)
        {
            var comma = line.IndexOf(',', start);
            var last = i == _columnCount - 1;
            if (last != (comma < 0))
            {
                var count = line.Count(c => c == ',') + 1;
                throw new PriceFileException(_name, _line, null, $"expected {_columnCount} fields, found {count}");
            }

            fields[i] = last ? line[start..] : line[start..comma];
            start = comma + 1;
        }
    }

    private long ParseTime(string s)
    {
        if (!long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var t))
        {
            throw Bad(_timeIndex, $"'{s}' is not a unix time in seconds");
        }

        if (t is < MinUnix or > MaxUnix)
        {
            throw Bad(_timeIndex, $"{t} is outside 2000..2100 as unix seconds (milliseconds?)");
        }

        return t;
    }

    private decimal ParsePrice(string s)
    {
        if (!decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var p))
        {
            throw Bad(_priceIndex, $"'{s}' is not a number");
        }

        return p > 0 ? p : throw Bad(_priceIndex, $"price must be positive, got {s}");
    }

    private decimal ParseVolume(string s)
    {
        if (!decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
        {
            throw Bad(_volumeIndex, $"'{s}' is not a number");
        }

        return v >= 0 ? v : throw Bad(_volumeIndex, $"volume must not be negative, got {s}");
    }

    private PriceFileException Bad(int column, string detail) => new(_name, _line, _header[column], detail);

    private static string ReadHeader(StreamReader reader, string name)
    {
        string? header;
        try
        {
            header = reader.ReadLine();
        }
        catch (InvalidDataException e)
        {
            throw new PriceFileException(name, 1, null, e.Message);
        }

        return header is { Length: > 0 } h ? h.TrimStart('\uFEFF') : throw new PriceFileException(name, 1, null, "empty file: expected a header row");
    }

    private static int FindColumn(string[] header, IEnumerable<string> candidates)
    {
        foreach (var c in candidates)
        {
            var i = Array.IndexOf(header, c);
            if (i >= 0)
            {
                return i;
            }
        }

        return -1;
    }
}
