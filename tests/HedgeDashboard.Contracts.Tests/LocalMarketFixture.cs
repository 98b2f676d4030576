using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Ethereum.Crypto;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Ethereum.Signing;
using HedgeDashboard.TestSupport;

namespace HedgeDashboard.Contracts.Tests;

/// <summary>
/// One private anvil with the whole local market deployed by scripts/deploy-local.sh (real Uniswap v3 from the npm
/// artifacts, mock feed and venue, HedgeController, three protected demo positions), shared by the tests of the
/// <see cref="LocalMarketCollection"/>. Addresses come from the deployment JSON the script writes.
/// </summary>
public sealed class LocalMarketFixture : IAsyncLifetime
{
    private string _file = "";

    public AnvilNode Node { get; private set; } = null!;

    public EthereumRpc Rpc { get; private set; } = null!;

    public JsonElement Deployment { get; private set; }

    public BigInteger ChainId { get; private set; }

    /// <summary>The head right after the deployment (its logs are in blocks 0..DeployedBlock).</summary>
    public ulong DeployedBlock { get; private set; }

    public static EthereumAccount Account(int index) => new(PrivateKey.FromHex(AnvilNode.DevAccounts[index].PrivateKey));

    public Address Contract(string name) => Address.Parse(Deployment.GetProperty("contracts").GetProperty(name).GetString()!);

    public JsonElement Position(int index) => Deployment.GetProperty("positions")[index];

    public static BigInteger Big(JsonElement e) => e.ValueKind == JsonValueKind.String
        ? BigInteger.Parse(e.GetString()!, CultureInfo.InvariantCulture)
        : BigInteger.Parse(e.GetRawText(), CultureInfo.InvariantCulture);

    public async Task InitializeAsync()
    {
        Node = await AnvilNode.StartAsync();
        Rpc = EthereumRpc.Create(Node.RpcUrl, TimeSpan.FromSeconds(20), maxRetries: 1);
        _file = Path.Combine(Path.GetTempPath(), $"contracts-tests-{Guid.NewGuid():N}.json");
        var psi = new ProcessStartInfo("bash", [Path.Combine(RepoPaths.Root, "scripts", "deploy-local.sh"), Node.RpcUrl.ToString().TrimEnd('/')])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment["DEPLOYMENT_FILE"] = _file;
        psi.Environment["FORCE_DEPLOY"] = "1";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"deploy-local.sh failed ({p.ExitCode}): {await stdout} {stderr}");
        }

        Deployment = JsonDocument.Parse(await File.ReadAllTextAsync(_file)).RootElement.Clone();
        ChainId = await Rpc.Chain.GetChainIdAsync();
        DeployedBlock = await Rpc.Chain.GetBlockNumberAsync();
    }

    public async Task DisposeAsync()
    {
        File.Delete(_file);
        if (Node is not null)
        {
            await Node.DisposeAsync();
        }
    }
}

/// <summary>The on-chain test classes share one deployed market (one anvil, one forge deploy per test run).</summary>
[CollectionDefinition(Name)]
public sealed class LocalMarketCollection : ICollectionFixture<LocalMarketFixture>
{
    public const string Name = "local market";
}
