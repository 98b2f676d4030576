using System.Numerics;

namespace HedgeDashboard.Ethereum.Rpc.Api;

/// <summary>eth_getBalance, eth_getTransactionCount, eth_getCode.</summary>
public sealed class EthAccountApi(JsonRpcClient rpc)
{
    public async Task<BigInteger> GetBalanceAsync(Address address, BlockParameter? block = null, CancellationToken ct = default)
        => RpcJson.Quantity(await rpc.CallAsync("eth_getBalance", [address.ToLowerHex(), (block ?? BlockParameter.Latest).Value], ct).ConfigureAwait(false), "eth_getBalance", "result");

    /// <summary>The next nonce; by default counting pending transactions (what a sender needs).</summary>
    public async Task<ulong> GetTransactionCountAsync(Address address, BlockParameter? block = null, CancellationToken ct = default)
        => RpcJson.UInt64(await rpc.CallAsync("eth_getTransactionCount", [address.ToLowerHex(), (block ?? BlockParameter.Pending).Value], ct).ConfigureAwait(false), "eth_getTransactionCount", "result");

    public async Task<byte[]> GetCodeAsync(Address address, BlockParameter? block = null, CancellationToken ct = default)
        => RpcJson.Bytes(await rpc.CallAsync("eth_getCode", [address.ToLowerHex(), (block ?? BlockParameter.Latest).Value], ct).ConfigureAwait(false), "eth_getCode", "result");
}
