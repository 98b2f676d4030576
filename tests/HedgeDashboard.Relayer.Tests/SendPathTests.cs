using System.Numerics;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Ethereum.Rpc.Contracts;
using HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;
using HedgeDashboard.Workers.Relayer;
using Nethereum.Contracts;

namespace HedgeDashboard.Relayer.Tests;

public sealed class SendPathTests
{
    [Fact]
    public async Task Tick_ThreeRequests_OneTransactionEachConfirmedOnlyAtDepth()
    {
        await using var env = await RelayerTestEnv.StartAsync();
        var start = await env.OperatorNonceAsync();
        long[] ids = [await env.RequestAsync(0, 0.6m), await env.RequestAsync(1, 0.7m), await env.RequestAsync(2, 0.3m)];
        var engine = env.Engine(env.Options(o =>
        {
            o.ConfirmationDepth = 3;
            o.MaxBatchSize = 1;
        }));

        // Automine puts each in its own block: a row is confirmed exactly when its block is 3 deep, never before.
        for (var i = 0; i < 3; i++)
        {
            await engine.TickAsync(default);
            var head = (long)await env.Rpc.Chain.GetBlockNumberAsync();
            Assert.All(await env.ExecutionsAsync(), e =>
            {
                Assert.NotNull(e.BlockNumber);
                var deep = head - e.BlockNumber!.Value + 1 >= 3;
                Assert.Equal(deep ? ExecutionStatus.Confirmed : ExecutionStatus.Mined, e.Status);
                Assert.Equal(deep ? SuggestionStatus.Executed : SuggestionStatus.Executing, e.Suggestion!.Status);
            });
            await env.MineAsync();
        }

        await engine.TickAsync(default);
        var rows = await env.ExecutionsAsync();
        Assert.All(rows, e =>
        {
            Assert.Equal(ExecutionStatus.Confirmed, e.Status);
            Assert.Equal(SuggestionStatus.Executed, e.Suggestion!.Status);
            Assert.Equal(1, e.Attempts);
            Assert.Single(e.AttemptLog);
            Assert.Equal(e.TxHash, e.AttemptLog[0].TxHash);
            Assert.NotNull(e.SignedRaw);
            Assert.NotNull(e.BroadcastAt);
            Assert.NotNull(e.GasUsed);
        });
        Assert.Equal(start + 3, await env.OperatorNonceAsync());
        Assert.Equal(Enumerable.Range((int)start, 3).Select(n => (long?)n), rows.Select(e => e.Nonce).Order());
        for (var p = 1; p <= 3; p++)
        {
            Assert.Equal(1, await env.PositionNonceAsync(p));
        }

        var pos = await new HedgeController(env.Rpc, env.Controller).GetPositionAsync(BigInteger.One);
        Assert.Equal(RatioFixedPoint.FromDecimal(0.6m), pos.Ratio);
        Assert.Equal(3, (await env.AuditAsync("execution.confirmed")).Count);

        // The operator view: attempts, fees, hashes, timings and state per request.
        var query = new RelayerStatusQuery(env.DbFactory, engine.Health, Microsoft.Extensions.Options.Options.Create(env.Options()), TimeProvider.System);
        var views = await query.RecentAsync();
        Assert.Equal(3, views.Count);
        Assert.All(views, v =>
        {
            Assert.Equal("confirmed", v.Status);
            var a = Assert.Single(v.AttemptLog);
            Assert.Equal(v.TxHash, a.TxHash);
            Assert.True(a.MaxFeeGwei > 0 && a.PriorityFeeGwei > 0);
            Assert.NotNull(v.RequestToBroadcast);
            Assert.NotNull(v.RequestToConfirmed);
            Assert.False(v.IsStuck);
        });
        var summary = await query.SummaryAsync();
        Assert.Equal(3, summary.CountsByStatus["confirmed"]);
        Assert.Equal(0, summary.Stuck);
        Assert.Equal(env.Keys.Operator.Address.ToLowerHex(), summary.SenderAddress);
    }

    [Fact]
    public async Task Sign_PausedPosition_FailedWithDecodedReasonAndNoNonceSpent()
    {
        await using var env = await RelayerTestEnv.StartAsync();
        var owner = env.Deployment.GetProperty("positions")[0].GetProperty("owner").GetString()!;
        await env.Node.RpcAsync("eth_sendTransaction", new Dictionary<string, object>
        {
            ["from"] = owner,
            ["to"] = env.Controller.ToLowerHex(),
            ["data"] = Hex.Encode(new SetPositionPausedFunction { PositionId = BigInteger.One, Paused = true }.GetCallData()),
        });
        var start = await env.OperatorNonceAsync();
        var id = await env.RequestAsync(0, 0.6m);

        await env.RunUntilAsync(env.Engine());

        var e = Assert.Single(await env.ExecutionsAsync());
        Assert.Equal(ExecutionStatus.Failed, e.Status);
        Assert.Equal(SuggestionStatus.Failed, e.Suggestion!.Status);
        Assert.Contains("PositionNotActive(1, 2)", e.Error, StringComparison.Ordinal);
        Assert.Null(e.Nonce);
        Assert.Equal(start, await env.OperatorNonceAsync());
        Assert.Single(await env.AuditAsync("alert.execution_failed"));
    }

    [Fact]
    public async Task Follow_RevertedOnChain_FailedWithDecodedReason()
    {
        await using var env = await RelayerTestEnv.StartAsync();
        var engine = env.Engine();
        await env.RequestAsync(0, 0.6m);
        await engine.SignPendingAsync(default);

        // The position is paused between signing (estimate passed) and sending: the transaction is mined and reverts.
        var owner = env.Deployment.GetProperty("positions")[0].GetProperty("owner").GetString()!;
        await env.Node.RpcAsync("eth_sendTransaction", new Dictionary<string, object>
        {
            ["from"] = owner,
            ["to"] = env.Controller.ToLowerHex(),
            ["data"] = Hex.Encode(new SetPositionPausedFunction { PositionId = BigInteger.One, Paused = true }.GetCallData()),
        });
        await env.RunUntilAsync(engine);

        var e = Assert.Single(await env.ExecutionsAsync());
        Assert.Equal(ExecutionStatus.Failed, e.Status);
        Assert.NotNull(e.BlockNumber);
        Assert.Contains("PositionNotActive(1, 2)", e.Error, StringComparison.Ordinal);
        Assert.Equal(SuggestionStatus.Failed, e.Suggestion!.Status);
    }
}
