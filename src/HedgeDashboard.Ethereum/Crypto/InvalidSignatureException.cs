using System.Security.Cryptography;

namespace HedgeDashboard.Ethereum.Crypto;

/// <summary>A signature that is malformed, out of range, high-s, or recovers to no key.</summary>
public sealed class InvalidSignatureException : CryptographicException
{
    public InvalidSignatureException(string message)
        : base(message)
    {
    }

    public InvalidSignatureException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
