using System.Numerics;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Ethereum.Rpc.Contracts;
using HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;
using HedgeDashboard.Workers.Relayer;
using Nethereum.Contracts;

namespace HedgeDashboard.Relayer.Tests;

/// <summary>Pending updates packed into updateRatios transactions (decision 0016), on a real anvil.</summary>
public sealed class BatchTests
{
    [Fact]
    public async Task Tick_ThreeRequests_OneUpdateRatiosTransactionEachUpdateOnce()
    {
        await using var env = await RelayerTestEnv.StartAsync();
        var start = await env.OperatorNonceAsync();
        long[] ids = [await env.RequestAsync(0, 0.6m), await env.RequestAsync(1, 0.7m), await env.RequestAsync(2, 0.3m)];
        var engine = env.Engine();

        await env.RunUntilAsync(engine);

        var rows = await env.ExecutionsAsync();
        Assert.All(rows, e =>
        {
            Assert.Equal(ExecutionStatus.Confirmed, e.Status);
            Assert.Equal(SuggestionStatus.Executed, e.Suggestion!.Status);
            Assert.Equal(ids[0], e.BatchId);
            Assert.Equal(start, e.Nonce);
            Assert.Equal(rows[0].TxHash, e.TxHash);
            Assert.Equal(1, e.Attempts);
            Assert.Equal(e.TxHash, Assert.Single(e.AttemptLog).TxHash);
        });
        Assert.Equal(start + 1, await env.OperatorNonceAsync());

        // One updateRatios call; each member holds its share of the receipt's gas.
        var tx = await env.Node.RpcAsync("eth_getTransactionByHash", rows[0].TxHash!);
        var selector = Hex.Encode(HedgeController.EncodeUpdateRatios([], [])[..4]);
        Assert.StartsWith(selector, tx.GetProperty("input").GetString()!, StringComparison.Ordinal);
        var receipt = await env.Node.RpcAsync("eth_getTransactionReceipt", rows[0].TxHash!);
        Assert.Equal((long)Hex.DecodeQuantity(receipt.GetProperty("gasUsed").GetString()!), rows.Sum(e => e.GasUsed!.Value));
        for (var p = 1; p <= 3; p++)
        {
            Assert.Equal(1, await env.PositionNonceAsync(p));
        }

        var pos = await new HedgeController(env.Rpc, env.Controller).GetPositionAsync(new BigInteger(2));
        Assert.Equal(RatioFixedPoint.FromDecimal(0.7m), pos.Ratio);
        Assert.Equal(3, (await env.AuditAsync("execution.confirmed")).Count);
    }

    [Fact]
    public async Task OneBadUpdate_RevertsAtTheEstimate_FailedWithItsReasonOthersInOneTransaction()
    {
        await using var env = await RelayerTestEnv.StartAsync();
        await PausePositionAsync(env, 2);
        var start = await env.OperatorNonceAsync();
        long[] ids = [await env.RequestAsync(0, 0.6m), await env.RequestAsync(1, 0.7m), await env.RequestAsync(2, 0.3m)];

        await env.RunUntilAsync(env.Engine());

        var rows = await env.ExecutionsAsync();
        var bad = rows.Single(e => e.Id == ids[1]);
        Assert.Equal(ExecutionStatus.Failed, bad.Status);
        Assert.Equal(SuggestionStatus.Failed, bad.Suggestion!.Status);
        Assert.Contains("PositionNotActive(2, 2)", bad.Error, StringComparison.Ordinal);
        Assert.Null(bad.Nonce);
        Assert.Empty(bad.AttemptLog);
        var good = rows.Where(e => e.Id != ids[1]).ToList();
        Assert.All(good, e =>
        {
            Assert.Equal(ExecutionStatus.Confirmed, e.Status);
            Assert.Equal(ids[0], e.BatchId);
            Assert.Equal(start, e.Nonce);
        });
        Assert.Equal(start + 1, await env.OperatorNonceAsync());
        Assert.Equal(1, await env.PositionNonceAsync(1));
        Assert.Equal(0, await env.PositionNonceAsync(2));
        Assert.Equal(1, await env.PositionNonceAsync(3));
    }

    [Fact]
    public async Task OneBadUpdate_BatchRevertsOnChain_EachRetriedAloneBadOneFailsOthersExecuteOnce()
    {
        await using var env = await RelayerTestEnv.StartAsync();
        var engine = env.Engine();
        var start = await env.OperatorNonceAsync();
        long[] ids = [await env.RequestAsync(0, 0.6m), await env.RequestAsync(1, 0.7m), await env.RequestAsync(2, 0.3m)];
        Assert.Equal(3, await engine.SignPendingAsync(default));
        var batchHash = Assert.Single((await env.ExecutionsAsync()).Select(e => e.TxHash).Distinct());

        // Position 2 is paused after the estimate passed: the whole batch reverts on chain.
        await PausePositionAsync(env, 2);
        await env.RunUntilAsync(engine);

        var rows = await env.ExecutionsAsync();
        Assert.Equal(3, (await env.AuditAsync("execution.batch_reverted")).Count);
        var bad = rows.Single(e => e.Id == ids[1]);
        Assert.Equal(ExecutionStatus.Failed, bad.Status);
        Assert.Contains("PositionNotActive(2, 2)", bad.Error, StringComparison.Ordinal);
        Assert.Equal(batchHash, Assert.Single(bad.AttemptLog).TxHash);
        var good = rows.Where(e => e.Id != ids[1]).ToList();
        Assert.All(good, e =>
        {
            Assert.Equal(ExecutionStatus.Confirmed, e.Status);
            Assert.Null(e.BatchId);
            Assert.Equal(2, e.Attempts);
            Assert.Equal([batchHash, e.TxHash], e.AttemptLog.OrderBy(a => a.AttemptNumber).Select(a => a.TxHash));
        });

        // Nonces: the reverted batch, then one each for the two retried alone; the bad one spent none of its own.
        Assert.Equal(start + 3, await env.OperatorNonceAsync());
        Assert.Equal([start + 1, start + 2], good.Select(e => e.Nonce!.Value).Order());
        Assert.Equal(1, await env.PositionNonceAsync(1));
        Assert.Equal(0, await env.PositionNonceAsync(2));
        Assert.Equal(1, await env.PositionNonceAsync(3));
    }

    [Fact]
    public async Task Reorg_OfABatch_BackToBroadcastThenConfirmedAgainWithTheSameTransaction()
    {
        await using var env = await RelayerTestEnv.StartAsync();
        var engine = env.Engine(env.Options(o => o.ConfirmationDepth = 3));
        var start = await env.OperatorNonceAsync();
        var snapshot = (await env.Node.RpcAsync("evm_snapshot")).GetString()!;
        for (var p = 0; p < 3; p++)
        {
            await env.RequestAsync(p, 0.6m);
        }

        await engine.TickAsync(default);
        var mined = await env.ExecutionsAsync();
        Assert.All(mined, e => Assert.Equal(ExecutionStatus.Mined, e.Status));

        // The block with the batch is dropped (shallower than the depth), and the chain moves on without it.
        Assert.True((await env.Node.RpcAsync("evm_revert", snapshot)).GetBoolean());
        await env.MineAsync(2);
        await engine.FollowAsync(default);
        Assert.All(await env.ExecutionsAsync(), e => Assert.NotEqual(ExecutionStatus.Confirmed, e.Status));
        Assert.Equal(3, (await env.AuditAsync("execution.reorged")).Count);

        await env.RunUntilAsync(engine, betweenTicks: () => env.MineAsync());
        var rows = await env.ExecutionsAsync();
        Assert.All(rows, e =>
        {
            Assert.Equal(ExecutionStatus.Confirmed, e.Status);
            Assert.Equal(mined[0].TxHash, e.TxHash);
            Assert.NotEqual(mined[0].BlockHash, e.BlockHash);
            Assert.Equal(1, e.Attempts);
            Assert.Single(e.AttemptLog);
        });
        Assert.Equal(start + 1, await env.OperatorNonceAsync());
        for (var p = 1; p <= 3; p++)
        {
            Assert.Equal(1, await env.PositionNonceAsync(p));
        }
    }

    [Fact]
    public async Task GasBound_BelowTwoUpdates_EachUpdateItsOwnTransaction()
    {
        await using var env = await RelayerTestEnv.StartAsync();
        var start = await env.OperatorNonceAsync();
        for (var p = 0; p < 3; p++)
        {
            await env.RequestAsync(p, 0.6m);
        }

        await env.RunUntilAsync(env.Engine(env.Options(o => o.MaxBatchGas = 100_000)));

        var rows = await env.ExecutionsAsync();
        Assert.All(rows, e =>
        {
            Assert.Equal(ExecutionStatus.Confirmed, e.Status);
            Assert.Null(e.BatchId);
        });
        Assert.Equal([start, start + 1, start + 2], rows.Select(e => e.Nonce!.Value).Order());
        Assert.Equal(start + 3, await env.OperatorNonceAsync());
    }

    /// <summary>
    /// The venue settles funding on each hedge when it is adjusted, and writes it only when time has passed since the
    /// last adjustment. An update estimated in the second of its position's previous update (no funding yet) and
    /// mined a second later pays for that write: the batch's gas limit must cover it, or the whole batch runs out of
    /// gas, reverts, and its nonce is spent for nothing (the two-relayer test saw this as a gap in its nonces).
    /// </summary>
    [Fact]
    public async Task GasLimit_FundingAccruesBetweenEstimateAndBlock_BatchStillExecutesOnce()
    {
        await using var env = await RelayerTestEnv.StartAsync();
        var engine = env.Engine();
        var start = await env.OperatorNonceAsync();

        // Every block at the same timestamp until told otherwise: the estimate sees no time passed since the last update.
        await env.Node.RpcAsync("anvil_setBlockTimestampInterval", 0);
        for (var p = 0; p < 3; p++)
        {
            await env.RequestAsync(p, 0.6m);
        }

        await env.RunUntilAsync(engine);
        for (var p = 0; p < 3; p++)
        {
            await env.RequestAsync(p, 0.8m);
        }

        Assert.Equal(3, await engine.SignPendingAsync(default));
        var latest = await env.Node.RpcAsync("eth_getBlockByNumber", "latest", false);
        var timestamp = Hex.DecodeQuantity(latest.GetProperty("timestamp").GetString()!);
        await env.Node.RpcAsync("evm_setNextBlockTimestamp", Hex.EncodeQuantity((ulong)timestamp + 30));
        await env.RunUntilAsync(engine);

        var reverted = await env.AuditAsync("execution.batch_reverted");
        Assert.True(reverted.Count == 0, string.Join("; ", reverted.Select(a => a.Details).Distinct()));
        var rows = await env.ExecutionsAsync();
        Assert.All(rows, e => Assert.Equal(ExecutionStatus.Confirmed, e.Status));
        Assert.Equal([start, start + 1], rows.Select(e => e.Nonce!.Value).Distinct().Order());
        Assert.Equal(start + 2, await env.OperatorNonceAsync());
        for (var p = 1; p <= 3; p++)
        {
            Assert.Equal(2, await env.PositionNonceAsync(p));
        }
    }

    private static async Task PausePositionAsync(RelayerTestEnv env, int onChainId)
    {
        var owner = env.Deployment.GetProperty("positions")[onChainId - 1].GetProperty("owner").GetString()!;
        await env.Node.RpcAsync("eth_sendTransaction", new Dictionary<string, object>
        {
            ["from"] = owner,
            ["to"] = env.Controller.ToLowerHex(),
            ["data"] = Hex.Encode(new SetPositionPausedFunction { PositionId = new BigInteger(onChainId), Paused = true }.GetCallData()),
        });
    }
}
