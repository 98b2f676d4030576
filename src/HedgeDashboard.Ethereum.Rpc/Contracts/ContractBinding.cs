using HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace HedgeDashboard.Ethereum.Rpc.Contracts;

/// <summary>Base of the typed bindings: a contract address, typed eth_call and typed logs.</summary>
public abstract class ContractBinding(EthereumRpc rpc, Address address)
{
    public Address Address { get; } = address;

    protected EthereumRpc Rpc { get; } = rpc ?? throw new ArgumentNullException(nameof(rpc));

    protected Task<TReturn> QueryAsync<TFunction, TReturn>(TFunction message, BlockParameter? block, CancellationToken ct)
        where TFunction : FunctionMessage, new()
        => Rpc.Calls.QueryAsync<TFunction, TReturn>(Address, message, block, ct);

    protected Task<TOutput> QueryOutputAsync<TFunction, TOutput>(TFunction message, BlockParameter? block, CancellationToken ct)
        where TFunction : FunctionMessage, new()
        where TOutput : IFunctionOutputDTO, new()
        => Rpc.Calls.QueryOutputAsync<TFunction, TOutput>(Address, message, block, ct);

    /// <summary>Logs of one event of this contract in a block range (split automatically when the node refuses the range).</summary>
    protected async Task<IReadOnlyList<LogEntry>> GetLogsAsync<TEvent>(ulong fromBlock, ulong toBlock, CancellationToken ct)
        where TEvent : IEventDTO, new()
    {
        var logs = await Rpc.Logs.GetLogsAsync(new LogFilter { FromBlock = fromBlock, ToBlock = toBlock, Addresses = [Address], Topics = [[EventDecoding.Topic0<TEvent>()]] }, ct).ConfigureAwait(false);
        return [.. logs.Where(EventDecoding.Matches<TEvent>)];
    }
}
