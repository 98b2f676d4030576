using HedgeDashboard.Ethereum.Abi;

namespace HedgeDashboard.Ethereum.Rpc.Api;

/// <summary>eth_call and eth_estimateGas. A revert surfaces as <see cref="ExecutionRevertedException"/> with the decoded reason.</summary>
public sealed class EthCallApi(JsonRpcClient rpc)
{
    public async Task<byte[]> CallAsync(CallRequest request, BlockParameter? block = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await rpc.CallAsync("eth_call", [request.ToJson(), (block ?? BlockParameter.Latest).Value], ct).ConfigureAwait(false);
        return RpcJson.Bytes(result, "eth_call", "result");
    }

    /// <summary>Calls a function on a contract and decodes its outputs.</summary>
    public async Task<object?[]> CallFunctionAsync(Address contract, AbiFunction function, object?[] args, BlockParameter? block = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(function);
        var data = await CallAsync(new CallRequest { To = contract, Data = function.EncodeCall(args) }, block, ct).ConfigureAwait(false);
        if (data.Length == 0 && function.Outputs.Count > 0)
        {
            throw new RpcProtocolException("eth_call", $"{function.Signature} returned no data: is there a contract at {contract}?");
        }

        try
        {
            return function.DecodeOutput(data);
        }
        catch (AbiDecodingException ex)
        {
            throw new RpcProtocolException("eth_call", $"{function.Signature} returned undecodable data: {ex.Message}", ex);
        }
    }

    public async Task<ulong> EstimateGasAsync(CallRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RpcJson.UInt64(await rpc.CallAsync("eth_estimateGas", [request.ToJson()], ct).ConfigureAwait(false), "eth_estimateGas", "result");
    }
}
