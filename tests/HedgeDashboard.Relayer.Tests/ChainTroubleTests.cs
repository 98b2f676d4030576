using System.Numerics;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Ethereum.Transactions;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Relayer.Tests;

/// <summary>Fee spikes, foreign use of our nonce, nonce drift and reorgs on a real anvil.</summary>
public sealed class ChainTroubleTests
{
    private static readonly BigInteger Gwei = 1_000_000_000;

    [Fact]
    public async Task FeeSpike_UnderpricedTransaction_BumpedByAtLeastTenPercentThenMined()
    {
        await using var env = await RelayerTestEnv.StartAsync();
        await env.Node.RpcAsync("evm_setAutomine", false);
        var start = await env.OperatorNonceAsync();
        var engine = env.Engine(env.Options(o => o.BumpAfterSeconds = 0.3));
        await env.RequestAsync(0, 0.6m);
        await engine.TickAsync(default);
        var first = Assert.Single(await env.ExecutionsAsync());
        Assert.Equal(ExecutionStatus.Broadcast, first.Status);

        // The base fee jumps far above what we offered: the next blocks leave our transaction out.
        await env.Node.RpcAsync("anvil_setNextBlockBaseFeePerGas", Hex.EncodeQuantity(100 * Gwei));
        await env.MineAsync();
        Assert.Equal(start, await env.OperatorNonceAsync());

        await env.RunUntilAsync(engine, rows => rows[0].Status == ExecutionStatus.Confirmed, TimeSpan.FromSeconds(60), betweenTicks: async () =>
        {
            await Task.Delay(350);
            await env.MineAsync();
        });

        var e = Assert.Single(await env.ExecutionsAsync());
        Assert.True(e.Attempts >= 2, $"attempts {e.Attempts}");
        var attempts = e.AttemptLog.OrderBy(a => a.AttemptNumber).ToList();
        for (var i = 1; i < attempts.Count; i++)
        {
            // geth's replacement rule, on both fields; a smaller bump is never even tried.
            Assert.True(attempts[i].MaxFeePerGas * 10 >= attempts[i - 1].MaxFeePerGas * 11, $"maxFee {attempts[i - 1].MaxFeePerGas} -> {attempts[i].MaxFeePerGas}");
            Assert.True(attempts[i].MaxPriorityFeePerGas * 10 >= attempts[i - 1].MaxPriorityFeePerGas * 11, $"tip {attempts[i - 1].MaxPriorityFeePerGas} -> {attempts[i].MaxPriorityFeePerGas}");
            Assert.Equal(attempts[0].Nonce, attempts[i].Nonce);
        }

        Assert.Contains(e.TxHash, attempts.Select(a => a.TxHash));
        Assert.Equal(attempts.Select(a => a.TxHash).Distinct().Count(), attempts.Count);
        Assert.Equal(start + 1, await env.OperatorNonceAsync());
        Assert.Equal(1, await env.PositionNonceAsync(1));
        Assert.NotEmpty(await env.AuditAsync("execution.fee_bumped"));
    }

    [Fact]
    public async Task FeeSpike_AboveCeiling_NoBumpAlertOnceThenMinedWhenFeesFall()
    {
        await using var env = await RelayerTestEnv.StartAsync();
        await env.Node.RpcAsync("evm_setAutomine", false);
        var engine = env.Engine(env.Options(o =>
        {
            o.BumpAfterSeconds = 0.2;
            o.MaxFeeGwei = 5;
        }));
        await env.RequestAsync(0, 0.6m);
        await engine.TickAsync(default);
        await env.Node.RpcAsync("anvil_setNextBlockBaseFeePerGas", Hex.EncodeQuantity(100 * Gwei));
        await env.MineAsync();
        for (var i = 0; i < 5; i++)
        {
            await Task.Delay(250);
            await engine.TickAsync(default);
        }

        var e = Assert.Single(await env.ExecutionsAsync());
        Assert.Equal(ExecutionStatus.Broadcast, e.Status);
        // Bumps go up to the 5 gwei ceiling, each +10% or more, and none beyond it.
        Assert.All(e.AttemptLog, a => Assert.True(a.MaxFeePerGas <= 5_000_000_000m, $"{a.MaxFeePerGas}"));
        var ordered = e.AttemptLog.OrderBy(a => a.AttemptNumber).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            Assert.True(ordered[i].MaxFeePerGas * 10 >= ordered[i - 1].MaxFeePerGas * 11);
            Assert.True(ordered[i].MaxPriorityFeePerGas * 10 >= ordered[i - 1].MaxPriorityFeePerGas * 11);
        }

        Assert.Contains("ceiling", e.Error, StringComparison.Ordinal);
        var attemptsAtCeiling = e.Attempts;
        Assert.Single(await env.AuditAsync("alert.fee_ceiling"));

        await env.Node.RpcAsync("anvil_setNextBlockBaseFeePerGas", Hex.EncodeQuantity(Gwei / 10));
        await env.MineAsync();
        await env.RunUntilAsync(engine, betweenTicks: () => env.MineAsync());
        e = Assert.Single(await env.ExecutionsAsync());
        Assert.Equal(ExecutionStatus.Confirmed, e.Status);
        Assert.Equal(attemptsAtCeiling, e.Attempts);
    }

    [Fact]
    public async Task ForeignTransaction_TakesOurNonce_NeedsReviewWithOneAlertAndNoLoop()
    {
        await using var env = await RelayerTestEnv.StartAsync();
        var engine = env.Engine(env.Options(o => o.MaxBatchSize = 1));
        var start = await env.OperatorNonceAsync();
        var victim = await env.RequestAsync(0, 0.6m);
        var next = await env.RequestAsync(1, 0.7m);
        Assert.Equal(2, await engine.SignPendingAsync(default));

        // Another wallet holding the operator key sends its own transaction at the nonce we planned.
        var foreign = env.Keys.Operator.SignTransaction(new Eip1559Transaction
        {
            ChainId = 31337,
            Nonce = (ulong)start,
            MaxFeePerGas = 50 * Gwei,
            MaxPriorityFeePerGas = Gwei,
            GasLimit = 21_000,
            To = env.Keys.Operator.Address,
            Value = 1,
        });
        await env.Rpc.Transactions.SendRawTransactionAsync(foreign);

        await env.RunUntilAsync(engine);
        for (var i = 0; i < 5; i++)
        {
            await engine.TickAsync(default);
        }

        var rows = await env.ExecutionsAsync();
        var v = rows.Single(e => e.Id == victim);
        Assert.Equal(ExecutionStatus.NeedsReview, v.Status);
        Assert.Equal(1, v.Attempts);
        Assert.Contains("not ours", v.Error, StringComparison.Ordinal);
        Assert.Equal(ExecutionStatus.Confirmed, rows.Single(e => e.Id == next).Status);
        Assert.Single(await env.AuditAsync("alert.execution_needs_review"));
        Assert.Equal(start + 2, await env.OperatorNonceAsync());
        Assert.Equal(0, await env.PositionNonceAsync(1));
    }

    [Fact]
    public async Task NonceDrift_HoleBelowAndNoncesBurnedAbove_RepairedAndMined()
    {
        await using var env = await RelayerTestEnv.StartAsync();
        var engine = env.Engine(env.Options(o => o.MaxBatchSize = 1));
        var start = await env.OperatorNonceAsync();
        var burned = await env.RequestAsync(0, 0.6m);
        var stuck1 = await env.RequestAsync(1, 0.7m);
        var stuck2 = await env.RequestAsync(2, 0.3m);
        Assert.Equal(3, await engine.SignPendingAsync(default));

        // The lowest nonce is burned: its request is withdrawn after signing, before anything was sent.
        await using (var db = await env.DbFactory.CreateDbContextAsync())
        {
            await db.Executions.Where(e => e.Id == burned)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, ExecutionStatus.Failed).SetProperty(e => e.Error, "withdrawn by an operator"));
        }

        await engine.BroadcastSignedAsync(default);
        Assert.Equal(start, await env.OperatorNonceAsync());

        // Nonces above ours are burned by another wallet with the same key (queued behind the hole as well).
        for (var k = 3; k < 5; k++)
        {
            await env.Rpc.Transactions.SendRawTransactionAsync(env.Keys.Operator.SignTransaction(new Eip1559Transaction
            {
                ChainId = 31337,
                Nonce = (ulong)(start + k),
                MaxFeePerGas = 50 * Gwei,
                MaxPriorityFeePerGas = Gwei,
                GasLimit = 21_000,
                To = env.Keys.Operator.Address,
            }));
        }

        await env.RunUntilAsync(engine);
        var rows = await env.ExecutionsAsync();
        Assert.Equal(ExecutionStatus.Confirmed, rows.Single(e => e.Id == stuck1).Status);
        Assert.Equal(ExecutionStatus.Confirmed, rows.Single(e => e.Id == stuck2).Status);
        Assert.Single(await env.AuditAsync("relayer.nonce_hole_filled"));
        Assert.Equal(start + 5, await env.OperatorNonceAsync());

        // The next request skips the nonces burned above.
        var later = await env.RequestAsync(0, 0.4m);
        await env.RunUntilAsync(engine);
        var l = (await env.ExecutionsAsync()).Single(e => e.Id == later);
        Assert.Equal(ExecutionStatus.Confirmed, l.Status);
        Assert.Equal(start + 5, l.Nonce);
        Assert.Equal(start + 6, await env.OperatorNonceAsync());
    }

    [Fact]
    public async Task Reorg_AfterMining_BackToBroadcastThenConfirmedAgainWithTheSameTransaction()
    {
        await using var env = await RelayerTestEnv.StartAsync();
        var engine = env.Engine(env.Options(o => o.ConfirmationDepth = 3));
        var start = await env.OperatorNonceAsync();
        var snapshot = (await env.Node.RpcAsync("evm_snapshot")).GetString()!;
        await env.RequestAsync(0, 0.6m);
        await engine.TickAsync(default);
        var mined = Assert.Single(await env.ExecutionsAsync());
        Assert.Equal(ExecutionStatus.Mined, mined.Status);

        // The block with our transaction is dropped (shallower than the depth), and the chain moves on without it.
        Assert.True((await env.Node.RpcAsync("evm_revert", snapshot)).GetBoolean());
        await env.MineAsync(2);
        await engine.FollowAsync(default);
        var back = Assert.Single(await env.ExecutionsAsync());
        Assert.NotEqual(ExecutionStatus.Confirmed, back.Status);
        Assert.Single(await env.AuditAsync("execution.reorged"));

        await env.RunUntilAsync(engine, betweenTicks: () => env.MineAsync());
        var e = Assert.Single(await env.ExecutionsAsync());
        Assert.Equal(ExecutionStatus.Confirmed, e.Status);
        Assert.Equal(mined.TxHash, e.TxHash);
        Assert.NotEqual(mined.BlockHash, e.BlockHash);
        Assert.Equal(1, e.Attempts);
        Assert.Equal(start + 1, await env.OperatorNonceAsync());
        Assert.Equal(1, await env.PositionNonceAsync(1));
    }
}
