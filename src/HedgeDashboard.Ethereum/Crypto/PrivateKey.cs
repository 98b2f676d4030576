using Nethereum.Signer;

namespace HedgeDashboard.Ethereum.Crypto;

/// <summary>
/// A secp256k1 private key (a Nethereum <see cref="EthECKey"/> inside). It never prints itself: <see cref="ToString"/>
/// is redacted and no exception message carries key material. Dispose clears our copy of the bytes.
/// </summary>
public sealed class PrivateKey : IDisposable
{
    private readonly byte[] _bytes;
    private EthECKey? _key;
    private byte[]? _publicKey;
    private Address? _address;

    public PrivateKey(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 32)
        {
            throw new ArgumentException($"A private key is 32 bytes, got {bytes.Length}.", nameof(bytes));
        }

        if (!Secp256k1.IsValidScalar(bytes))
        {
            throw new ArgumentException("A private key must be between 1 and n-1 (the secp256k1 order).", nameof(bytes));
        }

        Secp256k1.UseRecoverableSigning();
        _bytes = bytes.ToArray();
        _key = new EthECKey(_bytes, true);
    }

    /// <summary>Parses 64 hex digits ("0x" optional). Errors never echo the input.</summary>
    public static PrivateKey FromHex(string hex)
    {
        byte[] bytes;
        try
        {
            bytes = Hex.Decode(hex);
        }
        catch (FormatException)
        {
            throw new FormatException("The private key is not valid hex (value not shown).");
        }

        if (bytes.Length != 32)
        {
            throw new FormatException($"A private key is 32 bytes (64 hex digits), got {bytes.Length} bytes (value not shown).");
        }

        try
        {
            return new PrivateKey(bytes);
        }
        finally
        {
            Array.Clear(bytes);
        }
    }

    public static PrivateKey Generate()
    {
        var b = EthECKey.GenerateKey().GetPrivateKeyAsBytes();
        try
        {
            return new PrivateKey(b);
        }
        finally
        {
            Array.Clear(b);
        }
    }

    /// <summary>The Nethereum key, for Nethereum's signers. Never log it.</summary>
    internal EthECKey EcKey => _key ?? throw new ObjectDisposedException(nameof(PrivateKey));

    /// <summary>Uncompressed public key without the 0x04 prefix (64 bytes).</summary>
    public ReadOnlySpan<byte> PublicKey => _publicKey ??= EcKey.GetPubKeyNoPrefix();

    public Address Address => _address ??= Address.FromPublicKey(PublicKey);

    /// <summary>The raw 32 bytes. Only for keystore encryption and HD derivation; never log them.</summary>
    public byte[] ExportBytes() => _key is null ? throw new ObjectDisposedException(nameof(PrivateKey)) : (byte[])_bytes.Clone();

    public Signature SignHash(ReadOnlySpan<byte> hash32) => Secp256k1.Sign(hash32, this);

    public override string ToString() => $"PrivateKey(redacted, address {Address})";

    public void Dispose()
    {
        Array.Clear(_bytes);
        _key = null;
    }
}
