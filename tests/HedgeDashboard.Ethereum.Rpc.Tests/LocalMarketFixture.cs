using System.Diagnostics;
using System.Text.Json;
using HedgeDashboard.TestSupport;

namespace HedgeDashboard.Ethereum.Rpc.Tests;

/// <summary>
/// A private anvil with the project's local market deployed by scripts/deploy-local.sh (real Uniswap v3, mock
/// Chainlink feed, HedgeController, three protected positions); addresses come from the deployment JSON.
/// </summary>
public sealed class LocalMarketFixture : IAsyncLifetime
{
    private string _file = "";

    public AnvilNode Node { get; private set; } = null!;

    public EthereumRpc Rpc { get; private set; } = null!;

    public JsonElement Deployment { get; private set; }

    public Address Contract(string name) => Address.Parse(Deployment.GetProperty("contracts").GetProperty(name).GetString()!);

    public async Task InitializeAsync()
    {
        Node = await AnvilNode.StartAsync();
        Rpc = EthereumRpc.Create(Node.RpcUrl, TimeSpan.FromSeconds(10), maxRetries: 1);
        _file = Path.Combine(Path.GetTempPath(), $"eth-rpc-tests-{Guid.NewGuid():N}.json");
        var psi = new ProcessStartInfo("bash", [Path.Combine(RepoPaths.Root, "scripts", "deploy-local.sh"), Node.RpcUrl.ToString().TrimEnd('/')])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment["FORCE_DEPLOY"] = "1";
        psi.Environment["DEPLOYMENT_FILE"] = _file;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"deploy-local.sh failed ({p.ExitCode}): {await stdout} {stderr}");
        }

        Deployment = JsonDocument.Parse(await File.ReadAllTextAsync(_file)).RootElement.Clone();
    }

    public async Task DisposeAsync()
    {
        File.Delete(_file);
        await Node.DisposeAsync();
    }
}
