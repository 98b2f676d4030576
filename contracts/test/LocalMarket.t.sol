// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Test} from "forge-std/Test.sol";

import {LocalMarket} from "../script/LocalMarket.sol";
import {IHedgeController} from "../src/interfaces/IHedgeController.sol";
import {IOptionHedgeController} from "../src/interfaces/IOptionHedgeController.sol";
import {IOptionVenue} from "../src/interfaces/IOptionVenue.sol";
import {ISwapRouterMinimal, IUniswapV3PoolState} from "../src/interfaces/IUniswapV3Periphery.sol";

/// @notice The deploy's market on the in-process EVM, with the REAL Uniswap v3 bytecode from npm.
contract LocalMarketTest is Test, LocalMarket {
    string internal constant MNEMONIC = "test test test test test test test test test test test junk";

    Roles internal roles;
    Market internal m;
    DemoPosition[] internal ps;

    function _begin(uint256 key) internal override {
        vm.deal(vm.addr(key), 1000 ether);
        vm.startPrank(vm.addr(key));
    }

    function _end() internal override {
        vm.stopPrank();
    }

    function setUp() public {
        vm.warp(1_800_000_000);
        roles = Roles({
            deployerKey: vm.deriveKey(MNEMONIC, 0),
            modelSignerKey: vm.deriveKey(MNEMONIC, 8),
            operator: vm.addr(vm.deriveKey(MNEMONIC, 9)),
            maxFeedAge: 1 days
        });
        m = _deployMarket(roles);
        ps.push(_mintAndProtect(m, DemoLp(vm.deriveKey(MNEMONIC, 1), 10 ether, 30_000e6, 500), roles.operator));
        ps.push(_mintAndProtect(m, DemoLp(vm.deriveKey(MNEMONIC, 2), 5 ether, 15_000e6, 1000), roles.operator));
    }

    function test_Deploy_PoolInitializedAt3000() public view {
        (uint160 sqrtPriceX96, int24 tick,,,,,) = IUniswapV3PoolState(m.pool).slot0();
        if (m.token0 == address(m.weth)) {
            assertEq(sqrtPriceX96, SQRT_PRICE_WETH_TOKEN0);
            assertEq(tick, -196_257);
        } else {
            assertEq(sqrtPriceX96, SQRT_PRICE_USDC_TOKEN0);
            assertEq(tick, 196_256);
        }
        assertGt(IUniswapV3PoolState(m.pool).liquidity(), 0);
    }

    function test_Deploy_PositionsProtectedWithOperator() public view {
        for (uint256 i; i < ps.length; ++i) {
            assertEq(m.controller.ownerOfPosition(ps[i].positionId), ps[i].owner);
            assertTrue(m.controller.isOwnerOrOperator(ps[i].positionId, roles.operator));
            assertEq(m.controller.getPosition(ps[i].positionId).pool, m.pool);
            assertGt(ps[i].liquidity, 0);
        }
        assertEq(m.controller.modelSigner(), vm.addr(roles.modelSignerKey));
        assertEq(m.controller.owner(), vm.addr(roles.deployerKey));
    }

    function test_OpenDemoHedge_HalfTheCapWithFeeThenFunding() public {
        _openDemoHedge(m, DemoLp(vm.deriveKey(MNEMONIC, 2), 5 ether, 15_000e6, 1000), ps[1]);
        assertEq(m.venue.hedges(ps[1].positionId).size, 2.5 ether);
        assertEq(m.venue.hedges(ps[1].positionId).feesPaid, 3.75e8); // 7500 USD x 5 bps
        assertEq(m.controller.getPosition(ps[1].positionId).nonce, 1);
        vm.warp(block.timestamp + 600);
        assertApproxEqAbs(m.venue.pendingFunding(ps[1].positionId), 7.5e8, 1); // 10 minutes at 1 bp per minute
    }

    function test_RevertWhen_RegisteringRealNftNotOwned() public {
        address stranger = makeAddr("stranger");
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.NotNftOwner.selector, ps[0].tokenId, stranger));
        vm.prank(stranger);
        m.controller.register(m.pool, ps[0].tokenId, 0.5e18, _demoCaps(1 ether));
    }

    function test_SignedUpdate_ThenSwapMovesPool() public {
        IHedgeController.RatioUpdate memory u = IHedgeController.RatioUpdate({
            positionId: ps[0].positionId,
            newRatio: 0.7e18,
            targetHedgeSize: 2.5 ether, // the model's largest step: 10 WETH cap x 0.25
            nonce: 0,
            deadline: block.timestamp + 60
        });
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(roles.modelSignerKey, m.controller.hashRatioUpdate(u));
        vm.prank(roles.operator);
        m.controller.updateRatio(u, abi.encodePacked(r, s, v));
        assertEq(m.venue.hedges(ps[0].positionId).size, 2.5 ether);
        // The demo venue charges its fee (5 bps of 7500 USD) and funding (1 bp of the notional per minute).
        assertEq(m.venue.hedges(ps[0].positionId).feesPaid, 3.75e8);
        vm.warp(block.timestamp + 60);
        assertApproxEqAbs(m.venue.pendingFunding(ps[0].positionId), 0.75e8, 1);

        (, int24 tickBefore,,,,,) = IUniswapV3PoolState(m.pool).slot0();
        address trader = makeAddr("trader");
        vm.deal(trader, 2 ether);
        vm.startPrank(trader);
        m.weth.deposit{value: 2 ether}();
        m.weth.approve(m.swapRouter, 2 ether);
        uint256 out = ISwapRouterMinimal(m.swapRouter)
            .exactInputSingle(
                ISwapRouterMinimal.ExactInputSingleParams({
                tokenIn: address(m.weth),
                tokenOut: address(m.usdc),
                fee: POOL_FEE,
                recipient: trader,
                deadline: block.timestamp,
                amountIn: 2 ether,
                amountOutMinimum: 5900e6,
                sqrtPriceLimitX96: 0
            })
            );
        vm.stopPrank();
        (, int24 tickAfter,,,,,) = IUniswapV3PoolState(m.pool).slot0();
        assertEq(m.usdc.balanceOf(trader), out);
        assertTrue(tickAfter != tickBefore);
    }

    function test_DeploymentJson_ParsesWithExpectedKeys() public view {
        DemoPosition[] memory mem = ps;
        string memory json = _deploymentJson(m, roles, mem);
        assertEq(vm.parseJsonAddress(json, ".contracts.hedgeController"), address(m.controller));
        assertEq(vm.parseJsonAddress(json, ".contracts.nonfungiblePositionManager"), m.positionManager);
        assertEq(vm.parseJsonAddress(json, ".roles.operator"), roles.operator);
        assertEq(vm.parseJsonUint(json, ".positions[1].tokenId"), ps[1].tokenId);
        assertEq(vm.parseJsonString(json, ".eip712.name"), "HedgeController");
        assertEq(vm.parseJsonAddress(json, ".contracts.optionController"), address(m.optionController));
        assertEq(vm.parseJsonAddress(json, ".contracts.optionVenue"), address(m.optionVenue));
        assertEq(vm.parseJsonString(json, ".optionEip712.name"), "OptionHedgeController");
    }

    /// @notice The relayer buys a model-signed put for a demo position; it settles at the first round after expiry.
    function test_ModelSignedPut_BoughtAndSettled() public {
        IOptionHedgeController.OptionOrder memory o = IOptionHedgeController.OptionOrder({
            positionId: ps[0].positionId,
            kind: 0,
            strike: 2700e8,
            expiry: block.timestamp + 7 days,
            notional: 5 ether,
            maxPremium: 1000e8,
            nonce: 0,
            deadline: block.timestamp + 60
        });
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(roles.modelSignerKey, m.optionController.hashOptionOrder(o));
        vm.prank(roles.operator);
        uint256 id = m.optionController.buyOption(o, abi.encodePacked(r, s, v));
        assertEq(m.optionVenue.getOption(id).positionId, ps[0].positionId);
        assertEq(m.optionController.bookOf(ps[0].positionId).openNotional, 5 ether);

        vm.warp(o.expiry);
        vm.prank(vm.addr(roles.deployerKey));
        m.feed.setAnswer(2500e8);
        assertEq(m.optionController.settle(id, m.feed.latestRound()), 1000e8); // (2700 - 2500) x 5
        assertEq(uint8(m.optionVenue.getOption(id).status), uint8(IOptionVenue.Status.Settled));
    }

    /// @notice Without the market's depth, a replay that carries ETH past every demo range strands the pool: the next
    /// swap runs through no liquidity and the router reverts it (what stalled the demo's pool).
    function test_WithoutMarketDepth_PoolStrandedOutsideEveryRange() public {
        _buyWethTo4xPrice();
        assertEq(IUniswapV3PoolState(m.pool).liquidity(), 0);
        vm.expectRevert();
        this.buyWeth(1000e6);
    }

    function test_MarketDepth_PoolKeepsTradingOutsideEveryRange() public {
        Market memory deep = m;
        _addMarketDepth(deep, vm.deriveKey(MNEMONIC, 6), 100 ether);
        m = deep;
        assertEq(
            vm.parseJsonAddress(_deploymentJson(m, roles, ps), ".roles.marketMaker"), vm.addr(vm.deriveKey(MNEMONIC, 6))
        );
        _buyWethTo4xPrice();
        assertGt(IUniswapV3PoolState(m.pool).liquidity(), 0);
        assertGt(this.buyWeth(1000e6), 0);
    }

    /// @dev Pushes the pool's USDC-per-WETH price to four times 3000 (sqrt price doubled or halved), past both demo ranges.
    function _buyWethTo4xPrice() internal {
        (uint160 sqrtPrice,,,,,,) = IUniswapV3PoolState(m.pool).slot0();
        bool wethIsToken0 = m.token0 == address(m.weth);
        _swapUsdcForWeth(2_000_000e6, wethIsToken0 ? sqrtPrice * 2 : sqrtPrice / 2);
        (uint160 after_,,,,,,) = IUniswapV3PoolState(m.pool).slot0();
        assertEq(after_, wethIsToken0 ? sqrtPrice * 2 : sqrtPrice / 2);
    }

    /// @dev External so that a revert inside can be expected.
    function buyWeth(uint256 usdcIn) external returns (uint256) {
        return _swapUsdcForWeth(usdcIn, 0);
    }

    function _swapUsdcForWeth(uint256 usdcIn, uint160 limit) internal returns (uint256 out) {
        address trader = makeAddr("trader");
        vm.startPrank(trader);
        for (uint256 got; got < usdcIn; got += m.usdc.FAUCET_LIMIT()) {
            m.usdc.faucet(m.usdc.FAUCET_LIMIT());
        }
        m.usdc.approve(m.swapRouter, usdcIn);
        out = ISwapRouterMinimal(m.swapRouter)
            .exactInputSingle(
                ISwapRouterMinimal.ExactInputSingleParams({
                tokenIn: address(m.usdc),
                tokenOut: address(m.weth),
                fee: POOL_FEE,
                recipient: trader,
                deadline: block.timestamp,
                amountIn: usdcIn,
                amountOutMinimum: 0,
                sqrtPriceLimitX96: limit
            })
            );
        vm.stopPrank();
    }
}
