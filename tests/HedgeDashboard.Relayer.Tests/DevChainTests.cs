using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using HedgeDashboard.TestSupport;

namespace HedgeDashboard.Relayer.Tests;

/// <summary>
/// The dev chain of scripts/anvil.sh (what scripts/run.sh starts): confirmations need later blocks, so it must
/// mine on an interval as well as on each transaction; with automining alone an execution stayed `mined`.
/// </summary>
public sealed class DevChainTests
{
    [Fact]
    public async Task AnvilScript_MinesBlocksWithoutTrafficAndEachTransactionAtOnce()
    {
        var local = Directory.CreateTempSubdirectory("hedge-devchain-").FullName;
        var port = FreePort();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            await ScriptAsync("start", local, port);
            var start = await BlockNumberAsync(http);
            await EventuallyAsync(async () => await BlockNumberAsync(http) >= start + 2, "two blocks without any transaction");

            var hash = (await RpcAsync(http, "eth_sendTransaction", new Dictionary<string, string>
            {
                ["from"] = AnvilNode.DevAccounts[0].Address,
                ["to"] = AnvilNode.DevAccounts[1].Address,
                ["value"] = "0x1",
            })).GetString()!;
            await EventuallyAsync(async () => (await RpcAsync(http, "eth_getTransactionReceipt", hash)).ValueKind == JsonValueKind.Object, "the transaction mined");
        }
        finally
        {
            await ScriptAsync("stop", local, port);
            Directory.Delete(local, recursive: true);
        }
    }

    private static async Task ScriptAsync(string verb, string local, int port)
    {
        var psi = new ProcessStartInfo("bash", [Path.Combine(RepoPaths.Root, "scripts", "anvil.sh"), verb]) { RedirectStandardError = true, RedirectStandardOutput = true };
        psi.Environment["HEDGE_LOCAL_DIR"] = local;
        psi.Environment["HEDGE_ANVIL_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, $"anvil.sh {verb} failed ({p.ExitCode}): {await stdout} {stderr}");
    }

    private static async Task<long> BlockNumberAsync(HttpClient http) =>
        Convert.ToInt64((await RpcAsync(http, "eth_blockNumber")).GetString(), 16);

    private static async Task<JsonElement> RpcAsync(HttpClient http, string method, params object[] parameters)
    {
        using var response = await http.PostAsJsonAsync("/", new { jsonrpc = "2.0", id = 1, method, @params = parameters });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.TryGetProperty("result", out var result) ? result.Clone() : throw new InvalidOperationException($"{method}: {body}");
    }

    // Generous: the test machine may be loaded; the chain's interval is one second.
    private static async Task EventuallyAsync(Func<Task<bool>> probe, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!await probe())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(2), $"timed out waiting for {what}");
            await Task.Delay(100);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
