using System.Globalization;
using System.IO.Compression;
using System.Numerics;
using System.Text.Json;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Ethereum.Crypto;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;
using HedgeDashboard.Ethereum.Signing;
using HedgeDashboard.Quant.Positions;
using HedgeDashboard.Workers.Book;
using HedgeDashboard.Workers.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace HedgeDashboard.Workers.Simulator;

/// <summary>
/// Development only: moves every pool of the LP books (scripts/deploy-book.sh) on each configured chain with real
/// hourly history, one bar every SecondsPerBar: WETH from the shipped ETHUSDT closes, WBTC from the BTCUSDT closes of the
/// same hours (Workers:Simulator:BtcDataFile, e.g. ../shared/data/BTCUSDT_1h_binance_spot.csv.gz), each scaled to the
/// book's starting prices (3,000 USD per ETH, 20 ETH per BTC), USDC and DAI with a tiny noise around one dollar. Each bar
/// pushes the WETH and USDC feeds and swaps the three pools to their prices (price-limited swaps of a trader holding
/// minted test tokens) and the WETH/USDC v2 pair close to its price (a v2 pair with a TWAP cross-checks the feeds), all signed by Workers:Simulator:BookPrivateKey (account 6, which deploy-book.sh makes the feeds'
/// owner). The place in the series resumes from the WETH feed's round count.
/// </summary>
public sealed class BookSimulator(
    IServiceScopeFactory scopes,
    StageHealth health,
    TimeProvider time,
    ILogger<BookSimulator> logger,
    IOptions<SimulatorOptions> options,
    WorkerDatabase database) : PipelineStage(scopes, health, time, logger)
{
    private const decimal EthStart = 3000m, BtcInEthStart = 20m;
    private static readonly BigInteger MaxUint = (BigInteger.One << 256) - 1;
    private readonly SimulatorOptions _o = options.Value;
    private readonly List<BookMarket> _books = [];
    private IReadOnlyList<(long Time, decimal Eth, decimal Btc)>? _series;
    private int _index;
    private Random _noise = new(18);

    public override string Name => "simulator:book";

    protected override TimeSpan Interval => TimeSpan.FromSeconds(_o.SecondsPerBar);

    protected override string ConnectionString => database.ConnectionString;

    /// <summary>ETH and BTC closes of the same hours: each ETH bar with the latest BTC close at or before it.</summary>
    public static IReadOnlyList<(long Time, decimal Eth, decimal Btc)> Align(IReadOnlyList<(long Time, decimal Close)> eth, IReadOnlyList<(long Time, decimal Close)> btc)
    {
        var rows = new List<(long, decimal, decimal)>(eth.Count);
        var j = -1;
        foreach (var (t, close) in eth)
        {
            while (j + 1 < btc.Count && btc[j + 1].Time <= t)
            {
                j++;
            }

            if (j >= 0)
            {
                rows.Add((t, close, btc[j].Close));
            }
        }

        return rows.Count > 0 ? rows : throw new InvalidDataException("the BTC series has no bar at or before the ETH series' hours");
    }

    /// <summary>Reads a CSV (or .csv.gz) with "timestamp" and "close" columns, keeping rows in [from, to].</summary>
    public static IReadOnlyList<(long Time, decimal Close)> LoadSeries(string path, long from, long to)
    {
        using var file = File.OpenRead(path);
        using Stream input = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(input);
        var header = reader.ReadLine()?.Split(',') ?? throw new InvalidDataException($"{path} is empty");
        var (ts, close) = (Array.IndexOf(header, "timestamp"), Array.IndexOf(header, "close"));
        if (ts < 0 || close < 0)
        {
            throw new InvalidDataException($"{path}: the header needs 'timestamp' and 'close' columns");
        }

        var rows = new List<(long, decimal)>();
        while (reader.ReadLine() is { } line)
        {
            var f = line.Split(',');
            var t = long.Parse(f[ts], CultureInfo.InvariantCulture);
            if (t >= from && t <= to)
            {
                rows.Add((t, decimal.Parse(f[close], NumberStyles.Float, CultureInfo.InvariantCulture)));
            }
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
        var eth = Math.Round(EthStart * bar.Eth / _series[0].Eth, 2);
        var btcInEth = BtcInEthStart * (bar.Btc / _series[0].Btc) / (bar.Eth / _series[0].Eth);
        var usdc = 1m + Noise(0.0005m);
        var daiPerUsdc = 1m + Noise(0.0005m);
        foreach (var b in _books)
        {
            await b.SetFeedAsync("WETH", eth, ct);
            await b.SetFeedAsync("USDC", usdc, ct);
            await b.SwapToAsync("WETH", "USDC", eth / usdc, ct);
            await b.SwapV2ToAsync("WETH", "USDC", eth / usdc, ct);
            await b.SwapToAsync("WBTC", "WETH", btcInEth, ct);
            await b.SwapToAsync("USDC", "DAI", daiPerUsdc, ct);
        }

        if (_index % 24 == 0)
        {
            Logger.LogInformation("Book simulator: bar {Index}/{Count} ({Time:u}) ETH {Eth} USD, BTC {Btc:0.####} ETH on {Books} chains",
                _index, _series.Count, DateTimeOffset.FromUnixTimeSeconds(bar.Time), eth, btcInEth, _books.Count);
        }

        _index = (_index + 1) % _series.Count;
    }

    private decimal Noise(decimal amplitude) => Math.Round(((decimal)_noise.NextDouble() * 2 - 1) * amplitude, 6);

    private async Task PrepareAsync(CancellationToken ct)
    {
        var ethPath = string.IsNullOrEmpty(_o.DataFile) ? Path.Combine(AppContext.BaseDirectory, MarketSimulator.ShippedFile) : _o.DataFile;
        var eth = MarketSimulator.LoadSeries(ethPath);
        var btc = LoadSeries(_o.BtcDataFile, eth[0].Time - 86_400, eth[^1].Time);
        var series = Align(eth, btc);
        var owner = new EthereumAccount(PrivateKey.FromHex(_o.BookPrivateKey));
        var trader = owner;
        foreach (var book in _o.Books)
        {
            var rpc = EthereumRpc.Create(new Uri(book.RpcUrl));
            var chainId = (long)await rpc.Chain.GetChainIdAsync(ct);
            if (!_o.AllowedChainIds.Contains(chainId))
            {
                throw new InvalidOperationException($"The market simulator runs only on development chains ({string.Join(", ", _o.AllowedChainIds)}); {book.BookFile} is on chain {chainId}.");
            }

            var m = await BookMarket.OpenAsync(rpc, book.BookFile, owner, trader, ct);
            _books.Add(m);
        }

        // The WETH feed's round 1 is the deploy; each bar pushes one round.
        var rounds = await _books[0].WethRoundsAsync(ct);
        _index = (int)((rounds - 1) % series.Count);
        _noise = new Random((int)(rounds % int.MaxValue));
        _series = series;
        Logger.LogInformation("Book simulator: {Count} hourly ETH and BTC bars ({Eth}, {Btc}) on {Books} books, one every {Seconds} s, from bar {Index}",
            series.Count, ethPath, _o.BtcDataFile, _books.Count, _o.SecondsPerBar, _index);
    }

    /// <summary>One book on one chain: its tokens, feeds, pools and router, with the accounts that move them.</summary>
    private sealed class BookMarket
    {
        private readonly TransactionSender _sender;
        private readonly EthereumRpc _rpc;
        private readonly EthereumAccount _owner, _trader;
        private readonly Dictionary<string, (Address Address, int Decimals)> _tokens = [];
        private readonly Dictionary<string, Address> _feeds = [];
        private readonly List<(Address Pool, string T0, string T1, int Fee)> _pools = [];
        private readonly List<(Address Pair, string T0, string T1)> _v2Pairs = [];
        private Address _router;

        private BookMarket(EthereumRpc rpc, EthereumAccount owner, EthereumAccount trader)
        {
            (_rpc, _owner, _trader) = (rpc, owner, trader);
            _sender = new TransactionSender(rpc);
        }

        public static async Task<BookMarket> OpenAsync(EthereumRpc rpc, string bookFile, EthereumAccount owner, EthereumAccount trader, CancellationToken ct)
        {
            using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(bookFile, ct));
            var r = doc.RootElement;
            var m = new BookMarket(rpc, owner, trader) { _router = Address.Parse(r.GetProperty("swapRouter").GetString()!) };
            foreach (var t in r.GetProperty("tokens").EnumerateObject())
            {
                var address = Address.Parse(t.Value.GetString()!);
                m._tokens[t.Name] = (address, (int)await rpc.Calls.QueryAsync<DecimalsFunction, BigInteger>(address, new(), null, ct));
            }

            foreach (var f in r.GetProperty("feeds").EnumerateObject())
            {
                m._feeds[f.Name] = Address.Parse(f.Value.GetString()!);
            }

            var bySymbol = m._tokens.ToDictionary(t => t.Value.Address, t => t.Key);
            foreach (var p in r.GetProperty("pools").EnumerateArray())
            {
                var pool = Address.Parse(p.GetString()!);
                var t0 = await rpc.Calls.QueryAsync<Token0Function, Address>(pool, new(), null, ct);
                var t1 = await rpc.Calls.QueryAsync<Token1Function, Address>(pool, new(), null, ct);
                var fee = (int)await rpc.Calls.QueryAsync<FeeFunction, BigInteger>(pool, new(), null, ct);
                m._pools.Add((pool, bySymbol[t0], bySymbol[t1], fee));
            }

            var pairs = r.TryGetProperty("v2Pairs", out var listed) ? listed.EnumerateArray().Select(e => e.GetString()!).ToList() : [];
            foreach (var p in pairs)
            {
                var pair = Address.Parse(p);
                var t0 = await rpc.Calls.QueryAsync<Token0Function, Address>(pair, new(), null, ct);
                var t1 = await rpc.Calls.QueryAsync<Token1Function, Address>(pair, new(), null, ct);
                if (bySymbol.TryGetValue(t0, out var s0) && bySymbol.TryGetValue(t1, out var s1))
                {
                    m._v2Pairs.Add((pair, s0, s1));
                }
            }

            // The trader holds plenty of every test token (TestToken.mint is open) and lets the router spend them.
            foreach (var (symbol, (address, decimals)) in m._tokens)
            {
                if (await rpc.Calls.QueryAsync<BalanceOfFunction, BigInteger>(address, new() { Owner = trader.Address.ToLowerHex() }, null, ct) < BigInteger.Pow(10, decimals + 6))
                {
                    await m.SendAsync(trader, address, new TestTokenMintFunction { To = trader.Address.ToLowerHex(), Amount = BigInteger.Pow(10, decimals + 9) }.GetCallData(), ct);
                    await m.SendAsync(trader, address, new ApproveFunction { Spender = m._router.ToLowerHex(), Amount = MaxUint }.GetCallData(), ct);
                }
            }

            return m;
        }

        public async Task<BigInteger> WethRoundsAsync(CancellationToken ct) => await _rpc.Calls.QueryAsync<LatestRoundFunction, BigInteger>(_feeds["WETH"], new(), null, ct);

        public Task SetFeedAsync(string symbol, decimal usd, CancellationToken ct) =>
            SendAsync(_owner, _feeds[symbol], new SetAnswerFunction { Answer = new BigInteger(Math.Round(usd * 100_000_000m)) }.GetCallData(), ct);

        /// <summary>Swaps the pool of <paramref name="b"/>/<paramref name="q"/> until it quotes <paramref name="price"/> q per b.</summary>
        public async Task SwapToAsync(string b, string q, decimal price, CancellationToken ct)
        {
            var (pool, t0, t1, fee) = _pools.Single(p => (p.T0 == b && p.T1 == q) || (p.T0 == q && p.T1 == b));
            var raw = t0 == b ? price : 1 / price; // token1 per token0
            var target = UniswapPrices.PriceToSqrtPriceX96(raw, _tokens[t0].Decimals, _tokens[t1].Decimals);
            var now = await _rpc.Calls.QueryOutputAsync<Slot0Function, Slot0OutputDto>(pool, new(), null, ct);
            if (target == now.SqrtPriceX96)
            {
                return;
            }

            var zeroForOne = target < now.SqrtPriceX96; // selling token0 lowers token1 per token0
            var (tokenIn, tokenOut) = zeroForOne ? (_tokens[t0].Address, _tokens[t1].Address) : (_tokens[t1].Address, _tokens[t0].Address);
            var swap = new ExactInputSingleFunction
            {
                Params = new()
                {
                    TokenIn = tokenIn.ToLowerHex(), TokenOut = tokenOut.ToLowerHex(), Fee = fee, Recipient = _trader.Address.ToLowerHex(),
                    Deadline = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(), AmountIn = BigInteger.Pow(10, _tokens[zeroForOne ? t0 : t1].Decimals + 7),
                    AmountOutMinimum = BigInteger.Zero, SqrtPriceLimitX96 = target,
                },
            };
            await SendAsync(_trader, _router, swap.GetCallData(), ct);
        }

        /// <summary>
        /// Trades the v2 pair of <paramref name="b"/>/<paramref name="q"/> to about <paramref name="price"/> q per b
        /// (<see cref="V2Math.TradeTo"/>): paid in by a transfer, then swapped out, as the v2 router does.
        /// </summary>
        public async Task SwapV2ToAsync(string b, string q, decimal price, CancellationToken ct)
        {
            foreach (var (pair, t0, t1) in _v2Pairs.Where(p => (p.T0 == b && p.T1 == q) || (p.T0 == q && p.T1 == b)))
            {
                var r = await _rpc.Calls.QueryOutputAsync<GetReservesFunction, GetReservesOutputDto>(pair, new(), null, ct);
                var raw = (double)(t0 == b ? price : 1 / price) * Math.Pow(10, _tokens[t1].Decimals - _tokens[t0].Decimals); // raw token1 per raw token0
                if (V2Math.TradeTo(r.Reserve0, r.Reserve1, raw) is not { } trade)
                {
                    continue;
                }

                var (zeroIn, amountIn, amountOut) = trade;
                await SendAsync(_trader, _tokens[zeroIn ? t0 : t1].Address, new Erc20TransferFunction { To = pair.ToLowerHex(), Value = amountIn }.GetCallData(), ct);
                await SendAsync(_trader, pair, new V2SwapFunction
                {
                    Amount0Out = zeroIn ? 0 : amountOut, Amount1Out = zeroIn ? amountOut : 0, To = _trader.Address.ToLowerHex(), Data = [],
                }.GetCallData(), ct);
            }
        }

        private async Task SendAsync(EthereumAccount from, Address to, byte[] data, CancellationToken ct)
        {
            var receipt = await _sender.SendAndWaitAsync(from, new TransactionRequest { To = to, Data = data, Value = BigInteger.Zero }, TimeSpan.FromSeconds(30), ct);
            if (!receipt.Succeeded)
            {
                throw new InvalidOperationException($"transaction {Hex.Encode(receipt.TransactionHash)} to {to} reverted");
            }
        }
    }

    [Function("fee", "uint24")]
    private sealed class FeeFunction : FunctionMessage
    {
    }

}
