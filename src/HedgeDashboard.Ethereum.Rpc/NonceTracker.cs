namespace HedgeDashboard.Ethereum.Rpc;

/// <summary>
/// Hands out nonces for one process's senders without a round trip per transaction: the first use of an address reads
/// the pending count from the node, later ones count locally. Call <see cref="Reset"/> after a
/// <see cref="NonceTooLowException"/> (or any doubt) so the next nonce is read from the node again.
/// Across processes, nonce order needs a shared lock (the relayer's advisory lock per signing address).
/// </summary>
public sealed class NonceTracker(EthereumRpc rpc)
{
    private readonly Dictionary<Address, ulong> _next = [];
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Reserves the next nonce of <paramref name="address"/>.</summary>
    public async Task<ulong> NextAsync(Address address, CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (!_next.TryGetValue(address, out var nonce))
            {
                nonce = await rpc.Accounts.GetTransactionCountAsync(address, BlockParameter.Pending, ct).ConfigureAwait(false);
            }

            _next[address] = nonce + 1;
            return nonce;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets the local count of <paramref name="address"/>; the next call asks the node.</summary>
    public void Reset(Address address)
    {
        _gate.Wait();
        try
        {
            _next.Remove(address);
        }
        finally
        {
            _gate.Release();
        }
    }
}
