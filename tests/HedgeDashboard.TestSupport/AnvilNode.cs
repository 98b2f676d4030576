using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace HedgeDashboard.TestSupport;

/// <summary>
/// A private anvil (npm @foundry-rs/anvil, native binary) on a free loopback port, chain id 31337,
/// the standard test mnemonic. One per fixture, so snapshots, reorgs and mining modes never leak.
/// </summary>
public sealed class AnvilNode : IAsyncDisposable
{
    /// <summary>anvil's well-known dev accounts 0..9 (public test keys; never use them on a real chain).</summary>
    public static readonly IReadOnlyList<(string Address, string PrivateKey)> DevAccounts =
    [
        ("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"),
        ("0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"),
        ("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC", "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a"),
        ("0x90F79bf6EB2c4f870365E785982E1f101E93b906", "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6"),
        ("0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65", "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a"),
        ("0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc", "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba"),
        ("0x976EA74026E726554dB657fA54763abd0C3a0aa9", "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e"),
        ("0x14dC79964da2C08b23698B3D3cc7Ca32193d9955", "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356"),
        ("0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f", "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97"),
        ("0xa0Ee7A142d267C1f36714E4a8F75612F20a79720", "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6"),
    ];

    // Generous: anvil answers in milliseconds, but not on a machine with a load average of 30.
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly Process _process;

    private AnvilNode(Process process, int port, long chainId)
    {
        _process = process;
        Port = port;
        ChainId = chainId;
    }

    public long ChainId { get; }

    public int Port { get; }

    public Uri RpcUrl => new($"http://127.0.0.1:{Port}");

    /// <summary>Starts anvil and waits until it answers eth_chainId. Extra args, e.g. "--no-mining".</summary>
    public static Task<AnvilNode> StartAsync(params string[] extraArgs) => StartAsync(31337, extraArgs);

    /// <summary>Starts anvil serving <paramref name="chainId"/> (a second chain beside 31337, e.g. 31338).</summary>
    public static async Task<AnvilNode> StartAsync(long chainId, params string[] extraArgs)
    {
        var port = FreePort();
        var psi = new ProcessStartInfo(RepoPaths.NpmTool("anvil"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--chain-id", chainId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent" }.Concat(extraArgs))
        {
            psi.ArgumentList.Add(a);
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException("anvil did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var node = new AnvilNode(process, port, chainId);
        // Ready in about 0.1 s on an idle machine; a minute on a loaded one is still a start, not a failure.
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromMinutes(1))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"anvil exited with code {process.ExitCode}");
            }

            if (await node.TryChainIdAsync())
            {
                return node;
            }

            await Task.Delay(50);
        }

        await node.DisposeAsync();
        throw new TimeoutException("anvil did not answer within a minute");
    }

    /// <summary>Raw JSON-RPC call for test set-up (the product's client lives in HedgeDashboard.Ethereum.Rpc).</summary>
    public async Task<JsonElement> RpcAsync(string method, params object[] parameters)
    {
        using var resp = await Http.PostAsJsonAsync(RpcUrl, new { jsonrpc = "2.0", id = 1, method, @params = parameters });
        resp.EnsureSuccessStatusCode();
        var doc = await resp.Content.ReadFromJsonAsync<JsonElement>();
        if (doc.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException($"{method}: {error}");
        }

        return doc.GetProperty("result").Clone();
    }

    /// <summary>
    /// Sends a transaction from an unlocked dev account and waits for its receipt; throws when it reverted. The gas limit
    /// is fixed: anvil's own estimate is sometimes exactly what the call uses, and the transaction runs out of gas.
    /// </summary>
    public async Task<JsonElement> SendAsync(HedgeDashboard.Ethereum.Address from, HedgeDashboard.Ethereum.Address to, byte[] data, long gas = 1_000_000)
    {
        var tx = new Dictionary<string, string>
        {
            ["from"] = from.ToLowerHex(), ["to"] = to.ToLowerHex(), ["data"] = HedgeDashboard.Ethereum.Hex.Encode(data), ["gas"] = HedgeDashboard.Ethereum.Hex.EncodeQuantity((ulong)gas),
        };
        var hash = (await RpcAsync("eth_sendTransaction", tx)).GetString()!;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var receipt = await RpcAsync("eth_getTransactionReceipt", hash);
            if (receipt.ValueKind == JsonValueKind.Object)
            {
                return receipt.GetProperty("status").GetString() == "0x1"
                    ? receipt
                    : throw new InvalidOperationException($"transaction {hash} to {to} reverted: {receipt}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no receipt of {hash} within a minute");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        finally
        {
            _process.Dispose();
        }
    }

    private async Task<bool> TryChainIdAsync()
    {
        try
        {
            var id = await RpcAsync("eth_chainId");
            return id.GetString() == $"0x{ChainId:x}";
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
