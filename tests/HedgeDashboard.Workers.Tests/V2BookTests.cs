using System.Numerics;
using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Ethereum.Rpc.Api;
using HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;
using HedgeDashboard.Quant.Positions;
using HedgeDashboard.TestSupport;
using HedgeDashboard.Workers.Book;
using Microsoft.EntityFrameworkCore;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Xunit.Abstractions;

namespace HedgeDashboard.Workers.Tests;

/// <summary>
/// A tracked wallet's Uniswap v2 liquidity tokens (the book's WETH/USDC pair from npm @uniswap/v2-core, on anvil chain
/// 31338) read through Chains:N:V2Pairs, stored as a v2 position, valued exactly as burn() pays, and its IL against
/// holding equal to the v2 closed form after a swap moves the price.
/// </summary>
public sealed class V2BookTests(ITestOutputHelper output) : IAsyncLifetime
{
    private AnvilNode _node = null!;
    private TestDatabase _db = null!;
    private LocalBook _book = null!;

    public async Task InitializeAsync()
    {
        _db = await TestPostgres.CreateDatabaseAsync("wk_v2book");
        var migrate = new DatabaseMigrator(_db.ConnectionString).MigrateAsync();
        _node = await AnvilNode.StartAsync(31338);
        _book = await LocalBook.DeployAsync(_node);
        await migrate;
        await using var db = Db();
        db.Chains.Add(new Data.Entities.Chain { Id = 31338, Name = "beta" });
        db.TrackedWallets.Add(new TrackedWallet { ChainId = 31338, Address = _book.Lp.ToLowerHex() });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task V2Pair_LpBalance_StoredAsFullRangeV2Position_ValuedAsBurnPays_AndIlEqualsClosedFormAfterASwap()
    {
        var pair = _book.V2Pair;
        var rpc = EthereumRpc.Create(_node.RpcUrl);
        var entry = new ChainEntry
        {
            Id = 31338, Name = "beta", RpcUrls = [_node.RpcUrl.ToString()], PositionManager = _book.PositionManager.ToString(), Factory = _book.Factory.ToString(),
            V2Pairs = [pair.ToString()],
        };
        var contracts = BookContracts.Resolve(entry);
        var reader = new BookReader(rpc, contracts, 500);
        await RefreshAsync(reader, entry, contracts, rpc);

        LpPosition position;
        await using (var db = Db())
        {
            position = await db.Positions.AsNoTracking().Include(p => p.Pool!).ThenInclude(p => p.Token0).Include(p => p.Pool!).ThenInclude(p => p.Token1)
                .SingleAsync(p => p.Kind == PositionKind.V2);
            Assert.Equal(4, await db.Positions.CountAsync()); // the three v3 positions beside it
        }

        var pool = position.Pool!;
        Assert.Equal((PositionKind.V2, "ETH/USD", 3000, 0), (pool.Kind, pool.Pair, pool.FeeTier, pool.TickSpacing));
        Assert.Equal(pair.ToLowerHex(), pool.Address);
        Assert.Null(position.PriceLower); // full range
        Assert.Null(position.PriceUpper);
        Assert.Equal(0, position.NftTokenId);
        Assert.Equal(PositionStatus.Open, position.Status);
        Assert.NotNull(position.WalletId);
        Assert.Equal(3000m, position.EntryPrice); // 15,000 USDC / 5 WETH
        Assert.InRange(position.EntryAmount0, 4.99m, 5m); // all but the share of the 1,000 locked MINIMUM_LIQUIDITY
        Assert.Equal(await Erc20BalanceAsync(rpc, pair, _book.Lp, pool.StateBlock!.Value), position.Liquidity);

        // Exactly what burn() pays: send the LP tokens to the pair (in an anvil snapshot), then burn as eth_call.
        var v = BookStore.ValueV2(pool, pool.Token0!, pool.Token1!, position.Liquidity);
        var (paid0, paid1) = await BurnQuoteAsync(rpc, pair, _book.Lp, position.Liquidity);
        output.WriteLine($"v2 raw ({v.Raw0}, {v.Raw1}) burn ({paid0}, {paid1}); {v.Base} ETH + {v.Quote} USD at {v.Price}");
        Assert.Equal((paid0, paid1), (v.Raw0, v.Raw1));

        // A trader sells 0.5 WETH into the pair: the price falls; the position's IL is the v2 closed form 2 sqrt(k)/(1+k) - 1.
        var (r0Before, r1Before) = (pool.Reserve0!.Value, pool.Reserve1!.Value);
        await SwapWethInAsync(rpc, pair, pool, BigInteger.Parse("500000000000000000"));
        await RefreshAsync(reader, entry, contracts, rpc);
        await using (var db = Db())
        {
            pool = await db.Pools.AsNoTracking().Include(p => p.Token0).Include(p => p.Token1).SingleAsync(p => p.Id == pool.Id);
        }

        var now = BookStore.ValueV2(pool, pool.Token0!, pool.Token1!, position.Liquidity);
        var k = (double)(now.Price / position.EntryPrice);
        var closedForm = (2 * Math.Sqrt(k) / (1 + k)) - 1;
        Assert.Equal(closedForm, ImpermanentLoss.V2(k), 12);
        Assert.InRange(k, 0.75, 0.9);

        // On chain: the tokens the balance holds now against holding the entry amounts. The pair keeps its 0.3 % swap fee,
        // which grows sqrt(reserve0 x reserve1); without that growth the loss is the closed form exactly.
        var price = (double)now.Price;
        var onChainIl = (((double)now.Base * price) + (double)now.Quote) / (((double)position.EntryAmount0 * price) + (double)position.EntryAmount1) - 1;
        var feeGrowth = Math.Sqrt((double)(pool.Reserve0!.Value * pool.Reserve1!.Value) / (double)(r0Before * r1Before));
        output.WriteLine($"k {k}: closed form {closedForm}, on chain {onChainIl}, fee growth of sqrt(k) {feeGrowth - 1}");
        Assert.Equal(closedForm, ((1 + onChainIl) / feeGrowth) - 1, 9);
        Assert.InRange(feeGrowth - 1, 0, 0.003);

        // The dashboard's own figure: a full-range position from the entry amounts, valued at the new price (PositionMath).
        var modelled = LiquidityPosition.FromAmounts((double)position.EntryPrice, (double)position.EntryAmount0, (double)position.EntryAmount1, 0, double.PositiveInfinity);
        var held = modelled.AmountsAt((double)position.EntryPrice);
        Assert.Equal(closedForm, (modelled.ValueAt(price) / ((held.Amount0 * price) + held.Amount1)) - 1, 12);
    }

    private async Task RefreshAsync(BookReader reader, ChainEntry entry, BookContracts contracts, EthereumRpc rpc)
    {
        var head = await rpc.Chain.GetBlockNumberAsync();
        await using var db = Db();
        var wallets = await db.TrackedWallets.AsNoTracking().ToDictionaryAsync(w => w.Address, w => w.Id);
        var known = (await db.Tokens.AsNoTracking().Select(t => t.Address).ToListAsync()).Select(Address.Parse).ToHashSet();
        var snap = await reader.ReadAsync([.. wallets.Keys.Select(Address.Parse)], known, head, default);
        await BookStore.SaveAsync(Factory(), entry, contracts, snap, wallets, DateTimeOffset.UtcNow, default);
    }

    private static async Task<BigInteger> Erc20BalanceAsync(EthereumRpc rpc, Address token, Address owner, long block)
    {
        var data = await rpc.Calls.CallAsync(new CallRequest { To = token, Data = new BalanceOfFunction { Owner = owner.ToString() }.GetCallData() }, BlockParameter.Number((ulong)block));
        return EthCallApi.DecodeReturn<BalanceOfFunction, BigInteger>(data, token);
    }

    private async Task<(BigInteger, BigInteger)> BurnQuoteAsync(EthereumRpc rpc, Address pair, Address lp, BigInteger balance)
    {
        var snapshot = (await _node.RpcAsync("evm_snapshot")).GetString()!;
        try
        {
            await SendAsync(lp, pair, new Erc20TransferFunction { To = pair.ToString(), Value = balance }.GetCallData());
            var reply = await rpc.Calls.CallAsync(new CallRequest { From = lp, To = pair, Data = new BurnFunction { To = lp.ToString() }.GetCallData() }, BlockParameter.Latest);
            var r = EthCallApi.DecodeOutput<BurnFunction, BurnOutputDto>(reply, pair);
            return (r.Amount0, r.Amount1);
        }
        finally
        {
            await _node.RpcAsync("evm_revert", snapshot);
        }
    }

    /// <summary>Sells <paramref name="amountIn"/> WETH into the pair the way the v2 router does: transfer in, then swap for getAmountOut.</summary>
    private async Task SwapWethInAsync(EthereumRpc rpc, Address pair, Pool pool, BigInteger amountIn)
    {
        var trader = Address.Parse(AnvilNode.DevAccounts[5].Address);
        var weth = _book.Token("WETH");
        var wethIs0 = pool.Token0!.Symbol == "WETH";
        var (reserveIn, reserveOut) = wethIs0 ? (pool.Reserve0!.Value, pool.Reserve1!.Value) : (pool.Reserve1!.Value, pool.Reserve0!.Value);
        var amountOut = amountIn * 997 * reserveOut / ((reserveIn * 1000) + (amountIn * 997));
        await SendAsync(trader, weth, new TestTokenMintFunction { To = trader.ToString(), Amount = amountIn }.GetCallData());
        await SendAsync(trader, weth, new Erc20TransferFunction { To = pair.ToString(), Value = amountIn }.GetCallData());
        await SendAsync(trader, pair, new V2SwapFunction
        {
            Amount0Out = wethIs0 ? 0 : amountOut,
            Amount1Out = wethIs0 ? amountOut : 0,
            To = trader.ToString(),
            Data = [],
        }.GetCallData());
        _ = rpc;
    }

    // anvil's dev accounts are unlocked: eth_sendTransaction signs for them; the receipt is awaited (mined when anvil gets to it).
    private Task SendAsync(Address from, Address to, byte[] data) => _node.SendAsync(from, to, data);

    private Microsoft.EntityFrameworkCore.IDbContextFactory<HedgeDbContext> Factory() => new TestDbContextFactory(_db.ConnectionString);

    private HedgeDbContext Db() => HedgeDataServiceCollectionExtensions.CreateContext(_db.ConnectionString);

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Function("burn", typeof(BurnOutputDto))]
    private sealed class BurnFunction : FunctionMessage
    {
        [Parameter("address", "to", 1)]
        public string To { get; set; } = "";
    }

    [FunctionOutput]
    private sealed class BurnOutputDto : IFunctionOutputDTO
    {
        [Parameter("uint256", "amount0", 1)]
        public BigInteger Amount0 { get; set; }

        [Parameter("uint256", "amount1", 2)]
        public BigInteger Amount1 { get; set; }
    }

}
