using System.Globalization;
using HedgeDashboard.Ethereum;
using Microsoft.Extensions.Options;

namespace HedgeDashboard.Workers.Relayer;

/// <summary>Where the relayer's two keys come from (<c>Relayer:KeysSource</c>).</summary>
public enum RelayerKeysSource
{
    /// <summary>anvil's public test accounts: model signer = account 8, operator = account 9. Chain 31337 only.</summary>
    Dev,

    /// <summary>Hex keys from configuration, normally environment variables
    /// <c>Relayer__OperatorPrivateKey</c> and <c>Relayer__ModelSignerPrivateKey</c>.</summary>
    Config,

    /// <summary>Encrypted Web3 Secret Storage v3 files (<c>Relayer:OperatorKeystorePath</c>,
    /// <c>Relayer:ModelSignerKeystorePath</c>) with passwords from configuration (environment or user secrets).</summary>
    Keystore,
}

/// <summary>Configuration section "Relayer", validated at start-up by <see cref="RelayerOptionsValidator"/>.</summary>
public sealed class RelayerOptions
{
    public const string SectionName = "Relayer";

    /// <summary>Relayer:Enabled. Off: neither the relayer nor the signer starts its loop, and no key is loaded.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Relayer:KeysSource: Dev or Config.</summary>
    public RelayerKeysSource KeysSource { get; set; } = RelayerKeysSource.Dev;

    /// <summary>Relayer:OperatorPrivateKey (KeysSource=Config): 64 hex digits; sends the transactions. Never logged.</summary>
    public string? OperatorPrivateKey { get; set; }

    /// <summary>Relayer:ModelSignerPrivateKey (KeysSource=Config): 64 hex digits; signs the EIP-712 updates. Never logged.</summary>
    public string? ModelSignerPrivateKey { get; set; }

    /// <summary>Relayer:OperatorKeystorePath (KeysSource=Keystore): an encrypted keystore v3 file.</summary>
    public string? OperatorKeystorePath { get; set; }

    /// <summary>Relayer:OperatorKeystorePassword (KeysSource=Keystore). Never logged.</summary>
    public string? OperatorKeystorePassword { get; set; }

    /// <summary>Relayer:ModelSignerKeystorePath (KeysSource=Keystore): an encrypted keystore v3 file.</summary>
    public string? ModelSignerKeystorePath { get; set; }

    /// <summary>Relayer:ModelSignerKeystorePassword (KeysSource=Keystore). Never logged.</summary>
    public string? ModelSignerKeystorePassword { get; set; }

    /// <summary>Relayer:ControllerAddress: the HedgeController; or leave empty and set DeploymentFile.</summary>
    public string? ControllerAddress { get; set; }

    /// <summary>Relayer:OptionControllerAddress: the OptionHedgeController; or leave empty to take it from DeploymentFile (none: option orders fail).</summary>
    public string? OptionControllerAddress { get; set; }

    /// <summary>Relayer:DeploymentFile: the JSON written by scripts/deploy-local.sh (contracts.hedgeController).</summary>
    public string? DeploymentFile { get; set; }

    /// <summary>Relayer:ConfirmationDepth: blocks (the mined block counts as 1) before an execution is confirmed.</summary>
    public int ConfirmationDepth { get; set; } = 3;

    /// <summary>Relayer:BumpAfterSeconds: a broadcast not mined after this long is replaced with fees +10% or more.</summary>
    public double BumpAfterSeconds { get; set; } = 30;

    /// <summary>Relayer:MaxFeeGwei: ceiling on maxFeePerGas, for the first send and every bump.</summary>
    public decimal MaxFeeGwei { get; set; } = 200;

    /// <summary>Relayer:MinPriorityFeeGwei: the lowest tip offered.</summary>
    public decimal MinPriorityFeeGwei { get; set; } = 1;

    /// <summary>Relayer:PollIntervalMilliseconds: the loop's period.</summary>
    public int PollIntervalMilliseconds { get; set; } = 1000;

    /// <summary>Relayer:StuckAfterSeconds: a broadcast still not mined after this long raises an alert (once).</summary>
    public double StuckAfterSeconds { get; set; } = 300;

    /// <summary>Relayer:DeadlineSeconds: validity of the signed RatioUpdate after signing.</summary>
    public int DeadlineSeconds { get; set; } = 3600;

    /// <summary>Relayer:GasLimit: used when the estimate cannot run (another update of the position is in flight).</summary>
    public long GasLimit { get; set; } = 600_000;

    /// <summary>Relayer:BatchSize: pending requests taken per round of a tick (packed into one or more transactions).</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>
    /// Relayer:MaxBatchSize: updates packed into one <c>updateRatios</c> transaction (1: each update alone through
    /// <c>updateRatio</c>, as before batching).
    /// </summary>
    public int MaxBatchSize { get; set; } = 50;

    /// <summary>Relayer:MaxBatchGas: a batch whose eth_estimateGas is above this is split in halves (a lone update is never split).</summary>
    public long MaxBatchGas { get; set; } = 15_000_000;

    /// <summary>Relayer:GapGraceSeconds: a nonce hole below our transactions older than this is filled with a 0-value self-transfer.</summary>
    public double GapGraceSeconds { get; set; } = 5;

    /// <summary>Whether this process loads the model-signer key: AddRelayer sets it from Hosting:Roles ("signer").</summary>
    public bool UsesModelSignerKey { get; set; } = true;

    /// <summary>Whether this process loads the operator key: AddRelayer sets it from Hosting:Roles ("relayer").</summary>
    public bool UsesOperatorKey { get; set; } = true;

    internal static readonly decimal WeiPerGwei = 1_000_000_000m;

    internal System.Numerics.BigInteger MaxFeeWei => new(decimal.Truncate(MaxFeeGwei * WeiPerGwei));

    internal System.Numerics.BigInteger MinPriorityFeeWei => new(decimal.Truncate(MinPriorityFeeGwei * WeiPerGwei));
}

/// <summary>Start-up validation of <see cref="RelayerOptions"/>; every error names its configuration key.</summary>
public sealed class RelayerOptionsValidator : IValidateOptions<RelayerOptions>
{
    public ValidateOptionsResult Validate(string? name, RelayerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        if (!Enum.IsDefined(options.KeysSource))
        {
            errors.Add($"Relayer:KeysSource must be Dev, Config or Keystore, got '{options.KeysSource}'.");
        }

        // Only the keys of this process's roles are required (and only those are ever read).
        if (options.KeysSource == RelayerKeysSource.Config)
        {
            if (options.UsesOperatorKey)
            {
                CheckKey(options.OperatorPrivateKey, "Relayer:OperatorPrivateKey", errors);
            }

            if (options.UsesModelSignerKey)
            {
                CheckKey(options.ModelSignerPrivateKey, "Relayer:ModelSignerPrivateKey", errors);
            }
        }

        if (options.KeysSource == RelayerKeysSource.Keystore)
        {
            if (options.UsesOperatorKey)
            {
                CheckKeystore(options.OperatorKeystorePath, options.OperatorKeystorePassword, "Relayer:Operator", errors);
            }

            if (options.UsesModelSignerKey)
            {
                CheckKeystore(options.ModelSignerKeystorePath, options.ModelSignerKeystorePassword, "Relayer:ModelSigner", errors);
            }
        }

        if (string.IsNullOrWhiteSpace(options.ControllerAddress) && string.IsNullOrWhiteSpace(options.DeploymentFile))
        {
            errors.Add("Relayer:ControllerAddress (or Relayer:DeploymentFile) must be set.");
        }
        else if (!string.IsNullOrWhiteSpace(options.ControllerAddress) && !Address.TryParse(options.ControllerAddress, out _))
        {
            errors.Add($"Relayer:ControllerAddress is not an address: '{options.ControllerAddress}'.");
        }

        if (!string.IsNullOrWhiteSpace(options.OptionControllerAddress) && !Address.TryParse(options.OptionControllerAddress, out _))
        {
            errors.Add($"Relayer:OptionControllerAddress is not an address: '{options.OptionControllerAddress}'.");
        }

        if (string.IsNullOrWhiteSpace(options.ControllerAddress) && !string.IsNullOrWhiteSpace(options.DeploymentFile) && !File.Exists(options.DeploymentFile))
        {
            errors.Add($"Relayer:DeploymentFile '{options.DeploymentFile}' does not exist.");
        }

        if (options.ConfirmationDepth is < 1 or > 1000)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Relayer:ConfirmationDepth must be between 1 and 1000, got {options.ConfirmationDepth}."));
        }

        if (options.BumpAfterSeconds <= 0)
        {
            errors.Add("Relayer:BumpAfterSeconds must be positive.");
        }

        if (options.MaxFeeGwei <= 0)
        {
            errors.Add("Relayer:MaxFeeGwei must be positive.");
        }

        if (options.MinPriorityFeeGwei < 0 || options.MinPriorityFeeGwei > options.MaxFeeGwei)
        {
            errors.Add("Relayer:MinPriorityFeeGwei must be between 0 and Relayer:MaxFeeGwei.");
        }

        if (options.PollIntervalMilliseconds is < 10 or > 600_000)
        {
            errors.Add("Relayer:PollIntervalMilliseconds must be between 10 and 600000.");
        }

        if (options.StuckAfterSeconds <= 0)
        {
            errors.Add("Relayer:StuckAfterSeconds must be positive.");
        }

        if (options.DeadlineSeconds < 60)
        {
            errors.Add("Relayer:DeadlineSeconds must be at least 60.");
        }

        if (options.GasLimit is < 21_000 or > 30_000_000)
        {
            errors.Add("Relayer:GasLimit must be between 21000 and 30000000.");
        }

        if (options.BatchSize is < 1 or > 1000)
        {
            errors.Add("Relayer:BatchSize must be between 1 and 1000.");
        }

        if (options.MaxBatchSize is < 1 or > 200)
        {
            errors.Add("Relayer:MaxBatchSize must be between 1 and 200.");
        }

        if (options.MaxBatchGas is < 100_000 or > 24_000_000)
        {
            errors.Add("Relayer:MaxBatchGas must be between 100000 and 24000000 (the gas limit sent is 1.25 x the estimate, under a 30M block).");
        }

        if (options.GapGraceSeconds < 0)
        {
            errors.Add("Relayer:GapGraceSeconds cannot be negative.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckKeystore(string? path, string? password, string prefix, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
        {
            errors.Add($"{prefix}KeystorePath must name an existing keystore file when Relayer:KeysSource is Keystore, got '{path}'.");
        }

        if (password is null)
        {
            errors.Add($"{prefix}KeystorePassword must be set when Relayer:KeysSource is Keystore.");
        }
    }

    private static void CheckKey(string? value, string key, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{key} must be set when Relayer:KeysSource is Config.");
            return;
        }

        try
        {
            using var k = Ethereum.Crypto.PrivateKey.FromHex(value.Trim());
        }
        catch (FormatException ex)
        {
            errors.Add($"{key}: {ex.Message}");
        }
        catch (ArgumentException)
        {
            errors.Add($"{key} is not a valid secp256k1 private key (value not shown).");
        }
    }
}
