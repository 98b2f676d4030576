using System.Globalization;
using System.Numerics;
using HedgeDashboard.Ethereum.Crypto;
using HedgeDashboard.Ethereum.Rpc;
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
/// same price into the mock feed. The series is rescaled so that it starts at the pool's current price (the
/// relative moves are the real ones). Refuses any chain id outside AllowedChainIds.
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
        await _driver.MoveAsync(_feedOwner!, _trader!, price, ct);
        if (_index % 24 == 0)
        {
            Logger.LogInformation("Simulator: bar {Index}/{Count} ({Time:u}) -> {Price} USD", _index, _series.Count, DateTimeOffset.FromUnixTimeSeconds(bar.Time), price);
        }

        _index = (_index + 1) % _series.Count;
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
        var usdc = (BigInteger)(await rpc.Calls.CallFunctionAsync(deployment.Usdc, Contracts.Erc20.BalanceOf, [_trader.Address], null, ct))[0]!;
        if (usdc < new BigInteger(100_000) * 1_000_000)
        {
            await _driver.FundTraderAsync(_trader, ct: ct);
        }

        var pool = await _driver.Reader.ReadPoolAsync(BlockParameter.Latest, ct);
        _scale = pool.SpotPrice / series[0].Close;
        _series = series;
        Logger.LogInformation("Simulator: replaying {Count} hourly bars from {Path}, one every {Seconds} s, scaled x{Scale:0.####} to the pool's {Price:0.##}",
            series.Count, path, _o.SecondsPerBar, _scale, pool.SpotPrice);
    }
}
