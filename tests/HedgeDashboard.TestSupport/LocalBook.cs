using System.Diagnostics;
using System.Text.Json;
using HedgeDashboard.Ethereum;

namespace HedgeDashboard.TestSupport;

/// <summary>
/// An LP's book on one anvil (scripts/deploy-book.sh): WETH/USDC 0.05 %, WBTC/WETH 0.3 %, USDC/DAI 0.01 % Uniswap v3 pools
/// (decimals 18, 6, 8, 18) with one position each of dev account 4, a Uniswap v2 WETH/USDC pair holding its liquidity tokens,
/// USD feeds for WETH and USDC and a sequencer uptime feed.
/// </summary>
public sealed record LocalBook(JsonElement Json)
{
    public const int LpAccount = 4;

    public Address PositionManager => Address.Parse(Json.GetProperty("nonfungiblePositionManager").GetString()!);

    public Address Factory => Address.Parse(Json.GetProperty("uniswapV3Factory").GetString()!);

    public Address Lp => Address.Parse(Json.GetProperty("lp").GetString()!);

    /// <summary>The Uniswap v2 WETH/USDC pair (npm @uniswap/v2-core) holding the LP's liquidity tokens.</summary>
    public Address V2Pair => Address.Parse(Json.GetProperty("v2Pairs")[0].GetString()!);

    /// <summary>
    /// What only a price path values (DeployBook's "pricing"): LINK, UNI, the LINK/USDC v3 pool the LP holds nothing in
    /// ("pricingPool") and the UNI/WETH v2 pair holding the LP's liquidity tokens ("v2Pair").
    /// </summary>
    public Address Pricing(string key) => Address.Parse(Json.GetProperty("pricing").GetProperty(key).GetString()!);

    public Address Token(string symbol) => Address.Parse(Json.GetProperty("tokens").GetProperty(symbol).GetString()!);

    /// <summary>The Chainlink-style USD feed of a token (WETH, USDC), owned by dev account 6 (the book simulator's).</summary>
    public Address Feed(string symbol) => Address.Parse(Json.GetProperty("feeds").GetProperty(symbol).GetString()!);

    /// <summary>The mock L2 sequencer uptime feed (up since long ago), owned by dev account 0.</summary>
    public Address SequencerUptimeFeed => Address.Parse(Json.GetProperty("sequencerUptimeFeed").GetString()!);

    /// <summary>Runs scripts/deploy-book.sh against <paramref name="node"/> (fresh Uniswap v3 unless a deployment file is given).</summary>
    public static async Task<LocalBook> DeployAsync(AnvilNode node, string? deploymentFile = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        var file = Path.Combine(Path.GetTempPath(), $"local-book-{Guid.NewGuid():N}.json");
        var args = new List<string> { Path.Combine(RepoPaths.Root, "scripts", "deploy-book.sh"), node.RpcUrl.ToString().TrimEnd('/'), file };
        if (deploymentFile is not null)
        {
            args.Add(deploymentFile);
        }

        var psi = new ProcessStartInfo("bash", args) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["FORCE_DEPLOY"] = "1";
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("bash did not start");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"deploy-book.sh failed ({p.ExitCode}): {await stdout} {stderr}");
        }

        try
        {
            return new LocalBook(JsonDocument.Parse(await File.ReadAllTextAsync(file)).RootElement.Clone());
        }
        finally
        {
            File.Delete(file);
        }
    }
}
