// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Script, console} from "forge-std/Script.sol";

import {LocalMarket} from "./LocalMarket.sol";

/// @title DeployLocal
/// @notice Deploys the local market on a dev chain (anvil, chain id 31337) with anvil's well-known test
/// accounts, and writes the addresses to DEPLOYMENT_OUT (a path under ../.local/chain/).
/// Run it through scripts/deploy-local.sh, which handles re-runs and moves the file into place.
/// Accounts (standard test mnemonic): 0 = deployer and admin, 1..3 = demo LPs, 8 = model signer,
/// 9 = operator (the dashboard's relayer). OPEN_DEMO_HEDGES=true opens each demo position's hedge at half its cap;
/// MARKET_DEPTH=true adds the market's full-range liquidity (account 6).
contract DeployLocal is Script, LocalMarket {
    /// @dev The public test mnemonic of anvil and hardhat. These keys guard nothing of value.
    string internal constant TEST_MNEMONIC = "test test test test test test test test test test test junk";

    function run() external {
        require(
            block.chainid == 31_337 || vm.envOr("DEPLOY_ALLOW_ANY_CHAIN", false),
            "DeployLocal: dev chain 31337 only (set DEPLOY_ALLOW_ANY_CHAIN=true to override)"
        );
        string memory out = vm.envOr("DEPLOYMENT_OUT", string("../.local/chain/deployment.json"));

        Roles memory roles = Roles({
            deployerKey: vm.deriveKey(TEST_MNEMONIC, 0),
            modelSignerKey: vm.deriveKey(TEST_MNEMONIC, 8),
            operator: vm.addr(vm.deriveKey(TEST_MNEMONIC, 9)),
            maxFeedAge: vm.envOr("MAX_FEED_AGE_SECONDS", uint256(1 days))
        });
        Market memory m = _deployMarket(roles);

        DemoLp[3] memory lps = [
            DemoLp({
                key: vm.deriveKey(TEST_MNEMONIC, 1), wethAmount: 10 ether, usdcAmount: 30_000e6, halfWidthTicks: 500
            }),
            DemoLp({
                    key: vm.deriveKey(TEST_MNEMONIC, 2), wethAmount: 5 ether, usdcAmount: 15_000e6, halfWidthTicks: 1000
                }),
            DemoLp({
                key: vm.deriveKey(TEST_MNEMONIC, 3), wethAmount: 20 ether, usdcAmount: 60_000e6, halfWidthTicks: 2500
            })
        ];
        DemoPosition[] memory ps = new DemoPosition[](lps.length);
        bool openHedges = vm.envOr("OPEN_DEMO_HEDGES", false);
        for (uint256 i; i < lps.length; ++i) {
            ps[i] = _mintAndProtect(m, lps[i], roles.operator);
            if (openHedges) _openDemoHedge(m, lps[i], ps[i]);
        }

        // The demo's market maker (account 6, as on the LP's book), after the LPs so their NFTs stay ids 1-3: 100 WETH
        // at full range, so the replay's swaps always find liquidity. Off for tests, whose swap figures assume only
        // the demo LPs' liquidity.
        if (vm.envOr("MARKET_DEPTH", false)) _addMarketDepth(m, vm.deriveKey(TEST_MNEMONIC, 6), 100 ether);

        vm.writeFile(out, _deploymentJson(m, roles, ps));
        console.log("HedgeController:", address(m.controller));
        console.log("deployment file:", out);
    }

    function _begin(uint256 key) internal override {
        vm.startBroadcast(key);
    }

    function _end() internal override {
        vm.stopBroadcast();
    }
}
