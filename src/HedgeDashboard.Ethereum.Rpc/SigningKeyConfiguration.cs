using HedgeDashboard.Ethereum.Hd;
using HedgeDashboard.Ethereum.Signing;
using Microsoft.Extensions.Configuration;

namespace HedgeDashboard.Ethereum.Rpc;

/// <summary>
/// Builds an <see cref="ISigningKeySource"/> from a configuration section, e.g. "Relayer:Signer":
/// Source = DevMnemonic (AccountIndex, optional Mnemonic) | RawKey (PrivateKey) | Keystore (KeystorePath, KeystorePassword).
/// Errors name the offending key and never echo secret values.
/// </summary>
public static class SigningKeyConfiguration
{
    public static ISigningKeySource FromConfiguration(IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var source = section["Source"];
        switch (source)
        {
            case "DevMnemonic":
                {
                    var indexText = section["AccountIndex"] ?? "0";
                    if (!int.TryParse(indexText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
                    {
                        throw new InvalidOperationException($"{section.Path}:AccountIndex must be a non-negative integer, got '{indexText}'.");
                    }

                    return new DevMnemonicKeySource(index, section["Mnemonic"] is { Length: > 0 } m ? m : Bip39.TestMnemonic);
                }

            case "RawKey":
                {
                    var hex = section["PrivateKey"];
                    if (string.IsNullOrWhiteSpace(hex))
                    {
                        throw new InvalidOperationException($"{section.Path}:PrivateKey is required when {section.Path}:Source is RawKey.");
                    }

                    try
                    {
                        return new RawKeySource(hex);
                    }
                    catch (Exception ex) when (ex is FormatException or ArgumentException)
                    {
                        throw new InvalidOperationException($"{section.Path}:PrivateKey is not a valid secp256k1 key: {ex.Message}");
                    }
                }

            case "Keystore":
                {
                    var path = section["KeystorePath"];
                    if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
                    {
                        throw new InvalidOperationException($"{section.Path}:KeystorePath must name an existing keystore file, got '{path}'.");
                    }

                    var password = section["KeystorePassword"] ?? throw new InvalidOperationException($"{section.Path}:KeystorePassword is required when {section.Path}:Source is Keystore.");
                    return new KeystoreKeySource(File.ReadAllText(path), password);
                }

            default:
                throw new InvalidOperationException($"{section.Path}:Source must be DevMnemonic, RawKey or Keystore, got '{source}'.");
        }
    }
}
