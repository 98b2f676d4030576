using System.Runtime.CompilerServices;

namespace HedgeDashboard.Ethereum.Rpc.Api;

/// <summary>New blocks by polling eth_blockNumber; every block number is yielded once, in order, none skipped.</summary>
public sealed class BlockStream(EthChainApi chain)
{
    public async IAsyncEnumerable<Block> WatchAsync(TimeSpan pollInterval, ulong? fromBlock = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var next = fromBlock ?? await chain.GetBlockNumberAsync(ct).ConfigureAwait(false) + 1;
        while (!ct.IsCancellationRequested)
        {
            var head = await chain.GetBlockNumberAsync(ct).ConfigureAwait(false);
            while (next <= head)
            {
                var block = await chain.GetBlockAsync(next, ct).ConfigureAwait(false);
                if (block is null)
                {
                    break;
                }

                yield return block;
                next++;
            }

            await Task.Delay(pollInterval, ct).ConfigureAwait(false);
        }
    }
}
