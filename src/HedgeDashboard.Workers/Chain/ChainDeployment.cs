using System.Globalization;
using System.Numerics;
using System.Text.Json;
using HedgeDashboard.Ethereum;

namespace HedgeDashboard.Workers.Chain;

/// <summary>
/// The contracts the pipeline watches and drives, read from the deployment file that
/// scripts/deploy-local.sh writes (Chain:DeploymentFile). Addresses as <see cref="Address"/>.
/// </summary>
public sealed record ChainDeployment
{
    public required long ChainId { get; init; }

    public required Address Weth { get; init; }

    public required Address Usdc { get; init; }

    public required Address PositionManager { get; init; }

    public required Address SwapRouter { get; init; }

    public required Address Pool { get; init; }

    public required Address Token0 { get; init; }

    public required Address Token1 { get; init; }

    public required int Fee { get; init; }

    public required int TickSpacing { get; init; }

    public required Address PriceFeed { get; init; }

    public required int FeedDecimals { get; init; }

    public required long MaxFeedAgeSeconds { get; init; }

    public required Address HedgeController { get; init; }

    public required Address HedgeVenue { get; init; }

    /// <summary>The OptionHedgeController, when the deployment has one (older deployment files do not).</summary>
    public Address? OptionController { get; init; }

    public required Address ModelSigner { get; init; }

    public required Address Operator { get; init; }

    public required Address Admin { get; init; }

    /// <summary>Position ids in the controller of the demo positions (for information; the ingestion syncs all).</summary>
    public IReadOnlyList<long> DemoPositionIds { get; init; } = [];

    /// <summary>True when token0 is WETH: the pool price (token1 per token0) is then USD per ETH.</summary>
    public bool WethIsToken0 => Token0 == Weth;

    public static ChainDeployment Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Chain:DeploymentFile '{path}' does not exist (scripts/deploy-local.sh writes it).", path);
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return Parse(doc.RootElement);
    }

    public static ChainDeployment Parse(JsonElement r)
    {
        var c = r.GetProperty("contracts");
        var pool = r.GetProperty("pool");
        var feed = r.GetProperty("priceFeed");
        var roles = r.GetProperty("roles");
        static Address A(JsonElement e, string name) => Address.Parse(e.GetProperty(name).GetString()!);
        static long L(JsonElement e) => e.ValueKind == JsonValueKind.String ? long.Parse(e.GetString()!, CultureInfo.InvariantCulture) : e.GetInt64();
        return new ChainDeployment
        {
            ChainId = L(r.GetProperty("chainId")),
            Weth = A(c, "weth"),
            Usdc = A(c, "usdc"),
            PositionManager = A(c, "nonfungiblePositionManager"),
            SwapRouter = A(c, "swapRouter"),
            Pool = A(c, "pool"),
            Token0 = A(pool, "token0"),
            Token1 = A(pool, "token1"),
            Fee = (int)L(pool.GetProperty("fee")),
            TickSpacing = (int)L(pool.GetProperty("tickSpacing")),
            PriceFeed = A(c, "priceFeed"),
            FeedDecimals = (int)L(feed.GetProperty("decimals")),
            MaxFeedAgeSeconds = L(feed.GetProperty("maxFeedAgeSeconds")),
            HedgeController = A(c, "hedgeController"),
            HedgeVenue = A(c, "hedgeVenue"),
            OptionController = c.TryGetProperty("optionController", out var oc) ? Address.Parse(oc.GetString()!) : null,
            ModelSigner = A(roles, "modelSigner"),
            Operator = A(roles, "operator"),
            Admin = A(roles, "admin"),
            DemoPositionIds = r.TryGetProperty("positions", out var ps)
                ? [.. ps.EnumerateArray().Select(p => L(p.GetProperty("positionId")))]
                : [],
        };
    }
}

/// <summary>Fixed-point helpers between on-chain integers and decimals.</summary>
public static class OnChainUnits
{
    public static readonly BigInteger RatioOne = BigInteger.Pow(10, 18);

    /// <summary>A 1e18 fixed-point ratio as a decimal in [0, 1], rounded to 6 places (the column's scale).</summary>
    public static decimal RatioToDecimal(BigInteger raw) => Math.Round((decimal)raw / (decimal)RatioOne, 6);

    public static BigInteger DecimalToRatio(decimal ratio) => new BigInteger(Math.Round(ratio * 1_000_000m)) * BigInteger.Pow(10, 12);

    /// <summary>value / 10^decimals as a decimal (values up to ~7.9e28 after scaling).</summary>
    public static decimal Scale(BigInteger value, int decimals)
    {
        var d = BigInteger.Pow(10, decimals);
        var whole = BigInteger.DivRem(value, d, out var rem);
        return (decimal)whole + ((decimal)rem / (decimal)d);
    }
}
