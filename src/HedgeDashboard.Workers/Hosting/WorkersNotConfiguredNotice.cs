using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HedgeDashboard.Workers.Hosting;

/// <summary>Says once, at start-up, that the role "workers" is on but no deployment file is configured.</summary>
public sealed class WorkersNotConfiguredNotice(ILogger<WorkersNotConfiguredNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        logger.LogWarning("Pipeline stages not started: Chain:DeploymentFile is not set (environment variable Chain__DeploymentFile; scripts/run.sh sets it). Set Hosting:Roles=web to silence this.");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
