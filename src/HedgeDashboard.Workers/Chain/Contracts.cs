using HedgeDashboard.Ethereum.Abi;

namespace HedgeDashboard.Workers.Chain;

/// <summary>The contract functions and events the pipeline uses (Chainlink-compatible feed, Uniswap v3, HedgeController).</summary>
public static class Contracts
{
    public static class Feed
    {
        public static readonly AbiFunction LatestRoundData = AbiFunction.Parse("latestRoundData()(uint80 roundId,int256 answer,uint256 startedAt,uint256 updatedAt,uint80 answeredInRound)");
        public static readonly AbiFunction Decimals = AbiFunction.Parse("decimals()(uint8)");

        /// <summary>MockAggregatorV3 (dev chain only): owner pushes a new round at the block's time.</summary>
        public static readonly AbiFunction SetAnswer = AbiFunction.Parse("setAnswer(int256 answer)");

        /// <summary>MockAggregatorV3: a round with a chosen updatedAt (for stale-feed tests).</summary>
        public static readonly AbiFunction SetAnswerAt = AbiFunction.Parse("setAnswerAt(int256 answer,uint256 timestamp)");
    }

    public static class Pool
    {
        public static readonly AbiFunction Slot0 = AbiFunction.Parse("slot0()(uint160 sqrtPriceX96,int24 tick,uint16 observationIndex,uint16 observationCardinality,uint16 observationCardinalityNext,uint8 feeProtocol,bool unlocked)");
        public static readonly AbiFunction Liquidity = AbiFunction.Parse("liquidity()(uint128)");
        public static readonly AbiFunction Observe = AbiFunction.Parse("observe(uint32[] secondsAgos)(int56[] tickCumulatives,uint160[] secondsPerLiquidityCumulativeX128s)");
        public static readonly AbiFunction IncreaseObservationCardinalityNext = AbiFunction.Parse("increaseObservationCardinalityNext(uint16 observationCardinalityNext)");
    }

    public static class PositionManager
    {
        public static readonly AbiFunction Positions = AbiFunction.Parse(
            "positions(uint256 tokenId)(uint96 nonce,address operator,address token0,address token1,uint24 fee,int24 tickLower,int24 tickUpper,uint128 liquidity,uint256 feeGrowthInside0LastX128,uint256 feeGrowthInside1LastX128,uint128 tokensOwed0,uint128 tokensOwed1)");

        public static readonly AbiFunction OwnerOf = AbiFunction.Parse("ownerOf(uint256 tokenId)(address)");
        public static readonly AbiFunction BalanceOf = AbiFunction.Parse("balanceOf(address owner)(uint256)");
        public static readonly AbiFunction TokenOfOwnerByIndex = AbiFunction.Parse("tokenOfOwnerByIndex(address owner,uint256 index)(uint256)");

        /// <summary>CollectParams: tokenId, recipient, amount0Max, amount1Max; returns the amounts paid.</summary>
        public static readonly AbiFunction Collect = AbiFunction.Parse("collect((uint256,address,uint128,uint128) params)(uint256 amount0,uint256 amount1)");

        /// <summary>MintParams: token0, token1, fee, tickLower, tickUpper, amount0Desired, amount1Desired, amount0Min, amount1Min, recipient, deadline.</summary>
        public static readonly AbiFunction Mint = AbiFunction.Parse(
            "mint((address,address,uint24,int24,int24,uint256,uint256,uint256,uint256,address,uint256) params)(uint256 tokenId,uint128 liquidity,uint256 amount0,uint256 amount1)");
    }

    public static class Erc20
    {
        public static readonly AbiFunction Approve = AbiFunction.Parse("approve(address spender,uint256 amount)(bool)");
        public static readonly AbiFunction BalanceOf = AbiFunction.Parse("balanceOf(address owner)(uint256)");
        public static readonly AbiFunction Deposit = AbiFunction.Parse("deposit()");
        public static readonly AbiFunction Faucet = AbiFunction.Parse("faucet(uint256 amount)");
    }

    public static class SwapRouter
    {
        /// <summary>ExactInputSingleParams: tokenIn, tokenOut, fee, recipient, deadline, amountIn, amountOutMinimum, sqrtPriceLimitX96.</summary>
        public static readonly AbiFunction ExactInputSingle = AbiFunction.Parse(
            "exactInputSingle((address,address,uint24,address,uint256,uint256,uint256,uint160) params)(uint256 amountOut)");
    }

    public static class Controller
    {
        public static readonly AbiFunction PositionCount = AbiFunction.Parse("positionCount()(uint256)");

        /// <summary>Position: pool, ratio, status, tokenId, hedgeSize, nonce, lastUpdateAt, caps(maxHedgeSize, maxRatioChange, minUpdateInterval, maxSlippageBps).</summary>
        public static readonly AbiFunction GetPosition = AbiFunction.Parse(
            "getPosition(uint256 positionId)((address,uint64,uint8,uint256,uint128,uint64,uint40,(uint128,uint64,uint32,uint16)))");

        public static readonly AbiFunction NonceOf = AbiFunction.Parse("nonceOf(uint256 positionId)(uint256)");

        /// <summary>RatioUpdate: positionId, newRatio, targetHedgeSize, nonce, deadline.</summary>
        public static readonly AbiFunction UpdateRatio = AbiFunction.Parse("updateRatio((uint256,uint256,uint256,uint256,uint256) update,bytes signature)");

        public static readonly AbiFunction Pause = AbiFunction.Parse("pause()");
        public static readonly AbiFunction Unpause = AbiFunction.Parse("unpause()");

        public static readonly AbiEvent PositionRegistered = AbiEvent.Parse(
            "event PositionRegistered(uint256 indexed positionId,address indexed owner,address indexed pool,uint256 tokenId,uint256 initialRatio,(uint128,uint64,uint32,uint16) caps)");

        public static readonly AbiEvent CapsChanged = AbiEvent.Parse("event CapsChanged(uint256 indexed positionId,(uint128,uint64,uint32,uint16) caps)");
        public static readonly AbiEvent OperatorChanged = AbiEvent.Parse("event OperatorChanged(uint256 indexed positionId,address indexed owner,address indexed operator,bool approved)");
        public static readonly AbiEvent PositionPauseChanged = AbiEvent.Parse("event PositionPauseChanged(uint256 indexed positionId,bool paused)");
        public static readonly AbiEvent PositionClosed = AbiEvent.Parse("event PositionClosed(uint256 indexed positionId,uint256 finalHedgeSize)");

        public static readonly AbiEvent RatioUpdated = AbiEvent.Parse(
            "event RatioUpdated(uint256 indexed positionId,uint256 oldRatio,uint256 newRatio,uint256 targetHedgeSize,uint256 nonce,address indexed sender)");

        public static readonly AbiEvent HedgeExecuted = AbiEvent.Parse(
            "event HedgeExecuted(uint256 indexed positionId,uint256 oldSize,uint256 newSize,uint256 executionPrice,uint256 fee)");

        public static readonly AbiEvent ModelSignerRotated = AbiEvent.Parse("event ModelSignerRotated(address indexed previousSigner,address indexed newSigner)");
        public static readonly AbiEvent MaxFeedAgeChanged = AbiEvent.Parse("event MaxFeedAgeChanged(uint256 previousMaxAge,uint256 newMaxAge)");
        public static readonly AbiEvent Paused = AbiEvent.Parse("event Paused(address account)");
        public static readonly AbiEvent Unpaused = AbiEvent.Parse("event Unpaused(address account)");

        public static readonly IReadOnlyList<AbiEvent> Events =
        [
            PositionRegistered, CapsChanged, OperatorChanged, PositionPauseChanged, PositionClosed, RatioUpdated, HedgeExecuted,
            ModelSignerRotated, MaxFeedAgeChanged, Paused, Unpaused,
        ];
    }

    /// <summary>The hedge venue's cost events (IHedgeVenue): the fee of each trade and funding on the open short.</summary>
    public static class Venue
    {
        public static readonly AbiEvent HedgeAdjusted = AbiEvent.Parse(
            "event HedgeAdjusted(uint256 indexed positionId,uint256 oldSize,uint256 newSize,uint256 executionPrice,uint256 fee,int256 realizedPnl)");

        public static readonly AbiEvent FundingCharged = AbiEvent.Parse(
            "event FundingCharged(uint256 indexed positionId,uint256 size,uint256 notional,uint256 elapsed,uint256 amount)");
    }
}
