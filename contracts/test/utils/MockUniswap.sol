// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @notice Stand-in for Uniswap v3's factory: a settable pool registry.
contract MockUniswapFactory {
    mapping(address => mapping(address => mapping(uint24 => address))) public getPool;

    function setPool(address token0, address token1, uint24 fee, address pool) external {
        getPool[token0][token1][fee] = pool;
        getPool[token1][token0][fee] = pool;
    }
}

/// @notice Stand-in for Uniswap v3's NonfungiblePositionManager: ownership and position tokens only.
contract MockPositionManager {
    struct Pos {
        address token0;
        address token1;
        uint24 fee;
    }

    address public immutable factory;
    mapping(uint256 => address) private _owners;
    mapping(uint256 => Pos) private _pos;

    constructor(address factory_) {
        factory = factory_;
    }

    function mint(address to, uint256 tokenId, address token0, address token1, uint24 fee) external {
        _owners[tokenId] = to;
        _pos[tokenId] = Pos(token0, token1, fee);
    }

    function transfer(uint256 tokenId, address to) external {
        _owners[tokenId] = to;
    }

    function burn(uint256 tokenId) external {
        delete _owners[tokenId];
    }

    function ownerOf(uint256 tokenId) external view returns (address owner) {
        owner = _owners[tokenId];
        require(owner != address(0), "Invalid token ID");
    }

    function positions(uint256 tokenId)
        external
        view
        returns (
            uint96,
            address,
            address token0,
            address token1,
            uint24 fee,
            int24,
            int24,
            uint128,
            uint256,
            uint256,
            uint128,
            uint128
        )
    {
        Pos memory p = _pos[tokenId];
        require(p.token0 != address(0), "Invalid token ID");
        return (0, address(0), p.token0, p.token1, p.fee, -887_220, 887_220, 1, 0, 0, 0, 0);
    }
}
