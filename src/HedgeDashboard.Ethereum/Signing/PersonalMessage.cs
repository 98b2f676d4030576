using System.Text;
using HedgeDashboard.Ethereum.Crypto;
using Nethereum.Signer;

namespace HedgeDashboard.Ethereum.Signing;

/// <summary>EIP-191 version 0x45 ("personal_sign"): keccak("\x19Ethereum Signed Message:\n" + len + message), by Nethereum's EthereumMessageSigner.</summary>
public static class PersonalMessage
{
    private static readonly EthereumMessageSigner Signer = new();

    public static byte[] Hash(ReadOnlySpan<byte> message) => Signer.HashPrefixedMessage(message.ToArray());

    public static byte[] Hash(string message) => Hash(Encoding.UTF8.GetBytes(message));

    public static Signature Sign(ReadOnlySpan<byte> message, PrivateKey key) => key.SignHash(Hash(message));

    public static Address RecoverSigner(ReadOnlySpan<byte> message, Signature signature) => Secp256k1.RecoverAddress(Hash(message), signature);
}
