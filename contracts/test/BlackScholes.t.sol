// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Test} from "forge-std/Test.sol";

import {BlackScholes} from "../src/libraries/BlackScholes.sol";
import {FixedPointMath} from "../src/libraries/FixedPointMath.sol";
import {OptionVectors} from "./utils/OptionVectors.sol";

/// @notice Prices against mpmath at 40 digits (tools/option-vectors.py) and Hull's textbook example.
contract BlackScholesTest is Test {
    int256 internal constant WAD = 1e18;

    function _price(bool isCall, int256 s, int256 k, int256 v, int256 r, int256 t) internal pure returns (int256) {
        return int256(BlackScholes.price(isCall, uint256(s), uint256(k), uint256(v), r, uint256(t)));
    }

    /// @notice Hull, Options, Futures and Other Derivatives (example 15.6): S 42, K 40, r 10 %, vol 20 %, T 0.5 gives
    /// call 4.76 and put 0.81.
    function test_Price_HullTextbookExample() public pure {
        int256[] memory want = OptionVectors.hullCallPut();
        int256 call = _price(true, 42e18, 40e18, 0.2e18, 0.1e18, 365 days / 2);
        int256 put = _price(false, 42e18, 40e18, 0.2e18, 0.1e18, 365 days / 2);
        assertApproxEqAbs(call, want[0], 82 * 1e2, "call"); // 1e-16 x (S + K)
        assertApproxEqAbs(put, want[1], 82 * 1e2, "put");
        assertEq((call + 5e15) / 1e16, 476);
        assertEq((put + 5e15) / 1e16, 81);
    }

    /// @notice 162 cases: moneyness 0.5..2, vol 5 %..300 %, rate -5 %..20 %, 1 hour..2 years. Bound 1e-16 x (S + K).
    function test_Price_GridMatchesReferenceWithin1e16OfSPlusK() public pure {
        int256[] memory s = OptionVectors.bsS();
        int256[] memory k = OptionVectors.bsK();
        int256[] memory v = OptionVectors.bsVol();
        int256[] memory r = OptionVectors.bsRate();
        int256[] memory t = OptionVectors.bsT();
        int256[] memory c = OptionVectors.bsCall();
        int256[] memory p = OptionVectors.bsPut();
        for (uint256 i; i < s.length; ++i) {
            uint256 tol = uint256((s[i] + k[i]) / 1e16);
            assertApproxEqAbs(_price(true, s[i], k[i], v[i], r[i], t[i]), c[i], tol, "call");
            assertApproxEqAbs(_price(false, s[i], k[i], v[i], r[i], t[i]), p[i] < 0 ? int256(0) : p[i], tol, "put");
        }
    }

    function test_Price_AtExpiryIsIntrinsic() public pure {
        assertEq(_price(false, 2500e18, 3000e18, 0.8e18, 0, 0), 500e18);
        assertEq(_price(true, 2500e18, 3000e18, 0.8e18, 0, 0), 0);
        assertEq(_price(true, 3500e18, 3000e18, 0.8e18, 0, 0), 500e18);
    }

    /// @notice Put-call parity C - P = S - K e^(-rT), to 1e-16 x (S + K), across strikes, vols, rates, expiries.
    function testFuzz_PutCallParity(uint256 sRaw, uint256 kRaw, uint256 vRaw, int256 rRaw, uint256 tRaw) public pure {
        int256 s = int256(bound(sRaw, 1e18, 100_000e18));
        int256 k = int256(bound(kRaw, uint256(s) / 3, uint256(s) * 3));
        int256 v = int256(bound(vRaw, 0.01e18, 3e18));
        int256 r = bound(rRaw, -0.1e18, 0.3e18);
        int256 t = int256(bound(tRaw, 60, 2 * 365 days));
        int256 c = _price(true, s, k, v, r, t);
        int256 p = _price(false, s, k, v, r, t);
        int256 kDisc = k * FixedPointMath.expWad(-r * (t * 1e18 / 365 days) / WAD) / WAD;
        assertApproxEqAbs(c - p, s - kDisc, uint256((s + k) / 1e16));
    }
}
