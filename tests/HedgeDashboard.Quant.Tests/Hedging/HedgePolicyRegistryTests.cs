using HedgeDashboard.Quant.Hedging;

namespace HedgeDashboard.Quant.Tests.Hedging;

public class HedgePolicyRegistryTests
{
    [Theory]
    [InlineData("none", "none", 0)]
    [InlineData("delta", "delta", 1)]
    [InlineData("static:0.5", "static:0.5", 0.5)]
    [InlineData("STATIC:0.25", "static:0.25", 0.25)]
    public void Create_BuiltIn_GivesRatio(string spec, string name, double ratio)
    {
        var policy = HedgePolicyRegistry.CreateDefault().Create(spec);

        Assert.Equal(name, policy.Name);
        Assert.Equal(ratio, Assert.IsType<StaticRatioPolicy>(policy).Ratio);
    }

    [Theory]
    [InlineData("static")]
    [InlineData("static:1.5")]
    [InlineData("static:abc")]
    [InlineData("magic")]
    public void Create_BadSpec_ThrowsArgumentExceptionNamingIt(string spec)
    {
        var e = Assert.Throws<ArgumentException>(() => HedgePolicyRegistry.CreateDefault().Create(spec));

        Assert.Contains(spec.Split(':')[0].ToLowerInvariant(), e.Message.ToLowerInvariant(), StringComparison.Ordinal);
    }

    [Fact]
    public void Register_ExtraPolicy_IsCreatedWithArgument()
    {
        var registry = HedgePolicyRegistry.CreateDefault();
        registry.Register("model", "test", arg => new StaticRatioPolicy(double.Parse(arg!, System.Globalization.CultureInfo.InvariantCulture), "model"));

        Assert.Equal(0.3, ((StaticRatioPolicy)registry.Create("model:0.3")).Ratio);
        Assert.Throws<ArgumentException>(() => registry.Register("none", "again", _ => new StaticRatioPolicy(0)));
    }

    [Fact]
    public void TargetQuantity_Benchmarks_FollowDesign()
    {
        Assert.Equal(-0.5 * (2 - 3), HedgeSizing.TargetQuantity(0.5, 2, 3, Benchmark.Hodl));
        Assert.Equal(-0.5 * 2, HedgeSizing.TargetQuantity(0.5, 2, 3, Benchmark.Cash));
    }
}
