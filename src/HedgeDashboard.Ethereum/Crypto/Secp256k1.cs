using System.Numerics;
using Nethereum.Signer;

namespace HedgeDashboard.Ethereum.Crypto;

/// <summary>
/// secp256k1 ECDSA through Nethereum's <see cref="EthECKey"/> (NBitcoin.Secp256k1 underneath: RFC 6979 k, low s,
/// recovery id from the signer). What stays ours is the refusal of malformed signatures before recovery.
/// </summary>
public static class Secp256k1
{
    /// <summary>The curve order n.</summary>
    internal static readonly BigInteger N = BigInteger.Parse("115792089237316195423570985008687907852837564279074904382605163141518161494337", System.Globalization.CultureInfo.InvariantCulture);

    private static readonly BigInteger HalfN = N >> 1;

    static Secp256k1() => UseRecoverableSigning();

    /// <summary>
    /// Nethereum signs with BouncyCastle and finds v by trial recovery unless told otherwise (7-10 ms a signature);
    /// NBitcoin.Secp256k1's recoverable signing gives the same bytes in a fraction of that (STACK.md, 2026-12-06).
    /// </summary>
    internal static void UseRecoverableSigning() => EthECKey.SignRecoverable = true;

    /// <summary>Signs a 32-byte hash. The result always has s &lt;= n/2.</summary>
    public static Signature Sign(ReadOnlySpan<byte> hash32, PrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (hash32.Length != 32)
        {
            throw new ArgumentException($"A message hash is 32 bytes, got {hash32.Length}.", nameof(hash32));
        }

        var sig = key.EcKey.SignAndCalculateV(hash32.ToArray());
        return new Signature(sig.R, sig.S, (byte)(sig.V[0] - 27));
    }

    /// <summary>
    /// Recovers the 64-byte public key (x || y) that made <paramref name="signature"/> over <paramref name="hash32"/>.
    /// High s (EIP-2), r or s out of range, or a signature that recovers to no point is an <see cref="InvalidSignatureException"/>.
    /// </summary>
    public static byte[] RecoverPublicKey(ReadOnlySpan<byte> hash32, Signature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        if (hash32.Length != 32)
        {
            throw new ArgumentException($"A message hash is 32 bytes, got {hash32.Length}.", nameof(hash32));
        }

        var r = signature.RValue;
        var s = signature.SValue;
        if (r.IsZero || r >= N)
        {
            throw new InvalidSignatureException("Signature r is zero or not below the curve order.");
        }

        if (s.IsZero || s >= N)
        {
            throw new InvalidSignatureException("Signature s is zero or not below the curve order.");
        }

        if (s > HalfN)
        {
            throw new InvalidSignatureException("Signature s is in the upper half of the curve order (high s, refused since EIP-2).");
        }

        if (signature.RecoveryId > 3)
        {
            throw new InvalidSignatureException($"Recovery id {signature.RecoveryId} is not 0..3.");
        }

        EthECKey? recovered;
        try
        {
            var sig = EthECDSASignatureFactory.FromComponents(signature.R.ToArray(), signature.S.ToArray(), (byte)(signature.RecoveryId + 27));
            recovered = EthECKey.RecoverFromSignature(sig, signature.RecoveryId, hash32.ToArray());
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new InvalidSignatureException("Signature recovers to no point (r is not the x of a curve point).", ex);
        }

        return recovered?.GetPubKeyNoPrefix() is { Length: 64 } pub
            ? pub
            : throw new InvalidSignatureException("Signature recovers to no point.");
    }

    public static Address RecoverAddress(ReadOnlySpan<byte> hash32, Signature signature)
        => Address.FromPublicKey(RecoverPublicKey(hash32, signature));

    /// <summary>True when 32 big-endian bytes are a valid private scalar (1..n-1).</summary>
    internal static bool IsValidScalar(ReadOnlySpan<byte> bytes32)
    {
        var d = new BigInteger(bytes32, isUnsigned: true, isBigEndian: true);
        return !d.IsZero && d < N;
    }
}
