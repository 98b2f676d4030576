using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using HedgeDashboard.Ethereum.Abi;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.ABI.Model;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.RPC.Eth.DTOs;

namespace HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;

/// <summary>
/// Logs to Nethereum event DTOs; topic 0 is Nethereum's event ABI signature hash. Nethereum's decoder reads
/// truncated or dirty data leniently, so each topic and the data are first checked by <see cref="StrictAbi"/> (refused
/// with <see cref="AbiDecodingException"/>), then decoded by Nethereum into the DTO.
/// </summary>
public static class EventDecoding
{
    private static readonly ConcurrentDictionary<Type, byte[]> Topics = new();

    public static EventABI AbiOf<T>()
        where T : IEventDTO, new()
        => ABITypedRegistry.GetEvent<T>();

    public static byte[] Topic0<T>()
        where T : IEventDTO, new()
        => Topics.GetOrAdd(typeof(T), _ => AbiOf<T>().Sha3Signature.HexToByteArray());

    /// <summary>True when the log's first topic is event <typeparamref name="T"/>'s.</summary>
    public static bool Matches<T>(LogEntry log)
        where T : IEventDTO, new()
    {
        ArgumentNullException.ThrowIfNull(log);
        return log.Topics.Count > 0 && log.Topics[0].AsSpan().SequenceEqual(Topic0<T>());
    }

    /// <summary>Decodes a log of event <typeparamref name="T"/>; another event's log or malformed data is an <see cref="AbiDecodingException"/>.</summary>
    public static T Decode<T>(LogEntry log)
        where T : IEventDTO, new()
    {
        ArgumentNullException.ThrowIfNull(log);
        var abi = AbiOf<T>();
        if (!Matches<T>(log))
        {
            throw new AbiDecodingException($"Log topic 0 is not the topic of {abi.Signature}.");
        }

        var indexed = abi.InputParameters.Where(p => p.Indexed).OrderBy(p => p.Order).ToArray();
        if (log.Topics.Count != 1 + indexed.Length)
        {
            throw new AbiDecodingException($"{abi.Signature} has {indexed.Length} indexed parameters but the log has {log.Topics.Count - 1} topics.");
        }

        for (var i = 0; i < indexed.Length; i++)
        {
            StrictAbi.CheckTopic(indexed[i], log.Topics[i + 1], abi.Signature);
        }

        StrictAbi.Decode([.. abi.InputParameters.Where(p => !p.Indexed)], log.Data, abi.Signature);
        var filterLog = new FilterLog { Topics = [.. log.Topics.Select(t => (object)Hex.Encode(t))], Data = Hex.Encode(log.Data) };
        return Event<T>.DecodeEvent(filterLog).Event;
    }

    /// <summary>
    /// A DTO's values by ABI parameter name, for storage and display: addresses as <see cref="Address"/>, structs as
    /// their components in order (object?[]), numbers as they are.
    /// </summary>
    public static IReadOnlyDictionary<string, object?> Values(object dto)
    {
        ArgumentNullException.ThrowIfNull(dto);
        return Parameters(dto.GetType()).ToDictionary(p => p.Attribute.Name, p => Plain(p.Attribute.Type, p.Property.GetValue(dto)));
    }

    private static IEnumerable<(PropertyInfo Property, ParameterAttribute Attribute)> Parameters(Type type)
        => type.GetProperties()
            .Select(p => (Property: p, Attribute: p.GetCustomAttribute<ParameterAttribute>()))
            .Where(p => p.Attribute is not null)
            .OrderBy(p => p.Attribute!.Order)
            .Select(p => (p.Property, p.Attribute!));

    private static object? Plain(string abiType, object? value) => value switch
    {
        string s when abiType == "address" => Address.Parse(s.ToLowerInvariant()),
        null or string or byte[] => value,
        IList list => list.Cast<object?>().Select(v => Plain(abiType[..abiType.LastIndexOf('[')], v)).ToArray(),
        _ when abiType.StartsWith("tuple", StringComparison.Ordinal) => Parameters(value.GetType()).Select(p => Plain(p.Attribute.Type, p.Property.GetValue(value))).ToArray(),
        _ => value,
    };
}
