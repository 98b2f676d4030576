using System.Numerics;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Ethereum.Rpc.Contracts;
using HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;
using HedgeDashboard.Ethereum.Signing;
using HedgeDashboard.Quant.Positions;
using HedgeDashboard.TestSupport;
using Xunit.Abstractions;

namespace HedgeDashboard.Contracts.Tests;

/// <summary>
/// The quant layer (LiquidityPosition, TickMath, UniswapPrices) against the real Uniswap v3 pool on anvil: a position
/// minted from C#, the price moved by real swaps through the SwapRouter, the position read back through the
/// NonfungiblePositionManager and slot0, and the pool's own amounts (mint deposit, decreaseLiquidity quote and
/// transaction) compared with LiquidityPosition.AmountsAt in raw token units (decimals 0/0: wei and micro-USDC).
///
/// Tolerance, per amount: (pool rounding units) + 64 * eps * (sum of the magnitudes of the two terms of the formula).
/// - Pool side: SqrtPriceMath rounds each amount in the pool's favour: amount0 = ceil(ceil(L*2^96*(sqrtB-sqrtP)/sqrtB)/sqrtP)
///   on mint (two round-ups, so less than 2 units over the exact value), amount1 = ceil(L*(sqrtP-sqrtA)/2^96) (less than
///   1 unit), and floor of the same on burn (less than 1 unit under). The Q64.96 sqrt ratios themselves are within 1e-24
///   relative of sqrt(1.0001^tick), which is far below one unit here. So 2 units cover the integer math.
/// - Quant side: doubles. x = L*(1/s - 1/sqrt(upper)), y = L*(s - sqrt(lower)); the prices come from exp(tick*ln 1.0001)
///   (|argument| about 20, about 20 eps relative) and one exact-rational-to-double rounding, then sqrt and one subtraction.
///   The absolute error is bounded by about 12 eps times the larger term, never by the (possibly tiny) difference,
///   so 64 eps * (|term1| + |term2|) is a safe bound with margin 5x. For these positions that is a few 1e6 wei (1e-12 WETH)
///   and under 1 micro-USDC, i.e. one part in 1e12, while a price error of a single tick (1 bp) moves the amounts by about
///   one part in 1e4; each in-range stage asserts that the one-tick-off quant answer fails the same tolerance.
/// </summary>
[Collection(LocalMarketCollection.Name)]
public sealed class PositionAmountsTests(LocalMarketFixture market, ITestOutputHelper output)
{
    private const int LpAccount = 4;
    private const int TraderAccount = 6;
    private const int HalfWidthTicks = 600;
    private const int TickSpacing = 10;
    private static readonly double Eps = Math.BitIncrement(1.0) - 1.0;
    private static readonly BigInteger E18 = BigInteger.Pow(10, 18);

    [Fact]
    public async Task Mint_FromCSharpAtTheCurrentPrice_PositionReadsBackAndQuantMatchesDepositAndLiquidity()
    {
        var (npm, pool, token0, token1) = Market();
        var txs = new TransactionSender(market.Rpc);
        using var lp = LocalMarketFixture.Account(LpAccount);
        var slot0 = await pool.Slot0Async();
        Assert.Equal(slot0.Tick, TickMath.GetTickAtSqrtRatio(slot0.SqrtPriceX96));

        var (desired0, desired1) = Desired(token0);
        var mint = await MintAsync(txs, lp, token0, token1, slot0.Tick, desired0, desired1);

        // The NFT and its position as the position manager reports them.
        Assert.Equal(lp.Address, await npm.OwnerOfAsync(mint.TokenId));
        var p = await npm.PositionsAsync(mint.TokenId);
        Assert.Equal((token0, token1, 500, mint.TickLower, mint.TickUpper, mint.Liquidity), (p.Token0, p.Token1, p.Fee, p.TickLower, p.TickUpper, p.Liquidity));
        Assert.True(mint.Amount0 <= desired0 && mint.Amount1 <= desired1);
        // The binding side is used up to the pool's flooring of the liquidity (less than one unit of L, a few hundred wei).
        var used = Math.Max((double)mint.Amount0 / (double)desired0, (double)mint.Amount1 / (double)desired1);
        Assert.True(used > 1 - 1e-12, FormattableString.Invariant($"one side of the deposit should be used in full: mint ({mint.Amount0}, {mint.Amount1}) of ({desired0}, {desired1})"));

        // Liquidity: the pool takes the smaller of the two liquidities the desired amounts fund (LiquidityAmounts, floor).
        var lower = UniswapPrices.TickToPrice(mint.TickLower, 0, 0);
        var upper = UniswapPrices.TickToPrice(mint.TickUpper, 0, 0);
        var price = UniswapPrices.SqrtPriceX96ToPrice(slot0.SqrtPriceX96, 0, 0);
        var quantL = LiquidityPosition.FromAmounts(price, (double)desired0, (double)desired1, lower, upper).Liquidity;
        var s = Math.Sqrt(price);
        var (su, sl) = (Math.Sqrt(upper), Math.Sqrt(lower));
        var conditioning = Math.Max(((1 / s) + (1 / su)) / ((1 / s) - (1 / su)), (s + sl) / (s - sl));
        var tolL = 2 + (64 * Eps * quantL * conditioning);
        output.WriteLine(FormattableString.Invariant($"liquidity pool {mint.Liquidity} quant {quantL:R} |diff| {Math.Abs((double)mint.Liquidity - quantL):G3} tol {tolL:G3}"));
        Assert.True(Math.Abs((double)mint.Liquidity - quantL) <= tolL, FormattableString.Invariant($"liquidity: pool {mint.Liquidity}, quant {quantL:R}, tolerance {tolL:G3}"));

        // The deposit (rounded up by the pool) against the quant amounts of the minted liquidity at slot0's price.
        AssertAmounts("mint deposit", mint.Liquidity, mint.TickLower, mint.TickUpper, slot0.SqrtPriceX96, (mint.Amount0, mint.Amount1), expectInRange: true);

        // In human units (WETH, USDC) the same position is L / 10^((d0 + d1) / 2) over human prices.
        var (d0, d1) = token0 == market.Contract("weth") ? (18, 6) : (6, 18);
        var human = new LiquidityPosition((double)mint.Liquidity / Math.Pow(10, (d0 + d1) / 2.0), UniswapPrices.TickToPrice(mint.TickLower, d0, d1), UniswapPrices.TickToPrice(mint.TickUpper, d0, d1))
            .AmountsAt(UniswapPrices.SqrtPriceX96ToPrice(slot0.SqrtPriceX96, d0, d1));
        // Tolerance: the pool's 2 units of rounding in each token's own decimals, plus 1e-11 relative for the doubles.
        Assert.Equal((double)mint.Amount0 / Math.Pow(10, d0), human.Amount0, (2 / Math.Pow(10, d0)) + (1e-11 * human.Amount0));
        Assert.Equal((double)mint.Amount1 / Math.Pow(10, d1), human.Amount1, (2 / Math.Pow(10, d1)) + (1e-11 * human.Amount1));
    }

    [Fact]
    public async Task Swaps_MovePriceUpDownAndOutOfRange_QuantAmountsMatchThePoolsBurnAmounts()
    {
        var (npm, pool, token0, token1) = Market();
        var txs = new TransactionSender(market.Rpc);
        using var lp = LocalMarketFixture.Account(LpAccount);
        using var trader = LocalMarketFixture.Account(TraderAccount);
        await FundTraderAsync(txs, trader);

        var start = await pool.Slot0Async();
        var (desired0, desired1) = Desired(token0);
        var mint = await MintAsync(txs, lp, token0, token1, start.Tick, desired0, desired1);
        var router = market.Contract("swapRouter");

        var stages = new (string Name, int TargetTick, bool InRange)[]
        {
            ("up inside the range", start.Tick + 300, true),
            ("down inside the range", start.Tick - 300, true),
            ("below the range (all token0)", mint.TickLower - 105, false),
            ("above the range (all token1)", mint.TickUpper + 105, false),
            ("back inside the range", start.Tick + 50, true),
        };
        foreach (var (name, targetTick, inRange) in stages)
        {
            var before = await pool.Slot0Async();
            var limit = TickMath.GetSqrtRatioAtTick(targetTick);
            var zeroForOne = limit < before.SqrtPriceX96; // selling token0 lowers the price
            var (tokenIn, tokenOut) = zeroForOne ? (token0, token1) : (token1, token0);
            var amountIn = tokenIn == market.Contract("weth") ? 400 * E18 : new BigInteger(450_000) * BigInteger.Pow(10, 6);
            var swap = await txs.SendOkAsync(trader, router, Uniswap.ExactInputSingle(tokenIn, tokenOut, 500, trader.Address, await market.Rpc.DeadlineAsync(), amountIn, limit));
            Assert.Contains(swap.Logs, EventDecoding.Matches<SwapEventDto>);

            var now = await pool.Slot0Async();
            Assert.Equal(limit, now.SqrtPriceX96); // the swap ran to its price limit: the price is exactly where we moved it
            Assert.Equal(now.Tick, TickMath.GetTickAtSqrtRatio(now.SqrtPriceX96));
            Assert.Equal(targetTick, now.Tick);

            var read = await npm.PositionsAsync(mint.TokenId);
            Assert.Equal((mint.TickLower, mint.TickUpper, mint.Liquidity), (read.TickLower, read.TickUpper, read.Liquidity));
            var quote = await market.Rpc.QuoteBurnAsync(npm.Address, lp.Address, mint.TokenId, read.Liquidity);
            output.WriteLine($"{name}: tick {before.Tick} -> {now.Tick}");
            AssertAmounts(name, read.Liquidity, read.TickLower, read.TickUpper, now.SqrtPriceX96, quote, inRange);
            if (!inRange)
            {
                Assert.True(targetTick < mint.TickLower ? quote.Amount1.IsZero && quote.Amount0 > 0 : quote.Amount0.IsZero && quote.Amount1 > 0, $"{name}: {quote}");
            }
        }

        // Burn half for real: the DecreaseLiquidity event equals the eth_call quote and the quant amounts; collect pays
        // at least that principal (plus the fees the swaps earned).
        var half = mint.Liquidity / 2;
        var slot = await pool.Slot0Async();
        var quoteHalf = await market.Rpc.QuoteBurnAsync(npm.Address, lp.Address, mint.TokenId, half);
        var decrease = await txs.SendOkAsync(lp, npm.Address, Uniswap.DecreaseLiquidity(mint.TokenId, half, await market.Rpc.DeadlineAsync()));
        var ev = decrease.SingleEvent<DecreaseLiquidityEventDto>();
        Assert.Equal((mint.TokenId, half, quoteHalf.Amount0, quoteHalf.Amount1), (ev.TokenId, ev.Liquidity, ev.Amount0, ev.Amount1));
        AssertAmounts("decreaseLiquidity(half)", half, mint.TickLower, mint.TickUpper, slot.SqrtPriceX96, quoteHalf, expectInRange: true);
        Assert.Equal(mint.Liquidity - half, (await npm.PositionsAsync(mint.TokenId)).Liquidity);

        var before0 = await market.Rpc.BalanceAsync(token0, lp.Address);
        var collect = await txs.SendOkAsync(lp, npm.Address, Uniswap.CollectAll(mint.TokenId, lp.Address));
        var c = collect.SingleEvent<CollectEventDto>();
        var (got0, got1) = (c.Amount0, c.Amount1);
        Assert.True(got0 >= quoteHalf.Amount0 && got1 >= quoteHalf.Amount1, $"collected ({got0}, {got1}) < principal {quoteHalf}");
        Assert.True(got0 + got1 > quoteHalf.Amount0 + quoteHalf.Amount1, "the swaps through the range should have earned fees");
        Assert.Equal(before0 + got0, await market.Rpc.BalanceAsync(token0, lp.Address));
    }

    private (NonfungiblePositionManager Npm, UniswapV3Pool Pool, Address Token0, Address Token1) Market()
    {
        var poolInfo = market.Deployment.GetProperty("pool");
        return (
            new NonfungiblePositionManager(market.Rpc, market.Contract("nonfungiblePositionManager")),
            new UniswapV3Pool(market.Rpc, market.Contract("pool")),
            Address.Parse(poolInfo.GetProperty("token0").GetString()!),
            Address.Parse(poolInfo.GetProperty("token1").GetString()!));
    }

    /// <summary>4 WETH and 12,500 USDC (more USDC than the range needs at 3000, so WETH is the binding side), in pool order.</summary>
    private (BigInteger Desired0, BigInteger Desired1) Desired(Address token0)
    {
        var weth = 4 * E18;
        var usdc = new BigInteger(12_500) * BigInteger.Pow(10, 6);
        return token0 == market.Contract("weth") ? (weth, usdc) : (usdc, weth);
    }

    private sealed record Minted(BigInteger TokenId, BigInteger Liquidity, BigInteger Amount0, BigInteger Amount1, int TickLower, int TickUpper);

    /// <summary>Wraps ETH, draws USDC, approves the position manager and mints +/-600 ticks around <paramref name="tick"/>.</summary>
    private async Task<Minted> MintAsync(TransactionSender txs, EthereumAccount lp, Address token0, Address token1, int tick, BigInteger desired0, BigInteger desired1)
    {
        var npm = market.Contract("nonfungiblePositionManager");
        var (weth, usdc) = (market.Contract("weth"), market.Contract("usdc"));
        await txs.SendOkAsync(lp, weth, new DepositFunction(), 10 * E18);
        await txs.SendOkAsync(lp, usdc, Uniswap.Faucet(new BigInteger(30_000) * BigInteger.Pow(10, 6)));
        await txs.SendOkAsync(lp, weth, Uniswap.Approve(npm, Uniswap.Uint128Max));
        await txs.SendOkAsync(lp, usdc, Uniswap.Approve(npm, Uniswap.Uint128Max));

        var tickLower = FloorTick(tick - HalfWidthTicks);
        var tickUpper = FloorTick(tick + HalfWidthTicks) + TickSpacing;
        var receipt = await txs.SendOkAsync(lp, npm, Uniswap.Mint(token0, token1, 500, tickLower, tickUpper, desired0, desired1, lp.Address, await market.Rpc.DeadlineAsync()));
        var ev = receipt.SingleEvent<IncreaseLiquidityEventDto>();
        return new Minted(ev.TokenId, ev.Liquidity, ev.Amount0, ev.Amount1, tickLower, tickUpper);
    }

    private async Task FundTraderAsync(TransactionSender txs, EthereumAccount trader)
    {
        var router = market.Contract("swapRouter");
        var (weth, usdc) = (market.Contract("weth"), market.Contract("usdc"));
        await txs.SendOkAsync(trader, weth, new DepositFunction(), 800 * E18);
        for (var i = 0; i < 5; i++)
        {
            await txs.SendOkAsync(trader, usdc, Uniswap.Faucet(new BigInteger(100_000) * BigInteger.Pow(10, 6)));
        }

        await txs.SendOkAsync(trader, weth, Uniswap.Approve(router, Uniswap.Uint128Max));
        await txs.SendOkAsync(trader, usdc, Uniswap.Approve(router, Uniswap.Uint128Max));
    }

    /// <summary>Pool amounts against LiquidityPosition.AmountsAt within the tolerance described on the class.</summary>
    private void AssertAmounts(string stage, BigInteger liquidity, int tickLower, int tickUpper, BigInteger sqrtPriceX96, (BigInteger Amount0, BigInteger Amount1) pool, bool expectInRange)
    {
        var lower = UniswapPrices.TickToPrice(tickLower, 0, 0);
        var upper = UniswapPrices.TickToPrice(tickUpper, 0, 0);
        var price = UniswapPrices.SqrtPriceX96ToPrice(sqrtPriceX96, 0, 0);
        var position = new LiquidityPosition((double)liquidity, lower, upper);
        Assert.Equal(expectInRange, position.IsInside(price));
        var quant = position.AmountsAt(price);
        var (tol0, tol1) = Tolerance(liquidity, lower, upper, price);
        var (err0, err1) = (Math.Abs((double)pool.Amount0 - quant.Amount0), Math.Abs((double)pool.Amount1 - quant.Amount1));
        output.WriteLine(FormattableString.Invariant(
            $"  {stage}: pool ({pool.Amount0}, {pool.Amount1}) quant ({quant.Amount0:R}, {quant.Amount1:R}) |diff| ({err0:G3}, {err1:G3}) tolerance ({tol0:G3}, {tol1:G3})"));
        Assert.True(err0 <= tol0, FormattableString.Invariant($"{stage}: amount0 pool {pool.Amount0} quant {quant.Amount0:R} differ by {err0:G3} > {tol0:G3}"));
        Assert.True(err1 <= tol1, FormattableString.Invariant($"{stage}: amount1 pool {pool.Amount1} quant {quant.Amount1:R} differ by {err1:G3} > {tol1:G3}"));

        if (expectInRange)
        {
            // The tolerance is tight: the same position priced one tick (1 bp) off misses it.
            var off = position.AmountsAt(price * 1.0001);
            Assert.True(
                Math.Abs((double)pool.Amount0 - off.Amount0) > tol0 && Math.Abs((double)pool.Amount1 - off.Amount1) > tol1,
                $"{stage}: a one-tick price error should not pass the tolerance");
        }
    }

    internal static (double Amount0, double Amount1) Tolerance(BigInteger liquidity, double lower, double upper, double price)
    {
        const double PoolRoundingUnits = 2;
        const double FloatUlps = 64;
        var l = (double)liquidity;
        var s = Math.Clamp(Math.Sqrt(price), Math.Sqrt(lower), Math.Sqrt(upper));
        return (PoolRoundingUnits + (FloatUlps * Eps * l * ((1 / s) + (1 / Math.Sqrt(upper)))),
                PoolRoundingUnits + (FloatUlps * Eps * l * (s + Math.Sqrt(lower))));
    }

    private static int FloorTick(int tick) => (int)Math.Floor(tick / (double)TickSpacing) * TickSpacing;

}
