using System.Collections.Concurrent;
using HedgeDashboard.Ethereum.Abi;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;

namespace HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;

/// <summary>
/// Logs to Nethereum event DTOs. Nethereum's decoder reads truncated or dirty data leniently, so a log is first checked
/// by our strict codec against the DTO's own signature (and refused with <see cref="AbiDecodingException"/>), then
/// decoded by Nethereum into the DTO.
/// </summary>
public static class EventDecoding
{
    private static readonly ConcurrentDictionary<Type, AbiEvent> Strict = new();

    /// <summary>The event as our signature type (topic 0, strict checks), built from the DTO's attributes.</summary>
    public static AbiEvent AbiOf<T>()
        where T : IEventDTO, new()
        => Strict.GetOrAdd(typeof(T), _ =>
        {
            var abi = ABITypedRegistry.GetEvent<T>();
            var inputs = abi.InputParameters.OrderBy(p => p.Order).Select(p => $"{p.Type}{(p.Indexed ? " indexed" : "")} {p.Name}");
            return AbiEvent.Parse($"event {abi.Name}({string.Join(", ", inputs)})");
        });

    public static bool Matches<T>(LogEntry log)
        where T : IEventDTO, new()
    {
        ArgumentNullException.ThrowIfNull(log);
        return AbiOf<T>().Matches(log.Topics);
    }

    /// <summary>Decodes a log of event <typeparamref name="T"/>; another event's log or malformed data is an <see cref="AbiDecodingException"/>.</summary>
    public static T Decode<T>(LogEntry log)
        where T : IEventDTO, new()
    {
        ArgumentNullException.ThrowIfNull(log);
        AbiOf<T>().DecodeLog(log.Topics, log.Data);
        var filterLog = new FilterLog { Topics = [.. log.Topics.Select(t => (object)Hex.Encode(t))], Data = Hex.Encode(log.Data) };
        return Event<T>.DecodeEvent(filterLog).Event;
    }
}
