// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title FixedPointMath
/// @notice exp, ln, sqrt and the standard normal CDF in signed 18-decimal fixed point (1e18 = 1), for on-chain
/// option pricing. Own code, so that each function's error is measured here (test/FixedPointMath.t.sol):
/// against mpmath at 40 digits, exp and ln are within 1e-17 relative plus 2 units of 1e-18 (their series run with
/// 36 decimals), sqrt is the exact floor, and normCdf is within 5e-17 absolute: West (2005)'s form of Hart (1968)'s
/// rational approximation, whose own error is at most 4.1e-17 on [-9, 9] (tools/option-vectors.py's reference).
library FixedPointMath {
    int256 internal constant WAD = 1e18;
    /// @dev ln 2 x 1e18, rounded to nearest.
    int256 internal constant LN2 = 693_147_180_559_945_309;
    int256 internal constant WAD36 = 1e36;
    /// @dev ln 2 x 1e36.
    int256 internal constant LN2_36 = 693_147_180_559_945_309_417_232_121_458_176_568;
    /// @dev sqrt(2) x 1e18.
    uint256 internal constant SQRT2 = 1_414_213_562_373_095_049;
    /// @dev sqrt(2 pi) x 1e18.
    int256 internal constant SQRT_2PI = 2_506_628_274_631_000_502;

    error LnOfNonPositive(int256 x);
    error ExpOverflow(int256 x);

    /// @notice e^x. Returns 0 below x = -42 (e^-42 < 1e-18); reverts above x = 130.
    function expWad(int256 x) internal pure returns (int256) {
        if (x < -42e18) return 0;
        if (x > 130e18) revert ExpOverflow(x);
        // x = k ln2 + r with |r| <= ln2 / 2, so the Taylor series of e^r converges fast (0.35^20 / 20! < 1e-27);
        // r and the series are carried with 36 decimals, so that k ln2 adds no error.
        int256 k = (x >= 0 ? x + LN2 / 2 : x - LN2 / 2) / LN2;
        int256 r = x * WAD - k * LN2_36;
        int256 term = WAD36;
        int256 sum = WAD36;
        for (int256 n = 1; n < 24; ++n) {
            term = term * r / (n * WAD36);
            if (term == 0) break;
            sum += term;
        }
        // casts are safe: |k| <= 188
        // forge-lint: disable-next-line(unsafe-typecast)
        return k >= 0 ? (sum / WAD) << uint256(k) : (sum >> uint256(-k)) / WAD;
    }

    /// @notice ln(x) for x > 0.
    function lnWad(int256 x) internal pure returns (int256) {
        if (x <= 0) revert LnOfNonPositive(x);
        // x = 2^k m with m in [sqrt(1/2), sqrt(2)), then ln m = 2 atanh(z), z = (m - 1) / (m + 1), |z| < 0.172.
        // casting to 'uint256' is safe because x > 0 (checked above)
        // forge-lint: disable-next-line(unsafe-typecast)
        uint256 m = uint256(x);
        int256 k;
        while (m >= 2e18) {
            m >>= 1;
            ++k;
        }
        while (m < 1e18) {
            m <<= 1;
            --k;
        }
        if (m > SQRT2) {
            m = (m + 1) >> 1;
            ++k;
        }
        // The series runs with 36 decimals. casts are safe: m < 2e18
        // forge-lint: disable-next-line(unsafe-typecast)
        int256 z = (int256(m) - WAD) * WAD36 / (int256(m) + WAD);
        int256 z2 = z * z / WAD36;
        int256 term = z;
        int256 sum = z;
        for (int256 i = 3; i < 61; i += 2) {
            term = term * z2 / WAD36;
            if (term == 0) break;
            sum += term / i;
        }
        return (k * LN2_36 + 2 * sum) / WAD;
    }

    /// @notice sqrt(x), rounded down.
    function sqrtWad(uint256 x) internal pure returns (uint256) {
        return isqrt(x * 1e18);
    }

    /// @notice floor(sqrt(a)) of an integer, by Newton's method from a power of two above the root.
    function isqrt(uint256 a) internal pure returns (uint256 y) {
        if (a == 0) return 0;
        uint256 bits;
        uint256 t = a;
        while (t > 0) {
            t >>= 1;
            ++bits;
        }
        y = 2 ** ((bits + 1) / 2);
        while (true) {
            uint256 z = (y + a / y) >> 1;
            if (z >= y) return y;
            y = z;
        }
    }

    /// @notice The standard normal CDF N(x): 0 below -9 and 1 above 9 (N(-9) < 1.2e-19).
    function normCdf(int256 x) internal pure returns (int256) {
        int256 a = x < 0 ? -x : x;
        int256 tail;
        if (a < 9e18) {
            int256 e = expWad(-(a * a / WAD) / 2);
            if (a < 7.07106781186547e18) {
                int256 p = 0.0352624965998911e18 * a / WAD + 0.700383064443688e18;
                p = p * a / WAD + 6.37396220353165e18;
                p = p * a / WAD + 33.912866078383e18;
                p = p * a / WAD + 112.079291497871e18;
                p = p * a / WAD + 221.213596169931e18;
                p = p * a / WAD + 220.206867912376e18;
                int256 q = 0.0883883476483184e18 * a / WAD + 1.75566716318264e18;
                q = q * a / WAD + 16.064177579207e18;
                q = q * a / WAD + 86.7807322029461e18;
                q = q * a / WAD + 296.564248779674e18;
                q = q * a / WAD + 637.333633378831e18;
                q = q * a / WAD + 793.826512519948e18;
                q = q * a / WAD + 440.413735824752e18;
                tail = e * p / q;
            } else {
                // Continued fraction of the Mills ratio.
                int256 b = a + 0.65e18;
                b = a + 4 * WAD * WAD / b;
                b = a + 3 * WAD * WAD / b;
                b = a + 2 * WAD * WAD / b;
                b = a + WAD * WAD / b;
                tail = e * WAD / b * WAD / SQRT_2PI;
            }
        }
        return x > 0 ? WAD - tail : tail;
    }
}
