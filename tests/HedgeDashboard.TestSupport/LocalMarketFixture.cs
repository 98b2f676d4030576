using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Ethereum.Crypto;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Ethereum.Signing;

namespace HedgeDashboard.TestSupport;

/// <summary>
/// One private anvil with the whole local market deployed by scripts/deploy-local.sh (real Uniswap v3 from the npm
/// artifacts, mock feed and venue, HedgeController, three protected demo positions owned by dev accounts 1-3, dev
/// account 9 approved as their operator). Addresses come from the deployment JSON the script writes, which stays on
/// disk (<see cref="DeploymentFile"/>) until disposal so an app under test can read it (Chain:DeploymentFile).
/// Use it as a class or collection fixture, or call <see cref="InitializeAsync"/> from a fixture of your own.
/// </summary>
public sealed class LocalMarketFixture : IAsyncLifetime
{
    public AnvilNode Node { get; private set; } = null!;

    public EthereumRpc Rpc { get; private set; } = null!;

    /// <summary>The deployment JSON (contracts, pool, priceFeed, roles, positions).</summary>
    public JsonElement Deployment { get; private set; }

    /// <summary>The deployment JSON on disk (deleted on dispose).</summary>
    public string DeploymentFile { get; private set; } = "";

    public BigInteger ChainId { get; private set; }

    /// <summary>The head right after the deployment (its logs are in blocks 0..DeployedBlock).</summary>
    public ulong DeployedBlock { get; private set; }

    /// <summary>anvil's dev account <paramref name="index"/> as a signing account (0 admin and feed owner, 1-3 demo LPs, 8 model signer, 9 operator).</summary>
    public static EthereumAccount Account(int index) => new(PrivateKey.FromHex(AnvilNode.DevAccounts[index].PrivateKey));

    /// <summary>A contract address by its key in the deployment's "contracts" object, e.g. "hedgeController".</summary>
    public Address Contract(string name) => Address.Parse(Deployment.GetProperty("contracts").GetProperty(name).GetString()!);

    /// <summary>Demo position <paramref name="index"/> (0..2): positionId, tokenId, owner, ticks, liquidity.</summary>
    public JsonElement Position(int index) => Deployment.GetProperty("positions")[index];

    /// <summary>An integer the deployment JSON holds as a number or a decimal string.</summary>
    public static BigInteger Big(JsonElement e) => e.ValueKind == JsonValueKind.String
        ? BigInteger.Parse(e.GetString()!, CultureInfo.InvariantCulture)
        : BigInteger.Parse(e.GetRawText(), CultureInfo.InvariantCulture);

    public async Task InitializeAsync()
    {
        Node = await AnvilNode.StartAsync();
        Rpc = EthereumRpc.Create(Node.RpcUrl, TimeSpan.FromSeconds(20), maxRetries: 1);
        DeploymentFile = Path.Combine(Path.GetTempPath(), $"local-market-{Guid.NewGuid():N}.json");
        await DeployAsync(Node, DeploymentFile);
        Deployment = JsonDocument.Parse(await File.ReadAllTextAsync(DeploymentFile)).RootElement.Clone();
        ChainId = await Rpc.Chain.GetChainIdAsync();
        DeployedBlock = await Rpc.Chain.GetBlockNumberAsync();
    }

    /// <summary>Runs scripts/deploy-local.sh against <paramref name="node"/> (always a fresh deployment) and writes the JSON to <paramref name="deploymentFile"/>.</summary>
    public static async Task DeployAsync(AnvilNode node, string deploymentFile)
    {
        ArgumentNullException.ThrowIfNull(node);
        var psi = new ProcessStartInfo("bash", [Path.Combine(RepoPaths.Root, "scripts", "deploy-local.sh"), node.RpcUrl.ToString().TrimEnd('/')])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment["DEPLOYMENT_FILE"] = deploymentFile;
        psi.Environment["FORCE_DEPLOY"] = "1";
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("bash did not start");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"deploy-local.sh failed ({p.ExitCode}): {await stdout} {stderr}");
        }
    }

    public async Task DisposeAsync()
    {
        // Safe to call twice (a fixture that owns this one may dispose it after a failed start, then again).
        if (DeploymentFile.Length > 0)
        {
            File.Delete(DeploymentFile);
            DeploymentFile = "";
        }

        if (Node is not null)
        {
            await Node.DisposeAsync();
            Node = null!;
        }
    }
}
