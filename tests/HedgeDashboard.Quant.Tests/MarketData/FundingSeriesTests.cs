using System.Text;
using HedgeDashboard.Quant.MarketData;

namespace HedgeDashboard.Quant.Tests.MarketData;

public class FundingSeriesTests
{
    [Fact]
    public void Read_EightHourFile_ConvertsToPerHour()
    {
        var csv = "timestamp,funding_time_exact_unix,funding_rate\n1700000000,1700000000,0.0008\n1700028800,1700028800,-0.0016\n";

        var funding = FundingSeriesReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "f.csv");

        Assert.Equal(0.0001, funding.RateAt(DateTimeOffset.FromUnixTimeSeconds(1_700_003_600), 9), 1e-15);
        Assert.Equal(-0.0002, funding.RateAt(DateTimeOffset.FromUnixTimeSeconds(1_700_028_800 + 3600), 9), 1e-15);
    }

    [Fact]
    public void RateAt_OutsideSeries_UsesFallback()
    {
        var t0 = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        var funding = new FundingSeries([t0, t0.AddHours(1)], [0.1, 0.2]);

        Assert.Equal(7, funding.RateAt(t0.AddSeconds(-1), 7));
        Assert.Equal(0.2, funding.RateAt(t0.AddMinutes(119), 7));
        Assert.Equal(7, funding.RateAt(t0.AddHours(2), 7));
    }
}
