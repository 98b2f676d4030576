using System.Text.Json;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Ethereum.Crypto;
using HedgeDashboard.Ethereum.Keystore;
using HedgeDashboard.Ethereum.Signing;

namespace HedgeDashboard.Workers.Relayer;

/// <summary>
/// The relayer's two accounts: the model signer (EIP-712 RatioUpdate signatures) and the operator (sends the
/// transactions; its address is the one the advisory lock and the nonces belong to). Keys are never logged:
/// <see cref="PrivateKey"/> redacts itself.
/// </summary>
public sealed class RelayerKeys : IDisposable
{
    /// <summary>anvil's public test keys (accounts 8 and 9 of the test mnemonic); only for chain 31337.</summary>
    internal const string DevModelSignerKey = "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97";
    internal const string DevOperatorKey = "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6";
    public const long DevChainId = 31337;

    private RelayerKeys(EthereumAccount modelSigner, EthereumAccount operatorAccount)
    {
        ModelSigner = modelSigner;
        Operator = operatorAccount;
    }

    public EthereumAccount ModelSigner { get; }

    public EthereumAccount Operator { get; }

    public static RelayerKeys Load(RelayerOptions options, long chainId)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.KeysSource switch
        {
            RelayerKeysSource.Dev when chainId != DevChainId =>
                throw new InvalidOperationException($"Relayer:KeysSource=Dev uses anvil's public test keys and is refused on chain {chainId} (only {DevChainId})."),
            RelayerKeysSource.Dev => new(new EthereumAccount(PrivateKey.FromHex(DevModelSignerKey)), new EthereumAccount(PrivateKey.FromHex(DevOperatorKey))),
            RelayerKeysSource.Config => new(
                new EthereumAccount(PrivateKey.FromHex(options.ModelSignerPrivateKey!.Trim())),
                new EthereumAccount(PrivateKey.FromHex(options.OperatorPrivateKey!.Trim()))),
            RelayerKeysSource.Keystore => new(
                FromKeystore(options.ModelSignerKeystorePath!, options.ModelSignerKeystorePassword!, "Relayer:ModelSignerKeystorePath"),
                FromKeystore(options.OperatorKeystorePath!, options.OperatorKeystorePassword!, "Relayer:OperatorKeystorePath")),
            _ => throw new InvalidOperationException($"Relayer:KeysSource '{options.KeysSource}' is not supported."),
        };
    }

    private static EthereumAccount FromKeystore(string path, string password, string key)
    {
        try
        {
            return new KeystoreKeySource(File.ReadAllText(path), password).LoadAccount();
        }
        catch (KeystoreException ex)
        {
            // The message may say the password is wrong; it never contains the password or the key.
            throw new InvalidOperationException($"{key} '{path}' cannot be decrypted: {ex.Message}", ex);
        }
    }

    /// <summary>The controller address from Relayer:ControllerAddress or the deployment file.</summary>
    public static Address ResolveController(RelayerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.ControllerAddress))
        {
            return Address.Parse(options.ControllerAddress);
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(options.DeploymentFile!));
        var text = doc.RootElement.GetProperty("contracts").GetProperty("hedgeController").GetString();
        return Address.TryParse(text, out var a)
            ? a
            : throw new InvalidOperationException($"Relayer:DeploymentFile '{options.DeploymentFile}' has no contracts.hedgeController address.");
    }

    public void Dispose()
    {
        ModelSigner.Dispose();
        Operator.Dispose();
    }
}
