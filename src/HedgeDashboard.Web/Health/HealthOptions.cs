using Microsoft.Extensions.Options;

namespace HedgeDashboard.Web.Health;

/// <summary>Section "Health": who sees /healthz's details.</summary>
public sealed class HealthOptions
{
    public const string Section = "Health";

    /// <summary>
    /// A monitor that sends "Authorization: Bearer TOKEN" gets the details (chain id, block, RPC errors) as a signed-in
    /// admin does; empty: admins only. Everyone else gets the status alone.
    /// </summary>
    public string DetailsToken { get; set; } = "";
}

public sealed class HealthOptionsValidator : IValidateOptions<HealthOptions>
{
    public const int MinTokenLength = 24;

    public ValidateOptionsResult Validate(string? name, HealthOptions options) =>
        options.DetailsToken.Length is > 0 and < MinTokenLength
            ? ValidateOptionsResult.Fail($"Health:DetailsToken must be empty or at least {MinTokenLength} characters; got {options.DetailsToken.Length}")
            : ValidateOptionsResult.Success;
}
