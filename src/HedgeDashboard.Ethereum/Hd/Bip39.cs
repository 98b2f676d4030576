using NBitcoin;

namespace HedgeDashboard.Ethereum.Hd;

/// <summary>BIP-39 mnemonic to seed through NBitcoin (Nethereum.HdWallet is not served; NBitcoin is what it wraps).</summary>
public static class Bip39
{
    /// <summary>The well-known dev mnemonic of anvil and hardhat. Public: never use it on a real chain.</summary>
    public const string TestMnemonic = "test test test test test test test test test test test junk";

    /// <summary>
    /// The 64-byte seed. Every word must be in the English list (a typo is an error, not another account); the checksum
    /// is not checked, as in the BIP. Errors never show the words.
    /// </summary>
    public static byte[] MnemonicToSeed(string mnemonic, string passphrase = "")
    {
        ArgumentNullException.ThrowIfNull(mnemonic);
        ArgumentNullException.ThrowIfNull(passphrase);
        var words = mnemonic.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0 || words.Length % 3 != 0 || words.Length > 24)
        {
            throw new FormatException($"A BIP-39 mnemonic has 12, 15, 18, 21 or 24 words, got {words.Length} (words not shown).");
        }

        try
        {
            return new Mnemonic(string.Join(' ', words), Wordlist.English).DeriveSeed(passphrase);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or NotSupportedException)
        {
            throw new FormatException("The mnemonic has a word outside the BIP-39 English list (words not shown).");
        }
    }
}
