using HedgeDashboard.Ethereum.Abi;

namespace HedgeDashboard.Workers.Indexer;

/// <summary>The NonfungiblePositionManager (Uniswap v3-periphery) logs that move a position's tokens owed.</summary>
public static class PositionManagerEvents
{
    /// <summary>Principal burned from the position's liquidity, added to tokensOwed (amounts exclude fees).</summary>
    public static readonly AbiEvent DecreaseLiquidity = AbiEvent.Parse("event DecreaseLiquidity(uint256 indexed tokenId,uint128 liquidity,uint256 amount0,uint256 amount1)");

    /// <summary>tokensOwed paid out (amounts as accounted by the manager: principal released and fees together).</summary>
    public static readonly AbiEvent Collect = AbiEvent.Parse("event Collect(uint256 indexed tokenId,address recipient,uint256 amount0,uint256 amount1)");
}
