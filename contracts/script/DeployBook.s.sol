// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {Script, console} from "forge-std/Script.sol";

import {INonfungiblePositionManagerMint, IUniswapV3PoolState} from "../src/interfaces/IUniswapV3Periphery.sol";
import {MockAggregatorV3} from "../src/mocks/MockAggregatorV3.sol";
import {MockSequencerUptimeFeed} from "../src/mocks/MockSequencerUptimeFeed.sol";
import {TestToken} from "../src/mocks/TestToken.sol";

/// @notice The fee-tier admin of the Uniswap v3 factory.
interface IFactoryFees {
    function feeAmountTickSpacing(uint24 fee) external view returns (int24);
    function enableFeeAmount(uint24 fee, int24 tickSpacing) external;
}

/// @notice The pool's oracle ring size (TWAPs over a window with swaps in it need more than one slot).
interface IPoolObservations {
    function increaseObservationCardinalityNext(uint16 observationCardinalityNext) external;
}

/// @notice The Uniswap v2 calls the book needs (the factory and pair come as bytecode from npm `@uniswap/v2-core`).
interface IUniswapV2FactoryMin {
    function createPair(address tokenA, address tokenB) external returns (address pair);
}

interface IUniswapV2PairMin {
    function mint(address to) external returns (uint256 liquidity);
}

/// @title DeployBook
/// @notice An LP's book on a dev chain (any chain id): tokens of 18, 6, 8 and 18 decimals (WETH, USDC, WBTC, DAI),
/// Uniswap v3 pools of three fee tiers (WETH/USDC 0.05 %, WBTC/WETH 0.3 %, USDC/DAI 0.01 %) and one position of the
/// LP (test-mnemonic account BOOK_LP_INDEX, default 4) in each, plus a Uniswap v2 WETH/USDC pair (its own v2 factory,
/// always deployed here) holding the LP's liquidity tokens; Chainlink-style USD feeds for WETH (3,000) and USDC (1.00),
/// owned by account 6 (the book simulator's), and a sequencer uptime feed (up for long) owned by account 0. Reuses the
/// factory and position manager given in
/// BOOK_FACTORY / BOOK_POSITION_MANAGER / BOOK_SWAP_ROUTER, or deploys them from the npm artifacts. Writes the
/// addresses to BOOK_OUT (under ../.local/chain/). Run it through scripts/deploy-book.sh.
contract DeployBook is Script {
    /// @dev The public test mnemonic of anvil and hardhat. These keys guard nothing of value.
    string internal constant TEST_MNEMONIC = "test test test test test test test test test test test junk";
    string internal constant V3_CORE = "../node_modules/@uniswap/v3-core/artifacts/contracts/";
    string internal constant V3_PERIPHERY = "../node_modules/@uniswap/v3-periphery/artifacts/contracts/";
    string internal constant V2_CORE = "../node_modules/@uniswap/v2-core/build/";

    struct Spec {
        TestToken a;
        TestToken b;
        uint24 fee;
        int24 spacing;
        uint256 priceNum; // human price of a in b = priceNum / priceDen
        uint256 priceDen;
        uint256 amountA;
        uint256 amountB;
        int24 halfWidth;
    }

    address internal factory;
    address internal npm;
    address internal router;
    string internal positionsJson;
    string internal feedsJson;
    string internal v2Json;
    string internal pricingJson;
    address internal v2Factory;

    function run() external {
        string memory out = vm.envOr("BOOK_OUT", string("../.local/chain/book.json"));
        uint256 deployerKey = vm.deriveKey(TEST_MNEMONIC, 0);
        uint256 lpKey = vm.deriveKey(TEST_MNEMONIC, uint32(vm.envOr("BOOK_LP_INDEX", uint256(4))));
        factory = vm.envOr("BOOK_FACTORY", address(0));
        npm = vm.envOr("BOOK_POSITION_MANAGER", address(0));
        router = vm.envOr("BOOK_SWAP_ROUTER", address(0));

        vm.startBroadcast(deployerKey);
        TestToken weth = new TestToken("Wrapped Ether", "WETH", 18);
        TestToken usdc = new TestToken("USD Coin", "USDC", 6);
        TestToken wbtc = new TestToken("Wrapped BTC", "WBTC", 8);
        TestToken dai = new TestToken("Dai Stablecoin", "DAI", 18);
        _deployFeeds();
        if (factory == address(0)) {
            factory = _deployArtifact(string.concat(V3_CORE, "UniswapV3Factory.sol/UniswapV3Factory.json"), "");
            npm = _deployArtifact(
                string.concat(V3_PERIPHERY, "NonfungiblePositionManager.sol/NonfungiblePositionManager.json"),
                abi.encode(factory, address(weth), address(0))
            );
            router = _deployArtifact(
                string.concat(V3_PERIPHERY, "SwapRouter.sol/SwapRouter.json"), abi.encode(factory, address(weth))
            );
        }
        // Uniswap v3 ships with 0.05 %, 0.3 % and 1 %; the 0.01 % tier (tick spacing 1) is enabled by the factory's owner.
        if (IFactoryFees(factory).feeAmountTickSpacing(100) == 0) IFactoryFees(factory).enableFeeAmount(100, 1);
        vm.stopBroadcast();

        Spec[3] memory specs = [
            Spec(weth, usdc, 500, 10, 3000, 1, 10 ether, 30_000e6, 600),
            Spec(wbtc, weth, 3000, 60, 20, 1, 1e8, 20 ether, 1200),
            Spec(usdc, dai, 100, 1, 1, 1, 10_000e6, 10_000 ether, 50)
        ];
        string memory pools = "";
        for (uint256 i; i < specs.length; ++i) {
            address pool = _createPool(deployerKey, specs[i]);
            _mint(lpKey, pool, specs[i]);
            _mintFullRange(specs[i]);
            pools = string.concat(pools, i == 0 ? "" : ",", '"', vm.toString(pool), '"');
        }
        _v2(deployerKey, lpKey, weth, usdc);
        _pricing(deployerKey, lpKey, weth, usdc);

        string memory json = string.concat(
            "{\n",
            '  "chainId": ',
            vm.toString(block.chainid),
            ',\n  "uniswapV3Factory": "',
            vm.toString(factory),
            '",\n  "nonfungiblePositionManager": "',
            vm.toString(npm),
            '",\n  "swapRouter": "',
            vm.toString(router),
            '",\n  "lp": "',
            vm.toString(vm.addr(lpKey)),
            '",\n  "marketMaker": "',
            vm.toString(vm.addr(vm.deriveKey(TEST_MNEMONIC, 6))),
            '",\n'
        );
        json = string.concat(json, v2Json, pricingJson);
        json = string.concat(
            json,
            '  "tokens": {"WETH": "',
            vm.toString(address(weth)),
            '", "USDC": "',
            vm.toString(address(usdc)),
            '", "WBTC": "',
            vm.toString(address(wbtc)),
            '", "DAI": "',
            vm.toString(address(dai)),
            '"},\n',
            feedsJson,
            '  "pools": [',
            pools,
            "],\n  \"positions\": [",
            positionsJson,
            "]\n}\n"
        );
        vm.writeFile(out, json);
        console.log("book file:", out);
    }

    /// @dev USD feeds for WETH and USDC (handed to account 6) and the sequencer uptime feed (up since long ago), as JSON
    /// lines for the book file.
    function _deployFeeds() internal {
        MockAggregatorV3 ethUsd = new MockAggregatorV3(8, "ETH / USD", 3000e8);
        MockAggregatorV3 usdcUsd = new MockAggregatorV3(8, "USDC / USD", 1e8);
        MockSequencerUptimeFeed sequencer = new MockSequencerUptimeFeed(1);
        // The book simulator (account 6) moves the feeds: account 0 already moves the main deployment's feed, and two
        // writers of one account's nonces collide.
        address mover = vm.addr(vm.deriveKey(TEST_MNEMONIC, 6));
        ethUsd.transferOwnership(mover);
        usdcUsd.transferOwnership(mover);
        feedsJson = string.concat(
            '  "feeds": {"WETH": "',
            vm.toString(address(ethUsd)),
            '", "USDC": "',
            vm.toString(address(usdcUsd)),
            '"},\n  "sequencerUptimeFeed": "',
            vm.toString(address(sequencer)),
            '",\n'
        );
    }

    function _createPool(uint256 deployerKey, Spec memory s) internal returns (address pool) {
        bool aIs0 = address(s.a) < address(s.b);
        (address t0, address t1) = aIs0 ? (address(s.a), address(s.b)) : (address(s.b), address(s.a));
        // raw price (token1 units per token0 unit) = human price x 10^(d1 - d0)
        uint256 num = aIs0 ? s.priceNum * 10 ** s.b.decimals() : s.priceDen * 10 ** s.a.decimals();
        uint256 den = aIs0 ? s.priceDen * 10 ** s.a.decimals() : s.priceNum * 10 ** s.b.decimals();
        // casting to 'uint160' is safe because the demo prices are far inside the Q64.96 range
        // forge-lint: disable-next-line(unsafe-typecast)
        uint160 sqrtPriceX96 = uint160(Math.sqrt(Math.mulDiv(num, 1 << 192, den)));
        vm.startBroadcast(deployerKey);
        pool = INonfungiblePositionManagerMint(npm).createAndInitializePoolIfNecessary(t0, t1, s.fee, sqrtPriceX96);
        IPoolObservations(pool).increaseObservationCardinalityNext(64); // TWAPs while the simulator swaps every few seconds
        vm.stopBroadcast();
    }

    function _mint(uint256 lpKey, address pool, Spec memory s) internal {
        (, int24 tick,,,,,) = IUniswapV3PoolState(pool).slot0();
        bool aIs0 = address(s.a) < address(s.b);
        address lp = vm.addr(lpKey);
        vm.startBroadcast(lpKey);
        s.a.mint(lp, s.amountA);
        s.b.mint(lp, s.amountB);
        s.a.approve(npm, type(uint256).max);
        s.b.approve(npm, type(uint256).max);
        (uint256 tokenId, uint128 liquidity,,) = INonfungiblePositionManagerMint(npm)
            .mint(
                INonfungiblePositionManagerMint.MintParams({
                token0: aIs0 ? address(s.a) : address(s.b),
                token1: aIs0 ? address(s.b) : address(s.a),
                fee: s.fee,
                tickLower: _floor(tick - s.halfWidth, s.spacing),
                tickUpper: _floor(tick + s.halfWidth, s.spacing) + s.spacing,
                amount0Desired: aIs0 ? s.amountA : s.amountB,
                amount1Desired: aIs0 ? s.amountB : s.amountA,
                amount0Min: 0,
                amount1Min: 0,
                recipient: lp,
                deadline: block.timestamp + 1 hours
            })
            );
        vm.stopBroadcast();
        positionsJson = string.concat(
            positionsJson,
            bytes(positionsJson).length == 0 ? "" : ",",
            '\n    {"tokenId": ',
            vm.toString(tokenId),
            ', "pool": "',
            vm.toString(pool),
            '", "liquidity": "',
            vm.toString(uint256(liquidity)),
            '"}'
        );
    }

    /// @dev The market's own liquidity over the full range (account 6, the book simulator's mover, never tracked): the
    /// simulator's price-limited swaps always trade against something, so a pool keeps following its price after it
    /// leaves the LP's range (a swap through no liquidity at all reverts in the router's callback).
    function _mintFullRange(Spec memory s) internal {
        bool aIs0 = address(s.a) < address(s.b);
        uint256 moverKey = vm.deriveKey(TEST_MNEMONIC, 6);
        address mover = vm.addr(moverKey);
        int24 maxTick = (887_272 / s.spacing) * s.spacing;
        vm.startBroadcast(moverKey);
        s.a.mint(mover, s.amountA);
        s.b.mint(mover, s.amountB);
        s.a.approve(npm, type(uint256).max);
        s.b.approve(npm, type(uint256).max);
        INonfungiblePositionManagerMint(npm)
            .mint(
                INonfungiblePositionManagerMint.MintParams({
                token0: aIs0 ? address(s.a) : address(s.b),
                token1: aIs0 ? address(s.b) : address(s.a),
                fee: s.fee,
                tickLower: -maxTick,
                tickUpper: maxTick,
                amount0Desired: aIs0 ? s.amountA : s.amountB,
                amount1Desired: aIs0 ? s.amountB : s.amountA,
                amount0Min: 0,
                amount1Min: 0,
                recipient: mover,
                deadline: block.timestamp + 1 hours
            })
            );
        vm.stopBroadcast();
    }

    /// @dev A v2 factory and its WETH/USDC pair at 3000 USDC per WETH; the LP deposits 5 WETH + 15,000 USDC (mint).
    function _v2(uint256 deployerKey, uint256 lpKey, TestToken weth, TestToken usdc) internal {
        // v2-core's build JSON holds the creation code as hex without the 0x prefix.
        string memory hexCode =
            vm.parseJsonString(vm.readFile(string.concat(V2_CORE, "UniswapV2Factory.json")), ".bytecode");
        bytes memory code =
            abi.encodePacked(vm.parseBytes(string.concat("0x", hexCode)), abi.encode(vm.addr(deployerKey)));
        address deployed;
        vm.startBroadcast(deployerKey);
        assembly ("memory-safe") {
            deployed := create(0, add(code, 0x20), mload(code))
        }
        require(deployed != address(0), "DeployBook: v2 factory deploy failed");
        v2Factory = deployed;
        address pair = IUniswapV2FactoryMin(v2Factory).createPair(address(weth), address(usdc));
        vm.stopBroadcast();
        address lp = vm.addr(lpKey);
        vm.startBroadcast(lpKey);
        weth.mint(lp, 5 ether);
        usdc.mint(lp, 15_000e6);
        require(weth.transfer(pair, 5 ether), "DeployBook: WETH transfer");
        require(usdc.transfer(pair, 15_000e6), "DeployBook: USDC transfer");
        IUniswapV2PairMin(pair).mint(lp);
        vm.stopBroadcast();
        v2Json = string.concat(
            '  "uniswapV2Factory": "', vm.toString(v2Factory), '",\n  "v2Pairs": ["', vm.toString(pair), '"],\n'
        );
    }

    /// @dev Two tokens only a price path values: LINK (18) in a LINK/USDC 0.3 % v3 pool at 15 USDC where only the
    /// deployer provides liquidity (a pricing-only pool for the book: Chains:N:PricingPools), and UNI (18) in a v2
    /// UNI/WETH pair at 0.002 WETH where the LP holds the liquidity tokens (priced through the pair's TWAP). Both hold
    /// more than the default minimum depth of a price path (Workers:Book:MinPathDepthUsd, 10,000 USD): about 15,000 USDC
    /// in the pool, 20 WETH in the pair (60,000 USD; still 16,000 at the replay's lowest ETH, 813 USD). Listed under
    /// "pricing", apart from the book's tokens and pools the simulator moves.
    function _pricing(uint256 deployerKey, uint256 lpKey, TestToken weth, TestToken usdc) internal {
        vm.startBroadcast(deployerKey);
        TestToken link = new TestToken("ChainLink Token", "LINK", 18);
        TestToken uni = new TestToken("Uniswap", "UNI", 18);
        address pair = IUniswapV2FactoryMin(v2Factory).createPair(address(uni), address(weth));
        vm.stopBroadcast();
        Spec memory s = Spec(link, usdc, 3000, 60, 15, 1, 1000 ether, 15_000e6, 1200);
        address pool = _createPool(deployerKey, s);
        string memory bookPositions = positionsJson;
        _mint(deployerKey, pool, s); // the deployer's, not the LP's: the book holds nothing in this pool
        positionsJson = bookPositions;
        address lp = vm.addr(lpKey);
        vm.startBroadcast(lpKey);
        uni.mint(lp, 10_000 ether);
        weth.mint(lp, 20 ether);
        require(uni.transfer(pair, 10_000 ether), "DeployBook: UNI transfer");
        require(weth.transfer(pair, 20 ether), "DeployBook: WETH transfer");
        IUniswapV2PairMin(pair).mint(lp);
        vm.stopBroadcast();
        pricingJson = string.concat(
            '  "pricing": {"LINK": "',
            vm.toString(address(link)),
            '", "UNI": "',
            vm.toString(address(uni)),
            '", "pricingPool": "',
            vm.toString(pool),
            '", "v2Pair": "',
            vm.toString(pair),
            '"},\n'
        );
    }

    function _deployArtifact(string memory path, bytes memory constructorArgs) internal returns (address deployed) {
        bytes memory code = abi.encodePacked(vm.parseJsonBytes(vm.readFile(path), ".bytecode"), constructorArgs);
        assembly ("memory-safe") {
            deployed := create(0, add(code, 0x20), mload(code))
        }
        require(deployed != address(0), string.concat("DeployBook: deploy failed: ", path));
    }

    function _floor(int24 tick, int24 spacing) internal pure returns (int24) {
        int24 compressed = tick / spacing;
        if (tick < 0 && tick % spacing != 0) compressed--;
        return compressed * spacing;
    }
}
