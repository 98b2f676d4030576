using Microsoft.Extensions.Options;

namespace HedgeDashboard.Workers.Chain;

/// <summary>The worker-side keys of section "Chain" (RpcUrl is validated by the Ethereum layer's ChainOptions).</summary>
public sealed class ChainDeploymentOptions
{
    public const string SectionName = "Chain";

    /// <summary>Chain:DeploymentFile: JSON with the contract addresses (scripts/deploy-local.sh writes it).</summary>
    public string DeploymentFile { get; set; } = "";

    /// <summary>Chain:PairName: the price pair of the pool and feed, token1 per token0 (ETH/USD).</summary>
    public string PairName { get; set; } = "ETH/USD";
}

public sealed class ChainDeploymentOptionsValidator : IValidateOptions<ChainDeploymentOptions>
{
    public ValidateOptionsResult Validate(string? name, ChainDeploymentOptions o)
    {
        if (string.IsNullOrWhiteSpace(o.DeploymentFile))
        {
            return ValidateOptionsResult.Fail("Chain:DeploymentFile must name the deployment JSON (environment variable Chain__DeploymentFile) when the workers run.");
        }

        if (!File.Exists(o.DeploymentFile))
        {
            return ValidateOptionsResult.Fail($"Chain:DeploymentFile '{o.DeploymentFile}' does not exist (run scripts/deploy-local.sh).");
        }

        return System.Text.RegularExpressions.Regex.IsMatch(o.PairName, "^[A-Za-z0-9.]+/[A-Za-z0-9.]+$")
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Chain:PairName must look like BASE/QUOTE, got '{o.PairName}'.");
    }
}
