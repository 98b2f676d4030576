using System.Numerics;
using System.Text.Json;

namespace HedgeDashboard.Ethereum.Rpc.Api;

/// <summary>eth_chainId, eth_blockNumber, eth_getBlockByNumber / ByHash.</summary>
public sealed class EthChainApi(JsonRpcClient rpc)
{
    public async Task<BigInteger> GetChainIdAsync(CancellationToken ct = default)
        => RpcJson.Quantity(await rpc.CallAsync("eth_chainId", ct).ConfigureAwait(false), "eth_chainId", "result");

    public async Task<ulong> GetBlockNumberAsync(CancellationToken ct = default)
        => RpcJson.UInt64(await rpc.CallAsync("eth_blockNumber", ct).ConfigureAwait(false), "eth_blockNumber", "result");

    /// <summary>The block with its transaction hashes, or null when the node does not have it (yet).</summary>
    public async Task<Block?> GetBlockAsync(BlockParameter block, CancellationToken ct = default)
    {
        const string method = "eth_getBlockByNumber";
        var result = await rpc.CallAsync(method, [block.Value, false], ct).ConfigureAwait(false);
        return result.ValueKind == JsonValueKind.Null ? null : RpcJson.ParseBlock(result, method);
    }

    public async Task<Block?> GetBlockByHashAsync(byte[] hash, CancellationToken ct = default)
    {
        const string method = "eth_getBlockByHash";
        var result = await rpc.CallAsync(method, [Hex.Encode(hash), false], ct).ConfigureAwait(false);
        return result.ValueKind == JsonValueKind.Null ? null : RpcJson.ParseBlock(result, method);
    }
}
