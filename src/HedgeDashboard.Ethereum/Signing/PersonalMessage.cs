using System.Text;
using HedgeDashboard.Ethereum.Crypto;

namespace HedgeDashboard.Ethereum.Signing;

/// <summary>EIP-191 version 0x45 ("personal_sign"): keccak("\x19Ethereum Signed Message:\n" + len + message).</summary>
public static class PersonalMessage
{
    public static byte[] Hash(ReadOnlySpan<byte> message)
    {
        var prefix = Encoding.ASCII.GetBytes($"\u0019Ethereum Signed Message:\n{message.Length}");
        return Keccak256.HashConcat(prefix, message.ToArray());
    }

    public static byte[] Hash(string message) => Hash(Encoding.UTF8.GetBytes(message));

    public static Signature Sign(ReadOnlySpan<byte> message, PrivateKey key) => key.SignHash(Hash(message));

    public static Address RecoverSigner(ReadOnlySpan<byte> message, Signature signature) => Secp256k1.RecoverAddress(Hash(message), signature);
}
