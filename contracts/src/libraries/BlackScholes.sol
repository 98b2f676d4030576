// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {FixedPointMath} from "./FixedPointMath.sol";

/// @title BlackScholes
/// @notice European call and put prices (Black-Scholes, no dividend) in 18-decimal fixed point:
///   d1 = (ln(S/K) + (r + s^2/2) T) / (s sqrt T), d2 = d1 - s sqrt T,
///   call = S N(d1) - K e^(-rT) N(d2), put = K e^(-rT) N(-d2) - S N(-d1).
/// @dev T in seconds over a 365-day year. Measured against mpmath (test/BlackScholes.t.sol): within 1e-15 x (S + K)
/// on a grid of moneyness 0.5..2, volatility 0.05..3, expiries 1 hour..2 years, rates -5 %..20 %.
library BlackScholes {
    int256 internal constant WAD = 1e18;
    uint256 internal constant YEAR = 365 days;

    /// @notice The price of one option on one unit of the asset, in the units of `spot` and `strike` (1e18 scale).
    /// @param isCall Call (true) or put (false).
    /// @param spot The asset's price S (1e18 = 1), > 0.
    /// @param strike The strike K (1e18 = 1), > 0.
    /// @param volatility The annual volatility s (1e18 = 100 %).
    /// @param rate The annual continuously compounded rate r (1e18 = 100 %), may be negative.
    /// @param secondsToExpiry T in seconds; at 0, or with no volatility, the discounted intrinsic value.
    function price(bool isCall, uint256 spot, uint256 strike, uint256 volatility, int256 rate, uint256 secondsToExpiry)
        internal
        pure
        returns (uint256)
    {
        // casts are safe: callers bound spot, strike and volatility far below 2^200 (prices, 1e18-scaled)
        // forge-lint: disable-next-line(unsafe-typecast)
        int256 s = int256(spot);
        // forge-lint: disable-next-line(unsafe-typecast)
        int256 k = int256(strike);
        // forge-lint: disable-next-line(unsafe-typecast)
        int256 t = int256(secondsToExpiry * 1e18 / YEAR);
        int256 kDisc = k * FixedPointMath.expWad(-rate * t / WAD) / WAD;
        int256 value;
        // forge-lint: disable-next-line(unsafe-typecast)
        int256 sigmaSqrtT = int256(volatility * FixedPointMath.sqrtWad(uint256(t)) / 1e18);
        if (sigmaSqrtT == 0) {
            value = isCall ? s - kDisc : kDisc - s;
        } else {
            // forge-lint: disable-next-line(unsafe-typecast)
            int256 v = int256(volatility);
            int256 d1 = (FixedPointMath.lnWad(s * WAD / k) + (rate + v * v / WAD / 2) * t / WAD) * WAD / sigmaSqrtT;
            int256 d2 = d1 - sigmaSqrtT;
            value = isCall
                ? s * FixedPointMath.normCdf(d1) / WAD - kDisc * FixedPointMath.normCdf(d2) / WAD
                : kDisc * FixedPointMath.normCdf(-d2) / WAD - s * FixedPointMath.normCdf(-d1) / WAD;
        }
        // casting to 'uint256' is safe because value > 0 there
        // forge-lint: disable-next-line(unsafe-typecast)
        return value > 0 ? uint256(value) : 0;
    }
}
