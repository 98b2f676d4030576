using System.Diagnostics;
using System.Globalization;
using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.TestSupport;
using HedgeDashboard.Workers.Hosting;
using HedgeDashboard.Workers.Relayer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace HedgeDashboard.Relayer.Tests;

public sealed class OutageAndScaleTests(ITestOutputHelper output)
{
    [Fact]
    public async Task RpcUnreachable_ForAWhile_ClearStatusNoDuplicatesAndRecovery()
    {
        await using var env = await RelayerTestEnv.StartAsync();
        await using var proxy = new TcpProxy(env.Node.Port);
        proxy.Start();
        var rpc = EthereumRpc.Create(proxy.Url, TimeSpan.FromSeconds(2), maxRetries: 0);
        var health = new RelayerHealth();
        var engine = env.Engine(env.Options(o => o.MaxBatchSize = 1), rpc: rpc, health: health);
        var start = await env.OperatorNonceAsync();
        await env.RequestAsync(0, 0.6m);
        await engine.SignPendingAsync(default);

        // The node goes away between signing and sending, and while more requests arrive.
        proxy.Stop();
        await env.RequestAsync(1, 0.7m);
        await env.RequestAsync(2, 0.3m);
        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAsync<RpcTransportException>(() => engine.TickAsync(default));
            await Task.Delay(100);
        }

        Assert.Equal("rpc-unreachable", health.State);
        Assert.NotNull(health.RpcDownSince);
        var rows = await env.ExecutionsAsync();
        Assert.All(rows, e => Assert.StartsWith("RPC unreachable since", e.Error, StringComparison.Ordinal));
        Assert.Equal(ExecutionStatus.Signed, rows[0].Status);
        Assert.Single(await env.AuditAsync("alert.relayer_rpc_unreachable"));
        Assert.Equal(start, await env.OperatorNonceAsync());

        proxy.Start();
        await env.RunUntilAsync(engine);
        rows = await env.ExecutionsAsync();
        Assert.All(rows, e =>
        {
            Assert.Equal(ExecutionStatus.Confirmed, e.Status);
            Assert.Null(e.Error);
            Assert.Equal(1, e.Attempts);
        });
        Assert.Null(health.RpcDownSince);
        Assert.Single(await env.AuditAsync("relayer.rpc_recovered"));
        Assert.Equal(start + 3, await env.OperatorNonceAsync());
    }

    [Fact]
    public async Task AddressLock_SecondInstance_StandsByUntilTheHolderGoes()
    {
        await using var env = await RelayerTestEnv.StartAsync();
        await using var a = StageLock.ForSigningAddress(env.Db.ConnectionString, 31337, env.Keys.Operator.Address);
        await using var b = StageLock.ForSigningAddress(env.Db.ConnectionString, 31337, env.Keys.Operator.Address);
        Assert.True(await a.TryAcquireAsync(default));
        Assert.False(await b.TryAcquireAsync(default));
        Assert.True(await a.TryAcquireAsync(default));
        await a.ReleaseAsync();
        Assert.True(await b.TryAcquireAsync(default));
        Assert.False(await a.TryAcquireAsync(default));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(50)]
    public async Task TwoInstances_FiftyRequestsOneAddress_GaplessNoncesOneSender(int maxBatchSize)
    {
        await using var env = await RelayerTestEnv.StartAsync();
        var start = await env.OperatorNonceAsync();
        using var hostA = BuildHost(env, maxBatchSize);
        using var hostB = BuildHost(env, maxBatchSize);
        await hostA.StartAsync();
        await hostB.StartAsync();
        for (var i = 0; i < 50; i++)
        {
            await env.RequestAsync(i % 3, i % 2 == 0 ? 0.6m : 0.4m);
        }

        var sw = Stopwatch.StartNew();
        while (!RelayerTestEnv.AllFinal(await env.ExecutionsAsync()) && sw.Elapsed < TimeSpan.FromSeconds(120))
        {
            await Task.Delay(200);
        }

        await hostA.StopAsync();
        await hostB.StopAsync();
        var rows = await env.ExecutionsAsync();
        foreach (var entry in (await env.AuditAsync("execution.batch_reverted")).Concat(await env.AuditAsync("relayer.nonce_hole_filled")).DistinctBy(x => x.Details))
        {
            output.WriteLine($"{entry.Action} {entry.EntityId}: {entry.Details}");
        }

        Assert.All(rows, e => Assert.Equal(ExecutionStatus.Confirmed, e.Status));

        // One nonce per transaction (a batch's members share theirs), gapless; every update ran exactly once.
        var transactions = rows.GroupBy(e => e.BatchId ?? e.Id).ToList();
        Assert.All(transactions, t => Assert.Single(t.Select(e => e.Nonce).Distinct()));
        Assert.Equal(Enumerable.Range(0, transactions.Count).Select(i => (long?)(start + i)), transactions.Select(t => t.First().Nonce).Order());
        Assert.Equal(start + transactions.Count, await env.OperatorNonceAsync());
        for (var p = 1; p <= 3; p++)
        {
            Assert.Equal(rows.Count(e => e.PositionId == env.PositionIds[p - 1]), await env.PositionNonceAsync(p));
        }

        if (maxBatchSize == 1)
        {
            Assert.Equal(50, transactions.Count);
        }

        var a = hostA.Services.GetRequiredService<RelayerHealth>().Broadcasts;
        var b = hostB.Services.GetRequiredService<RelayerHealth>().Broadcasts;
        output.WriteLine($"broadcasts: instance A {a}, instance B {b}; {transactions.Count} transactions; {sw.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(transactions.Count, a + b);
        Assert.Equal(0, Math.Min(a, b));
    }

    /// <summary>Figures for the issue note (printed, not asserted): broadcast rate with one address and request-to-broadcast latency.</summary>
    [Fact]
    [Trait("Category", "Figures")]
    public async Task Figures_BroadcastRateAndRequestToBroadcastLatency()
    {
        await using var env = await RelayerTestEnv.StartAsync();
        await env.AddPositionsAsync(27);
        var positions = env.PositionIds.Length;
        using var host = BuildHost(env);
        await host.StartAsync();

        // Burst: 90 requests at once over 30 positions (one update in flight per position).
        var t0 = DateTimeOffset.UtcNow;
        for (var i = 0; i < 90; i++)
        {
            await env.RequestAsync(i % positions, (i / positions) % 2 == 0 ? 0.6m : 0.4m);
        }

        while (!RelayerTestEnv.AllFinal(await env.ExecutionsAsync()))
        {
            await Task.Delay(100);
        }

        var burst = await env.ExecutionsAsync();
        var span = (burst.Max(e => e.BroadcastAt!.Value) - burst.Min(e => e.CreatedAt)).TotalSeconds;
        var burstLatency = burst.Select(e => (e.BroadcastAt!.Value - e.CreatedAt).TotalMilliseconds).Order().ToList();

        // Steady: one request at a time, waiting for its broadcast (poll interval 50 ms).
        var single = new List<double>();
        for (var i = 0; i < 30; i++)
        {
            var id = await env.RequestAsync(i % positions, i % 2 == 0 ? 0.7m : 0.3m);
            HedgeExecution? e;
            do
            {
                await Task.Delay(5);
                e = (await env.ExecutionsAsync()).Single(x => x.Id == id);
            }
            while (e.BroadcastAt is null);
            single.Add((e.BroadcastAt.Value - e.CreatedAt).TotalMilliseconds);
        }

        single.Sort();
        var phases = host.Services.GetRequiredService<RelayerHealth>().PhaseTimes;
        await host.StopAsync();
        var text = string.Create(CultureInfo.InvariantCulture, $"""
            relayer figures (anvil automine, one address, {positions} positions, local Postgres, 2 shared cores):
              burst of {burst.Count} requests: {burst.Count / span:0.0} requests/s broadcast ({span:0.00} s); request->broadcast median {Pct(burstLatency, 0.5):0} ms, p99 {Pct(burstLatency, 0.99):0} ms (includes queueing)
              one at a time ({single.Count}): request->broadcast median {Pct(single, 0.5):0} ms, p99 {Pct(single, 0.99):0} ms (poll interval 50 ms)
              time in phases over the whole run: sign {phases.Sign.TotalSeconds:0.0} s, broadcast {phases.Broadcast.TotalSeconds:0.0} s, follow {phases.Follow.TotalSeconds:0.0} s
            """);
        output.WriteLine(text);
        Console.WriteLine(text);
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "relayer-figures.txt"), text);
        Assert.True(t0 <= DateTimeOffset.UtcNow);
    }

    private static double Pct(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];

    private static IHost BuildHost(RelayerTestEnv env, int maxBatchSize = 50)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Chain:RpcUrl"] = env.Node.RpcUrl.ToString(),
            ["Chain:ChainId"] = "31337",
            ["Relayer:KeysSource"] = "Dev",
            ["Relayer:ControllerAddress"] = env.Controller.ToString(),
            ["Relayer:ConfirmationDepth"] = "1",
            ["Relayer:PollIntervalMilliseconds"] = "50",
            ["Relayer:MaxBatchSize"] = maxBatchSize.ToString(CultureInfo.InvariantCulture),
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddHedgeData(env.Db.ConnectionString);
        builder.Services.AddEthereumRpc(builder.Configuration);
        builder.Services.AddRelayer(builder.Configuration);
        return builder.Build();
    }
}
