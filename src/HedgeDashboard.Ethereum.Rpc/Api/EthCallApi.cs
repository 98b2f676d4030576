using HedgeDashboard.Ethereum.Abi;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.ABI.Model;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;

namespace HedgeDashboard.Ethereum.Rpc.Api;

/// <summary>
/// eth_call and eth_estimateGas. A revert surfaces as <see cref="ExecutionRevertedException"/> with the decoded reason.
/// Typed calls take a Nethereum function message (it encodes the call) and decode the reply into its output DTO or
/// single return value, after <see cref="StrictAbi"/> has checked the reply (Nethereum reads a short reply as zeros).
/// </summary>
public sealed class EthCallApi(JsonRpcClient rpc)
{
    public async Task<byte[]> CallAsync(CallRequest request, BlockParameter? block = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await rpc.CallAsync("eth_call", [request.ToJson(), (block ?? BlockParameter.Latest).Value], ct).ConfigureAwait(false);
        return RpcJson.Bytes(result, "eth_call", "result");
    }

    /// <summary>Calls a view returning one value (BigInteger, bool, string, byte[]; an address comes back as <see cref="Address"/>).</summary>
    public async Task<TReturn> QueryAsync<TFunction, TReturn>(Address contract, TFunction message, BlockParameter? block = null, CancellationToken ct = default)
        where TFunction : FunctionMessage, new()
    {
        ArgumentNullException.ThrowIfNull(message);
        var data = await CallAsync(new CallRequest { To = contract, Data = message.GetCallData() }, block, ct).ConfigureAwait(false);
        return DecodeReturn<TFunction, TReturn>(data, contract);
    }

    /// <summary>Calls a view and decodes its outputs into <typeparamref name="TOutput"/>.</summary>
    public async Task<TOutput> QueryOutputAsync<TFunction, TOutput>(Address contract, TFunction message, BlockParameter? block = null, CancellationToken ct = default)
        where TFunction : FunctionMessage, new()
        where TOutput : IFunctionOutputDTO, new()
    {
        ArgumentNullException.ThrowIfNull(message);
        var data = await CallAsync(new CallRequest { To = contract, Data = message.GetCallData() }, block, ct).ConfigureAwait(false);
        return DecodeOutput<TFunction, TOutput>(data, contract);
    }

    /// <summary>An eth_call reply of a single-value function (e.g. from a batch), checked and decoded.</summary>
    public static TReturn DecodeReturn<TFunction, TReturn>(byte[] data, Address contract)
        where TFunction : FunctionMessage, new()
    {
        var abi = ABITypedRegistry.GetFunctionABI<TFunction>();
        var outputs = Check(abi, data, contract);
        if (typeof(TReturn) == typeof(Address))
        {
            return (TReturn)(object)Address.Parse(((string)outputs[0].Result).ToLowerInvariant());
        }

        return new FunctionCallDecoder().DecodeSimpleTypeOutput<TReturn>(abi.OutputParameters.Single(), data.ToHex(true));
    }

    public static TOutput DecodeOutput<TFunction, TOutput>(byte[] data, Address contract)
        where TFunction : FunctionMessage, new()
        where TOutput : IFunctionOutputDTO, new()
    {
        Check(ABITypedRegistry.GetFunctionABI<TFunction>(), data, contract);
        return new TOutput().DecodeOutput(data.ToHex(true));
    }

    public async Task<ulong> EstimateGasAsync(CallRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RpcJson.UInt64(await rpc.CallAsync("eth_estimateGas", [request.ToJson()], ct).ConfigureAwait(false), "eth_estimateGas", "result");
    }

    private static List<ParameterOutput> Check(FunctionABI abi, byte[] data, Address contract)
    {
        var signature = $"{abi.Name}({StrictAbi.TypeList(abi.InputParameters)})";
        if (data.Length == 0 && abi.OutputParameters.Length > 0)
        {
            throw new RpcProtocolException("eth_call", $"{signature} returned no data: is there a contract at {contract}?");
        }

        try
        {
            return StrictAbi.Decode(abi.OutputParameters, data, signature);
        }
        catch (AbiDecodingException ex)
        {
            throw new RpcProtocolException("eth_call", $"{signature} returned undecodable data: {ex.Message}", ex);
        }
    }
}
