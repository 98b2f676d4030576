using Nethereum.Util;

namespace HedgeDashboard.Ethereum;

/// <summary>A 20-byte account address. <see cref="ToString"/> gives the EIP-55 checksummed form.</summary>
public readonly struct Address : IEquatable<Address>
{
    private readonly byte[]? _bytes;

    public Address(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 20)
        {
            throw new ArgumentException($"An address is 20 bytes, got {bytes.Length}.", nameof(bytes));
        }

        _bytes = bytes.ToArray();
    }

    public static Address Zero { get; } = new(new byte[20]);

    public ReadOnlySpan<byte> Span => _bytes ?? new byte[20];

    public byte[] ToArray() => Span.ToArray();

    /// <summary>
    /// Parses "0x" + 40 hex digits. All-lower or all-upper is accepted as is; mixed case must be a valid
    /// EIP-55 checksum, otherwise the address is refused (a typo guard).
    /// </summary>
    public static Address Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.StartsWith("0x", StringComparison.Ordinal) || text.Length != 42)
        {
            throw new FormatException($"An address is '0x' and 40 hex digits: '{Hex.Shorten(text)}'.");
        }

        var bytes = Hex.Decode(text);
        var digits = text.AsSpan(2);
        var hasLower = false;
        var hasUpper = false;
        foreach (var c in digits)
        {
            hasLower |= c is >= 'a' and <= 'f';
            hasUpper |= c is >= 'A' and <= 'F';
        }

        var address = new Address(bytes);
        if (hasLower && hasUpper && !string.Equals(address.ToChecksumString(), text, StringComparison.Ordinal))
        {
            throw new FormatException($"Address '{text}' has mixed case but an invalid EIP-55 checksum.");
        }

        return address;
    }

    public static bool TryParse(string? text, out Address address)
    {
        address = default;
        if (text is null)
        {
            return false;
        }

        try
        {
            address = Parse(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The address of an uncompressed 64-byte public key (x || y): the last 20 bytes of its Keccak-256.</summary>
    public static Address FromPublicKey(ReadOnlySpan<byte> publicKey64)
    {
        if (publicKey64.Length != 64)
        {
            throw new ArgumentException($"Expected a 64-byte public key, got {publicKey64.Length}.", nameof(publicKey64));
        }

        return new Address(Keccak256.Hash(publicKey64).AsSpan(12));
    }

    /// <summary>EIP-55 checksummed form (Nethereum's AddressUtil).</summary>
    public string ToChecksumString() => AddressUtil.Current.ConvertToChecksumAddress(Span.ToArray());

    public string ToLowerHex() => Hex.Encode(Span);

    public override string ToString() => ToChecksumString();

    public bool Equals(Address other) => Span.SequenceEqual(other.Span);

    public override bool Equals(object? obj) => obj is Address a && Equals(a);

    public override int GetHashCode()
    {
        var h = new HashCode();
        h.AddBytes(Span);
        return h.ToHashCode();
    }

    public static bool operator ==(Address left, Address right) => left.Equals(right);

    public static bool operator !=(Address left, Address right) => !left.Equals(right);
}
