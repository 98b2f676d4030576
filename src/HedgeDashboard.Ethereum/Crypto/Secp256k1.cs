using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math.EC;
using Org.BouncyCastle.Math.EC.Multiplier;
using Org.BouncyCastle.Utilities;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace HedgeDashboard.Ethereum.Crypto;

/// <summary>
/// secp256k1 ECDSA as Ethereum uses it: RFC 6979 deterministic k (HMAC-SHA256), low-s, and a recovery id
/// taken from R's y coordinate (no trial recovery).
/// </summary>
public static class Secp256k1
{
    internal static readonly X9ECParameters Params = CustomNamedCurves.GetByName("secp256k1");
    internal static readonly ECCurve Curve = Params.Curve;
    internal static readonly ECPoint G = Params.G;
    internal static readonly BcBigInteger N = Params.N;
    internal static readonly BcBigInteger HalfN = N.ShiftRight(1);
    internal static readonly BcBigInteger P = Curve.Field.Characteristic;
    private static readonly FixedPointCombMultiplier Multiplier = new();

    /// <summary>Signs a 32-byte hash. The result always has s &lt;= n/2.</summary>
    public static Signature Sign(ReadOnlySpan<byte> hash32, PrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (hash32.Length != 32)
        {
            throw new ArgumentException($"A message hash is 32 bytes, got {hash32.Length}.", nameof(hash32));
        }

        var hash = hash32.ToArray();
        var d = key.D;
        var e = new BcBigInteger(1, hash);
        var kCalc = new HMacDsaKCalculator(new Sha256Digest());
        kCalc.Init(N, d, hash);
        while (true)
        {
            var k = kCalc.NextK();
            var point = Multiplier.Multiply(G, k).Normalize();
            var x = point.AffineXCoord.ToBigInteger();
            var r = x.Mod(N);
            if (r.SignValue == 0)
            {
                continue;
            }

            var s = BigIntegers.ModOddInverse(N, k).Multiply(e.Add(d.Multiply(r))).Mod(N);
            if (s.SignValue == 0)
            {
                continue;
            }

            var recId = point.AffineYCoord.TestBitZero() ? 1 : 0;
            if (x.CompareTo(N) >= 0)
            {
                recId |= 2;
            }

            if (s.CompareTo(HalfN) > 0)
            {
                s = N.Subtract(s);
                recId ^= 1;
            }

            return new Signature(ToBytes32(r), ToBytes32(s), (byte)recId);
        }
    }

    /// <summary>
    /// Recovers the 64-byte public key (x || y) that made <paramref name="signature"/> over <paramref name="hash32"/>.
    /// High s (EIP-2), r or s out of range, or a signature that recovers to no point is an <see cref="InvalidSignatureException"/>.
    /// </summary>
    public static byte[] RecoverPublicKey(ReadOnlySpan<byte> hash32, Signature signature)
    {
        if (hash32.Length != 32)
        {
            throw new ArgumentException($"A message hash is 32 bytes, got {hash32.Length}.", nameof(hash32));
        }

        var r = new BcBigInteger(1, signature.R.ToArray());
        var s = new BcBigInteger(1, signature.S.ToArray());
        if (r.SignValue == 0 || r.CompareTo(N) >= 0)
        {
            throw new InvalidSignatureException("Signature r is zero or not below the curve order.");
        }

        if (s.SignValue == 0 || s.CompareTo(N) >= 0)
        {
            throw new InvalidSignatureException("Signature s is zero or not below the curve order.");
        }

        if (s.CompareTo(HalfN) > 0)
        {
            throw new InvalidSignatureException("Signature s is in the upper half of the curve order (high s, refused since EIP-2).");
        }

        if (signature.RecoveryId > 3)
        {
            throw new InvalidSignatureException($"Recovery id {signature.RecoveryId} is not 0..3.");
        }

        var x = (signature.RecoveryId & 2) != 0 ? r.Add(N) : r;
        if (x.CompareTo(P) >= 0)
        {
            throw new InvalidSignatureException("Signature recovers to no point (x not below the field prime).");
        }

        ECPoint rPoint;
        try
        {
            var enc = new byte[33];
            enc[0] = (byte)((signature.RecoveryId & 1) == 0 ? 0x02 : 0x03);
            ToBytes32(x).CopyTo(enc, 1);
            rPoint = Curve.DecodePoint(enc);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidSignatureException("Signature recovers to no point (r is not the x of a curve point).", ex);
        }

        var e = new BcBigInteger(1, hash32.ToArray());
        var rInv = BigIntegers.ModOddInverse(N, r);
        var u1 = N.Subtract(e).Multiply(rInv).Mod(N);
        var u2 = s.Multiply(rInv).Mod(N);
        var q = ECAlgorithms.SumOfTwoMultiplies(G, u1, rPoint, u2).Normalize();
        if (q.IsInfinity)
        {
            throw new InvalidSignatureException("Signature recovers to the point at infinity.");
        }

        var pub = q.GetEncoded(false);
        return pub[1..];
    }

    public static Address RecoverAddress(ReadOnlySpan<byte> hash32, Signature signature)
        => Address.FromPublicKey(RecoverPublicKey(hash32, signature));

    /// <summary>Uncompressed public key (x || y, 64 bytes) of a private scalar.</summary>
    internal static byte[] PublicKeyOf(BcBigInteger d) => Multiplier.Multiply(G, d).Normalize().GetEncoded(false)[1..];

    internal static byte[] CompressedPublicKeyOf(BcBigInteger d) => Multiplier.Multiply(G, d).Normalize().GetEncoded(true);

    internal static byte[] ToBytes32(BcBigInteger v)
    {
        var raw = v.ToByteArrayUnsigned();
        if (raw.Length == 32)
        {
            return raw;
        }

        var result = new byte[32];
        raw.CopyTo(result, 32 - raw.Length);
        return result;
    }

    internal static byte[] RandomScalar()
    {
        var buf = new byte[32];
        while (true)
        {
            System.Security.Cryptography.RandomNumberGenerator.Fill(buf);
            var d = new BcBigInteger(1, buf);
            if (d.SignValue > 0 && d.CompareTo(N) < 0)
            {
                return buf;
            }
        }
    }
}
