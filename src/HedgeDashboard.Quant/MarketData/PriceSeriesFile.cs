namespace HedgeDashboard.Quant.MarketData;

/// <summary>Opens price and funding files from disk for the readers.</summary>
public static class PriceSeriesFile
{
    public static Bar[] LoadBars(string path, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        using var stream = Open(path);
        return PriceSeriesReader.Read(stream, path, from, to);
    }

    public static FundingSeries LoadFunding(string path)
    {
        using var stream = Open(path);
        return FundingSeriesReader.Read(stream, path);
    }

    public static PoolFeeSeries LoadPoolFees(string path)
    {
        using var stream = Open(path);
        return PoolFeeSeriesReader.Read(stream, path);
    }

    private static FileStream Open(string path) => File.Exists(path)
        ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16)
        : throw new FileNotFoundException($"file not found: {path}", path);
}
