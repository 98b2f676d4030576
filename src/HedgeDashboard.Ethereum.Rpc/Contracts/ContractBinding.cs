using HedgeDashboard.Ethereum.Abi;

namespace HedgeDashboard.Ethereum.Rpc.Contracts;

/// <summary>Base of the typed bindings: a contract address and eth_call with ABI decoding.</summary>
public abstract class ContractBinding(EthereumRpc rpc, Address address)
{
    public Address Address { get; } = address;

    protected EthereumRpc Rpc { get; } = rpc ?? throw new ArgumentNullException(nameof(rpc));

    protected Task<object?[]> CallAsync(AbiFunction function, object?[] args, BlockParameter? block, CancellationToken ct)
        => Rpc.Calls.CallFunctionAsync(Address, function, args, block, ct);

    protected async Task<T> CallSingleAsync<T>(AbiFunction function, object?[] args, BlockParameter? block, CancellationToken ct)
    {
        var r = await CallAsync(function, args, block, ct).ConfigureAwait(false);
        return (T)r[0]!;
    }

    /// <summary>Logs of one event of this contract in a block range (split automatically when the node refuses the range).</summary>
    protected async Task<IReadOnlyList<(LogEntry Log, object?[] Values)>> GetEventsAsync(AbiEvent ev, ulong fromBlock, ulong toBlock, CancellationToken ct)
    {
        var logs = await Rpc.Logs.GetLogsAsync(new LogFilter { FromBlock = fromBlock, ToBlock = toBlock, Addresses = [Address], Topics = [[ev.Topic0]] }, ct).ConfigureAwait(false);
        return [.. logs.Where(l => ev.Matches(l.Topics)).Select(l => (l, ev.DecodeLog(l.Topics, l.Data)))];
    }
}
