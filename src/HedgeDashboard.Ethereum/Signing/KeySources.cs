using HedgeDashboard.Ethereum.Crypto;
using HedgeDashboard.Ethereum.Hd;
using HedgeDashboard.Ethereum.Keystore;

namespace HedgeDashboard.Ethereum.Signing;

/// <summary>Where a signing key comes from. Implementations never expose the key in ToString or messages.</summary>
public interface ISigningKeySource
{
    /// <summary>A description safe to log (kind and address, never the key).</summary>
    string Description { get; }

    /// <summary>Loads (decrypts, derives) the key; callers keep the account for the process lifetime.</summary>
    EthereumAccount LoadAccount();
}

/// <summary>Account N of a BIP-39 mnemonic at m/44'/60'/0'/0/N; by default anvil's public test mnemonic (dev only).</summary>
public sealed class DevMnemonicKeySource(int accountIndex, string mnemonic = Bip39.TestMnemonic) : ISigningKeySource
{
    public string Description => $"dev mnemonic account {accountIndex}";

    public EthereumAccount LoadAccount() => new(HdWallet.DeriveAccount(mnemonic, accountIndex));

    public override string ToString() => Description;
}

/// <summary>A raw hex key from configuration. Validated at construction; the hex is not kept.</summary>
public sealed class RawKeySource : ISigningKeySource
{
    private readonly byte[] _key;

    public RawKeySource(string privateKeyHex)
    {
        using var key = PrivateKey.FromHex(privateKeyHex);
        _key = key.ExportBytes();
        Description = $"raw key for {key.Address}";
    }

    public string Description { get; }

    public EthereumAccount LoadAccount() => new(new PrivateKey(_key));

    public override string ToString() => Description;
}

/// <summary>A Web3 Secret Storage v3 keystore (JSON text) and its password.</summary>
public sealed class KeystoreKeySource(string keystoreJson, string password) : ISigningKeySource
{
    public string Description => "encrypted keystore";

    public EthereumAccount LoadAccount() => new(KeystoreV3.Decrypt(keystoreJson, password));

    public override string ToString() => Description;
}
