using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using HedgeDashboard.Ethereum.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace HedgeDashboard.Ethereum.Hd;

/// <summary>A BIP-32 extended private key. ToString shows only depth and child number.</summary>
public sealed class ExtendedKey
{
    public const uint HardenedOffset = 0x80000000;
    private readonly byte[] _key;

    private ExtendedKey(byte[] key, byte[] chainCode, byte depth, uint parentFingerprint, uint childNumber)
    {
        _key = key;
        ChainCode = chainCode;
        Depth = depth;
        ParentFingerprint = parentFingerprint;
        ChildNumber = childNumber;
    }

    public byte[] ChainCode { get; }

    public byte Depth { get; }

    public uint ParentFingerprint { get; }

    public uint ChildNumber { get; }

    /// <summary>Master key: HMAC-SHA512(key "Bitcoin seed", seed).</summary>
    public static ExtendedKey FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length is < 16 or > 64)
        {
            throw new ArgumentException($"A BIP-32 seed is 16 to 64 bytes, got {seed.Length}.", nameof(seed));
        }

        var i = HMACSHA512.HashData("Bitcoin seed"u8, seed);
        var k = new BcBigInteger(1, i[..32]);
        if (k.SignValue == 0 || k.CompareTo(Secp256k1.N) >= 0)
        {
            throw new ArgumentException("This seed gives an invalid master key (BIP-32: use another seed).", nameof(seed));
        }

        return new ExtendedKey(i[..32], i[32..], 0, 0, 0);
    }

    /// <summary>CKDpriv: hardened when index &gt;= 2^31.</summary>
    public ExtendedKey Derive(uint index)
    {
        if (Depth == byte.MaxValue)
        {
            throw new InvalidOperationException("BIP-32 depth limit (255) reached.");
        }

        var data = new byte[37];
        if (index >= HardenedOffset)
        {
            _key.CopyTo(data, 1);
        }
        else
        {
            Secp256k1.CompressedPublicKeyOf(new BcBigInteger(1, _key)).CopyTo(data, 0);
        }

        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(33), index);
        var i = HMACSHA512.HashData(ChainCode, data);
        var il = new BcBigInteger(1, i[..32]);
        var child = il.Add(new BcBigInteger(1, _key)).Mod(Secp256k1.N);
        if (il.CompareTo(Secp256k1.N) >= 0 || child.SignValue == 0)
        {
            throw new InvalidOperationException($"BIP-32 child {index} is invalid (probability below 2^-127): use the next index.");
        }

        return new ExtendedKey(Secp256k1.ToBytes32(child), i[32..], (byte)(Depth + 1), Fingerprint(), index);
    }

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

    public PrivateKey ToPrivateKey() => new(_key);

    /// <summary>First 4 bytes of HASH160(compressed public key).</summary>
    public uint Fingerprint()
    {
        var pub = Secp256k1.CompressedPublicKeyOf(new BcBigInteger(1, _key));
        var sha = SHA256.HashData(pub);
        var ripemd = new RipeMD160Digest();
        ripemd.BlockUpdate(sha, 0, sha.Length);
        var h = new byte[20];
        ripemd.DoFinal(h, 0);
        return BinaryPrimitives.ReadUInt32BigEndian(h);
    }

    /// <summary>The Base58Check "xprv..." serialization (mainnet version 0x0488ADE4). Secret: never log it.</summary>
    public string ToXprv()
    {
        var payload = new byte[78];
        BinaryPrimitives.WriteUInt32BigEndian(payload, 0x0488ADE4);
        payload[4] = Depth;
        BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(5), ParentFingerprint);
        BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(9), ChildNumber);
        ChainCode.CopyTo(payload, 13);
        _key.CopyTo(payload, 46);
        return Base58Check(payload);
    }

    public override string ToString() => $"ExtendedKey(depth {Depth}, child {ChildNumber}, redacted)";

    private static string Base58Check(byte[] payload)
    {
        const string alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
        var check = SHA256.HashData(SHA256.HashData(payload))[..4];
        byte[] data = [.. payload, .. check];
        var n = new BigInteger(data, isUnsigned: true, isBigEndian: true);
        var chars = new List<char>();
        while (n > 0)
        {
            chars.Add(alphabet[(int)(n % 58)]);
            n /= 58;
        }

        chars.AddRange(data.TakeWhile(b => b == 0).Select(_ => '1'));
        chars.Reverse();
        return new string([.. chars]);
    }
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
