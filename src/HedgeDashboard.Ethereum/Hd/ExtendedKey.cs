using System.Globalization;
using HedgeDashboard.Ethereum.Crypto;
using NBitcoin;

namespace HedgeDashboard.Ethereum.Hd;

/// <summary>A BIP-32 extended private key (NBitcoin's <see cref="ExtKey"/>). ToString shows only depth and child number.</summary>
public sealed class ExtendedKey
{
    public const uint HardenedOffset = 0x80000000;
    private readonly ExtKey _key;

    private ExtendedKey(ExtKey key) => _key = key;

    public byte Depth => _key.Depth;

    public uint ChildNumber => _key.Child;

    /// <summary>Master key: HMAC-SHA512(key "Bitcoin seed", seed).</summary>
    public static ExtendedKey FromSeed(ReadOnlySpan<byte> seed)
        => seed.Length is < 16 or > 64
            ? throw new ArgumentException($"A BIP-32 seed is 16 to 64 bytes, got {seed.Length}.", nameof(seed))
            : new(ExtKey.CreateFromSeed(seed));

    /// <summary>CKDpriv: hardened when index &gt;= 2^31.</summary>
    public ExtendedKey Derive(uint index) => new(_key.Derive(index));

    /// <summary>Derives a path such as "m/44'/60'/0'/0/3" (' or h marks hardened steps).</summary>
    public ExtendedKey Derive(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var parts = path.Split('/');
        if (parts[0] != "m")
        {
            throw new FormatException($"A BIP-32 path starts with 'm': '{path}'.");
        }

        var key = this;
        foreach (var part in parts.Skip(1))
        {
            var hardened = part.EndsWith('\'') || part.EndsWith('h') || part.EndsWith('H');
            var digits = hardened ? part[..^1] : part;
            if (!uint.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n >= HardenedOffset)
            {
                throw new FormatException($"Bad BIP-32 path step '{part}' in '{path}'.");
            }

            key = key.Derive(hardened ? n + HardenedOffset : n);
        }

        return key;
    }

    public PrivateKey ToPrivateKey()
    {
        var bytes = _key.PrivateKey.ToBytes();
        try
        {
            return new PrivateKey(bytes);
        }
        finally
        {
            Array.Clear(bytes);
        }
    }

    /// <summary>The Base58Check "xprv..." serialization (mainnet). Secret: never log it.</summary>
    public string ToXprv() => _key.GetWif(Network.Main).ToString();

    public override string ToString() => $"ExtendedKey(depth {Depth}, child {ChildNumber}, redacted)";
}

/// <summary>Ethereum accounts from a mnemonic on the BIP-44 path m/44'/60'/0'/0/N (what anvil, hardhat and MetaMask use).</summary>
public static class HdWallet
{
    public static string AccountPath(int index) => index >= 0
        ? $"m/44'/60'/0'/0/{index.ToString(CultureInfo.InvariantCulture)}"
        : throw new ArgumentOutOfRangeException(nameof(index), "Account index cannot be negative.");

    public static PrivateKey DeriveAccount(string mnemonic, int index, string passphrase = "")
        => ExtendedKey.FromSeed(Bip39.MnemonicToSeed(mnemonic, passphrase)).Derive(AccountPath(index)).ToPrivateKey();
}
