using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Relayer.TestHost;
using HedgeDashboard.Workers.Relayer;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// Configuration from environment variables: ConnectionStrings__Hedge, Chain__RpcUrl, Relayer__*.
// HEDGE_RELAYER_CRASH_AT=<checkpoint>: Environment.FailFast when the relayer reaches it (see RelayerCheckpoint).
// HEDGE_RELAYER_EXIT_WHEN_DONE=1: stop once no execution is pending, signed, broadcast or mined.
var builder = Host.CreateApplicationBuilder(args);
var cs = builder.Configuration.GetConnectionString("Hedge") ?? throw new InvalidOperationException("ConnectionStrings__Hedge is not set.");
builder.Services.AddHedgeData(cs);
builder.Services.AddEthereumRpc(builder.Configuration);
builder.Services.AddSingleton<IRelayerCheckpoints>(new CrashAt(Environment.GetEnvironmentVariable("HEDGE_RELAYER_CRASH_AT")));
builder.Services.AddRelayer(builder.Configuration);
if (Environment.GetEnvironmentVariable("HEDGE_RELAYER_EXIT_WHEN_DONE") == "1")
{
    builder.Services.AddHostedService<ExitWhenDone>();
}

await builder.Build().RunAsync();

namespace HedgeDashboard.Relayer.TestHost
{
    internal sealed class CrashAt(string? point) : IRelayerCheckpoints
    {
        public void Reached(string point1, long executionId)
        {
            if (point is not null && point1 == point)
            {
                Console.Out.WriteLine($"crash injected at {point1} (execution {executionId})");
                Console.Out.Flush();
                Environment.FailFast($"HEDGE_RELAYER_CRASH_AT={point1} (execution {executionId})");
            }
        }
    }

    internal sealed class ExitWhenDone(IDbContextFactory<HedgeDbContext> dbFactory, IHostApplicationLifetime lifetime) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await using var db = await dbFactory.CreateDbContextAsync(stoppingToken);
                var open = await db.Executions.CountAsync(
                    e => e.Status == ExecutionStatus.Pending || e.Status == ExecutionStatus.Signed || e.Status == ExecutionStatus.Broadcast || e.Status == ExecutionStatus.Mined,
                    stoppingToken);
                if (open == 0)
                {
                    Console.Out.WriteLine("all executions final");
                    lifetime.StopApplication();
                    return;
                }
            }
        }
    }
}
