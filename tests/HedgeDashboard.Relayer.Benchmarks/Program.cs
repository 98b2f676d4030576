using System.Globalization;
using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Relayer.Tests;
using HedgeDashboard.Workers.Relayer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Batched execution (decision 0016), on a private anvil (automine) and a fresh database of the local cluster:
// 1. N approved updates across N positions, stored at once, sent by the relayer service (the product's loop,
//    Relayer:MaxBatchSize = --batch), timed from the first request to the last confirmation (depth 1);
// 2. gas per update: one update alone (updateRatio) against one in a batch of 50 (updateRatios), for a first update
//    (opens the hedge) and for a later one (resizes it), from the receipts.
var inv = CultureInfo.InvariantCulture;
var updates = Arg("--updates", 500);
var batch = Arg("--batch", 50);

Console.WriteLine($"setting up: anvil with the local market, {updates + 1} registered positions (not timed) ...");
await using var env = await RelayerTestEnv.StartAsync();
while (env.PositionIds.Length < updates + 1)
{
    await env.AddPositionsAsync(Math.Min(100, updates + 1 - env.PositionIds.Length));
}

// 1. The burst: the relayer service runs (it holds the address lock), then every request is stored in one transaction.
DateTimeOffset requested;
string loadBefore, profile;
using (var host = BuildHost(env, batch))
{
    await host.StartAsync();
    var health = host.Services.GetRequiredService<RelayerHealth>();
    while (!health.HoldsLock)
    {
        await Task.Delay(50);
    }

    loadBefore = Load();
    requested = DateTimeOffset.UtcNow;
    await RequestAllAsync(Enumerable.Range(0, updates), 0.6m);
    while (!RelayerTestEnv.AllFinal(await env.ExecutionsAsync()))
    {
        await Task.Delay(100);
    }

    await host.StopAsync();
    var (sign, broadcast, follow) = health.PhaseTimes;
    profile = string.Join(Environment.NewLine, [
        string.Create(inv, $"  relayer loop phases: sign {sign.TotalSeconds:0.00} s, broadcast {broadcast.TotalSeconds:0.00} s, follow {follow.TotalSeconds:0.00} s; steps (wall time, count):"),
        .. health.StepTimes.OrderByDescending(x => x.Total).Select(x => string.Create(inv, $"    {x.Step,-62} {x.Total.TotalSeconds,7:0.000} s  {x.Count,5}"))]);
}

var rows = await env.ExecutionsAsync();
var confirmed = rows.Where(e => e.Status == ExecutionStatus.Confirmed).ToList();
var seconds = (rows.Max(e => e.ConfirmedAt ?? e.UpdatedAt) - requested).TotalSeconds;
var toBroadcast = confirmed.Select(e => (e.BroadcastAt!.Value - e.CreatedAt).TotalMilliseconds).Order().ToList();
var toConfirmed = confirmed.Select(e => (e.ConfirmedAt!.Value - e.CreatedAt).TotalMilliseconds).Order().ToList();
var transactions = confirmed.Select(e => e.TxHash).Distinct().Count();
var operatorNonce = await env.OperatorNonceAsync();
Console.WriteLine(string.Create(inv, $"""
    burst: {updates} approved updates across {updates} positions, Relayer:MaxBatchSize {batch}
      confirmed {confirmed.Count}, failed/other {rows.Count - confirmed.Count}, in {transactions} transactions, operator nonce {operatorNonce}
      first request -> last confirmation: {seconds:0.00} s ({confirmed.Count / seconds:0.0} updates/s)
      request -> broadcast: median {Pct(toBroadcast, 0.5):0} ms, p99 {Pct(toBroadcast, 0.99):0} ms; request -> confirmed: median {Pct(toConfirmed, 0.5):0} ms, p99 {Pct(toConfirmed, 0.99):0} ms
      load average (1, 5, 15 min) at the start: {loadBefore}; at the end: {Load()}
    {profile}
    """));

// 2. Gas. First updates: the burst's full batches of fresh positions (the three demo positions already hold a hedge)
// against the spare position sent alone; later updates: 50 resized in one batch against the spare one resized alone.
var demo = env.PositionIds.Take(3).ToHashSet();
var openBatch = confirmed.Where(e => e.BatchId != null).GroupBy(e => e.BatchId)
    .Where(g => g.Count() == 50 && g.All(e => !demo.Contains(e.PositionId))).Select(g => g.Sum(e => e.GasUsed!.Value) / 50.0).ToList();
var spare = updates;
var openAlone = await RunAsync([spare], 0.6m, 1);
var resizeBatch = await RunAsync(Enumerable.Range(3, 50), 0.4m, 50);
var resizeAlone = await RunAsync([spare], 0.4m, 1);
Console.WriteLine(string.Create(inv, $"""
    gas per update (receipt gasUsed; a batch's divided by its 50 updates):
      first update (opens the hedge):  alone {openAlone:0}   in a batch of 50 {(openBatch.Count == 0 ? double.NaN : openBatch.Average()):0} ({openBatch.Count} batches)
      later update (resizes it):       alone {resizeAlone:0}   in a batch of 50 {resizeBatch:0}
    """));
return;

async Task<double> RunAsync(IEnumerable<int> positions, decimal ratio, int maxBatch)
{
    var ids = await RequestAllAsync(positions, ratio);
    var engine = env.Engine(env.Options(o => o.MaxBatchSize = maxBatch));
    await env.RunUntilAsync(engine);
    var done = (await env.ExecutionsAsync()).Where(e => ids.Contains(e.Id)).ToList();
    if (done.Any(e => e.Status != ExecutionStatus.Confirmed) || done.Select(e => e.TxHash).Distinct().Count() != 1)
    {
        var all = (await env.ExecutionsAsync()).Where(e => e.Nonce >= 9 || e.Status != ExecutionStatus.Confirmed);
        throw new InvalidOperationException("expected one confirmed transaction: " + string.Join("\n", all.Select(e =>
            $"{e.Id}:{e.Status}:n{e.Nonce}:b{e.BatchId}:{e.TxHash}:{e.Error}:[{string.Join(",", e.AttemptLog.Select(a => $"{a.AttemptNumber}/{a.Nonce}/{a.TxHash}/{a.Outcome}"))}]")));
    }

    return done.Sum(e => e.GasUsed!.Value) / (double)done.Count;
}

async Task<HashSet<long>> RequestAllAsync(IEnumerable<int> positions, decimal ratio)
{
    await using var db = await env.DbFactory.CreateDbContextAsync();
    var now = DateTimeOffset.UtcNow;
    var added = positions.Select(p => new HedgeExecution
    {
        Suggestion = new HedgeSuggestion
        {
            PositionId = env.PositionIds[p],
            CurrentRatio = 0.5m,
            ProposedRatio = ratio,
            Status = SuggestionStatus.Approved,
            DecidedBy = "bench",
            DecidedAt = now,
            IdempotencyKey = $"bench-{Guid.NewGuid():N}",
            CreatedAt = now,
            ExpiresAt = now.AddHours(1),
        },
        PositionId = env.PositionIds[p],
        ChainId = 31337,
        TargetRatio = ratio,
        CreatedAt = now,
        UpdatedAt = now,
    }).ToList();
    db.Executions.AddRange(added);
    await db.SaveChangesAsync();
    return [.. added.Select(e => e.Id)];
}

static IHost BuildHost(RelayerTestEnv env, int maxBatchSize)
{
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Chain:RpcUrl"] = env.Node.RpcUrl.ToString(),
        ["Chain:ChainId"] = "31337",
        ["Relayer:KeysSource"] = "Dev",
        ["Relayer:ControllerAddress"] = env.Controller.ToString(),
        ["Relayer:ConfirmationDepth"] = "1",
        ["Relayer:PollIntervalMilliseconds"] = "50",
        ["Relayer:MaxBatchSize"] = maxBatchSize.ToString(CultureInfo.InvariantCulture),
    });
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.Services.AddHedgeData(env.Db.ConnectionString);
    builder.Services.AddEthereumRpc(builder.Configuration);
    builder.Services.AddRelayer(builder.Configuration);
    return builder.Build();
}

static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

static double Pct(List<double> sorted, double q) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];

int Arg(string name, int fallback) =>
    Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], inv) : fallback;
