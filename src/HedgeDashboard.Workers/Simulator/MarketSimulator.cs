using System.Globalization;
using System.Numerics;
using HedgeDashboard.Ethereum.Crypto;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;
using HedgeDashboard.Ethereum.Signing;
using HedgeDashboard.Workers.Chain;
using HedgeDashboard.Workers.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HedgeDashboard.Workers.Simulator;

/// <summary>
/// Development only: replays the shipped ETH hourly closes as accelerated time (one bar every
/// SecondsPerBar), each bar moving the Uniswap v3 pool with a real swap through the SwapRouter and pushing the
/// same price into the mock feed. The series is rescaled so that it starts at the feed's first round (the
/// deployment's price; the relative moves are the real ones), and resumes at the bar after the feed's latest
/// round: both read from the chain, so restarts keep the scale and the place (anchoring to the pool's price at
/// each start made the scale drift until the price left every range). The feed moves on even when the swap
/// fails; the stage then fails with the cause, which /healthz reports. Refuses any chain id outside AllowedChainIds.
/// </summary>
public sealed class MarketSimulator(
    IServiceScopeFactory scopes,
    StageHealth health,
    TimeProvider time,
    ILogger<MarketSimulator> logger,
    IOptions<SimulatorOptions> options,
    WorkerDatabase database,
    EthereumRpc rpc,
    ChainDeployment deployment) : PipelineStage(scopes, health, time, logger)
{
    public const string ShippedFile = "Simulator/Data/ETHUSDT_1h_binance_spot_2025-06-02_2025-12-02.csv";

    private readonly SimulatorOptions _o = options.Value;
    private readonly MarketDriver _driver = new(rpc, deployment);
    private IReadOnlyList<(long Time, decimal Close)>? _series;
    private decimal _scale;
    private int _index;
    private EthereumAccount? _feedOwner;
    private EthereumAccount? _trader;

    public override string Name => "simulator";

    protected override TimeSpan Interval => TimeSpan.FromSeconds(_o.SecondsPerBar);

    protected override string ConnectionString => database.ConnectionString;

    /// <summary>Reads a CSV with a header naming "timestamp" and "close".</summary>
    public static IReadOnlyList<(long Time, decimal Close)> LoadSeries(string path)
    {
        using var reader = new StreamReader(path);
        var header = reader.ReadLine()?.Split(',') ?? throw new InvalidDataException($"{path} is empty");
        var ts = Array.IndexOf(header, "timestamp");
        var close = Array.IndexOf(header, "close");
        if (ts < 0 || close < 0)
        {
            throw new InvalidDataException($"{path}: the header needs 'timestamp' and 'close' columns");
        }

        var rows = new List<(long, decimal)>();
        while (reader.ReadLine() is { } line)
        {
            var f = line.Split(',');
            rows.Add((long.Parse(f[ts], CultureInfo.InvariantCulture), decimal.Parse(f[close], NumberStyles.Float, CultureInfo.InvariantCulture)));
        }

        return rows;
    }

    protected override async Task RunTickAsync(IServiceProvider services, CancellationToken ct)
    {
        if (_series is null)
        {
            await PrepareAsync(ct);
        }

        var bar = _series![_index];
        var price = Math.Round(bar.Close * _scale, 2);
        Exception? swapFailure = null;
        try
        {
            await _driver.SwapToPriceAsync(_trader!, price, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            swapFailure = e; // the feed still moves: oracles and scoring keep running while the pool is stuck
        }

        await _driver.SetFeedPriceAsync(_feedOwner!, price, ct);
        if (_index % 24 == 0)
        {
            Logger.LogInformation("Simulator: bar {Index}/{Count} ({Time:u}) -> {Price} USD", _index, _series.Count, DateTimeOffset.FromUnixTimeSeconds(bar.Time), price);
        }

        _index = (_index + 1) % _series.Count;
        if (swapFailure is not null)
        {
            // No inner exception: the stage reports the base exception's message, and this one says more.
            throw new InvalidOperationException(await StallCauseAsync(price, swapFailure, ct));
        }
    }

    /// <summary>Where the replay starts: the scale from the feed's first round, the bar after its latest round.</summary>
    private static async Task<(decimal Scale, int Index)> ResumePointAsync(EthereumRpc rpc, ChainDeployment deployment, IReadOnlyList<(long Time, decimal Close)> series, CancellationToken ct)
    {
        // MockAggregatorV3: round 1 is the deployment's answer; each simulated bar pushes one round.
        var latest = await rpc.Calls.QueryAsync<LatestRoundFunction, BigInteger>(deployment.PriceFeed, new(), null, ct);
        var first = (await rpc.Calls.QueryOutputAsync<GetRoundDataFunction, RoundDataOutputDto>(deployment.PriceFeed, new() { RoundId = BigInteger.One }, null, ct)).Answer;
        var firstPrice = (decimal)first / (decimal)Math.Pow(10, deployment.FeedDecimals);
        return (firstPrice / series[0].Close, (int)((latest - 1) % series.Count));
    }

    private async Task<string> StallCauseAsync(decimal price, Exception swapFailure, CancellationToken ct)
    {
        var pool = "unknown";
        try
        {
            pool = (await _driver.Reader.ReadPoolAsync(BlockParameter.Latest, ct)).SpotPrice.ToString("0.##", CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // the swap's own error is the cause; the pool price only helps to read it
        }

        return string.Create(
            CultureInfo.InvariantCulture,
            $"the pool is stuck at {pool} USD: the swap to {price} USD failed ({swapFailure.GetBaseException().Message}); the feed moved on. Outside every liquidity range the router refuses swaps (no liquidity to trade against).");
    }

    private async Task PrepareAsync(CancellationToken ct)
    {
        var chainId = (long)await rpc.Chain.GetChainIdAsync(ct);
        if (!_o.AllowedChainIds.Contains(chainId))
        {
            throw new InvalidOperationException($"The market simulator runs only on development chains ({string.Join(", ", _o.AllowedChainIds)}); this node is chain {chainId}.");
        }

        var path = string.IsNullOrEmpty(_o.DataFile) ? Path.Combine(AppContext.BaseDirectory, ShippedFile) : _o.DataFile;
        var series = LoadSeries(path);
        _feedOwner = new EthereumAccount(PrivateKey.FromHex(_o.FeedOwnerPrivateKey));
        _trader = new EthereumAccount(PrivateKey.FromHex(_o.TraderPrivateKey));
        await _driver.EnsureObservationCardinalityAsync(_trader, _o.ObservationCardinality, ct);
        var usdc = await _driver.BalanceOfAsync(deployment.Usdc, _trader.Address, ct);
        if (usdc < new BigInteger(100_000) * 1_000_000)
        {
            await _driver.FundTraderAsync(_trader, ct: ct);
        }

        (_scale, _index) = await ResumePointAsync(rpc, deployment, series, ct);
        _series = series;
        Logger.LogInformation("Simulator: replaying {Count} hourly bars from {Path}, one every {Seconds} s, scaled x{Scale:0.####} to the feed's first round, from bar {Index}",
            series.Count, path, _o.SecondsPerBar, _scale, _index);
    }
}
