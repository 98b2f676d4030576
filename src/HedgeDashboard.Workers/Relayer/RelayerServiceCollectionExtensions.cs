using HedgeDashboard.Workers.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HedgeDashboard.Workers.Relayer;

public static class RelayerServiceCollectionExtensions
{
    /// <summary>
    /// The relayer and the signer by Hosting:Roles: <see cref="RelayerOptions"/> (section "Relayer", validated at
    /// start-up, requiring only the keys of this process's roles), the hosted <see cref="RelayerService"/> (role
    /// "relayer": operator key, plus the model-signer key when the process is also "signer") or
    /// <see cref="ModelSignerService"/> (role "signer" alone: model-signer key only), <see cref="RelayerHealth"/> and
    /// <see cref="RelayerStatusQuery"/> for the dashboard. Needs AddHedgeData and AddEthereumRpc.
    /// </summary>
    public static IServiceCollection AddRelayer(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var roles = configuration.GetSection(HostingOptions.SectionName).Get<HostingOptions>() ?? new HostingOptions();
        services.AddOptions<RelayerOptions>()
            .Bind(configuration.GetSection(RelayerOptions.SectionName))
            .PostConfigure(o =>
            {
                // Only the keys of this process's roles are required and loaded.
                o.UsesModelSignerKey = roles.RunsSigner;
                o.UsesOperatorKey = roles.RunsRelayer;
                // Default to the deployment file the other stages read (Chain:DeploymentFile).
                if (string.IsNullOrWhiteSpace(o.ControllerAddress) && string.IsNullOrWhiteSpace(o.DeploymentFile))
                {
                    o.DeploymentFile = configuration["Chain:DeploymentFile"];
                }
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RelayerOptions>, RelayerOptionsValidator>());
        services.TryAddSingleton<IRelayerCheckpoints, NoRelayerCheckpoints>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RelayerHealth>();
        services.TryAddSingleton<RelayerStatusQuery>();
        if (roles.RunsRelayer)
        {
            services.AddHostedService<RelayerService>(); // signs too when the process also has the signer role
        }
        else if (roles.RunsSigner)
        {
            services.AddHostedService<ModelSignerService>();
        }

        return services;
    }
}
