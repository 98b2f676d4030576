using System.Collections.Concurrent;
using HedgeDashboard.Ethereum.Abi;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;

namespace HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;

/// <summary>
/// eth_call with Nethereum function messages: the message encodes the call, the output DTO decodes the reply. As with
/// events, the reply is first checked by our strict codec against the function's own outputs (Nethereum reads a short
/// reply as zeros).
/// </summary>
public static class FunctionCalls
{
    private static readonly ConcurrentDictionary<Type, AbiFunction> Strict = new();

    public static AbiFunction AbiOf<TFunction>()
        where TFunction : FunctionMessage, new()
        => Strict.GetOrAdd(typeof(TFunction), _ =>
        {
            var abi = ABITypedRegistry.GetFunctionABI<TFunction>();
            static string List(IEnumerable<Nethereum.ABI.Model.Parameter> ps) => string.Join(",", ps.OrderBy(p => p.Order).Select(p => p.ABIType.CanonicalName));
            return AbiFunction.Parse($"{abi.Name}({List(abi.InputParameters)})({List(abi.OutputParameters)})");
        });

    public static async Task<TOutput> QueryAsync<TFunction, TOutput>(this EthereumRpc rpc, Address contract, TFunction message, BlockParameter? block = null, CancellationToken ct = default)
        where TFunction : FunctionMessage, new()
        where TOutput : IFunctionOutputDTO, new()
    {
        ArgumentNullException.ThrowIfNull(rpc);
        ArgumentNullException.ThrowIfNull(message);
        var function = AbiOf<TFunction>();
        var data = await rpc.Calls.CallAsync(new CallRequest { To = contract, Data = message.GetCallData() }, block, ct).ConfigureAwait(false);
        if (data.Length == 0)
        {
            throw new RpcProtocolException("eth_call", $"{function.Signature} returned no data: is there a contract at {contract}?");
        }

        try
        {
            function.DecodeOutput(data);
        }
        catch (AbiDecodingException ex)
        {
            throw new RpcProtocolException("eth_call", $"{function.Signature} returned undecodable data: {ex.Message}", ex);
        }

        return new TOutput().DecodeOutput(data.ToHex(true));
    }
}
