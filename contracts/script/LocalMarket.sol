// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Vm} from "forge-std/Vm.sol";

import {HedgeController} from "../src/HedgeController.sol";
import {OptionHedgeController} from "../src/OptionHedgeController.sol";
import {AggregatorV3Interface} from "../src/interfaces/AggregatorV3Interface.sol";
import {IHedgeController} from "../src/interfaces/IHedgeController.sol";
import {IHedgeVenue} from "../src/interfaces/IHedgeVenue.sol";
import {IOptionHedgeController} from "../src/interfaces/IOptionHedgeController.sol";
import {INonfungiblePositionManagerMinimal} from "../src/interfaces/IUniswapV3Minimal.sol";
import {INonfungiblePositionManagerMint, IUniswapV3PoolState} from "../src/interfaces/IUniswapV3Periphery.sol";
import {MockAggregatorV3} from "../src/mocks/MockAggregatorV3.sol";
import {MockOptionVenue} from "../src/mocks/MockOptionVenue.sol";
import {MockPerpVenue} from "../src/mocks/MockPerpVenue.sol";
import {TestUSDC} from "../src/mocks/TestUSDC.sol";
import {WETH9} from "../src/mocks/WETH9.sol";

/// @title LocalMarket
/// @notice Brings up a complete local market: WETH9 and a 6-decimal USDC, the real Uniswap v3 factory,
/// NonfungiblePositionManager and SwapRouter (bytecode from the npm artifacts), a WETH/USDC 0.05 % pool
/// at 3000 USDC per WETH, a mock ETH/USD feed, the mock perp venue and the HedgeController, the mock option venue
/// and the OptionHedgeController, and demo LP positions registered as protected (with option caps). Shared by the deploy script (broadcast) and a forge test (prank):
/// subclasses say how to act as an account through `_begin` / `_end`.
abstract contract LocalMarket {
    Vm private constant VM = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @dev Paths are relative to the Foundry project root (contracts/).
    string internal constant V3_CORE = "../node_modules/@uniswap/v3-core/artifacts/contracts/";
    string internal constant V3_PERIPHERY = "../node_modules/@uniswap/v3-periphery/artifacts/contracts/";

    uint24 internal constant POOL_FEE = 500;
    int24 internal constant TICK_SPACING = 10;
    /// @dev floor(sqrt(3000 * 10^(6-18)) * 2^96): 3000 USDC per WETH with WETH as token0 (tick -196257).
    uint160 internal constant SQRT_PRICE_WETH_TOKEN0 = 4_339_505_179_874_779_489_431_521;
    /// @dev floor(sqrt(10^(18-6) / 3000) * 2^96): the same price with USDC as token0 (tick 196256).
    uint160 internal constant SQRT_PRICE_USDC_TOKEN0 = 1_446_501_726_624_926_496_477_173_928_747_177;
    int256 internal constant ETH_USD = 3000e8;
    /// @dev Venue trading fee: 5 bps of the notional traded.
    uint256 internal constant VENUE_FEE_BPS = 5;
    /// @dev Venue funding: 1 bp of the open notional per minute (1e-4 / 60 per second, 1e18 = 100 %). Far above a real
    /// venue's on purpose: the demo's simulator replays an hour of prices every few seconds, and a demo should show it.
    uint256 internal constant VENUE_FUNDING_RATE = 1_666_666_666_667;
    /// @dev Option venue: 80 % annual volatility (ETH's long-run realized level), zero rate, 50M USD of collateral.
    uint256 internal constant OPTION_VOLATILITY = 0.8e18;
    uint256 internal constant OPTION_COLLATERAL = 50_000_000e8;

    struct Roles {
        uint256 deployerKey; // admin of the controller, owner of the feed, venue and USDC
        uint256 modelSignerKey;
        address operator; // the dashboard's relayer
        uint256 maxFeedAge;
    }

    struct Market {
        WETH9 weth;
        TestUSDC usdc;
        address factory;
        address positionManager;
        address swapRouter;
        address pool;
        MockAggregatorV3 feed;
        MockPerpVenue venue;
        HedgeController controller;
        MockOptionVenue optionVenue;
        OptionHedgeController optionController;
        address token0;
        address token1;
        address marketMaker; // holder of the full-range depth (_addMarketDepth), zero without it
    }

    struct DemoLp {
        uint256 key;
        uint256 wethAmount;
        uint256 usdcAmount;
        int24 halfWidthTicks;
    }

    struct DemoPosition {
        address owner;
        uint256 tokenId;
        uint256 positionId;
        int24 tickLower;
        int24 tickUpper;
        uint128 liquidity;
    }

    /// @dev Start acting as the account of `key` (broadcast in scripts, prank in tests).
    function _begin(uint256 key) internal virtual;

    /// @dev Stop acting as that account.
    function _end() internal virtual;

    function _deployMarket(Roles memory roles) internal returns (Market memory m) {
        address deployer = VM.addr(roles.deployerKey);
        _begin(roles.deployerKey);
        m.weth = new WETH9();
        m.usdc = new TestUSDC(deployer);
        m.factory = _deployArtifact(string.concat(V3_CORE, "UniswapV3Factory.sol/UniswapV3Factory.json"), "");
        m.positionManager = _deployArtifact(
            string.concat(V3_PERIPHERY, "NonfungiblePositionManager.sol/NonfungiblePositionManager.json"),
            abi.encode(m.factory, address(m.weth), address(0))
        );
        m.swapRouter = _deployArtifact(
            string.concat(V3_PERIPHERY, "SwapRouter.sol/SwapRouter.json"), abi.encode(m.factory, address(m.weth))
        );
        bool wethIsToken0 = address(m.weth) < address(m.usdc);
        (m.token0, m.token1) = wethIsToken0 ? (address(m.weth), address(m.usdc)) : (address(m.usdc), address(m.weth));
        m.pool = INonfungiblePositionManagerMint(m.positionManager)
            .createAndInitializePoolIfNecessary(
                m.token0, m.token1, POOL_FEE, wethIsToken0 ? SQRT_PRICE_WETH_TOKEN0 : SQRT_PRICE_USDC_TOKEN0
            );
        m.feed = new MockAggregatorV3(8, "ETH / USD", ETH_USD);
        m.venue = new MockPerpVenue(AggregatorV3Interface(address(m.feed)), VENUE_FEE_BPS);
        m.venue.setFundingRate(VENUE_FUNDING_RATE);
        m.controller = new HedgeController(
            deployer,
            VM.addr(roles.modelSignerKey),
            INonfungiblePositionManagerMinimal(m.positionManager),
            AggregatorV3Interface(address(m.feed)),
            IHedgeVenue(address(m.venue)),
            roles.maxFeedAge
        );
        m.venue.setController(address(m.controller));
        m.optionVenue = new MockOptionVenue(AggregatorV3Interface(address(m.feed)), OPTION_VOLATILITY, roles.maxFeedAge);
        m.optionController = new OptionHedgeController(deployer, m.controller, m.optionVenue);
        m.optionVenue.setController(address(m.optionController));
        m.optionVenue.fund(OPTION_COLLATERAL);
        _end();
    }

    /// @dev Mints a position for `lp` around the current tick and registers it with the relayer as operator.
    function _mintAndProtect(Market memory m, DemoLp memory lp, address operator)
        internal
        returns (DemoPosition memory d)
    {
        (, int24 tick,,,,,) = IUniswapV3PoolState(m.pool).slot0();
        d.owner = VM.addr(lp.key);
        d.tickLower = _floorTick(tick - lp.halfWidthTicks);
        d.tickUpper = _floorTick(tick + lp.halfWidthTicks) + TICK_SPACING;
        bool wethIsToken0 = m.token0 == address(m.weth);

        _begin(lp.key);
        m.weth.deposit{value: lp.wethAmount}();
        m.usdc.faucet(lp.usdcAmount);
        m.weth.approve(m.positionManager, type(uint256).max);
        m.usdc.approve(m.positionManager, type(uint256).max);
        (d.tokenId, d.liquidity,,) = INonfungiblePositionManagerMint(m.positionManager)
            .mint(
                INonfungiblePositionManagerMint.MintParams({
                token0: m.token0,
                token1: m.token1,
                fee: POOL_FEE,
                tickLower: d.tickLower,
                tickUpper: d.tickUpper,
                amount0Desired: wethIsToken0 ? lp.wethAmount : lp.usdcAmount,
                amount1Desired: wethIsToken0 ? lp.usdcAmount : lp.wethAmount,
                amount0Min: 0,
                amount1Min: 0,
                recipient: d.owner,
                deadline: block.timestamp + 1 hours
            })
            );
        d.positionId = m.controller.register(m.pool, d.tokenId, 0.5e18, _demoCaps(lp.wethAmount));
        m.controller.setOperator(d.positionId, operator, true);
        m.optionController.setOptionCaps(d.positionId, _demoOptionCaps(lp.wethAmount));
        _end();
    }

    /// @dev Full-range liquidity of the market (`makerKey`) at the pool's price: `wethAmount` WETH and the USDC it needs.
    /// The demo's replay of real ETH hours leaves every LP range sooner or later; without liquidity there, the
    /// router refuses every price-limited swap and the pool stops following the feed.
    function _addMarketDepth(Market memory m, uint256 makerKey, uint256 wethAmount) internal {
        uint256 usdcAmount = wethAmount * uint256(ETH_USD) / 1e20 * 2; // 6-decimal USDC at twice 3000 USD: the mint takes what the price needs
        m.marketMaker = VM.addr(makerKey);
        bool wethIsToken0 = m.token0 == address(m.weth);
        int24 maxTick = (887_272 / TICK_SPACING) * TICK_SPACING;
        _begin(makerKey);
        m.weth.deposit{value: wethAmount}();
        for (uint256 got; got < usdcAmount; got += m.usdc.FAUCET_LIMIT()) {
            m.usdc.faucet(m.usdc.FAUCET_LIMIT());
        }
        m.weth.approve(m.positionManager, type(uint256).max);
        m.usdc.approve(m.positionManager, type(uint256).max);
        INonfungiblePositionManagerMint(m.positionManager)
            .mint(
                INonfungiblePositionManagerMint.MintParams({
                token0: m.token0,
                token1: m.token1,
                fee: POOL_FEE,
                tickLower: -maxTick,
                tickUpper: maxTick,
                amount0Desired: wethIsToken0 ? wethAmount : usdcAmount,
                amount1Desired: wethIsToken0 ? usdcAmount : wethAmount,
                amount0Min: 0,
                amount1Min: 0,
                recipient: m.marketMaker,
                deadline: block.timestamp + 1 hours
            })
            );
        _end();
    }

    /// @dev Opens the demo position's hedge at its registered ratio (half its WETH), signed and sent by the LP (an owner's
    /// signature: half the cap in one step is more than the model's size step allows), so the demo venue charges a
    /// trading fee now and funding from now on.
    function _openDemoHedge(Market memory m, DemoLp memory lp, DemoPosition memory d) internal {
        IHedgeController.RatioUpdate memory u = IHedgeController.RatioUpdate({
            positionId: d.positionId,
            newRatio: 0.5e18,
            targetHedgeSize: lp.wethAmount / 2,
            nonce: m.controller.nonceOf(d.positionId),
            deadline: block.timestamp + 1 hours
        });
        (uint8 v, bytes32 r, bytes32 s) = VM.sign(lp.key, m.controller.hashRatioUpdate(u));
        _begin(lp.key);
        m.controller.updateRatio(u, abi.encodePacked(r, s, v));
        _end();
    }

    /// @dev Caps for a demo LP: hedge at most the WETH put in, ratio steps of 25 %, one minute apart, 0.5 % slippage.
    function _demoCaps(uint256 wethAmount) internal pure returns (IHedgeController.Caps memory) {
        return IHedgeController.Caps({
            // casting to 'uint128' is safe because demo amounts are a few ether
            // forge-lint: disable-next-line(unsafe-typecast)
            maxHedgeSize: uint128(wethAmount),
            maxRatioChange: 0.25e18,
            minUpdateInterval: 60,
            maxSlippageBps: 50
        });
    }

    /// @dev Option caps for a demo LP: open options on at most the WETH put in, premiums up to 10 % of its value at 3000.
    function _demoOptionCaps(uint256 wethAmount) internal pure returns (IOptionHedgeController.OptionCaps memory) {
        // casts are safe because demo amounts are a few ether
        return IOptionHedgeController.OptionCaps({
            // forge-lint: disable-next-line(unsafe-typecast)
            maxOpenNotional: uint128(wethAmount),
            // forge-lint: disable-next-line(unsafe-typecast)
            maxOpenPremium: uint128(wethAmount * 300e8 / 1e18)
        });
    }

    function _deployArtifact(string memory path, bytes memory constructorArgs) internal returns (address deployed) {
        bytes memory code = abi.encodePacked(VM.parseJsonBytes(VM.readFile(path), ".bytecode"), constructorArgs);
        assembly ("memory-safe") {
            deployed := create(0, add(code, 0x20), mload(code))
        }
        require(deployed != address(0), string.concat("LocalMarket: deploy failed: ", path));
    }

    function _floorTick(int24 tick) internal pure returns (int24) {
        int24 compressed = tick / TICK_SPACING;
        if (tick < 0 && tick % TICK_SPACING != 0) compressed--;
        return compressed * TICK_SPACING;
    }

    /// @dev The deployment file the app reads (see docs/decisions/0003-hedge-controller.md).
    function _deploymentJson(Market memory m, Roles memory roles, DemoPosition[] memory ps)
        internal
        view
        returns (string memory)
    {
        (uint160 sqrtPriceX96, int24 tick,,,,,) = IUniswapV3PoolState(m.pool).slot0();
        string memory json = string.concat(
            "{\n",
            _num("chainId", block.chainid),
            '  "contracts": {\n',
            _addr4("weth", address(m.weth)),
            _addr4("usdc", address(m.usdc)),
            _addr4("uniswapV3Factory", m.factory),
            _addr4("nonfungiblePositionManager", m.positionManager),
            _addr4("swapRouter", m.swapRouter)
        );
        json = string.concat(
            json,
            _addr4("pool", m.pool),
            _addr4("priceFeed", address(m.feed)),
            _addr4("hedgeVenue", address(m.venue)),
            _addr4("optionVenue", address(m.optionVenue)),
            _addr4("optionController", address(m.optionController)),
            '    "hedgeController": "',
            VM.toString(address(m.controller)),
            '"\n  },\n'
        );
        json = string.concat(
            json,
            '  "pool": {"address": "',
            VM.toString(m.pool),
            '", "token0": "',
            VM.toString(m.token0),
            '", "token1": "',
            VM.toString(m.token1),
            '", "fee": ',
            VM.toString(uint256(POOL_FEE)),
            ', "tickSpacing": 10, "sqrtPriceX96": "',
            VM.toString(uint256(sqrtPriceX96)),
            '", "tick": ',
            VM.toString(int256(tick)),
            "},\n"
        );
        json = string.concat(
            json,
            '  "priceFeed": {"decimals": 8, "description": "ETH / USD", "answer": "',
            VM.toString(ETH_USD),
            '", "maxFeedAgeSeconds": ',
            VM.toString(roles.maxFeedAge),
            "},\n",
            '  "eip712": {"name": "HedgeController", "version": "1", "verifyingContract": "',
            VM.toString(address(m.controller)),
            '"},\n',
            '  "optionEip712": {"name": "OptionHedgeController", "version": "1", "verifyingContract": "',
            VM.toString(address(m.optionController)),
            '"},\n'
        );
        json = string.concat(
            json,
            '  "roles": {"admin": "',
            VM.toString(VM.addr(roles.deployerKey)),
            '", "modelSigner": "',
            VM.toString(VM.addr(roles.modelSignerKey)),
            '", "operator": "',
            VM.toString(roles.operator),
            _marketMakerField(m.marketMaker),
            '"},\n  "positions": [\n'
        );
        for (uint256 i; i < ps.length; ++i) {
            json = string.concat(json, _position(ps[i]), i + 1 < ps.length ? ",\n" : "\n");
        }
        return string.concat(json, "  ]\n}\n");
    }

    function _marketMakerField(address maker) private pure returns (string memory) {
        return maker == address(0) ? string("") : string.concat('", "marketMaker": "', VM.toString(maker));
    }

    function _position(DemoPosition memory d) private pure returns (string memory) {
        return string.concat(
            '    {"positionId": ',
            VM.toString(d.positionId),
            ', "tokenId": ',
            VM.toString(d.tokenId),
            ', "owner": "',
            VM.toString(d.owner),
            '", "tickLower": ',
            VM.toString(int256(d.tickLower)),
            ', "tickUpper": ',
            VM.toString(int256(d.tickUpper)),
            ', "liquidity": "',
            VM.toString(uint256(d.liquidity)),
            '"}'
        );
    }

    function _num(string memory key, uint256 value) private pure returns (string memory) {
        return string.concat('  "', key, '": ', VM.toString(value), ",\n");
    }

    function _addr4(string memory key, address value) private pure returns (string memory) {
        return string.concat('    "', key, '": "', VM.toString(value), '",\n');
    }
}
