using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HedgeDashboard.Ethereum.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

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

/// <summary>KDF settings for new keystores. Defaults are geth's "standard" scrypt (n=262144, r=8, p=1).</summary>
public sealed record KeystoreOptions
{
    public KeystoreKdf Kdf { get; init; } = KeystoreKdf.Scrypt;

    public int ScryptN { get; init; } = 262144;

    public int ScryptR { get; init; } = 8;

    public int ScryptP { get; init; } = 1;

    public int Pbkdf2Iterations { get; init; } = 262144;
}

/// <summary>
/// Web3 Secret Storage Definition, version 3: KDF (scrypt or PBKDF2-HMAC-SHA256) -> 32-byte derived key;
/// AES-128-CTR with derivedKey[0..16]; MAC = keccak256(derivedKey[16..32] || ciphertext).
/// </summary>
public static class KeystoreV3
{
    public static PrivateKey Decrypt(string json, string password)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(password);
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(json).RootElement;
        }
        catch (JsonException ex)
        {
            throw new KeystoreException("The keystore is not valid JSON.", ex);
        }

        try
        {
            if (!root.TryGetProperty("version", out var version) || version.GetInt32() != 3)
            {
                throw new KeystoreException("Only version 3 keystores are supported.");
            }

            var crypto = root.TryGetProperty("crypto", out var c) ? c : root.TryGetProperty("Crypto", out var c2) ? c2 : throw new KeystoreException("The keystore has no 'crypto' section.");
            var cipher = crypto.GetProperty("cipher").GetString();
            if (cipher != "aes-128-ctr")
            {
                throw new KeystoreException($"Unsupported keystore cipher '{cipher}' (only aes-128-ctr).");
            }

            var iv = Hex.Decode(crypto.GetProperty("cipherparams").GetProperty("iv").GetString()!, 16);
            var ciphertext = Hex.Decode(crypto.GetProperty("ciphertext").GetString()!);
            var mac = Hex.Decode(crypto.GetProperty("mac").GetString()!, 32);
            var kdfParams = crypto.GetProperty("kdfparams");
            var salt = Hex.Decode(kdfParams.GetProperty("salt").GetString()!);
            var dkLen = kdfParams.GetProperty("dklen").GetInt32();
            if (dkLen < 32)
            {
                throw new KeystoreException($"Keystore dklen {dkLen} is below 32.");
            }

            var passwordBytes = Encoding.UTF8.GetBytes(password);
            var derived = crypto.GetProperty("kdf").GetString() switch
            {
                "scrypt" => Scrypt(passwordBytes, salt, kdfParams.GetProperty("n").GetInt32(), kdfParams.GetProperty("r").GetInt32(), kdfParams.GetProperty("p").GetInt32(), dkLen),
                "pbkdf2" => Pbkdf2(passwordBytes, salt, kdfParams.GetProperty("c").GetInt32(), kdfParams.GetProperty("prf").GetString(), dkLen),
                var other => throw new KeystoreException($"Unsupported keystore KDF '{other}'."),
            };
            Array.Clear(passwordBytes);
            var expectedMac = Keccak256.HashConcat(derived[16..32], ciphertext);
            if (!CryptographicOperations.FixedTimeEquals(expectedMac, mac))
            {
                throw new KeystoreException("Wrong password or corrupted keystore (MAC mismatch).");
            }

            var plain = AesCtr(derived[..16], iv, ciphertext);
            Array.Clear(derived);
            if (plain.Length != 32)
            {
                throw new KeystoreException($"The decrypted key is {plain.Length} bytes, not 32.");
            }

            PrivateKey key;
            try
            {
                key = new PrivateKey(plain);
            }
            catch (ArgumentException ex)
            {
                throw new KeystoreException("The decrypted key is not a valid secp256k1 key.", ex);
            }
            finally
            {
                Array.Clear(plain);
            }

            if (root.TryGetProperty("address", out var addr) && addr.ValueKind == JsonValueKind.String && addr.GetString() is { Length: > 0 } a
                && !Hex.Decode(a).AsSpan().SequenceEqual(key.Address.Span))
            {
                key.Dispose();
                throw new KeystoreException($"The keystore's key does not belong to its address {a}.");
            }

            return key;
        }
        catch (Exception ex) when (ex is KeyNotFoundException or FormatException or InvalidOperationException)
        {
            throw new KeystoreException($"Malformed keystore: {ex.Message}", ex);
        }
    }

    public static string Encrypt(PrivateKey key, string password, KeystoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(password);
        options ??= new KeystoreOptions();
        var salt = RandomNumberGenerator.GetBytes(32);
        var iv = RandomNumberGenerator.GetBytes(16);
        var passwordBytes = Encoding.UTF8.GetBytes(password);
        JsonObject kdfParams;
        byte[] derived;
        if (options.Kdf == KeystoreKdf.Scrypt)
        {
            derived = Scrypt(passwordBytes, salt, options.ScryptN, options.ScryptR, options.ScryptP, 32);
            kdfParams = new JsonObject { ["dklen"] = 32, ["n"] = options.ScryptN, ["r"] = options.ScryptR, ["p"] = options.ScryptP, ["salt"] = Hex.Encode(salt, false) };
        }
        else
        {
            derived = Pbkdf2(passwordBytes, salt, options.Pbkdf2Iterations, "hmac-sha256", 32);
            kdfParams = new JsonObject { ["dklen"] = 32, ["c"] = options.Pbkdf2Iterations, ["prf"] = "hmac-sha256", ["salt"] = Hex.Encode(salt, false) };
        }

        Array.Clear(passwordBytes);
        var plain = key.ExportBytes();
        var ciphertext = AesCtr(derived[..16], iv, plain);
        Array.Clear(plain);
        var mac = Keccak256.HashConcat(derived[16..32], ciphertext);
        Array.Clear(derived);
        var root = new JsonObject
        {
            ["version"] = 3,
            ["id"] = Guid.NewGuid().ToString(),
            ["address"] = Hex.Encode(key.Address.Span, false),
            ["crypto"] = new JsonObject
            {
                ["cipher"] = "aes-128-ctr",
                ["cipherparams"] = new JsonObject { ["iv"] = Hex.Encode(iv, false) },
                ["ciphertext"] = Hex.Encode(ciphertext, false),
                ["kdf"] = options.Kdf == KeystoreKdf.Scrypt ? "scrypt" : "pbkdf2",
                ["kdfparams"] = kdfParams,
                ["mac"] = Hex.Encode(mac, false),
            },
        };
        return root.ToJsonString();
    }

    private static byte[] Scrypt(byte[] password, byte[] salt, int n, int r, int p, int dkLen)
    {
        if (n < 2 || (n & (n - 1)) != 0 || r < 1 || p < 1 || (long)n * r > 1 << 24 || (long)p * r > 1 << 20)
        {
            throw new KeystoreException(string.Create(CultureInfo.InvariantCulture, $"Unsupported scrypt parameters n={n}, r={r}, p={p}."));
        }

        return HedgeDashboard.Ethereum.Keystore.Scrypt.DeriveKey(password, salt, n, r, p, dkLen);
    }

    private static byte[] Pbkdf2(byte[] password, byte[] salt, int iterations, string? prf, int dkLen)
    {
        if (prf != "hmac-sha256")
        {
            throw new KeystoreException($"Unsupported PBKDF2 prf '{prf}' (only hmac-sha256).");
        }

        if (iterations < 1)
        {
            throw new KeystoreException("PBKDF2 iteration count must be positive.");
        }

        return Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, dkLen);
    }

    private static byte[] AesCtr(byte[] key, byte[] iv, byte[] input)
    {
        var cipher = CipherUtilities.GetCipher("AES/CTR/NoPadding");
        cipher.Init(true, new ParametersWithIV(new KeyParameter(key), iv));
        return cipher.DoFinal(input);
    }
}
