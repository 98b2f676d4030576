using System.Security.Cryptography;
using System.Text;

namespace HedgeDashboard.Ethereum.Hd;

/// <summary>BIP-39 mnemonic to seed: PBKDF2-HMAC-SHA512(NFKD(mnemonic), "mnemonic" + NFKD(passphrase), 2048, 64).</summary>
public static class Bip39
{
    /// <summary>The well-known dev mnemonic of anvil and hardhat. Public: never use it on a real chain.</summary>
    public const string TestMnemonic = "test test test test test test test test test test test junk";

    /// <summary>
    /// The 64-byte seed. Words are joined by single spaces after normalization; the word list and checksum are not checked
    /// (any phrase gives a seed, as in the BIP), so a typo gives a different account rather than an error.
    /// </summary>
    public static byte[] MnemonicToSeed(string mnemonic, string passphrase = "")
    {
        ArgumentNullException.ThrowIfNull(mnemonic);
        ArgumentNullException.ThrowIfNull(passphrase);
        var words = Normalize(mnemonic).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0 || words.Length % 3 != 0 || words.Length > 24)
        {
            throw new FormatException($"A BIP-39 mnemonic has 12, 15, 18, 21 or 24 words, got {words.Length} (words not shown).");
        }

        var password = Encoding.UTF8.GetBytes(string.Join(' ', words));
        var salt = Encoding.UTF8.GetBytes("mnemonic" + Normalize(passphrase));
        try
        {
            return Rfc2898DeriveBytes.Pbkdf2(password, salt, 2048, HashAlgorithmName.SHA512, 64);
        }
        finally
        {
            Array.Clear(password);
        }
    }

    private static string Normalize(string s)
    {
        if (s.All(char.IsAscii))
        {
            return s;
        }

        return s.Normalize(NormalizationForm.FormKD);
    }
}
