// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IHedgeController} from "../interfaces/IHedgeController.sol";

/// @title RatioUpdateSignature
/// @notice EIP-712 struct hashing of a RatioUpdate and strict recovery of its signer.
/// @dev Recovery checks every malleability rule itself (length 65, v in {27, 28}, s <= secp256k1n / 2,
/// non-zero result) instead of relying on a library's defaults, so each rule has its own error and test.
library RatioUpdateSignature {
    /// @notice The EIP-712 type string of the signed struct. Off-chain signers must use exactly this.
    string internal constant RATIO_UPDATE_TYPE =
        "RatioUpdate(uint256 positionId,uint256 newRatio,uint256 targetHedgeSize,uint256 nonce,uint256 deadline)";

    /// @notice keccak256(RATIO_UPDATE_TYPE).
    bytes32 internal constant RATIO_UPDATE_TYPEHASH = keccak256(bytes(RATIO_UPDATE_TYPE));

    /// @notice secp256k1n / 2: the largest s accepted (EIP-2, Yellow Paper appendix F).
    uint256 internal constant HALF_CURVE_ORDER = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;

    /// @notice The EIP-712 struct hash of `u`.
    function structHash(IHedgeController.RatioUpdate calldata u) internal pure returns (bytes32) {
        return
            keccak256(
                abi.encode(RATIO_UPDATE_TYPEHASH, u.positionId, u.newRatio, u.targetHedgeSize, u.nonce, u.deadline)
            );
    }

    /// @notice Recovers the signer of `digest` from a 65-byte r || s || v signature, rejecting malleable forms.
    function recover(bytes32 digest, bytes calldata signature) internal pure returns (address signer) {
        if (signature.length != 65) revert IHedgeController.InvalidSignatureLength(signature.length);
        bytes32 r;
        bytes32 s;
        uint8 v;
        assembly ("memory-safe") {
            r := calldataload(signature.offset)
            s := calldataload(add(signature.offset, 32))
            v := byte(0, calldataload(add(signature.offset, 64)))
        }
        if (uint256(s) > HALF_CURVE_ORDER) revert IHedgeController.InvalidSignatureS(s);
        if (v != 27 && v != 28) revert IHedgeController.InvalidSignatureV(v);
        signer = ecrecover(digest, v, r, s);
        if (signer == address(0)) revert IHedgeController.InvalidSignature();
    }
}
