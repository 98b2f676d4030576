using Microsoft.Extensions.Options;

namespace HedgeDashboard.Workers.Hosting;

/// <summary>
/// Section "Hosting": which roles this process plays. "web" serves the dashboard, "workers" runs the
/// pipeline stages. The default "web,workers" is one process for everything; a web farm sets "web" and
/// runs HedgeDashboard.WorkerHost (role "workers") beside it.
/// </summary>
public sealed class HostingOptions
{
    public const string SectionName = "Hosting";

    /// <summary>Hosting:Roles, comma separated: "web", "workers", or both.</summary>
    public string Roles { get; set; } = "web,workers";

    public bool RunsWorkers => Parse(Roles).Contains("workers");

    public bool RunsWeb => Parse(Roles).Contains("web");

    internal static HashSet<string> Parse(string? roles) =>
        [.. (roles ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(r => r.ToLowerInvariant())];
}

public sealed class HostingOptionsValidator : IValidateOptions<HostingOptions>
{
    public ValidateOptionsResult Validate(string? name, HostingOptions options)
    {
        var roles = HostingOptions.Parse(options.Roles);
        if (roles.Count == 0)
        {
            return ValidateOptionsResult.Fail("Hosting:Roles must name at least one role: \"web\", \"workers\" or \"web,workers\".");
        }

        var unknown = roles.Where(r => r is not ("web" or "workers")).ToList();
        return unknown.Count > 0
            ? ValidateOptionsResult.Fail($"Hosting:Roles has unknown role(s) {string.Join(", ", unknown)}; known: web, workers.")
            : ValidateOptionsResult.Success;
    }
}
