using System.Diagnostics;
using System.Text;
using System.Text.Json;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.TestSupport;
using HedgeDashboard.Workers.Relayer;
using Xunit.Abstractions;

namespace HedgeDashboard.Relayer.Tests;

/// <summary>
/// The relayer runs as its own process (tests/HedgeDashboard.Relayer.TestHost); HEDGE_RELAYER_CRASH_AT makes it
/// die (Environment.FailFast) at a checkpoint. A second process without the crash resumes from the database.
/// </summary>
public sealed class CrashRestartTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(RelayerCheckpoint.BeforeSign)]
    [InlineData(RelayerCheckpoint.AfterSign)]
    [InlineData(RelayerCheckpoint.AfterSend)]
    public async Task Crash_AtCheckpoint_RestartSendsExactlyOneTransactionPerRequest(string point)
    {
        await using var env = await RelayerTestEnv.StartAsync("--block-time", "1");
        var start = await env.OperatorNonceAsync();
        for (var p = 0; p < 3; p++)
        {
            await env.RequestAsync(p, 0.6m + (p * 0.1m));
        }

        var alone = new Dictionary<string, string> { ["Relayer__MaxBatchSize"] = "1" };
        var (crashCode, crashOut) = await RunHostAsync(env, point, alone);
        output.WriteLine($"first run exit {crashCode}: {crashOut}");
        Assert.NotEqual(0, crashCode);
        Assert.Contains($"crash injected at {point}", crashOut, StringComparison.Ordinal);

        // The state the crash left behind is the one the checkpoint names.
        var rows = await env.ExecutionsAsync();
        switch (point)
        {
            case RelayerCheckpoint.BeforeSign:
                Assert.All(rows, e => Assert.Equal(ExecutionStatus.Pending, e.Status));
                Assert.Equal(start, await env.OperatorNonceAsync("pending"));
                break;
            case RelayerCheckpoint.AfterSign:
                var signed = Assert.Single(rows, e => e.Status == ExecutionStatus.Signed);
                Assert.NotNull(signed.SignedRaw);
                Assert.Equal(start, await env.OperatorNonceAsync("pending"));
                break;
            case RelayerCheckpoint.AfterSend:
                // All three were signed and stored; the first was accepted by the node but not recorded.
                Assert.All(rows, e => Assert.Equal(ExecutionStatus.Signed, e.Status));
                Assert.Equal(start + 1, await env.OperatorNonceAsync("pending"));
                break;
        }

        var (code, stdout) = await RunHostAsync(env, null, alone);
        output.WriteLine($"second run exit {code}: {stdout}");
        Assert.Equal(0, code);
        rows = await env.ExecutionsAsync();
        Assert.All(rows, e =>
        {
            Assert.Equal(ExecutionStatus.Confirmed, e.Status);
            Assert.Equal(1, e.Attempts);
            Assert.Equal(SuggestionStatus.Executed, e.Suggestion!.Status);
            Assert.Null(e.BatchId);
        });
        Assert.Equal(start + 3, await env.OperatorNonceAsync());
        Assert.Equal(3, rows.Select(e => e.Nonce).Distinct().Count());
        for (var p = 1; p <= 3; p++)
        {
            Assert.Equal(1, await env.PositionNonceAsync(p));
        }
    }

    /// <summary>
    /// The same crashes with batching (the default): the three updates are one updateRatios transaction, stored with
    /// its members before broadcast; the restart sends that transaction once and never a second one.
    /// </summary>
    [Theory]
    [InlineData(RelayerCheckpoint.BeforeSign)]
    [InlineData(RelayerCheckpoint.AfterSign)]
    [InlineData(RelayerCheckpoint.AfterSend)]
    public async Task Crash_AtCheckpoint_Batch_RestartSendsTheBatchOnceEachUpdateOnce(string point)
    {
        await using var env = await RelayerTestEnv.StartAsync("--block-time", "1");
        var start = await env.OperatorNonceAsync();
        for (var p = 0; p < 3; p++)
        {
            await env.RequestAsync(p, 0.6m + (p * 0.1m));
        }

        var (crashCode, crashOut) = await RunHostAsync(env, point);
        output.WriteLine($"first run exit {crashCode}: {crashOut}");
        Assert.NotEqual(0, crashCode);
        Assert.Contains($"crash injected at {point}", crashOut, StringComparison.Ordinal);

        var rows = await env.ExecutionsAsync();
        switch (point)
        {
            case RelayerCheckpoint.BeforeSign:
                Assert.All(rows, e => Assert.Equal(ExecutionStatus.Pending, e.Status));
                Assert.Equal(start, await env.OperatorNonceAsync("pending"));
                break;
            case RelayerCheckpoint.AfterSign:
                // The batch and all its members are stored (one nonce, one hash); nothing reached the node.
                Assert.All(rows, e =>
                {
                    Assert.Equal(ExecutionStatus.Signed, e.Status);
                    Assert.Equal(rows[0].Id, e.BatchId);
                    Assert.Equal(rows[0].TxHash, e.TxHash);
                    Assert.Equal(start, e.Nonce);
                });
                Assert.Equal(start, await env.OperatorNonceAsync("pending"));
                break;
            case RelayerCheckpoint.AfterSend:
                // The node accepted the batch; the crash came before it was recorded as broadcast.
                Assert.All(rows, e => Assert.Equal(ExecutionStatus.Signed, e.Status));
                Assert.Equal(start + 1, await env.OperatorNonceAsync("pending"));
                break;
        }

        var (code, stdout) = await RunHostAsync(env, null);
        output.WriteLine($"second run exit {code}: {stdout}");
        Assert.Equal(0, code);
        rows = await env.ExecutionsAsync();
        Assert.All(rows, e =>
        {
            Assert.Equal(ExecutionStatus.Confirmed, e.Status);
            Assert.Equal(1, e.Attempts);
            Assert.Single(e.AttemptLog);
            Assert.Equal(SuggestionStatus.Executed, e.Suggestion!.Status);
            Assert.Equal(rows[0].Id, e.BatchId);
            Assert.Equal(start, e.Nonce);
        });
        Assert.Single(rows.Select(e => e.TxHash).Distinct());
        Assert.Equal(start + 1, await env.OperatorNonceAsync());
        for (var p = 1; p <= 3; p++)
        {
            Assert.Equal(1, await env.PositionNonceAsync(p));
        }
    }

    [Fact]
    public async Task Crash_AfterSigningAFeeBump_RestartMinesExactlyOneTransactionAndKnowsItAsOurs()
    {
        // No mining: the first broadcast stays in the mempool, so the relayer bumps it and dies before sending the bump.
        await using var env = await RelayerTestEnv.StartAsync("--no-mining");
        var start = await env.OperatorNonceAsync();
        await env.RequestAsync(0, 0.6m);
        var bumpSoon = new Dictionary<string, string> { ["Relayer__BumpAfterSeconds"] = "1" };

        var (crashCode, crashOut) = await RunHostAsync(env, RelayerCheckpoint.AfterBumpSign, bumpSoon);
        output.WriteLine($"first run exit {crashCode}: {crashOut}");
        Assert.NotEqual(0, crashCode);
        Assert.Contains($"crash injected at {RelayerCheckpoint.AfterBumpSign}", crashOut, StringComparison.Ordinal);

        // Stored: both attempts, the bump's bytes as the execution's latest; on the node: only the first.
        var crashed = Assert.Single(await env.ExecutionsAsync());
        Assert.Equal(ExecutionStatus.Broadcast, crashed.Status);
        var attempts = crashed.AttemptLog.OrderBy(a => a.AttemptNumber).ToList();
        Assert.Equal(2, attempts.Count);
        Assert.Equal(attempts[1].TxHash, crashed.TxHash);
        Assert.Equal("signed", attempts[1].Outcome);
        Assert.Equal(JsonValueKind.Object, (await env.Node.RpcAsync("eth_getTransactionByHash", attempts[0].TxHash)).ValueKind);
        Assert.Equal(JsonValueKind.Null, (await env.Node.RpcAsync("eth_getTransactionByHash", attempts[1].TxHash)).ValueKind);

        // Blocks again; whichever of our transactions the chain takes, the restarted relayer must see it as ours.
        await env.Node.RpcAsync("evm_setIntervalMining", 1);
        var (code, stdout) = await RunHostAsync(env, null, bumpSoon);
        output.WriteLine($"second run exit {code}: {stdout}");
        Assert.Equal(0, code);
        var e = Assert.Single(await env.ExecutionsAsync());
        Assert.Equal(ExecutionStatus.Confirmed, e.Status);
        Assert.Contains(e.TxHash, e.AttemptLog.Select(a => a.TxHash));
        Assert.Equal(start + 1, await env.OperatorNonceAsync());
        Assert.Equal(1, await env.PositionNonceAsync(1));
    }

    internal static string HostPath()
    {
        var config = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var path = Path.Combine(RepoPaths.Root, "tests", "HedgeDashboard.Relayer.TestHost", "bin", config, "net10.0", "HedgeDashboard.Relayer.TestHost.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build tests/HedgeDashboard.Relayer.TestHost first.", path);
    }

    private static async Task<(int Code, string Output)> RunHostAsync(RelayerTestEnv env, string? crashAt, IReadOnlyDictionary<string, string>? settings = null)
    {
        var psi = new ProcessStartInfo("dotnet", [HostPath()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment["ConnectionStrings__Hedge"] = env.Db.ConnectionString;
        psi.Environment["Chain__RpcUrl"] = env.Node.RpcUrl.ToString();
        psi.Environment["Chain__ChainId"] = "31337";
        psi.Environment["Chain__MaxRetries"] = "0";
        psi.Environment["Relayer__KeysSource"] = "Dev";
        psi.Environment["Relayer__ControllerAddress"] = env.Controller.ToString();
        psi.Environment["Relayer__ConfirmationDepth"] = "2";
        psi.Environment["Relayer__PollIntervalMilliseconds"] = "100";
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        psi.Environment["HEDGE_RELAYER_EXIT_WHEN_DONE"] = "1";
        if (crashAt is not null)
        {
            psi.Environment["HEDGE_RELAYER_CRASH_AT"] = crashAt;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            psi.Environment[key] = value;
        }

        using var p = Process.Start(psi)!;
        var sb = new StringBuilder();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5)); // generous: loaded machines
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"relayer test host did not exit: {await stdout} {await stderr}");
        }

        sb.Append(await stdout).Append(await stderr);
        return (p.ExitCode, sb.ToString());
    }
}
