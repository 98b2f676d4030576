using System.Numerics;
using HedgeDashboard.Data;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Ethereum.Rpc.Api;
using HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;
using HedgeDashboard.Workers.Live;
using Microsoft.EntityFrameworkCore;
using Nethereum.Contracts;

namespace HedgeDashboard.Workers.Book;

/// <summary>
/// One chain's USD valuation at one block: the sequencer gate first (rollups), then every configured feed's latest round,
/// every known v3 pool's TWAP, spot and token balances (its depth) and every v2 pair's reserves and price accumulators in
/// one JSON-RPC batch, resolved by <see cref="UsdPricing"/> into tokens.usd_*. The v2 pairs' readings live in
/// <paramref name="v2Twaps"/>, which the chain's follower keeps across refreshes (and node failovers) and which each run
/// stores (<see cref="V2TwapStore"/>) for the next start.
/// </summary>
public sealed class UsdValuation(EthereumRpc rpc, BookContracts contracts, ChainEntry chain, BookOptions options, V2TwapHistory v2Twaps)
{
    private readonly Dictionary<Address, int> _feedDecimals = [];

    /// <summary>JSON-RPC requests of the latest run.</summary>
    public int LastRequests { get; private set; }

    /// <summary>
    /// The sequencer's verdict at <paramref name="block"/>: null while valuation may run; otherwise why not (down, up
    /// for less than the grace period, or the uptime feed unreadable: fail closed).
    /// </summary>
    public async Task<string?> SequencerGateAsync(ulong block, DateTimeOffset now, CancellationToken ct)
    {
        if (contracts.SequencerUptimeFeed is not { } feed)
        {
            return null;
        }

        RoundDataOutputDto r;
        try
        {
            r = await rpc.Calls.QueryOutputAsync<LatestRoundDataFunction, RoundDataOutputDto>(feed, new(), BlockParameter.Number(block), ct);
        }
        catch (Exception ex) when (ex is ExecutionRevertedException or RpcProtocolException)
        {
            return $"sequencer uptime feed unreadable: {ex.Message}";
        }

        return SequencerGate.Evaluate(r.Answer, (long)r.StartedAt, now, TimeSpan.FromSeconds(chain.SequencerGracePeriodSeconds));
    }

    /// <summary>
    /// Prices the chain's tokens at <paramref name="block"/> (mined at <paramref name="blockTimestamp"/>, the clock of
    /// the v2 accumulators) and stores them; returns the number of tokens whose price or state changed.
    /// </summary>
    public async Task<int> RunAsync(IDbContextFactory<HedgeDbContext> dbFactory, ulong block, long blockTimestamp, DateTimeOffset now, CancellationToken ct)
    {
        List<Data.Entities.Token> tokens;
        List<(Address Pool, string Label, Address T0, Address T1, int D0, int D1)> pools, pairs;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            tokens = await db.Tokens.AsNoTracking().Where(t => t.ChainId == chain.Id).ToListAsync(ct);
            var rows = await db.Pools.AsNoTracking().Where(p => p.ChainId == chain.Id)
                .Select(p => new { p.Address, p.Kind, p.FeeTier, S0 = p.Token0!.Symbol, S1 = p.Token1!.Symbol, A0 = p.Token0.Address, A1 = p.Token1.Address, D0 = p.Token0.Decimals, D1 = p.Token1.Decimals })
                .ToListAsync(ct);
            var all = rows.Select(p => (Kind: p.Kind, Row: (Address.Parse(p.Address), $"{p.S0}/{p.S1}{(p.Kind == Data.Entities.PositionKind.V2 ? " v2" : "")} {UsdPricing.FeeText(p.FeeTier)}", Address.Parse(p.A0), Address.Parse(p.A1), p.D0, p.D1))).ToList();
            pools = [.. all.Where(p => p.Kind != Data.Entities.PositionKind.V2).Select(p => p.Row)];
            pairs = [.. all.Where(p => p.Kind == Data.Entities.PositionKind.V2).Select(p => p.Row)];
        }

        var feeds = contracts.PriceFeeds.ToList();
        var newDecimals = feeds.Where(f => !_feedDecimals.ContainsKey(f.Value)).Select(f => f.Value).Distinct().ToList();
        var calls = new List<CallRequest>();
        calls.AddRange(newDecimals.Select(f => Call(f, new DecimalsFunction())));
        calls.AddRange(feeds.Select(f => Call(f.Value, new LatestRoundDataFunction())));
        calls.AddRange(pools.Select(p => Call(p.Pool, new ObserveFunction { SecondsAgos = [(uint)options.TwapWindowSeconds, 0] })));
        calls.AddRange(pools.Select(p => Call(p.Pool, new Slot0Function())));
        calls.AddRange(pools.SelectMany(p => new[] { Call(p.T0, new BalanceOfFunction { Owner = p.Pool.ToString() }), Call(p.T1, new BalanceOfFunction { Owner = p.Pool.ToString() }) }));
        calls.AddRange(pairs.SelectMany(p => new[] { Call(p.Pool, new GetReservesFunction()), Call(p.Pool, new Price0CumulativeLastFunction()), Call(p.Pool, new Price1CumulativeLastFunction()) }));
        var replies = new List<CallResult>(calls.Count);
        var requests = 0;
        for (var i = 0; i < calls.Count; i += options.MaxBatchSize)
        {
            replies.AddRange(await rpc.Calls.CallBatchAsync([.. calls.Skip(i).Take(options.MaxBatchSize)], BlockParameter.Number(block), ct));
            requests++;
        }

        LastRequests = requests;
        var k = 0;
        foreach (var f in newDecimals)
        {
            var r = replies[k++];
            if (r.Error is null && TryDecode<DecimalsFunction, BigInteger>(r.Data!, out var d) && d >= 0 && d <= 36)
            {
                _feedDecimals[f] = (int)d;
            }
        }

        var feedInputs = new List<FeedInput>();
        foreach (var (token, feed) in feeds)
        {
            var r = replies[k++];
            if (!_feedDecimals.TryGetValue(feed, out var decimals))
            {
                feedInputs.Add(new FeedInput(token, feed, 0, 0, 0, 0, 0, "decimals() unreadable"));
            }
            else if (r.Error is { } e)
            {
                feedInputs.Add(new FeedInput(token, feed, decimals, 0, 0, 0, 0, e.Message));
            }
            else
            {
                try
                {
                    var o = EthCallApi.DecodeOutput<LatestRoundDataFunction, RoundDataOutputDto>(r.Data!, feed);
                    feedInputs.Add(new FeedInput(token, feed, decimals, o.RoundId, o.Answer, (long)o.UpdatedAt, o.AnsweredInRound));
                }
                catch (RpcProtocolException ex)
                {
                    feedInputs.Add(new FeedInput(token, feed, decimals, 0, 0, 0, 0, ex.Message));
                }
            }
        }

        var observes = replies.Skip(k).Take(pools.Count).ToList();
        var slots = replies.Skip(k + pools.Count).Take(pools.Count).ToList();
        var held = replies.Skip(k + (2 * pools.Count)).Take(2 * pools.Count).ToList();
        var poolInputs = new List<PoolInput>();
        for (var i = 0; i < pools.Count; i++)
        {
            var p = pools[i];
            if (slots[i].Error is not null)
            {
                continue; // not a pool on this node (yet): it prices nothing
            }

            var sqrt = EthCallApi.DecodeOutput<Slot0Function, Slot0OutputDto>(slots[i].Data!, p.Pool).SqrtPriceX96;
            int? tick = null;
            string? error = null;
            if (observes[i].Error is { } oe)
            {
                error = $"observe reverted ({oe.Message}); the pool needs more observation cardinality or history";
            }
            else
            {
                var o = EthCallApi.DecodeOutput<ObserveFunction, ObserveOutputDto>(observes[i].Data!, p.Pool);
                tick = TwapTick(o.TickCumulatives[1] - o.TickCumulatives[0], options.TwapWindowSeconds);
            }

            poolInputs.Add(new PoolInput(p.Label, p.T0, p.T1, p.D0, p.D1, tick, sqrt, error) { Held0 = Held(held[2 * i], p.D0), Held1 = Held(held[(2 * i) + 1], p.D1) });
        }

        var v2 = replies.Skip(k + (4 * pools.Count)).ToList();
        for (var i = 0; i < pairs.Count; i++)
        {
            if (V2Input(pairs[i], v2[3 * i], v2[(3 * i) + 1], v2[(3 * i) + 2], block, blockTimestamp) is { } input)
            {
                poolInputs.Add(input);
            }
        }

        if (pairs.Count > 0)
        {
            await V2TwapStore.SaveAsync(dbFactory, chain.Id, [.. pairs.Select(p => p.Pool)], v2Twaps, ct);
        }

        var symbols = tokens.ToDictionary(t => Address.Parse(t.Address), t => t.Symbol);
        var prices = UsdPricing.Resolve(symbols, feedInputs, poolInputs, now, TimeSpan.FromSeconds(options.FeedHeartbeatSeconds), options.MaxDeviation, options.MinPathDepthUsd);
        return await StoreAsync(dbFactory, tokens, prices, block, now, ct);
    }

    /// <summary>A v2 pair's spot from its reserves and its TWAP from the accumulator readings; null when the pair does not answer.</summary>
    private PoolInput? V2Input((Address Pool, string Label, Address T0, Address T1, int D0, int D1) p, CallResult reserves, CallResult cumulative0, CallResult cumulative1, ulong block, long blockTimestamp)
    {
        if (reserves.Error is not null || cumulative0.Error is not null || cumulative1.Error is not null
            || !TryDecode<Price0CumulativeLastFunction, BigInteger>(cumulative0.Data!, out var c0) || !TryDecode<Price1CumulativeLastFunction, BigInteger>(cumulative1.Data!, out var c1))
        {
            return null;
        }

        var r = EthCallApi.DecodeOutput<GetReservesFunction, GetReservesOutputDto>(reserves.Data!, p.Pool);
        var now = V2Twap.Current(c0, c1, r.Reserve0, r.Reserve1, r.BlockTimestampLast, blockTimestamp) with { Block = (long)block };
        var (twap0, twap1, why) = v2Twaps.Observe(p.Pool, now, options.TwapWindowSeconds, p.D0, p.D1);
        var spot = new V2Prices(V2Math.Ratio(r.Reserve1, r.Reserve0, p.D0 - p.D1), V2Math.Ratio(r.Reserve0, r.Reserve1, p.D1 - p.D0), twap0, twap1);
        return PoolInput.ForV2(p.Label, p.T0, p.T1, spot, why) with { Held0 = Whole(r.Reserve0, p.D0), Held1 = Whole(r.Reserve1, p.D1) };
    }

    /// <summary>A token balance (balanceOf reply) in whole tokens; null when the call failed.</summary>
    private static decimal? Held(CallResult reply, int decimals) =>
        reply.Error is null && TryDecode<BalanceOfFunction, BigInteger>(reply.Data!, out var raw) ? Whole(raw, decimals) : null;

    /// <summary>Raw units in whole tokens, at most 28 decimal places; beyond what a decimal holds, its maximum (deep enough).</summary>
    private static decimal Whole(BigInteger raw, int decimals)
    {
        var places = Math.Min(Math.Max(decimals, 0), 28);
        var scaled = decimals > places ? raw / BigInteger.Pow(10, decimals - places) : raw;
        var whole = BigInteger.DivRem(scaled, BigInteger.Pow(10, places), out var rem);
        return whole > new BigInteger(decimal.MaxValue) - 1 ? decimal.MaxValue : (decimal)whole + ((decimal)rem / Pow10(places));
    }

    private static decimal Pow10(int n)
    {
        var r = 1m;
        for (var i = 0; i < n; i++)
        {
            r *= 10;
        }

        return r;
    }

    /// <summary>The arithmetic mean tick over the window, rounded toward negative infinity as Uniswap's OracleLibrary does.</summary>
    public static int TwapTick(BigInteger tickCumulativeDelta, int windowSeconds)
    {
        var avg = BigInteger.Divide(tickCumulativeDelta, windowSeconds);
        if (tickCumulativeDelta.Sign < 0 && tickCumulativeDelta % windowSeconds != 0)
        {
            avg -= 1;
        }

        return (int)avg;
    }

    private async Task<int> StoreAsync(
        IDbContextFactory<HedgeDbContext> dbFactory, List<Data.Entities.Token> tokens, Dictionary<Address, TokenUsd> prices, ulong block, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var changed = 0;
        foreach (var t in tokens)
        {
            var p = prices.GetValueOrDefault(Address.Parse(t.Address)) ?? new TokenUsd(null, null, null);
            var reason = p.StaleReason is { Length: > 500 } r ? r[..500] : p.StaleReason;
            var source = p.Source is { Length: > 200 } s ? s[..200] : p.Source;
            if (p.Price != t.UsdPrice || reason != t.UsdStaleReason || source != t.UsdSource)
            {
                changed++;
            }

            await db.Tokens.Where(x => x.Id == t.Id).ExecuteUpdateAsync(
                u => u.SetProperty(x => x.UsdPrice, p.Price).SetProperty(x => x.UsdSource, source).SetProperty(x => x.UsdStaleReason, reason)
                    .SetProperty(x => x.UsdCheckedAt, now).SetProperty(x => x.UsdBlock, (long)block),
                ct);
        }

        if (changed > 0)
        {
            await LiveUpdates.NotifyAsync(db, "positions", 0, "usd-prices", ct);
        }

        return changed;
    }

    /// <summary>The chain's valuation is paused (<paramref name="reason"/>) or runs again (null); returns true on a change.</summary>
    public static async Task<bool> SetPausedAsync(IDbContextFactory<HedgeDbContext> dbFactory, long chainId, string? reason, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var before = await db.Chains.Where(c => c.Id == chainId).Select(c => c.PausedReason).SingleOrDefaultAsync(ct);
        var text = reason is { Length: > 500 } r ? r[..500] : reason;
        if (text is null)
        {
            await db.Chains.Where(c => c.Id == chainId).ExecuteUpdateAsync(u => u.SetProperty(c => c.PausedReason, (string?)null).SetProperty(c => c.PausedSince, (DateTimeOffset?)null), ct);
        }
        else
        {
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"UPDATE chains SET paused_reason = {text}, paused_since = COALESCE(paused_since, {now}) WHERE id = {chainId}", ct);
        }

        var changed = (before is null) != (text is null);
        if (changed)
        {
            await LiveUpdates.NotifyAsync(db, "positions", 0, text is null ? "chain-resumed" : "chain-paused", ct);
        }

        return changed;
    }

    private static CallRequest Call<TFunction>(Address to, TFunction f)
        where TFunction : FunctionMessage, new() => new() { To = to, Data = f.GetCallData() };

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
}

/// <summary>Chainlink's L2 sequencer uptime rule: answer 0 is up, 1 is down; startedAt is when the status last changed.</summary>
public static class SequencerGate
{
    public static string? Evaluate(BigInteger answer, long startedAt, DateTimeOffset now, TimeSpan grace)
    {
        var since = DateTimeOffset.FromUnixTimeSeconds(Math.Max(0, startedAt));
        if (!answer.IsZero)
        {
            return $"sequencer down since {since:yyyy-MM-dd HH:mm:ss} UTC: valuation and automatic execution paused";
        }

        // startedAt 0 is a feed that was never initialised: Chainlink's own example treats it as not up.
        if (startedAt == 0)
        {
            return "sequencer uptime feed has no round yet: valuation and automatic execution paused";
        }

        var up = now - since;
        return up < grace
            ? $"sequencer up for only {Math.Max(0, up.TotalSeconds):0} s (grace period {grace.TotalSeconds:0} s): valuation and automatic execution paused"
            : null;
    }
}
