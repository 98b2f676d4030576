using System.Numerics;
using HedgeDashboard.Ethereum.Abi;
using HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;

namespace HedgeDashboard.Ethereum.Rpc.Contracts;

public sealed record Slot0(BigInteger SqrtPriceX96, int Tick, int ObservationIndex, int ObservationCardinality, int ObservationCardinalityNext, int FeeProtocol, bool Unlocked);

public sealed record Observation(IReadOnlyList<BigInteger> TickCumulatives, IReadOnlyList<BigInteger> SecondsPerLiquidityCumulativeX128s);

/// <summary>A decoded Uniswap v3 Swap event.</summary>
public sealed record SwapEvent(Address Sender, Address Recipient, BigInteger Amount0, BigInteger Amount1, BigInteger SqrtPriceX96, BigInteger Liquidity, int Tick)
{
    public ulong? BlockNumber { get; init; }

    public byte[]? TransactionHash { get; init; }

    public ulong? LogIndex { get; init; }
}

/// <summary>Uniswap v3 pool (IUniswapV3Pool): state views, TWAP observations and Swap events.</summary>
public sealed class UniswapV3Pool(EthereumRpc rpc, Address address) : ContractBinding(rpc, address)
{
    public async Task<Slot0> Slot0Async(BlockParameter? block = null, CancellationToken ct = default)
        => ToSlot0(await QueryOutputAsync<Slot0Function, Slot0OutputDto>(new(), block, ct).ConfigureAwait(false));

    public static Slot0 ToSlot0(Slot0OutputDto r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new Slot0(r.SqrtPriceX96, r.Tick, r.ObservationIndex, r.ObservationCardinality, r.ObservationCardinalityNext, r.FeeProtocol, r.Unlocked);
    }

    public Task<BigInteger> LiquidityAsync(BlockParameter? block = null, CancellationToken ct = default)
        => QueryAsync<LiquidityFunction, BigInteger>(new(), block, ct);

    /// <summary>Cumulative ticks and seconds-per-liquidity at each "seconds ago" (TWAP building block).</summary>
    public async Task<Observation> ObserveAsync(IReadOnlyList<uint> secondsAgos, BlockParameter? block = null, CancellationToken ct = default)
    {
        var r = await QueryOutputAsync<ObserveFunction, ObserveOutputDto>(new() { SecondsAgos = [.. secondsAgos] }, block, ct).ConfigureAwait(false);
        return new Observation(r.TickCumulatives, r.SecondsPerLiquidityCumulativeX128s);
    }

    public Task<Address> Token0Async(CancellationToken ct = default) => QueryAsync<Token0Function, Address>(new(), null, ct);

    public Task<Address> Token1Async(CancellationToken ct = default) => QueryAsync<Token1Function, Address>(new(), null, ct);

    public async Task<int> FeeAsync(CancellationToken ct = default) => (int)await QueryAsync<FeeFunction, BigInteger>(new(), null, ct).ConfigureAwait(false);

    public async Task<IReadOnlyList<SwapEvent>> GetSwapsAsync(ulong fromBlock, ulong toBlock, CancellationToken ct = default)
        => [.. (await GetLogsAsync<SwapEventDto>(fromBlock, toBlock, ct).ConfigureAwait(false)).Select(DecodeSwap)];

    /// <summary>Decodes a Swap log (throws <see cref="AbiDecodingException"/> for other logs).</summary>
    public static SwapEvent DecodeSwap(LogEntry log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var e = EventDecoding.Decode<SwapEventDto>(log);
        return new SwapEvent(Address.Parse(e.Sender.ToLowerInvariant()), Address.Parse(e.Recipient.ToLowerInvariant()), e.Amount0, e.Amount1, e.SqrtPriceX96, e.Liquidity, e.Tick)
        {
            BlockNumber = log.BlockNumber,
            TransactionHash = log.TransactionHash,
            LogIndex = log.LogIndex,
        };
    }
}
