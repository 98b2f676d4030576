using Microsoft.Extensions.Options;

namespace HedgeDashboard.Workers.Hosting;

/// <summary>
/// Section "Hosting": which roles this process plays, so that each process holds only the keys its roles need.
/// "web" serves the dashboard (no keys); "stages" runs the pipeline stages (no keys); "signer" signs approved
/// updates with the model-signer key and stores the signature in the outbox row; "relayer" sends stored updates
/// with the operator key. "workers" is shorthand for "stages,signer,relayer". The default "web,workers" is one
/// process for everything; a split deployment runs e.g. "web", "stages,relayer" and "signer" as three processes.
/// </summary>
public sealed class HostingOptions
{
    public const string SectionName = "Hosting";

    internal static readonly string[] Known = ["web", "workers", "stages", "signer", "relayer"];

    /// <summary>Hosting:Roles, comma separated: web, workers, stages, signer, relayer.</summary>
    public string Roles { get; set; } = "web,workers";

    /// <summary>Any background role (stages, signer or relayer): the process needs the chain and the database.</summary>
    public bool RunsWorkers => RunsStages || RunsSigner || RunsRelayer;

    public bool RunsWeb => Has("web");

    public bool RunsStages => Has("stages") || Has("workers");

    /// <summary>Loads the model-signer key and signs approved updates.</summary>
    public bool RunsSigner => Has("signer") || Has("workers");

    /// <summary>Loads the operator key and sends transactions.</summary>
    public bool RunsRelayer => Has("relayer") || Has("workers");

    internal static HashSet<string> Parse(string? roles) =>
        [.. (roles ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(r => r.ToLowerInvariant())];

    private bool Has(string role) => Parse(Roles).Contains(role);
}

public sealed class HostingOptionsValidator : IValidateOptions<HostingOptions>
{
    public ValidateOptionsResult Validate(string? name, HostingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var roles = HostingOptions.Parse(options.Roles);
        if (roles.Count == 0)
        {
            return ValidateOptionsResult.Fail("Hosting:Roles must name at least one role: web, workers, stages, signer or relayer (e.g. \"web,workers\").");
        }

        var unknown = roles.Where(r => !HostingOptions.Known.Contains(r)).ToList();
        return unknown.Count > 0
            ? ValidateOptionsResult.Fail($"Hosting:Roles has unknown role(s) {string.Join(", ", unknown)}; known: {string.Join(", ", HostingOptions.Known)}.")
            : ValidateOptionsResult.Success;
    }
}
