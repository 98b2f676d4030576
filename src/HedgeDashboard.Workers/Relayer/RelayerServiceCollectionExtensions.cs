using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HedgeDashboard.Workers.Relayer;

public static class RelayerServiceCollectionExtensions
{
    /// <summary>
    /// The relayer: <see cref="RelayerOptions"/> (section "Relayer", validated at start-up), the hosted
    /// <see cref="RelayerService"/>, <see cref="RelayerHealth"/> and <see cref="RelayerStatusQuery"/> for the dashboard.
    /// Needs AddHedgeData and AddEthereumRpc.
    /// </summary>
    public static IServiceCollection AddRelayer(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<RelayerOptions>()
            .Bind(configuration.GetSection(RelayerOptions.SectionName))
            .PostConfigure(o =>
            {
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
        services.AddHostedService<RelayerService>();
        return services;
    }
}
