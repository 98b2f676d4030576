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

    /// <summary>
    /// Several eth_calls at one block in one JSON-RPC batch request: each reply is the returned data or the typed error of
    /// that call alone (a revert, for instance). A transport failure fails the whole batch.
    /// </summary>
    public async Task<IReadOnlyList<CallResult>> CallBatchAsync(IReadOnlyList<CallRequest> requests, BlockParameter? block = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var at = (block ?? BlockParameter.Latest).Value;
        var replies = await rpc.BatchAsync([.. requests.Select(r => new RpcRequest("eth_call", r.ToJson(), at))], ct).ConfigureAwait(false);
        return [.. replies.Select(r => r.Error is { } e ? new CallResult(null, e) : new CallResult(RpcJson.Bytes(r.Result!.Value, "eth_call", "result"), null))];
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

/// <summary>One eth_call of a batch: its data, or the error of that call.</summary>
public sealed record CallResult(byte[]? Data, RpcException? Error);
