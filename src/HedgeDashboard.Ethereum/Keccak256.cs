using Org.BouncyCastle.Crypto.Digests;

namespace HedgeDashboard.Ethereum;

/// <summary>Keccak-256 as Ethereum uses it (the original Keccak padding, not NIST SHA3-256).</summary>
public static class Keccak256
{
    public static byte[] Hash(byte[] data) => Hash(data, 0, data.Length);

    public static byte[] Hash(byte[] data, int offset, int length)
    {
        ArgumentNullException.ThrowIfNull(data);
        var digest = new KeccakDigest(256);
        digest.BlockUpdate(data, offset, length);
        var output = new byte[32];
        digest.DoFinal(output, 0);
        return output;
    }

    public static byte[] Hash(ReadOnlySpan<byte> data) => Hash(data.ToArray());

    /// <summary>Keccak-256 of the concatenation of several parts without copying them together.</summary>
    public static byte[] HashConcat(params byte[][] parts)
    {
        var digest = new KeccakDigest(256);
        foreach (var p in parts)
        {
            digest.BlockUpdate(p, 0, p.Length);
        }

        var output = new byte[32];
        digest.DoFinal(output, 0);
        return output;
    }

    public static byte[] HashUtf8(string text) => Hash(System.Text.Encoding.UTF8.GetBytes(text));
}
