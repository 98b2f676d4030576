using System.Collections;
using Nethereum.ABI;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.ABI.Model;

namespace HedgeDashboard.Ethereum.Abi;

/// <summary>
/// Nethereum's ABI decoder is lenient: it reads missing words as zeros, an offset or length past the end as empty
/// data, an address from a word with dirty high bytes, any non-zero word as true, and a uint8 word of 256 as 256.
/// What Solidity emits is canonical, so we decode with Nethereum and encode the values back with Nethereum: a
/// canonical encoding comes back byte for byte (for static types, as a prefix of the data), and the encoder's own
/// range checks refuse a value too wide for its type.
/// </summary>
public static class StrictAbi
{
    /// <summary>Decodes <paramref name="data"/> as <paramref name="parameters"/> or throws <see cref="AbiDecodingException"/>.</summary>
    public static List<ParameterOutput> Decode(Parameter[] parameters, byte[] data, string what)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(data);
        List<ParameterOutput> outputs;
        byte[] again;
        try
        {
            outputs = new ParameterDecoder().DecodeDefaultData(data, parameters);
            again = new ParametersEncoder().EncodeParameters(parameters, [.. outputs.OrderBy(o => o.Parameter.Order).Select(o => Plain(o.Result))]);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new AbiDecodingException($"{what}: data does not decode as ({TypeList(parameters)}): {ex.Message}", ex);
        }

        var canonical = parameters.Any(p => p.ABIType.IsDynamic())
            ? again.AsSpan().SequenceEqual(data)
            : data.Length >= again.Length && again.AsSpan().SequenceEqual(data.AsSpan(0, again.Length));
        return canonical
            ? outputs
            : throw new AbiDecodingException(
                $"{what}: {data.Length} bytes are not a canonical encoding of ({TypeList(parameters)}): truncated, an offset or length past the end, or a value wider than its type.");
    }

    /// <summary>Checks an indexed static value's topic (a 32-byte word) the same way.</summary>
    public static void CheckTopic(Parameter parameter, byte[] topic, string what)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        ArgumentNullException.ThrowIfNull(topic);
        if (topic.Length != 32)
        {
            throw new AbiDecodingException($"{what}: topic for {parameter.Name} is {topic.Length} bytes, not 32.");
        }

        // Indexed strings, bytes, arrays and tuples are only their keccak hash.
        if (!parameter.ABIType.IsDynamic() && parameter.ABIType is not (TupleType or ArrayType))
        {
            Decode([new Parameter(parameter.Type, parameter.Name, 1)], topic, what);
        }
    }

    public static string TypeList(IEnumerable<Parameter> parameters) => string.Join(",", parameters.OrderBy(p => p.Order).Select(p => p.ABIType.CanonicalName));

    // Decoded tuples are lists of outputs; the encoder takes their values in order.
    private static object? Plain(object? value) => value switch
    {
        List<ParameterOutput> tuple => tuple.OrderBy(o => o.Parameter.Order).Select(o => Plain(o.Result)).ToArray(),
        byte[] or string => value,
        IList list => list.Cast<object?>().Select(Plain).ToList(),
        _ => value,
    };
}
