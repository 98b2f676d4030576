using System.Numerics;

namespace HedgeDashboard.Ethereum.Crypto;

/// <summary>An ECDSA signature: r and s as 32 big-endian bytes each, and the recovery id (y parity, 0 or 1).</summary>
public sealed class Signature
{
    private readonly byte[] _r;
    private readonly byte[] _s;

    public Signature(ReadOnlySpan<byte> r, ReadOnlySpan<byte> s, byte recoveryId)
    {
        if (r.Length > 32 || s.Length > 32)
        {
            throw new InvalidSignatureException($"Signature r and s are at most 32 bytes (got {r.Length} and {s.Length}).");
        }

        _r = new byte[32];
        _s = new byte[32];
        r.CopyTo(_r.AsSpan(32 - r.Length));
        s.CopyTo(_s.AsSpan(32 - s.Length));
        RecoveryId = recoveryId;
    }

    public ReadOnlySpan<byte> R => _r;

    public ReadOnlySpan<byte> S => _s;

    public BigInteger RValue => Hex.FromBigEndian(_r);

    public BigInteger SValue => Hex.FromBigEndian(_s);

    /// <summary>y parity of R (0 or 1); the "v" of typed transactions.</summary>
    public byte RecoveryId { get; }

    /// <summary>27 or 28, as in personal/EIP-712 65-byte signatures and pre-EIP-155 transactions.</summary>
    public byte V => (byte)(27 + RecoveryId);

    /// <summary>r || s || v (v = 27/28): the 65-byte form of eth_sign, EIP-712 and ecrecover callers.</summary>
    public byte[] ToBytes65()
    {
        var b = new byte[65];
        _r.CopyTo(b, 0);
        _s.CopyTo(b, 32);
        b[64] = V;
        return b;
    }

    public string ToHex() => Hex.Encode(ToBytes65());

    /// <summary>Parses r || s || v with v in {0, 1, 27, 28}; other v values are refused.</summary>
    public static Signature FromBytes65(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 65)
        {
            throw new InvalidSignatureException($"A signature is 65 bytes, got {bytes.Length}.");
        }

        var v = bytes[64];
        var recId = v switch
        {
            0 or 1 => v,
            27 or 28 => (byte)(v - 27),
            _ => throw new InvalidSignatureException($"Signature v = {v} is not 0, 1, 27 or 28."),
        };
        return new Signature(bytes[..32], bytes[32..64], recId);
    }

    public static Signature FromHex(string hex) => FromBytes65(Hex.Decode(hex));

    /// <summary>Recovery id from an EIP-155 legacy v (chainId * 2 + 35 + parity) or 27/28.</summary>
    public static byte RecoveryIdFromLegacyV(BigInteger v, BigInteger? chainId)
    {
        if (v == 27 || v == 28)
        {
            return (byte)(v - 27);
        }

        if (chainId is { } id)
        {
            var parity = v - (id * 2) - 35;
            if (parity == 0 || parity == 1)
            {
                return (byte)parity;
            }
        }

        throw new InvalidSignatureException($"Legacy v = {v} does not match chain id {chainId?.ToString() ?? "(none)"}.");
    }

    public override string ToString() => ToHex();
}
