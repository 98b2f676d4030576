using System.IO.Compression;
using System.Text;

namespace HedgeDashboard.Quant.Tests;

/// <summary>The shared real-data folder (<c>&lt;repo&gt;/../shared/data</c>) and small temporary CSV files.</summary>
internal static class TestData
{
    public const string Header = "timestamp,datetime_utc,open,high,low,close,volume";

    public static string SharedFile(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HedgeDashboard.sln")))
        {
            dir = dir.Parent;
        }

        Assert.True(dir is not null, $"HedgeDashboard.sln not found above {AppContext.BaseDirectory}");
        var path = Path.GetFullPath(Path.Combine(dir!.FullName, "..", "shared", "data", name));
        Assert.True(File.Exists(path), $"Real data file missing: {path}. These tests need the shared data folder next to the repository.");
        return path;
    }

    /// <summary>Writes <paramref name="lines"/> to a new temporary file, gzipped or plain.</summary>
    public static string TempCsv(IEnumerable<string> lines, bool gzip = false)
    {
        var path = Path.Combine(Path.GetTempPath(), $"hedge-test-{Guid.NewGuid():N}.csv{(gzip ? ".gz" : string.Empty)}");
        var bytes = Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");
        using var file = File.Create(path);
        if (gzip)
        {
            using var zip = new GZipStream(file, CompressionLevel.Fastest);
            zip.Write(bytes);
        }
        else
        {
            file.Write(bytes);
        }

        return path;
    }

    /// <summary>Hourly rows from unix time 1_700_000_000 (aligned to the hour), one per close price.</summary>
    public static IEnumerable<string> Rows(params double[] closes) =>
        closes.Select((c, i) => Row(1_699_999_200 + (3600L * i), c));

    public static string Row(long timestamp, double close) =>
        FormattableString.Invariant($"{timestamp},{DateTimeOffset.FromUnixTimeSeconds(timestamp):yyyy-MM-ddTHH:mm:ssZ},{close},{close},{close},{close},1.5");
}
