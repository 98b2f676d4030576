using HedgeDashboard.Ethereum.Abi;
using HedgeDashboard.Ethereum.Rpc.Contracts;
using HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;

namespace HedgeDashboard.Workers.Chain;

/// <summary>
/// The contract functions and events the pipeline uses beyond the typed bindings of HedgeDashboard.Ethereum.Rpc.Contracts:
/// the dev chain's mocks, the swap and mint paths of the simulator, collect as a fee reading, and the venue's cost events.
/// </summary>
public static class Contracts
{
    public static class Feed
    {
        /// <summary>MockAggregatorV3 (dev chain only): owner pushes a new round at the block's time.</summary>
        public static readonly AbiFunction SetAnswer = AbiFunction.Parse("setAnswer(int256 answer)");

        /// <summary>MockAggregatorV3: a round with a chosen updatedAt (for stale-feed tests).</summary>
        public static readonly AbiFunction SetAnswerAt = AbiFunction.Parse("setAnswerAt(int256 answer,uint256 timestamp)");
    }

    public static class Pool
    {
        public static readonly AbiFunction IncreaseObservationCardinalityNext = AbiFunction.Parse("increaseObservationCardinalityNext(uint16 observationCardinalityNext)");
    }

    public static class PositionManager
    {
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

        /// <summary>The events the indexer stores: the binding's, without the ownership and EIP-712 domain bookkeeping.</summary>
        public static readonly IReadOnlyList<AbiEvent> Events =
            [.. HedgeController.Events.Where(e => e.Name is not ("OwnershipTransferStarted" or "OwnershipTransferred" or "EIP712DomainChanged"))];
    }

    /// <summary>The hedge venue's cost events (IHedgeVenue): the fee of each trade and funding on the open short.</summary>
    public static class Venue
    {
        public static readonly AbiEvent HedgeAdjusted = EventDecoding.AbiOf<HedgeAdjustedEventDto>();

        public static readonly AbiEvent FundingCharged = EventDecoding.AbiOf<FundingChargedEventDto>();
    }
}
