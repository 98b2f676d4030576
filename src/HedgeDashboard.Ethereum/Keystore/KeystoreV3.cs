using System.Globalization;
using System.Text.Json;
using HedgeDashboard.Ethereum.Crypto;
using Nethereum.KeyStore;
using Nethereum.KeyStore.Crypto;
using Nethereum.KeyStore.Model;

namespace HedgeDashboard.Ethereum.Keystore;

/// <summary>A keystore that cannot be read: wrong password (MAC mismatch), unsupported parameters, or malformed JSON.</summary>
public sealed class KeystoreException : Exception
{
    public KeystoreException(string message)
        : base(message)
    {
    }

    public KeystoreException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

public enum KeystoreKdf
{
    Scrypt,
    Pbkdf2,
}

/// <summary>
/// KDF settings for new keystores. Defaults are geth's "standard" scrypt (n=262144, r=8, p=1): Nethereum's own default
/// (r=1, p=8) is a valid keystore that cast cannot read (STACK.md, 2026-12-06), so we always pass ours.
/// </summary>
public sealed record KeystoreOptions
{
    public KeystoreKdf Kdf { get; init; } = KeystoreKdf.Scrypt;

    public int ScryptN { get; init; } = 262144;

    public int ScryptR { get; init; } = 8;

    public int ScryptP { get; init; } = 1;

    public int Pbkdf2Iterations { get; init; } = 262144;
}

/// <summary>
/// Web3 Secret Storage Definition, version 3, through Nethereum.KeyStore (scrypt or PBKDF2-HMAC-SHA256, AES-128-CTR,
/// keccak MAC). Ours: the checks before Nethereum sees the file (version, cipher, KDF bounds) and after (the key
/// matches the file's address), and errors that never carry the password or the key.
/// </summary>
public static class KeystoreV3
{
    public static PrivateKey Decrypt(string json, string password)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(password);
        string? address;
        try
        {
            using var doc = JsonDocument.Parse(json);
            address = Check(doc.RootElement);
        }
        catch (JsonException ex)
        {
            throw new KeystoreException("The keystore is not valid JSON.", ex);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or FormatException or InvalidOperationException)
        {
            throw new KeystoreException($"Malformed keystore: {ex.Message}", ex);
        }

        byte[] plain;
        try
        {
            plain = new KeyStoreService().DecryptKeyStoreFromJson(password, json);
        }
        catch (DecryptionException ex)
        {
            throw new KeystoreException("Wrong password or corrupted keystore (MAC mismatch).", ex);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new KeystoreException($"Malformed keystore ({ex.GetType().Name}).", ex);
        }

        PrivateKey key;
        try
        {
            key = plain.Length == 32 ? new PrivateKey(plain) : throw new KeystoreException($"The decrypted key is {plain.Length} bytes, not 32.");
        }
        catch (ArgumentException ex)
        {
            throw new KeystoreException("The decrypted key is not a valid secp256k1 key.", ex);
        }
        finally
        {
            Array.Clear(plain);
        }

        if (address is { Length: > 0 } a && !Hex.Decode(a).AsSpan().SequenceEqual(key.Address.Span))
        {
            key.Dispose();
            throw new KeystoreException($"The keystore's key does not belong to its address {a}.");
        }

        return key;
    }

    public static string Encrypt(PrivateKey key, string password, KeystoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(password);
        options ??= new KeystoreOptions();
        var address = Hex.Encode(key.Address.Span, false);
        var plain = key.ExportBytes();
        try
        {
            return options.Kdf == KeystoreKdf.Scrypt
                ? new KeyStoreScryptService().EncryptAndGenerateKeyStoreAsJson(password, plain, address, new ScryptParams
                {
                    Dklen = 32,
                    N = CheckScrypt(options.ScryptN, options.ScryptR, options.ScryptP),
                    R = options.ScryptR,
                    P = options.ScryptP,
                })
                : new KeyStorePbkdf2Service().EncryptAndGenerateKeyStoreAsJson(password, plain, address, new Pbkdf2Params
                {
                    Dklen = 32,
                    Count = options.Pbkdf2Iterations > 0 ? options.Pbkdf2Iterations : throw new KeystoreException("PBKDF2 iteration count must be positive."),
                    Prf = "hmac-sha256",
                });
        }
        finally
        {
            Array.Clear(plain);
        }
    }

    /// <summary>Refuses what Nethereum would misread or what would cost unbounded memory; returns the file's address.</summary>
    private static string? Check(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("version", out var version) || version.GetInt32() != 3)
        {
            throw new KeystoreException("Only version 3 keystores are supported.");
        }

        var crypto = root.TryGetProperty("crypto", out var c) ? c : root.TryGetProperty("Crypto", out var c2) ? c2 : throw new KeystoreException("The keystore has no 'crypto' section.");
        var cipher = crypto.GetProperty("cipher").GetString();
        if (cipher != "aes-128-ctr")
        {
            throw new KeystoreException($"Unsupported keystore cipher '{cipher}' (only aes-128-ctr).");
        }

        Hex.Decode(crypto.GetProperty("cipherparams").GetProperty("iv").GetString()!, 16);
        Hex.Decode(crypto.GetProperty("mac").GetString()!, 32);
        var kdfParams = crypto.GetProperty("kdfparams");
        var dkLen = kdfParams.GetProperty("dklen").GetInt32();
        if (dkLen < 32)
        {
            throw new KeystoreException($"Keystore dklen {dkLen} is below 32.");
        }

        switch (crypto.GetProperty("kdf").GetString())
        {
            case "scrypt":
                CheckScrypt(kdfParams.GetProperty("n").GetInt32(), kdfParams.GetProperty("r").GetInt32(), kdfParams.GetProperty("p").GetInt32());
                break;
            case "pbkdf2":
                if (kdfParams.GetProperty("prf").GetString() != "hmac-sha256" || kdfParams.GetProperty("c").GetInt32() < 1)
                {
                    throw new KeystoreException("Unsupported PBKDF2 parameters (only hmac-sha256 with a positive count).");
                }

                break;
            case var other:
                throw new KeystoreException($"Unsupported keystore KDF '{other}'.");
        }

        return root.TryGetProperty("address", out var addr) && addr.ValueKind == JsonValueKind.String ? addr.GetString() : null;
    }

    private static int CheckScrypt(int n, int r, int p)
        => n < 2 || (n & (n - 1)) != 0 || r < 1 || p < 1 || (long)n * r > 1 << 24 || (long)p * r > 1 << 20
            ? throw new KeystoreException(string.Create(CultureInfo.InvariantCulture, $"Unsupported scrypt parameters n={n}, r={r}, p={p}."))
            : n;
}
