// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Test} from "forge-std/Test.sol";

import {HedgeController} from "../../src/HedgeController.sol";
import {AggregatorV3Interface} from "../../src/interfaces/AggregatorV3Interface.sol";
import {IHedgeController} from "../../src/interfaces/IHedgeController.sol";
import {IHedgeVenue} from "../../src/interfaces/IHedgeVenue.sol";
import {INonfungiblePositionManagerMinimal} from "../../src/interfaces/IUniswapV3Minimal.sol";
import {MockAggregatorV3} from "../../src/mocks/MockAggregatorV3.sol";
import {MockPerpVenue} from "../../src/mocks/MockPerpVenue.sol";
import {MockPositionManager, MockUniswapFactory} from "./MockUniswap.sol";

/// @notice Shared fixture: a controller over a mock position manager, a mock feed at 3000 and the mock venue.
/// Digests are computed here from the EIP-712 spec, independently of the contract.
abstract contract HedgeControllerBase is Test {
    bytes32 internal constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 internal constant RATIO_UPDATE_TYPEHASH = keccak256(
        "RatioUpdate(uint256 positionId,uint256 newRatio,uint256 targetHedgeSize,uint256 nonce,uint256 deadline)"
    );
    uint256 internal constant SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;
    uint24 internal constant FEE = 500;
    int256 internal constant PRICE = 3000e8;
    uint256 internal constant T0 = 1_800_000_000;

    address internal admin = makeAddr("admin");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal relayer = makeAddr("relayer");
    address internal stranger = makeAddr("stranger");
    uint256 internal signerPk = 0xA11CE5;
    uint256 internal otherPk = 0xBADBAD;
    address internal signer;

    address internal weth = makeAddr("weth");
    address internal usdc = makeAddr("usdc");
    address internal pool = makeAddr("pool");

    MockUniswapFactory internal factory;
    MockPositionManager internal npm;
    MockAggregatorV3 internal feed;
    MockPerpVenue internal venue;
    HedgeController internal controller;

    uint256 internal aliceTokenId = 1;
    uint256 internal alicePositionId;

    function setUp() public virtual {
        vm.warp(T0);
        signer = vm.addr(signerPk);
        factory = new MockUniswapFactory();
        factory.setPool(weth, usdc, FEE, pool);
        npm = new MockPositionManager(address(factory));
        feed = new MockAggregatorV3(8, "ETH / USD", PRICE);
        venue = new MockPerpVenue(feed, 5);
        controller = _deployController(IHedgeVenue(address(venue)));
        venue.setController(address(controller));

        npm.mint(alice, aliceTokenId, weth, usdc, FEE);
        vm.prank(alice);
        alicePositionId = controller.register(pool, aliceTokenId, 0.5e18, defaultCaps());
    }

    function _deployController(IHedgeVenue venue_) internal returns (HedgeController) {
        return new HedgeController(
            admin,
            signer,
            INonfungiblePositionManagerMinimal(address(npm)),
            AggregatorV3Interface(address(feed)),
            venue_,
            1 hours
        );
    }

    function defaultCaps() internal pure returns (IHedgeController.Caps memory) {
        return IHedgeController.Caps({
            maxHedgeSize: 100e18, maxRatioChange: 0.25e18, minUpdateInterval: 300, maxSlippageBps: 50
        });
    }

    /// @dev Mints NFT `tokenId` to `owner_` and registers it; returns the position id.
    function _registerFor(address owner_, uint256 tokenId) internal returns (uint256 id) {
        npm.mint(owner_, tokenId, weth, usdc, FEE);
        vm.prank(owner_);
        id = controller.register(pool, tokenId, 0.5e18, defaultCaps());
    }

    function _update(uint256 positionId, uint256 ratio, uint256 size)
        internal
        view
        returns (IHedgeController.RatioUpdate memory)
    {
        return _updateOn(controller, positionId, ratio, size);
    }

    function _updateOn(HedgeController c, uint256 positionId, uint256 ratio, uint256 size)
        internal
        view
        returns (IHedgeController.RatioUpdate memory)
    {
        return IHedgeController.RatioUpdate({
            positionId: positionId,
            newRatio: ratio,
            targetHedgeSize: size,
            nonce: c.nonceOf(positionId),
            deadline: block.timestamp + 10 minutes
        });
    }

    function _digest(IHedgeController.RatioUpdate memory u, uint256 chainId, address verifyingContract)
        internal
        pure
        returns (bytes32)
    {
        bytes32 domainSeparator = keccak256(
            abi.encode(DOMAIN_TYPEHASH, keccak256("HedgeController"), keccak256("1"), chainId, verifyingContract)
        );
        bytes32 structHash = keccak256(
            abi.encode(RATIO_UPDATE_TYPEHASH, u.positionId, u.newRatio, u.targetHedgeSize, u.nonce, u.deadline)
        );
        return keccak256(abi.encodePacked("\x19\x01", domainSeparator, structHash));
    }

    function _sign(IHedgeController.RatioUpdate memory u) internal view returns (bytes memory) {
        return _signWith(u, signerPk, block.chainid, address(controller));
    }

    function _signWith(IHedgeController.RatioUpdate memory u, uint256 pk, uint256 chainId, address verifyingContract)
        internal
        pure
        returns (bytes memory)
    {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(pk, _digest(u, chainId, verifyingContract));
        return abi.encodePacked(r, s, v);
    }

    /// @dev The same signature in its high-s twin form: (r, n - s, v flipped). ecrecover accepts both.
    function _malleate(bytes memory sig) internal pure returns (bytes memory) {
        (bytes32 r, bytes32 s, uint8 v) = _split(sig);
        return abi.encodePacked(r, bytes32(SECP256K1_N - uint256(s)), v == 27 ? uint8(28) : uint8(27));
    }

    function _split(bytes memory sig) internal pure returns (bytes32 r, bytes32 s, uint8 v) {
        assembly ("memory-safe") {
            r := mload(add(sig, 32))
            s := mload(add(sig, 64))
            v := byte(0, mload(add(sig, 96)))
        }
    }

    function _send(address from, IHedgeController.RatioUpdate memory u, bytes memory sig) internal {
        vm.prank(from);
        controller.updateRatio(u, sig);
    }

    function _approveRelayer(address owner_, uint256 positionId) internal {
        vm.prank(owner_);
        controller.setOperator(positionId, relayer, true);
    }

    /// @dev Alice's position and nine more registered for owners from `ownerBase + 2` with tokens from `tokenBase + 2`,
    /// each with the relayer approved: the ten ids a batch updates.
    function _tenRelayedPositions(uint160 ownerBase, uint256 tokenBase) internal returns (uint256[] memory ids_) {
        ids_ = new uint256[](10);
        ids_[0] = alicePositionId;
        _approveRelayer(alice, alicePositionId);
        for (uint256 i = 2; i <= 10; ++i) {
            address owner_ = address(uint160(ownerBase + i));
            ids_[i - 1] = _registerFor(owner_, tokenBase + i);
            _approveRelayer(owner_, ids_[i - 1]);
        }
    }
}
