using System.Numerics;
using HedgeDashboard.Ethereum.Transactions;

namespace HedgeDashboard.Ethereum.Rpc.Tests;

public class AnvilTransactionTests(AnvilFixture anvil) : IClassFixture<AnvilFixture>
{
    [Fact]
    public async Task SignedType2Transaction_IsMinedWithExpectedSender()
    {
        var rpc = anvil.Rpc;
        using var sender = AnvilFixture.Account(2);
        var to = AnvilFixture.AddressOf(3);
        Assert.Equal(new BigInteger(31337), await rpc.Chain.GetChainIdAsync());
        var balanceBefore = await rpc.Accounts.GetBalanceAsync(to);
        var fees = await rpc.Fees.SuggestAsync();
        var tx = new Eip1559Transaction
        {
            ChainId = 31337,
            Nonce = await rpc.Accounts.GetTransactionCountAsync(sender.Address),
            MaxPriorityFeePerGas = fees.MaxPriorityFeePerGas,
            MaxFeePerGas = fees.MaxFeePerGas,
            GasLimit = 21000,
            To = to,
            Value = 1_000_000_000_000_000,
        };
        var signed = sender.SignTransaction(tx);

        var hash = await rpc.Transactions.SendRawTransactionAsync(signed);
        var receipt = await rpc.Transactions.WaitForReceiptAsync(hash, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50));

        Assert.True(receipt.Succeeded);
        Assert.Equal(sender.Address, receipt.From);
        Assert.Equal(to, receipt.To);
        Assert.Equal(signed.Hash, receipt.TransactionHash);
        Assert.Equal(21000UL, receipt.GasUsed);
        Assert.Equal(balanceBefore + tx.Value, await rpc.Accounts.GetBalanceAsync(to));
        var block = await rpc.Chain.GetBlockAsync(receipt.BlockNumber);
        Assert.NotNull(block);
        Assert.Contains(block.TransactionHashes, h => h.AsSpan().SequenceEqual(signed.Hash));
    }

    [Fact]
    public async Task TransactionSender_FillsNonceGasAndFees_AndWaitsForReceipt()
    {
        using var sender = AnvilFixture.Account(4);
        var txs = new TransactionSender(anvil.Rpc);
        var r1 = await txs.SendAndWaitAsync(sender, new TransactionRequest { To = AnvilFixture.AddressOf(5), Value = 1 }, TimeSpan.FromSeconds(10));
        var r2 = await txs.SendAndWaitAsync(sender, new TransactionRequest { To = AnvilFixture.AddressOf(5), Value = 2 }, TimeSpan.FromSeconds(10));
        Assert.True(r1.Succeeded && r2.Succeeded);
        Assert.Equal(sender.Address, r2.From);
        Assert.Equal(2UL, await anvil.Rpc.Accounts.GetTransactionCountAsync(sender.Address));
    }

    [Fact]
    public async Task ReusedNonce_IsRefusedWithNonceTooLow()
    {
        using var sender = AnvilFixture.Account(6);
        var txs = new TransactionSender(anvil.Rpc);
        var first = await txs.SendAndWaitAsync(sender, new TransactionRequest { To = AnvilFixture.AddressOf(5), Value = 1 }, TimeSpan.FromSeconds(10));
        Assert.True(first.Succeeded);
        var ex = await Assert.ThrowsAsync<NonceTooLowException>(() => txs.SendAsync(sender, new TransactionRequest { To = AnvilFixture.AddressOf(5), Value = 1, Nonce = 0 }));
        Assert.Equal("eth_sendRawTransaction", ex.Method);
    }

    [Fact]
    public async Task TooLargeValue_IsRefusedWithInsufficientFunds()
    {
        using var sender = AnvilFixture.Account(7);
        var txs = new TransactionSender(anvil.Rpc);
        var huge = BigInteger.Pow(10, 30);
        await Assert.ThrowsAsync<InsufficientFundsException>(() => txs.SendAsync(sender, new TransactionRequest { To = AnvilFixture.AddressOf(5), Value = huge, GasLimit = 21000 }));
    }
}

public class NonceTrackerTests(AnvilFixture anvil) : IClassFixture<AnvilFixture>
{
    [Fact]
    public async Task NonceTracker_CountsLocally_AndResyncsAfterReset()
    {
        using var sender = AnvilFixture.Account(0);
        var tracker = new NonceTracker(anvil.Rpc);
        var txs = new TransactionSender(anvil.Rpc);
        var start = await anvil.Rpc.Accounts.GetTransactionCountAsync(sender.Address);
        var nonces = new List<ulong>();
        for (var i = 0; i < 3; i++)
        {
            var n = await tracker.NextAsync(sender.Address);
            nonces.Add(n);
            await txs.SendAndWaitAsync(sender, new TransactionRequest { To = AnvilFixture.AddressOf(1), Value = 1, Nonce = n, GasLimit = 21000 }, TimeSpan.FromSeconds(10));
        }

        Assert.Equal([start, start + 1, start + 2], nonces);
        Assert.Equal(start + 3, await anvil.Rpc.Accounts.GetTransactionCountAsync(sender.Address));

        // Someone else used the next nonce: the stale local count gives "nonce too low", and a reset recovers.
        // Their transaction differs from ours (value 2) and is mined first; an identical one still in the pool
        // would be refused as "already known" instead.
        var other = await txs.SendAndWaitAsync(sender, new TransactionRequest { To = AnvilFixture.AddressOf(1), Value = 2, GasLimit = 21000 }, TimeSpan.FromSeconds(10));
        Assert.True(other.Succeeded);
        var stale = await tracker.NextAsync(sender.Address);
        await Assert.ThrowsAsync<NonceTooLowException>(() => txs.SendAsync(sender, new TransactionRequest { To = AnvilFixture.AddressOf(1), Value = 1, Nonce = stale, GasLimit = 21000 }));
        tracker.Reset(sender.Address);
        Assert.Equal(start + 4, await tracker.NextAsync(sender.Address));
    }
}
