using System.Numerics;
using HedgeDashboard.Ethereum.Abi;
using HedgeDashboard.Ethereum.Transactions;
using HedgeDashboard.TestSupport;
using Nethereum.Contracts;

namespace HedgeDashboard.Ethereum.Rpc.Tests;

public class AnvilRevertTests(AnvilFixture anvil) : IClassFixture<AnvilFixture>
{
    /// <summary>
    /// Hand-written EVM code: the runtime copies an Error(string) payload from its own code and reverts with it;
    /// the init code copies the runtime to memory and returns it. No compiler needed.
    /// </summary>
    internal static byte[] AlwaysRevertInitCode(string reason)
    {
        var payload = new RevertPayloads.Error { Message = reason }.GetCallData();
        byte[] runtimeHead = [0x60, (byte)payload.Length, 0x60, 12, 0x60, 0x00, 0x39, 0x60, (byte)payload.Length, 0x60, 0x00, 0xfd];
        byte[] runtime = [.. runtimeHead, .. payload];
        byte[] initHead = [0x60, (byte)runtime.Length, 0x60, 12, 0x60, 0x00, 0x39, 0x60, (byte)runtime.Length, 0x60, 0x00, 0xf3];
        return [.. initHead, .. runtime];
    }

    [Fact]
    public async Task RevertingCall_SurfacesTheDecodedReason()
    {
        using var deployer = AnvilFixture.Account(8);
        var txs = new TransactionSender(anvil.Rpc);
        var deploy = await txs.SendAndWaitAsync(deployer, new TransactionRequest { Data = AlwaysRevertInitCode("hedge ratio out of bounds"), GasLimit = 200_000 }, TimeSpan.FromSeconds(10));
        Assert.True(deploy.Succeeded);
        var contract = deploy.ContractAddress!.Value;

        var call = await Assert.ThrowsAsync<ExecutionRevertedException>(() => anvil.Rpc.Calls.CallAsync(new CallRequest { To = contract, Data = [1, 2, 3, 4] }));
        Assert.Equal(RevertKind.ErrorString, call.Reason.Kind);
        Assert.Equal("hedge ratio out of bounds", call.Reason.Message);
        Assert.Contains("hedge ratio out of bounds", call.Message, StringComparison.Ordinal);

        var estimate = await Assert.ThrowsAsync<ExecutionRevertedException>(() => anvil.Rpc.Calls.EstimateGasAsync(new CallRequest { From = deployer.Address, To = contract }));
        Assert.Equal("hedge ratio out of bounds", estimate.Reason.Message);

        // Sent anyway with a fixed gas limit: mined, status 0.
        var mined = await txs.SendAndWaitAsync(deployer, new TransactionRequest { To = contract, GasLimit = 100_000 }, TimeSpan.FromSeconds(10));
        Assert.False(mined.Succeeded);
    }

    [Fact]
    public async Task DeployAsync_ContractLandsAtTheCreateAddress()
    {
        using var deployer = AnvilFixture.Account(9);
        var nonce = await anvil.Rpc.Accounts.GetTransactionCountAsync(deployer.Address);
        var (address, receipt) = await new TransactionSender(anvil.Rpc).DeployAsync(deployer, AlwaysRevertInitCode("x"), gasLimit: 200_000);
        Assert.Equal(ContractAddress.Create(deployer.Address, nonce), address);
        Assert.Equal(deployer.Address, receipt.From);
        Assert.NotEmpty(await anvil.Rpc.Accounts.GetCodeAsync(address));
    }

    [Fact]
    public async Task BlockStream_YieldsEveryNewBlockInOrder()
    {
        var start = await anvil.Rpc.Chain.GetBlockNumberAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var seen = new List<ulong>();
        var watch = Task.Run(async () =>
        {
            await foreach (var b in anvil.Rpc.Blocks.WatchAsync(TimeSpan.FromMilliseconds(50), start + 1, cts.Token))
            {
                seen.Add(b.Number);
                if (seen.Count == 3)
                {
                    break;
                }
            }
        });
        for (var i = 0; i < 3; i++)
        {
            await anvil.Node.RpcAsync("evm_mine");
        }

        await watch;
        Assert.Equal([start + 1, start + 2, start + 3], seen);
    }
}

/// <summary>anvil with --no-mining so the first transaction stays pending and can be replaced.</summary>
public sealed class NoMiningAnvilFixture : IAsyncLifetime
{
    public AnvilNode Node { get; private set; } = null!;

    public EthereumRpc Rpc { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Node = await AnvilNode.StartAsync("--no-mining");
        Rpc = EthereumRpc.Create(Node.RpcUrl, TimeSpan.FromSeconds(10), maxRetries: 1);
    }

    public async Task DisposeAsync() => await Node.DisposeAsync();
}

public class AnvilReplacementTests(NoMiningAnvilFixture anvil) : IClassFixture<NoMiningAnvilFixture>
{
    [Fact]
    public async Task Replacement_Plus10PercentAccepted_Plus5PercentRefused()
    {
        using var sender = AnvilFixture.Account(1);
        var rpc = anvil.Rpc;
        var txs = new TransactionSender(rpc);
        var nonce = await rpc.Accounts.GetTransactionCountAsync(sender.Address);
        var baseTx = new Eip1559Transaction
        {
            ChainId = 31337,
            Nonce = nonce,
            MaxPriorityFeePerGas = 2_000_000_000,
            MaxFeePerGas = 20_000_000_000,
            GasLimit = 21000,
            To = AnvilFixture.AddressOf(2),
            Value = 1,
        };
        var first = sender.SignTransaction(baseTx);
        await rpc.Transactions.SendRawTransactionAsync(first);

        // The same bytes again: the node already has them.
        await Assert.ThrowsAsync<AlreadyKnownException>(() => rpc.Transactions.SendRawTransactionAsync(first));

        // +5%: refused. anvil 1.7.1 itself accepts any increase of maxFeePerGas, so the geth rule (10%) is enforced by the sender.
        var refused = await Assert.ThrowsAsync<ReplacementUnderpricedException>(() => txs.ReplaceAsync(sender, baseTx, TransactionSender.BumpFees(baseTx, 5)));
        Assert.Contains("at least 10%", refused.Message, StringComparison.Ordinal);

        // A replacement that does not raise maxFeePerGas: refused by anvil itself, typed from the node's error.
        var notHigher = sender.SignTransaction(baseTx with { MaxPriorityFeePerGas = 3_000_000_000 });
        var byNode = await Assert.ThrowsAsync<ReplacementUnderpricedException>(() => rpc.Transactions.SendRawTransactionAsync(notHigher));
        Assert.NotEqual(0, byNode.Code);

        // +10%: accepted and mined in place of the first.
        var plus10 = await txs.ReplaceAsync(sender, baseTx, TransactionSender.BumpFees(baseTx, 10));
        await anvil.Node.RpcAsync("evm_mine");
        var receipt = await rpc.Transactions.WaitForReceiptAsync(plus10.Hash, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50));
        Assert.True(receipt.Succeeded);
        Assert.Equal(sender.Address, receipt.From);
        Assert.Null(await rpc.Transactions.GetReceiptAsync(first.Hash));
    }

    [Fact]
    public void BumpFees_RoundsUp()
    {
        var tx = new Eip1559Transaction { ChainId = 1, Nonce = 0, MaxFeePerGas = 20_000_000_001, MaxPriorityFeePerGas = 1, GasLimit = 1 };
        var bumped = TransactionSender.BumpFees(tx, 10);
        Assert.Equal(new BigInteger(22_000_000_002), bumped.MaxFeePerGas);
        Assert.Equal(new BigInteger(2), bumped.MaxPriorityFeePerGas);
    }
}
