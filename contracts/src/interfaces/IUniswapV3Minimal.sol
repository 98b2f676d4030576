// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;

/// @title INonfungiblePositionManagerMinimal
/// @notice The parts of Uniswap v3's NonfungiblePositionManager the controller reads. Uniswap's own
/// interfaces pin solidity 0.7.6, so these are restated here with identical selectors.
interface INonfungiblePositionManagerMinimal {
    /// @notice The current owner of a position NFT (reverts for a burned or unknown id).
    function ownerOf(uint256 tokenId) external view returns (address owner);

    /// @notice The Uniswap v3 factory the manager mints positions for.
    function factory() external view returns (address);

    /// @notice A position's data, as returned by Uniswap v3's NonfungiblePositionManager.
    function positions(uint256 tokenId)
        external
        view
        returns (
            uint96 nonce,
            address operator,
            address token0,
            address token1,
            uint24 fee,
            int24 tickLower,
            int24 tickUpper,
            uint128 liquidity,
            uint256 feeGrowthInside0LastX128,
            uint256 feeGrowthInside1LastX128,
            uint128 tokensOwed0,
            uint128 tokensOwed1
        );
}

/// @title IUniswapV3FactoryMinimal
/// @notice The pool lookup of Uniswap v3's factory.
interface IUniswapV3FactoryMinimal {
    /// @notice The pool of a token pair and fee tier, or the zero address if none exists.
    function getPool(address tokenA, address tokenB, uint24 fee) external view returns (address pool);
}
