using System.Globalization;
using System.IO.Compression;
using HedgeDashboard.Forecasting.Data;

namespace HedgeDashboard.Forecasting.Tests;

internal static class TestData
{
    public const long Start = 1_546_300_800; // 2019-01-01 00:00 UTC

    /// <summary>Hourly bars from closes, with high/low a little outside open/close.</summary>
    public static List<OhlcvBar> FromCloses(IReadOnlyList<double> closes, long start = Start)
    {
        var bars = new List<OhlcvBar>(closes.Count);
        for (int i = 0; i < closes.Count; i++)
        {
            double open = i == 0 ? closes[0] : closes[i - 1];
            double hi = Math.Max(open, closes[i]) * 1.001, lo = Math.Min(open, closes[i]) * 0.999;
            bars.Add(new OhlcvBar(start + i * 3600L, open, hi, lo, closes[i], 100 + i % 7));
        }
        return bars;
    }

    /// <summary>Closes whose hourly log returns follow GARCH(1,1) with Gaussian shocks (seeded).</summary>
    public static (double[] Returns, List<OhlcvBar> Bars) Garch(int n, double omega, double alpha, double beta, int seed)
    {
        var rng = new Random(seed);
        var returns = new double[n];
        double s2 = omega / (1 - alpha - beta);
        double price = 1000;
        var closes = new double[n + 1];
        closes[0] = price;
        for (int i = 0; i < n; i++)
        {
            double r = Math.Sqrt(s2) * Normal(rng);
            returns[i] = r;
            price *= Math.Exp(r);
            closes[i + 1] = price;
            s2 = omega + alpha * r * r + beta * s2;
        }
        return (returns, FromCloses(closes));
    }

    public static double Normal(Random rng)
    {
        double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    public static MarketHistory History(IReadOnlyList<OhlcvBar> bars) => MarketStore.From(bars).View();

    /// <summary>Reads a file of the shared data folder (next to the repository root).</summary>
    public static List<OhlcvBar> Shared(string file)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HedgeDashboard.sln")))
            dir = dir.Parent;
        if (dir?.Parent is null)
            throw new InvalidOperationException($"No HedgeDashboard.sln above {AppContext.BaseDirectory}.");
        string path = Path.Combine(dir.Parent.FullName, "shared", "data", file);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Real market data is missing: expected {path} (see shared/data/README.md).", path);
        var bars = new List<OhlcvBar>();
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        reader.ReadLine();
        while (reader.ReadLine() is { } line)
        {
            var c = line.Split(',');
            double P(int i) => double.Parse(c[i], NumberStyles.Float, CultureInfo.InvariantCulture);
            bars.Add(new OhlcvBar(long.Parse(c[0], CultureInfo.InvariantCulture), P(2), P(3), P(4), P(5), P(6)));
        }
        return bars;
    }
}
