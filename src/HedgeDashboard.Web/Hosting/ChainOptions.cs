using Microsoft.Extensions.Options;

namespace HedgeDashboard.Web.Hosting;

/// <summary>Where the dashboard reads the chain. Bound from the "Chain" section.</summary>
public sealed class ChainOptions
{
    public const string Section = "Chain";

    public string RpcUrl { get; set; } = "";

    public long ChainId { get; set; } = 31337;

    /// <summary>JSON file with the deployed contract addresses (written by scripts/deploy-local.sh).</summary>
    public string DeploymentFile { get; set; } = "";
}

public sealed class ChainOptionsValidator : IValidateOptions<ChainOptions>
{
    public ValidateOptionsResult Validate(string? name, ChainOptions options)
    {
        if (!Uri.TryCreate(options.RpcUrl, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
        {
            return ValidateOptionsResult.Fail($"Chain:RpcUrl must be an absolute http(s) URL (environment variable Chain__RpcUrl); got '{options.RpcUrl}'");
        }

        return options.ChainId <= 0
            ? ValidateOptionsResult.Fail($"Chain:ChainId must be positive; got {options.ChainId}")
            : ValidateOptionsResult.Success;
    }
}
