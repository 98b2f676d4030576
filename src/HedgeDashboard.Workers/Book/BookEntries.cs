using System.Numerics;
using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Data.Markets;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;
using HedgeDashboard.Quant.Positions;
using HedgeDashboard.Workers.Chain;
using HedgeDashboard.Workers.Live;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Workers.Book;

/// <summary>One deposit into a position: the liquidity it added and the token amounts it paid (raw units).</summary>
public readonly record struct Deposit(ulong Block, BigInteger Liquidity, BigInteger Amount0, BigInteger Amount1);

/// <summary>
/// A book position's entry from the chain's deposit history, not from when the dashboard first saw it: a wallet added
/// to the dashboard a year after minting is measured against what it deposited a year ago. Uniswap v3: the position
/// manager's IncreaseLiquidity logs of the token id, priced at the pool's slot0 at the first deposit's block (an
/// archive read). Uniswap v2: the pair's liquidity tokens minted to the wallet (Transfer from the zero address) and the
/// pair's Mint of the same transaction, priced at the deposits' own ratio. Read once per position (lp_positions.entry_source
/// is null until then); when the history does not say (no deposit in the range, a node without the old state), the entry
/// stays the first sight and entry_source says why.
/// </summary>
public sealed class BookEntries(EthereumRpc rpc, BookContracts contracts, ChainEntry chain)
{
    /// <summary>Positions looked up per refresh (one eth_getLogs per 200 token ids or per pair, plus one read per first deposit).</summary>
    public const int PerRefresh = 200;

    /// <summary>
    /// The entry basis held now: the deposits' amounts scaled by the liquidity held now over the liquidity deposited (a
    /// partial withdrawal takes its share of the basis; v2 tokens received by transfer are valued like the deposits); all
    /// of them when nothing is held any more.
    /// </summary>
    public static (BigInteger Amount0, BigInteger Amount1) Basis(IReadOnlyList<Deposit> deposits, BigInteger heldNow)
    {
        ArgumentNullException.ThrowIfNull(deposits);
        var (l, a0, a1) = (BigInteger.Zero, BigInteger.Zero, BigInteger.Zero);
        foreach (var d in deposits)
        {
            (l, a0, a1) = (l + d.Liquidity, a0 + d.Amount0, a1 + d.Amount1);
        }

        return l.IsZero || heldNow.IsZero || heldNow == l ? (a0, a1) : (a0 * heldNow / l, a1 * heldNow / l);
    }

    /// <summary>
    /// Reads the history of up to <see cref="PerRefresh"/> positions of <paramref name="snap"/> (what the chain's contracts
    /// report now: a row of a replaced deployment never borrows another position's deposits) without an entry source;
    /// returns how many it set.
    /// </summary>
    public async Task<int> ResolveAsync(IDbContextFactory<HedgeDbContext> dbFactory, BookSnapshot snap, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(snap);
        var head = snap.Block;
        var own = contracts.OwnPool?.ToLowerHex();
        var v3Ids = snap.Positions.Select(p => p.TokenId).ToArray();
        var v3Pools = snap.Positions.Select(p => p.Pool.ToLowerHex()).Distinct().ToArray();
        var v2Pairs = snap.V2Balances.Where(b => !b.Balance.IsZero).Select(b => b.Pair.ToLowerHex()).Distinct().ToArray();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var open = await db.Positions.Include(p => p.Pool!).ThenInclude(p => p.Token0).Include(p => p.Pool!).ThenInclude(p => p.Token1)
            .Where(p => p.EntrySource == null && p.Pool!.ChainId == chain.Id && p.Pool.Address != own
                && ((p.Kind == PositionKind.V3 && v3Pools.Contains(p.Pool.Address) && v3Ids.Contains(p.NftTokenId)) || (p.Kind == PositionKind.V2 && v2Pairs.Contains(p.Pool.Address))))
            .OrderBy(p => p.Id).Take(PerRefresh).ToListAsync(ct);
        var current = snap.Positions.Select(p => (p.Pool.ToLowerHex(), p.TokenId)).ToHashSet();
        open.RemoveAll(p => p.Kind == PositionKind.V3 && !current.Contains((p.Pool!.Address, p.NftTokenId)));
        if (open.Count == 0)
        {
            return 0;
        }

        var from = (ulong)chain.HistoryFromBlock;
        var range = $"blocks {from}-{head}";
        var v3 = open.Where(p => p.Kind == PositionKind.V3).ToList();
        if (v3.Count > 0)
        {
            var increases = await IncreasesAsync([.. v3.Select(p => p.NftTokenId)], from, head, ct);
            foreach (var p in v3)
            {
                await SetV3Async(p, increases.GetValueOrDefault(p.NftTokenId) ?? [], range, ct);
            }
        }

        foreach (var pair in open.Where(p => p.Kind == PositionKind.V2).GroupBy(p => p.Pool!.Address))
        {
            var minted = await MintsAsync(Address.Parse(pair.Key), [.. pair.Select(p => p.OwnerAddress).Distinct()], from, head, ct);
            foreach (var p in pair)
            {
                await SetV2Async(p, minted.GetValueOrDefault(p.OwnerAddress) ?? [], range, ct);
            }
        }

        await db.SaveChangesAsync(ct);
        await LiveUpdates.NotifyAsync(db, "positions", 0, "entries", ct);
        return open.Count;
    }

    private async Task SetV3Async(LpPosition p, List<Deposit> deposits, string range, CancellationToken ct)
    {
        if (deposits.Count == 0)
        {
            p.EntrySource = Text($"first seen: no IncreaseLiquidity of token {p.NftTokenId} in {range}");
            return;
        }

        var deposited = deposits.Aggregate(BigInteger.Zero, (a, d) => a + d.Liquidity);
        if (deposited < p.Liquidity)
        {
            p.EntrySource = Text($"first seen: token {p.NftTokenId}'s deposits in {range} add up to less liquidity than it holds");
            return;
        }

        var first = deposits.Min(d => d.Block);
        BigInteger sqrt;
        try
        {
            sqrt = (await rpc.Calls.QueryOutputAsync<Slot0Function, Slot0OutputDto>(Address.Parse(p.Pool!.Address), new(), BlockParameter.Number(first), ct)).SqrtPriceX96;
        }
        catch (RpcException ex) when (ex is not RpcTransportException)
        {
            p.EntrySource = Text($"first seen: the pool's price at the first deposit (block {first}) is unreadable on this node (an archive node has it): {ex.Message}");
            return;
        }

        var (t0, t1) = (p.Pool!.Token0!, p.Pool.Token1!);
        var price = UniswapPrices.SqrtPriceX96ToPrice(sqrt, t0.Decimals, t1.Decimals);
        await SetAsync(p, deposits, price, first, $"{deposits.Count} IncreaseLiquidity", null, ct);
    }

    private async Task SetV2Async(LpPosition p, List<Deposit> deposits, string range, CancellationToken ct)
    {
        if (deposits.Count == 0)
        {
            p.EntrySource = Text($"first seen: no liquidity tokens minted to {p.OwnerAddress} in {range} (received by transfer?)");
            return;
        }

        var (t0, t1) = (p.Pool!.Token0!, p.Pool.Token1!);
        var sum0 = deposits.Aggregate(BigInteger.Zero, (a, d) => a + d.Amount0);
        var sum1 = deposits.Aggregate(BigInteger.Zero, (a, d) => a + d.Amount1);
        if (sum0.IsZero || sum1.IsZero)
        {
            p.EntrySource = Text("first seen: the deposits paid one token only");
            return;
        }

        // A v2 deposit pays both tokens at the pair's price: their ratio is the entry price.
        var price = (double)(OnChainUnits.Scale(sum1, t1.Decimals) / OnChainUnits.Scale(sum0, t0.Decimals));
        var minted = deposits.Aggregate(BigInteger.Zero, (a, d) => a + d.Liquidity);
        var note = p.Liquidity > minted ? "; more is held than was minted to the wallet (the rest received by transfer), valued at the deposits' price" : null;
        await SetAsync(p, deposits, price, deposits.Min(d => d.Block), $"{deposits.Count} mint(s)", note, ct);
    }

    /// <summary>Sets the entry from deposits at <paramref name="price"/> (token1 per token0, decimals applied).</summary>
    private async Task SetAsync(LpPosition p, List<Deposit> deposits, double price, ulong first, string what, string? note, CancellationToken ct)
    {
        if (!double.IsFinite(price) || price <= 0)
        {
            p.EntrySource = Text($"first seen: the price at the first deposit (block {first}) is {price}");
            return;
        }

        var (t0, t1) = (p.Pool!.Token0!, p.Pool.Token1!);
        var (raw0, raw1) = Basis(deposits, p.Liquidity);
        var (a0, a1) = (OnChainUnits.Scale(raw0, t0.Decimals), OnChainUnits.Scale(raw1, t1.Decimals));
        var token0IsBase = !PairNames.IsQuote(t0.Symbol, p.Pool.Pair);
        (p.EntryPrice, p.EntryAmount0, p.EntryAmount1) = token0IsBase ? ((decimal)price, a0, a1) : ((decimal)(1 / price), a1, a0);
        var block = await rpc.Chain.GetBlockAsync(first, ct);
        if (block is not null)
        {
            p.OpenedAt = block.Time;
        }

        p.EntrySource = Text($"deposits from block {first} ({what}){note}");
    }

    /// <summary>The position manager's IncreaseLiquidity logs of these token ids, by token id.</summary>
    private async Task<Dictionary<long, List<Deposit>>> IncreasesAsync(long[] tokenIds, ulong from, ulong to, CancellationToken ct)
    {
        var byToken = new Dictionary<long, List<Deposit>>();
        foreach (var chunk in tokenIds.Chunk(PerRefresh))
        {
            var logs = await rpc.Logs.GetLogsAsync(
                new LogFilter
                {
                    FromBlock = from,
                    ToBlock = to,
                    Addresses = [contracts.PositionManager],
                    Topics = [[EventDecoding.Topic0<IncreaseLiquidityEventDto>()], [.. chunk.Select(n => Hex.ToBigEndianPadded(n, 32))]],
                },
                ct);
            foreach (var log in logs.Where(l => !l.Removed))
            {
                var e = EventDecoding.Decode<IncreaseLiquidityEventDto>(log);
                var list = byToken.TryGetValue((long)e.TokenId, out var l) ? l : byToken[(long)e.TokenId] = [];
                list.Add(new Deposit(log.BlockNumber ?? 0, e.Liquidity, e.Amount0, e.Amount1));
            }
        }

        return byToken;
    }

    /// <summary>The pair's liquidity tokens minted to each wallet with the Mint amounts of the same transaction, by wallet (lower hex).</summary>
    private async Task<Dictionary<string, List<Deposit>>> MintsAsync(Address pair, string[] wallets, ulong from, ulong to, CancellationToken ct)
    {
        var transfers = await rpc.Logs.GetLogsAsync(
            new LogFilter
            {
                FromBlock = from,
                ToBlock = to,
                Addresses = [pair],
                Topics = [[EventDecoding.Topic0<PairTransferEventDto>()], [new byte[32]], [.. wallets.Select(w => Pad(Address.Parse(w)))]],
            },
            ct);
        var result = new Dictionary<string, List<Deposit>>();
        var mintedTo = transfers.Where(l => !l.Removed).ToList();
        if (mintedTo.Count == 0)
        {
            return result;
        }

        var mints = (await rpc.Logs.GetLogsAsync(
                new LogFilter
                {
                    FromBlock = mintedTo.Min(l => l.BlockNumber ?? 0),
                    ToBlock = mintedTo.Max(l => l.BlockNumber ?? 0),
                    Addresses = [pair],
                    Topics = [[EventDecoding.Topic0<PairMintEventDto>()]],
                },
                ct))
            .Where(l => !l.Removed)
            .GroupBy(l => Hex.Encode(l.TransactionHash ?? []))
            .ToDictionary(g => g.Key, g => g.ToList());
        foreach (var log in mintedTo)
        {
            var t = EventDecoding.Decode<PairTransferEventDto>(log);

            // The wallet's mint is the Mint that follows the Transfer in its transaction (a protocol-fee mint to feeTo
            // comes before, with no Mint event of its own).
            if (!mints.TryGetValue(Hex.Encode(log.TransactionHash ?? []), out var inTx)
                || inTx.Where(m => m.LogIndex > log.LogIndex).OrderBy(m => m.LogIndex).FirstOrDefault() is not { } mint)
            {
                continue;
            }

            var m = EventDecoding.Decode<PairMintEventDto>(mint);
            var wallet = Address.Parse(t.To).ToLowerHex();
            var list = result.TryGetValue(wallet, out var l) ? l : result[wallet] = [];
            list.Add(new Deposit(log.BlockNumber ?? 0, t.Value, m.Amount0, m.Amount1));
        }

        return result;
    }

    private static byte[] Pad(Address a)
    {
        var topic = new byte[32];
        a.Span.CopyTo(topic.AsSpan(12));
        return topic;
    }

    private static string Text(string s) => s.Length > 300 ? s[..300] : s;
}
