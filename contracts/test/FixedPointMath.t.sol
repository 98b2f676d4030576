// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Test} from "forge-std/Test.sol";

import {FixedPointMath} from "../src/libraries/FixedPointMath.sol";
import {OptionVectors} from "./utils/OptionVectors.sol";

/// @notice External entry points, so that reverts of the internal libraries can be expected.
contract MathHarness {
    function exp(int256 x) external pure returns (int256) {
        return FixedPointMath.expWad(x);
    }

    function ln(int256 x) external pure returns (int256) {
        return FixedPointMath.lnWad(x);
    }
}

/// @notice Known answers from mpmath at 40 digits (tools/option-vectors.py); the bounds asserted are the errors
/// documented in FixedPointMath.
contract FixedPointMathTest is Test {
    int256 internal constant WAD = 1e18;
    MathHarness internal h = new MathHarness();

    /// @dev |got - want| <= want x 1e-17 + 2 units (relative for large values, 2e-18 near 0).
    function _assertRel(int256 got, int256 want, string memory what) internal pure {
        int256 tol = (want < 0 ? -want : want) / 1e17 + 2;
        assertApproxEqAbs(got, want, uint256(tol), what);
    }

    function test_ExpWad_MatchesReference() public pure {
        int256[] memory x = OptionVectors.expInputs();
        int256[] memory want = OptionVectors.expExpected();
        for (uint256 i; i < x.length; ++i) {
            _assertRel(FixedPointMath.expWad(x[i]), want[i], "exp");
        }
    }

    function test_LnWad_MatchesReference() public pure {
        int256[] memory x = OptionVectors.lnInputs();
        int256[] memory want = OptionVectors.lnExpected();
        for (uint256 i; i < x.length; ++i) {
            _assertRel(FixedPointMath.lnWad(x[i]), want[i], "ln");
        }
    }

    function test_NormCdf_MatchesReferenceWithin5e17() public pure {
        int256[] memory x = OptionVectors.normcdfInputs();
        int256[] memory want = OptionVectors.normcdfExpected();
        for (uint256 i; i < x.length; ++i) {
            assertApproxEqAbs(FixedPointMath.normCdf(x[i]), want[i], 50, "normCdf");
        }
    }

    function test_NormCdf_TailsAreZeroAndOne() public pure {
        assertEq(FixedPointMath.normCdf(-9e18), 0);
        assertEq(FixedPointMath.normCdf(9e18), WAD);
        assertEq(FixedPointMath.normCdf(0), WAD / 2);
    }

    function test_SqrtWad_ExactFloor() public pure {
        assertEq(FixedPointMath.sqrtWad(4e18), 2e18);
        assertEq(FixedPointMath.sqrtWad(2e18), 1_414_213_562_373_095_048);
        assertEq(FixedPointMath.sqrtWad(0.25e18), 0.5e18);
        assertEq(FixedPointMath.sqrtWad(0), 0);
        assertEq(FixedPointMath.isqrt(type(uint256).max), type(uint128).max);
    }

    function test_RevertWhen_LnOfZeroOrNegative() public {
        vm.expectRevert(abi.encodeWithSelector(FixedPointMath.LnOfNonPositive.selector, int256(0)));
        h.ln(0);
        vm.expectRevert(abi.encodeWithSelector(FixedPointMath.LnOfNonPositive.selector, int256(-1)));
        h.ln(-1);
    }

    function test_RevertWhen_ExpOverflows() public {
        vm.expectRevert(abi.encodeWithSelector(FixedPointMath.ExpOverflow.selector, int256(130e18 + 1)));
        h.exp(130e18 + 1);
        assertEq(h.exp(-42e18 - 1), 0);
    }

    function testFuzz_IsqrtIsFloor(uint256 a) public pure {
        uint256 r = FixedPointMath.isqrt(a);
        assertLe(r * r, a);
        if (r < type(uint128).max) assertGt((r + 1) * (r + 1), a);
    }

    function testFuzz_ExpOfLnIsIdentity(uint256 raw) public pure {
        int256 x = int256(bound(raw, 1e9, 1e36));
        _assertRel(FixedPointMath.expWad(FixedPointMath.lnWad(x)), x, "exp(ln x)");
    }

    function testFuzz_NormCdfIsSymmetric(int256 raw) public pure {
        int256 x = int256(bound(raw, -10e18, 10e18));
        assertApproxEqAbs(FixedPointMath.normCdf(x) + FixedPointMath.normCdf(-x), WAD, 2);
    }
}
