// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;

/// @title INonfungiblePositionManagerMint
/// @notice The minting side of Uniswap v3's NonfungiblePositionManager (selectors as in v3-periphery 1.4.4),
/// used by the local-market deploy and tests.
interface INonfungiblePositionManagerMint {
    /// @notice Arguments of `mint`, in v3-periphery's order.
    struct MintParams {
        address token0;
        address token1;
        uint24 fee;
        int24 tickLower;
        int24 tickUpper;
        uint256 amount0Desired;
        uint256 amount1Desired;
        uint256 amount0Min;
        uint256 amount1Min;
        address recipient;
        uint256 deadline;
    }

    /// @notice Creates the pool if needed and initializes it at `sqrtPriceX96` if it is not yet.
    function createAndInitializePoolIfNecessary(address token0, address token1, uint24 fee, uint160 sqrtPriceX96)
        external
        payable
        returns (address pool);

    /// @notice Mints a new position NFT holding liquidity in [tickLower, tickUpper).
    function mint(MintParams calldata params)
        external
        payable
        returns (uint256 tokenId, uint128 liquidity, uint256 amount0, uint256 amount1);
}

/// @title ISwapRouterMinimal
/// @notice Uniswap v3 SwapRouter's single-pool exact-input swap.
interface ISwapRouterMinimal {
    /// @notice Arguments of `exactInputSingle`, in v3-periphery's order.
    struct ExactInputSingleParams {
        address tokenIn;
        address tokenOut;
        uint24 fee;
        address recipient;
        uint256 deadline;
        uint256 amountIn;
        uint256 amountOutMinimum;
        uint160 sqrtPriceLimitX96;
    }

    /// @notice Swaps `amountIn` of `tokenIn` for as much `tokenOut` as possible through one pool.
    function exactInputSingle(ExactInputSingleParams calldata params) external payable returns (uint256 amountOut);
}

/// @title IUniswapV3PoolState
/// @notice A Uniswap v3 pool's current price state.
interface IUniswapV3PoolState {
    /// @notice sqrt(price) as Q64.96, the current tick, and oracle and protocol-fee fields.
    function slot0()
        external
        view
        returns (
            uint160 sqrtPriceX96,
            int24 tick,
            uint16 observationIndex,
            uint16 observationCardinality,
            uint16 observationCardinalityNext,
            uint8 feeProtocol,
            bool unlocked
        );

    /// @notice The pool's in-range liquidity.
    function liquidity() external view returns (uint128);

    /// @notice The pool's lower-address token.
    function token0() external view returns (address);

    /// @notice The pool's higher-address token.
    function token1() external view returns (address);
}
