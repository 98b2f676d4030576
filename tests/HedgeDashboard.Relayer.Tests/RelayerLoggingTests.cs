using System.Collections.Concurrent;
using HedgeDashboard.Data;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.TestSupport;
using HedgeDashboard.Workers.Relayer;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HedgeDashboard.Relayer.Tests;

/// <summary>A database outage fails every relayer tick; the log must not carry a stack trace for each.</summary>
public sealed class RelayerLoggingTests
{
    [Fact]
    public async Task DatabaseDown_ManyFailedTicks_StackTraceOnlyForTheFirstAndEveryFiftieth()
    {
        await using var node = await AnvilNode.StartAsync();
        // Nothing listens on port 1: every tick's advisory-lock query fails as in a Postgres outage.
        await using var services = new ServiceCollection().AddHedgeData("Host=127.0.0.1;Port=1;Username=x;Database=y;Timeout=2").BuildServiceProvider();
        var options = new RelayerOptions
        {
            KeysSource = RelayerKeysSource.Dev,
            ControllerAddress = "0x5FbDB2315678afecb367f032d93F642f64180aa3",
            PollIntervalMilliseconds = 10,
        };
        var log = new CapturingLogger();
        var relayer = new RelayerService(
            services.GetRequiredService<IDbContextFactory<HedgeDbContext>>(),
            EthereumRpc.Create(node.RpcUrl, TimeSpan.FromSeconds(10), maxRetries: 1),
            Options.Create(options),
            Options.Create(new ChainOptions()),
            new NoCheckpoints(),
            new RelayerHealth(),
            TimeProvider.System,
            log,
            services);

        await relayer.StartAsync(CancellationToken.None);
        try
        {
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (log.Failures < 105)
            {
                Assert.True(DateTime.UtcNow < deadline, $"only {log.Failures} failed ticks logged in 3 minutes");
                await Task.Delay(50);
            }
        }
        finally
        {
            await relayer.StopAsync(CancellationToken.None);
        }

        var full = log.Entries.Where(e => e.Message.StartsWith("Relayer tick failed", StringComparison.Ordinal) && e.Exception is not null).ToList();
        Assert.InRange(full.Count, 5, 6); // ticks 1, 2, 3, 50, 100 (and maybe 150 while stopping)
        Assert.All(full, e => Assert.Equal(LogLevel.Error, e.Level));
        Assert.Contains(log.Entries, e => e.Level == LogLevel.Debug && e.Message.StartsWith("Relayer tick failed (4 in a row)", StringComparison.Ordinal));
    }

    private sealed class NoCheckpoints : IRelayerCheckpoints
    {
        public void Reached(string point, long executionId)
        {
        }
    }

    private sealed class CapturingLogger : ILogger<RelayerService>
    {
        public ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = new();

        public int Failures => Entries.Count(e => e.Message.StartsWith("Relayer tick failed", StringComparison.Ordinal));

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Enqueue((logLevel, formatter(state, exception), exception));
    }
}
