using System.Text.Json;
using HedgeDashboard.Ethereum.Transactions;

namespace HedgeDashboard.Ethereum.Rpc.Api;

/// <summary>eth_sendRawTransaction, eth_getTransactionReceipt and waiting for a receipt.</summary>
public sealed class EthTransactionApi(JsonRpcClient rpc)
{
    /// <summary>Sends signed bytes; returns the hash the node reports (checked against our own hash).</summary>
    public async Task<byte[]> SendRawTransactionAsync(SignedTransaction tx, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(tx);
        const string method = "eth_sendRawTransaction";
        var result = await rpc.CallAsync(method, [tx.RawHex], ct).ConfigureAwait(false);
        var hash = RpcJson.Bytes(result, method, "result", 32);
        return hash.AsSpan().SequenceEqual(tx.Hash)
            ? hash
            : throw new RpcProtocolException(method, $"node reported hash {Hex.Encode(hash)} but the transaction hash is {tx.HashHex}");
    }

    public async Task<byte[]> SendRawTransactionAsync(byte[] raw, CancellationToken ct = default)
    {
        const string method = "eth_sendRawTransaction";
        var result = await rpc.CallAsync(method, [Hex.Encode(raw)], ct).ConfigureAwait(false);
        return RpcJson.Bytes(result, method, "result", 32);
    }

    /// <summary>The receipt, or null while the transaction is not mined.</summary>
    public async Task<TransactionReceipt?> GetReceiptAsync(byte[] txHash, CancellationToken ct = default)
    {
        const string method = "eth_getTransactionReceipt";
        var result = await rpc.CallAsync(method, [Hex.Encode(txHash)], ct).ConfigureAwait(false);
        return result.ValueKind == JsonValueKind.Null ? null : RpcJson.ParseReceipt(result, method);
    }

    /// <summary>Polls until the receipt appears; a <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public async Task<TransactionReceipt> WaitForReceiptAsync(byte[] txHash, TimeSpan? timeout = null, TimeSpan? pollInterval = null, CancellationToken ct = default)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(2));
        var interval = pollInterval ?? TimeSpan.FromMilliseconds(500);
        while (true)
        {
            var receipt = await GetReceiptAsync(txHash, ct).ConfigureAwait(false);
            if (receipt is not null)
            {
                return receipt;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"Transaction {Hex.Encode(txHash)} has no receipt after {(timeout ?? TimeSpan.FromMinutes(2)).TotalSeconds:0} s.");
            }

            await Task.Delay(interval, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Whether the node knows the transaction (pending or mined).</summary>
    public async Task<bool> IsKnownAsync(byte[] txHash, CancellationToken ct = default)
    {
        var result = await rpc.CallAsync("eth_getTransactionByHash", [Hex.Encode(txHash)], ct).ConfigureAwait(false);
        return result.ValueKind != JsonValueKind.Null;
    }
}
