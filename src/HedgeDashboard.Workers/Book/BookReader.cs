using System.Numerics;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Ethereum.Rpc.Api;
using HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;
using HedgeDashboard.Workers.Chain;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace HedgeDashboard.Workers.Book;

/// <summary>A tracked wallet's Uniswap v3 position as the NonfungiblePositionManager reports it, with its pool.</summary>
public sealed record BookPosition(
    long TokenId, Address Owner, Address Pool, Address Token0, Address Token1, int Fee, int TickLower, int TickUpper, BigInteger Liquidity, FeesOwed? Fees);

/// <summary>A pool's state at the block read.</summary>
public sealed record BookPool(Address Address, Address Token0, Address Token1, int Fee, int? TickSpacing, BigInteger SqrtPriceX96, int Tick);

/// <summary>ERC-20 metadata read from the chain.</summary>
public sealed record BookToken(Address Address, string Symbol, int Decimals);

/// <summary>A configured Uniswap v2 pair's state at the block read.</summary>
public sealed record BookV2Pair(Address Address, Address Token0, Address Token1, BigInteger Reserve0, BigInteger Reserve1, BigInteger TotalSupply);

/// <summary>A tracked wallet's balance of a v2 pair's liquidity token (zero included: a position left the book).</summary>
public sealed record BookV2Balance(Address Pair, Address Owner, BigInteger Balance);

/// <summary>One refresh of a chain's book: positions, the pools they sit in, new tokens, and the JSON-RPC requests it took.</summary>
public sealed record BookSnapshot(ulong Block, IReadOnlyList<BookPosition> Positions, IReadOnlyDictionary<Address, BookPool> Pools, IReadOnlyList<BookToken> NewTokens, int Requests)
{
    public IReadOnlyList<BookV2Pair> V2Pairs { get; init; } = [];

    public IReadOnlyList<BookV2Balance> V2Balances { get; init; } = [];

    /// <summary>Configuration the chain refuted in this refresh (a pricing pool that is not a pool), for the log.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];
}

/// <summary>
/// Discovers every NonfungiblePositionManager position of the tracked wallets on one chain, in any pool, and reads the
/// pools' state (and the configured pricing-only pools'), unknown tokens' metadata and each position's uncollected fees at one block. Each step is one JSON-RPC
/// batch of eth_calls (split at <c>maxBatch</c>), so a refresh costs a bounded number of HTTP requests whatever the
/// number of positions: 1 + 7 x ceil(n / maxBatch) at most (balanceOf, tokenOfOwnerByIndex, positions, the v2 pairs'
/// reserves, total supply and the wallets' balances (when v2 pairs are configured), getPool for pools not yet known
/// with token0/token1/fee of pricing pools not yet read, slot0 (+ tickSpacing and token metadata of new pools), fees).
/// </summary>
public sealed class BookReader(EthereumRpc rpc, BookContracts contracts, int maxBatch)
{
    private static readonly BigInteger Uint128Max = (BigInteger.One << 128) - 1;
    private readonly Dictionary<(Address, Address, int), Address> _poolByKey = [];
    private readonly Dictionary<Address, (Address Token0, Address Token1)> _v2Tokens = [];
    private readonly Dictionary<Address, (Address, Address, int)> _pricingKeys = [];
    private readonly HashSet<Address> _badPricing = [];

    /// <summary>Reads the book at <paramref name="block"/>; <paramref name="knownTokens"/> are not read again.</summary>
    public async Task<BookSnapshot> ReadAsync(IReadOnlyList<Address> wallets, ISet<Address> knownTokens, ulong block, CancellationToken ct)
    {
        var at = BlockParameter.Number(block);
        var requests = 0;
        async Task<IReadOnlyList<(byte[]? Data, RpcException? Error)>> Batch(IReadOnlyList<(Address To, byte[] Data, Address? From)> calls)
        {
            var results = new List<(byte[]?, RpcException?)>(calls.Count);
            for (var i = 0; i < calls.Count; i += maxBatch)
            {
                var chunk = calls.Skip(i).Take(maxBatch).Select(c => new CallRequest { From = c.From, To = c.To, Data = c.Data }).ToList();
                var replies = await rpc.Calls.CallBatchAsync(chunk, at, ct);
                requests++;
                results.AddRange(replies.Select(r => (r.Data, r.Error)));
            }

            return results;
        }

        // 1. How many NFTs each wallet holds, 2. their ids, 3. their positions.
        var counts = await Batch([.. wallets.Select(w => (contracts.PositionManager, new BalanceOfFunction { Owner = w.ToString() }.GetCallData(), (Address?)null))]);
        var owned = new List<(Address Owner, int Index)>();
        for (var i = 0; i < wallets.Count; i++)
        {
            var n = (int)Decode<BalanceOfFunction, BigInteger>(counts[i], "balanceOf");
            owned.AddRange(Enumerable.Range(0, n).Select(k => (wallets[i], k)));
        }

        var ids = await Batch([.. owned.Select(o => (contracts.PositionManager, new TokenOfOwnerByIndexFunction { Owner = o.Owner.ToString(), Index = o.Index }.GetCallData(), (Address?)null))]);
        var tokenIds = ids.Select(r => Decode<TokenOfOwnerByIndexFunction, BigInteger>(r, "tokenOfOwnerByIndex")).ToList();
        var infos = await Batch([.. tokenIds.Select(id => (contracts.PositionManager, new PositionsFunction { TokenId = id }.GetCallData(), (Address?)null))]);
        var positions = infos.Select(r => DecodeDto<PositionsFunction, PositionsOutputDto>(r, "positions")).ToList();

        // 3b. Uniswap v2 pairs: reserves, total supply (and tokens the first time), the wallets' liquidity-token balances.
        var v2 = contracts.V2Pairs;
        var v2Calls = new List<(Address, byte[], Address?)>();
        foreach (var pair in v2)
        {
            v2Calls.Add((pair, new GetReservesFunction().GetCallData(), null));
            v2Calls.Add((pair, new TotalSupplyFunction().GetCallData(), null));
            if (!_v2Tokens.ContainsKey(pair))
            {
                v2Calls.Add((pair, new Token0Function().GetCallData(), null));
                v2Calls.Add((pair, new Token1Function().GetCallData(), null));
            }
        }

        var newPairs = v2.Where(p => !_v2Tokens.ContainsKey(p)).ToHashSet();
        v2Calls.AddRange(v2.SelectMany(p => wallets.Select(w => (p, new BalanceOfFunction { Owner = w.ToString() }.GetCallData(), (Address?)null))));
        var v2Replies = await Batch(v2Calls);
        var v2Pairs = new List<BookV2Pair>(v2.Count);
        var at2 = 0;
        foreach (var pair in v2)
        {
            var reserves = DecodeDto<GetReservesFunction, GetReservesOutputDto>(v2Replies[at2++], "getReserves");
            var supply = Decode<TotalSupplyFunction, BigInteger>(v2Replies[at2++], "totalSupply");
            if (newPairs.Contains(pair))
            {
                _v2Tokens[pair] = (Decode<Token0Function, Address>(v2Replies[at2++], "token0"), Decode<Token1Function, Address>(v2Replies[at2++], "token1"));
            }

            v2Pairs.Add(new BookV2Pair(pair, _v2Tokens[pair].Token0, _v2Tokens[pair].Token1, reserves.Reserve0, reserves.Reserve1, supply));
        }

        var v2Balances = new List<BookV2Balance>(v2.Count * wallets.Count);
        foreach (var pair in v2)
        {
            foreach (var w in wallets)
            {
                v2Balances.Add(new BookV2Balance(pair, w, Decode<BalanceOfFunction, BigInteger>(v2Replies[at2++], "balanceOf")));
            }
        }

        // 4. Pools not met before, from the factory; the pricing-only pools' tokens and fee the first time.
        var keys = positions.Select(Key).Distinct().Where(k => !_poolByKey.ContainsKey(k)).ToList();
        var unreadPricing = contracts.PricingPools.Where(p => p != contracts.OwnPool && !_pricingKeys.ContainsKey(p) && !_badPricing.Contains(p)).ToList();
        var found = await Batch([
            .. keys.Select(k => (contracts.Factory, new GetPoolFunction { TokenA = k.Item1.ToString(), TokenB = k.Item2.ToString(), Fee = k.Item3 }.GetCallData(), (Address?)null)),
            .. unreadPricing.SelectMany(p => new[] { (p, new Token0Function().GetCallData(), (Address?)null), (p, new Token1Function().GetCallData(), (Address?)null), (p, new FeeFunction().GetCallData(), (Address?)null) }),
        ]);
        var newPools = new HashSet<Address>();
        for (var i = 0; i < keys.Count; i++)
        {
            var pool = Decode<GetPoolFunction, Address>(found[i], "getPool");
            _poolByKey[keys[i]] = pool;
            newPools.Add(pool);
        }

        var problems = new List<string>();
        for (var i = 0; i < unreadPricing.Count; i++)
        {
            var at3 = keys.Count + (3 * i);
            if (TryRead<Token0Function, Address>(found[at3], out var p0) && TryRead<Token1Function, Address>(found[at3 + 1], out var p1)
                && TryRead<FeeFunction, BigInteger>(found[at3 + 2], out var fee) && fee > 0 && fee < 1_000_000)
            {
                _pricingKeys[unreadPricing[i]] = (p0, p1, (int)fee);
                newPools.Add(unreadPricing[i]);
            }
            else
            {
                // A mistyped address must not stop the book: it prices nothing, said once in the log.
                _badPricing.Add(unreadPricing[i]);
                problems.Add($"pricing pool {unreadPricing[i].ToLowerHex()} is not a Uniswap v3 pool (token0, token1 or fee unreadable): ignored");
            }
        }

        // 5. State of every pool in the book and of the pricing-only pools, with the tick spacing of new pools and the
        // metadata of unknown tokens.
        var book = positions.Select((p, i) => (Info: p, TokenId: tokenIds[i], Owner: owned[i].Owner, Pool: _poolByKey[Key(p)]))
            .Where(x => x.Pool != Address.Zero && x.Pool != contracts.OwnPool).ToList();
        var pools = book.Select(x => (x.Pool, Key: Key(x.Info)))
            .Concat(contracts.PricingPools.Where(_pricingKeys.ContainsKey).Select(p => (Pool: p, Key: _pricingKeys[p])))
            .DistinctBy(x => x.Pool).ToList();
        var tokens = pools.SelectMany(p => new[] { p.Key.Item1, p.Key.Item2 }).Concat(v2Pairs.SelectMany(p => new[] { p.Token0, p.Token1 }))
            .Distinct().Where(t => !knownTokens.Contains(t)).ToList();
        var stateCalls = new List<(Address, byte[], Address?)>();
        stateCalls.AddRange(pools.Select(p => (p.Pool, new Slot0Function().GetCallData(), (Address?)null)));
        var spacingFor = pools.Where(p => newPools.Contains(p.Pool)).ToList();
        stateCalls.AddRange(spacingFor.Select(p => (p.Pool, new TickSpacingFunction().GetCallData(), (Address?)null)));
        stateCalls.AddRange(tokens.SelectMany(t => new[] { (t, new SymbolFunction().GetCallData(), (Address?)null), (t, new DecimalsFunction().GetCallData(), (Address?)null) }));
        var state = await Batch(stateCalls);
        var poolStates = new Dictionary<Address, BookPool>();
        for (var i = 0; i < pools.Count; i++)
        {
            var s = DecodeDto<Slot0Function, Slot0OutputDto>(state[i], "slot0");
            var k = spacingFor.FindIndex(x => x.Pool == pools[i].Pool);
            int? spacing = k < 0 ? null : (int)Decode<TickSpacingFunction, BigInteger>(state[pools.Count + k], "tickSpacing");
            poolStates[pools[i].Pool] = new BookPool(pools[i].Pool, pools[i].Key.Item1, pools[i].Key.Item2, pools[i].Key.Item3, spacing, s.SqrtPriceX96, s.Tick);
        }

        var newTokens = new List<BookToken>();
        var t0 = pools.Count + spacingFor.Count;
        for (var i = 0; i < tokens.Count; i++)
        {
            // A token whose symbol() is not an ABI string (bytes32 in some old tokens) is named by its address.
            var symbol = state[t0 + (2 * i)].Error is null && TryDecode<SymbolFunction, string>(state[t0 + (2 * i)].Data!, out var sym) && sym.Length is > 0 and <= 32
                ? sym : tokens[i].ToLowerHex()[..10];
            newTokens.Add(new BookToken(tokens[i], symbol, (int)Decode<DecimalsFunction, BigInteger>(state[t0 + (2 * i) + 1], "decimals")));
        }

        // 6. Uncollected fees: collect(tokenId, owner, max, max) as eth_call from the owner (it pokes the pool first).
        var live = book.Where(x => !x.Info.Liquidity.IsZero || x.Info.TokensOwed0 > 0 || x.Info.TokensOwed1 > 0).ToList();
        var fees = await Batch([.. live.Select(x => (contracts.PositionManager, new CollectFunction { Params = new() { TokenId = x.TokenId, Recipient = x.Owner.ToLowerHex(), Amount0Max = Uint128Max, Amount1Max = Uint128Max } }.GetCallData(), (Address?)x.Owner))]);
        var feesById = new Dictionary<BigInteger, FeesOwed>();
        for (var i = 0; i < live.Count; i++)
        {
            if (fees[i].Error is null && fees[i].Data is { Length: 64 } d)
            {
                var r = EthCallApi.DecodeOutput<CollectFunction, AmountsOutputDto>(d, contracts.PositionManager);
                feesById[live[i].TokenId] = new FeesOwed(r.Amount0, r.Amount1);
            }
        }

        var list = book.Select(x => new BookPosition(
            (long)x.TokenId, x.Owner, x.Pool, Address.Parse(x.Info.Token0), Address.Parse(x.Info.Token1), x.Info.Fee, x.Info.TickLower, x.Info.TickUpper, x.Info.Liquidity,
            feesById.GetValueOrDefault(x.TokenId))).ToList();
        return new BookSnapshot(block, list, poolStates, newTokens, requests) { V2Pairs = v2Pairs, V2Balances = v2Balances, Problems = problems };
    }

    private static (Address, Address, int) Key(PositionsOutputDto p) => (Address.Parse(p.Token0), Address.Parse(p.Token1), p.Fee);

    private static TOut Decode<TFunction, TOut>((byte[]? Data, RpcException? Error) reply, string what)
        where TFunction : FunctionMessage, new()
    {
        if (reply.Error is { } e)
        {
            throw e;
        }

        var data = reply.Data!;
        if (!TryDecode<TFunction, TOut>(data, out var value))
        {
            throw new RpcProtocolException("eth_call", $"{what} returned undecodable data ({data.Length} bytes)");
        }

        return value;
    }

    private static bool TryRead<TFunction, TOut>((byte[]? Data, RpcException? Error) reply, out TOut value)
        where TFunction : FunctionMessage, new()
    {
        value = default!;
        return reply.Error is null && reply.Data is not null && TryDecode<TFunction, TOut>(reply.Data, out value);
    }

    private static bool TryDecode<TFunction, TOut>(byte[] data, out TOut value)
        where TFunction : FunctionMessage, new()
    {
        try
        {
            value = EthCallApi.DecodeReturn<TFunction, TOut>(data, Address.Zero);
            return true;
        }
        catch (RpcProtocolException)
        {
            value = default!;
            return false;
        }
    }

    private static TDto DecodeDto<TFunction, TDto>((byte[]? Data, RpcException? Error) reply, string what)
        where TFunction : FunctionMessage, new()
        where TDto : IFunctionOutputDTO, new()
    {
        if (reply.Error is { } e)
        {
            throw e;
        }

        return EthCallApi.DecodeOutput<TFunction, TDto>(reply.Data!, Address.Zero); // strict: Nethereum reads a short reply as zeros
    }
}
