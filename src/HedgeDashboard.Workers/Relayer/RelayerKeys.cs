using System.Text.Json;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Ethereum.Crypto;
using HedgeDashboard.Ethereum.Keystore;
using HedgeDashboard.Ethereum.Signing;

namespace HedgeDashboard.Workers.Relayer;

/// <summary>
/// The keys of this process's roles: the model signer (EIP-712 RatioUpdate signatures; Hosting:Roles "signer") and
/// the operator (sends the transactions; its address is the one the advisory lock and the nonces belong to; role
/// "relayer"). A process loads only the ones its roles need. Keys are never logged: <see cref="PrivateKey"/>
/// redacts itself, and <see cref="Describe"/> names addresses only.
/// </summary>
public sealed class RelayerKeys : IDisposable
{
    /// <summary>anvil's public test keys (accounts 8 and 9 of the test mnemonic); only for chain 31337.</summary>
    internal const string DevModelSignerKey = "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97";
    internal const string DevOperatorKey = "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6";
    public const long DevChainId = 31337;

    private readonly EthereumAccount? _modelSigner;
    private readonly EthereumAccount? _operator;

    private RelayerKeys(EthereumAccount? modelSigner, EthereumAccount? operatorAccount)
    {
        _modelSigner = modelSigner;
        _operator = operatorAccount;
    }

    public bool HasModelSigner => _modelSigner is not null;

    public bool HasOperator => _operator is not null;

    public EthereumAccount ModelSigner => _modelSigner ?? throw new InvalidOperationException("This process does not hold the model-signer key (Hosting:Roles has no \"signer\").");

    public EthereumAccount Operator => _operator ?? throw new InvalidOperationException("This process does not hold the operator key (Hosting:Roles has no \"relayer\").");

    /// <summary>Addresses only, for the start-up log: "model signer 0x..., operator 0x..." or "none".</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (_modelSigner is not null)
        {
            parts.Add($"model signer {_modelSigner.Address}");
        }

        if (_operator is not null)
        {
            parts.Add($"operator {_operator.Address}");
        }

        return parts.Count == 0 ? "none" : string.Join(", ", parts);
    }

    /// <summary>Loads both keys (a process with both the signer and the relayer role).</summary>
    public static RelayerKeys Load(RelayerOptions options, long chainId) => Load(options, chainId, modelSigner: true, operatorKey: true);

    /// <summary>Loads only the keys asked for; the others are never read from configuration or disk.</summary>
    public static RelayerKeys Load(RelayerOptions options, long chainId, bool modelSigner, bool operatorKey)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.KeysSource == RelayerKeysSource.Dev && chainId != DevChainId)
        {
            throw new InvalidOperationException($"Relayer:KeysSource=Dev uses anvil's public test keys and is refused on chain {chainId} (only {DevChainId}).");
        }

        EthereumAccount? signer = null;
        try
        {
            signer = modelSigner ? LoadOne(options, DevModelSignerKey, options.ModelSignerPrivateKey, options.ModelSignerKeystorePath, options.ModelSignerKeystorePassword, "Relayer:ModelSignerKeystorePath") : null;
            var sender = operatorKey ? LoadOne(options, DevOperatorKey, options.OperatorPrivateKey, options.OperatorKeystorePath, options.OperatorKeystorePassword, "Relayer:OperatorKeystorePath") : null;
            return new(signer, sender);
        }
        catch
        {
            signer?.Dispose();
            throw;
        }
    }

    private static EthereumAccount LoadOne(RelayerOptions options, string devKey, string? configKey, string? keystorePath, string? keystorePassword, string keystoreSetting) => options.KeysSource switch
    {
        RelayerKeysSource.Dev => new EthereumAccount(PrivateKey.FromHex(devKey)),
        RelayerKeysSource.Config => new EthereumAccount(PrivateKey.FromHex(configKey!.Trim())),
        RelayerKeysSource.Keystore => FromKeystore(keystorePath!, keystorePassword!, keystoreSetting),
        _ => throw new InvalidOperationException($"Relayer:KeysSource '{options.KeysSource}' is not supported."),
    };

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

    /// <summary>The OptionHedgeController from Relayer:OptionControllerAddress or the deployment file; null when neither names one.</summary>
    public static Address? ResolveOptionController(RelayerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.OptionControllerAddress))
        {
            return Address.Parse(options.OptionControllerAddress);
        }

        if (string.IsNullOrWhiteSpace(options.DeploymentFile) || !File.Exists(options.DeploymentFile))
        {
            return null;
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(options.DeploymentFile));
        return doc.RootElement.GetProperty("contracts").TryGetProperty("optionController", out var e) && Address.TryParse(e.GetString(), out var a) ? a : null;
    }

    public void Dispose()
    {
        _modelSigner?.Dispose();
        _operator?.Dispose();
    }
}
