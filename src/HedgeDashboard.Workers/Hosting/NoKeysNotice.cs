using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HedgeDashboard.Workers.Hosting;

/// <summary>
/// A process without the signer and relayer roles (e.g. Hosting:Roles=web) loads no key; it says so at start-up in
/// the same words the signer and the relayer use to list the addresses they hold.
/// </summary>
internal sealed class NoKeysNotice(ILogger<NoKeysNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation("Signing keys held by this process: {Keys}", "none");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
