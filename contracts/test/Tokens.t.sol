// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Test} from "forge-std/Test.sol";

import {TestUSDC} from "../src/mocks/TestUSDC.sol";
import {WETH9} from "../src/mocks/WETH9.sol";

contract TokensTest is Test {
    WETH9 internal weth;
    TestUSDC internal usdc;
    address internal user = makeAddr("user");

    function setUp() public {
        weth = new WETH9();
        usdc = new TestUSDC(address(this));
        vm.deal(user, 10 ether);
    }

    function test_Weth_DepositAndWithdraw() public {
        vm.startPrank(user);
        weth.deposit{value: 3 ether}();
        assertEq(weth.balanceOf(user), 3 ether);
        weth.withdraw(1 ether);
        vm.stopPrank();
        assertEq(weth.balanceOf(user), 2 ether);
        assertEq(user.balance, 8 ether);
        assertEq(weth.decimals(), 18);
    }

    function test_Weth_ReceiveDeposits() public {
        vm.prank(user);
        (bool ok,) = address(weth).call{value: 1 ether}("");
        assertTrue(ok);
        assertEq(weth.balanceOf(user), 1 ether);
    }

    function test_Usdc_SixDecimalsOwnerMintAndFaucet() public {
        assertEq(usdc.decimals(), 6);
        usdc.mint(user, 5e6);
        vm.prank(user);
        usdc.faucet(1000e6);
        assertEq(usdc.balanceOf(user), 1005e6);
    }

    function test_RevertWhen_UsdcMintByNonOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, user));
        vm.prank(user);
        usdc.mint(user, 1);
    }

    function test_RevertWhen_FaucetOverLimit() public {
        vm.expectRevert(abi.encodeWithSelector(TestUSDC.FaucetLimitExceeded.selector, 100_001e6, 100_000e6));
        usdc.faucet(100_001e6);
    }
}
