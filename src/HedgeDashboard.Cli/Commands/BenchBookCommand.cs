using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Quant.Positions;
using HedgeDashboard.Workers.Book;
using HedgeDashboard.Workers.Scoring;
using Spectre.Console;

namespace HedgeDashboard.Cli.Commands;

/// <summary>
/// <c>hedge bench-book</c>: one scoring pass over a whole book (issue 18): 10,000 positions across 2 chains and 50 pools of
/// three pairs, each chain's tokens valued in USD (feeds and TWAP paths, <see cref="UsdPricing"/>), one forecast per pair,
/// every position scored at its pool's price (<see cref="RiskModel.Score"/>) and valued in USD; and the JSON-RPC requests a
/// refresh of 1,000 positions costs, from the batching rule of <see cref="BookReader"/> and <see cref="UsdValuation"/>.
/// </summary>
internal static class BenchBookCommand
{
    public static Command Create(CliContext context)
    {
        var positions = new Option<int>("--positions") { Description = "Positions in the book", DefaultValueFactory = _ => 10_000 };
        var pools = new Option<int>("--pools") { Description = "Pools across the two chains", DefaultValueFactory = _ => 50 };
        var repeats = new Option<int>("--repeats") { Description = "Passes; the median is reported", DefaultValueFactory = _ => 21 };
        var command = new Command("bench-book", "Time one scoring pass over 10,000 positions in 50 pools on 2 chains (USD valuation, forecasts per pair, scores) and print the refresh request count for 1,000 positions")
        {
            positions, pools, repeats,
        };
        command.SetAction(parsed =>
        {
            var n = Math.Max(1, parsed.GetValue(positions));
            var poolCount = Math.Max(2, parsed.GetValue(pools));
            var runs = Math.Max(1, parsed.GetValue(repeats));
            var book = Book.Create(n, poolCount);
            var scoring = new ScoringOptions();
            double total = 0;
            var wall = new double[runs];
            var cpu = new double[runs];
            using var process = Process.GetCurrentProcess();
            for (var r = -1; r < runs; r++) // run -1 warms up the JIT
            {
                process.Refresh();
                var cpuStart = process.TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                total = book.ScoringPass(scoring);
                if (r >= 0)
                {
                    wall[r] = sw.Elapsed.TotalMilliseconds;
                    process.Refresh();
                    cpu[r] = (process.TotalProcessorTime - cpuStart).TotalMilliseconds;
                }
            }

            Array.Sort(wall);
            Array.Sort(cpu);
            var table = new Table().AddColumns("benchmark", "runs", "median ms", "median cpu ms", "max ms", "note");
            table.AddRawRow(
                string.Create(CultureInfo.InvariantCulture, $"scoring pass: {n:N0} positions, {poolCount} pools, 2 chains (USD valuation + 3 pair forecasts + scores)"),
                runs.ToString(CultureInfo.InvariantCulture), wall[runs / 2].ToString("F1", CultureInfo.InvariantCulture), cpu[runs / 2].ToString("F1", CultureInfo.InvariantCulture),
                wall[^1].ToString("F1", CultureInfo.InvariantCulture), string.Create(CultureInfo.InvariantCulture, $"book value {total:N0} USD"));
            CliConsole.For(context.Output).Write(table);

            // A refresh: one batch per step of BookReader (1 + 6 x ceil(n / 500) at most: balanceOf, ids, positions, getPool for
            // new pools, slot0 + metadata, fees), then the valuation's one batch (feed decimals and rounds, observe + slot0 and
            // the two tokens' balanceOf(pool) per pool: ceil((3F + 4P) / 500)) and, on a rollup, one sequencer-feed eth_call.
            const int batch = 500, positionsToRefresh = 1_000, refreshPools = 3, feeds = 2;
            var reads = 1 + (5 * (int)Math.Ceiling(positionsToRefresh / (double)batch));
            var valuation = (int)Math.Ceiling(((3 * feeds) + (4 * refreshPools)) / (double)batch);
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"refresh of {positionsToRefresh:N0} positions in {refreshPools} pools (batches of {batch}): {reads} requests for the book after the first (the first adds one getPool batch), {valuation} for USD valuation, 1 more on a chain with a sequencer uptime feed: {reads + valuation} to {reads + valuation + 2} JSON-RPC requests, plus one eth_getBlockByNumber (the head) per tick"));
            return HedgeCli.ExitOk;
        });
        return command;
    }

    /// <summary>A synthetic book: 50 pools of three pairs on two chains, positions spread over them, seeded.</summary>
    private sealed class Book
    {
        private readonly List<(int Chain, string Pair, PoolInput Pool, double Price)> _pools = [];
        private readonly (int Pool, double Lower, double Upper, double Entry, double Liquidity)[] _positions;
        private readonly List<(Dictionary<Address, string> Symbols, List<FeedInput> Feeds, List<PoolInput> Pools)> _chains = [];
        private static readonly Dictionary<string, double> Vol = new() { ["ETH/USD"] = 0.6, ["BTC/ETH"] = 0.4, ["USDC/DAI"] = 0.01 };

        private Book(int n) => _positions = new (int, double, double, double, double)[n];

        public static Book Create(int n, int poolCount)
        {
            var book = new Book(n);
            var rng = new Random(18);
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            for (var c = 0; c < 2; c++)
            {
                Address A(int k) => Address.Parse("0x" + ((c * 100) + k).ToString("x40", CultureInfo.InvariantCulture));
                var (weth, usdc, wbtc, dai) = (A(1), A(2), A(3), A(4));
                var symbols = new Dictionary<Address, string> { [weth] = "WETH", [usdc] = "USDC", [wbtc] = "WBTC", [dai] = "DAI" };
                var feeds = new List<FeedInput>
                {
                    new(weth, A(10), 8, 5, 3000_00000000, now - 60, 5),
                    new(usdc, A(11), 8, 5, 1_00000000, now - 60, 5),
                };
                var chainPools = new List<PoolInput>();
                for (var p = c; p < poolCount; p += 2)
                {
                    var (pair, t0, t1, d0, d1, tick, price) = (p % 3) switch
                    {
                        0 => ("ETH/USD", weth, usdc, 18, 6, -196257, 3000.0),
                        1 => ("BTC/ETH", wbtc, weth, 8, 18, 260231, 20.0),
                        _ => ("USDC/DAI", usdc, dai, 6, 18, 276324, 1.0),
                    };
                    tick += rng.Next(-20, 20);
                    var pool = new PoolInput($"pool {p}", t0, t1, d0, d1, tick, TickMath.GetSqrtRatioAtTick(tick)) { Held0 = 1_000_000m, Held1 = 1_000_000m };
                    chainPools.Add(pool);
                    book._pools.Add((c, pair, pool, price * Math.Pow(1.0001, tick - (pair == "ETH/USD" ? -196257 : pair == "BTC/ETH" ? 260231 : 276324))));
                }

                book._chains.Add((symbols, feeds, chainPools));
            }

            for (var i = 0; i < n; i++)
            {
                var pool = rng.Next(book._pools.Count);
                var entry = book._pools[pool].Price * Math.Exp(0.1 * (rng.NextDouble() - 0.5));
                var width = 0.02 + (0.5 * rng.NextDouble());
                book._positions[i] = (pool, entry * (1 - (width * 0.9)), entry * (1 + width), entry, 1_000);
            }

            return book;
        }

        /// <summary>USD per token on each chain, one forecast per pair, every position scored and valued in USD; returns the book's USD value.</summary>
        public double ScoringPass(ScoringOptions scoring)
        {
            var usd = _chains.Select(c => UsdPricing.Resolve(c.Symbols, c.Feeds, c.Pools, DateTimeOffset.UtcNow, TimeSpan.FromHours(1), 0.03m, 10_000m)).ToList();
            var forecasts = Vol.ToDictionary(v => v.Key, v => RiskModel.Forecast(v.Value * v.Value / 8760 * scoring.BarHours, scoring));
            double total = 0;
            foreach (var (pool, lower, upper, entry, liquidity) in _positions)
            {
                var (chain, pair, input, price) = _pools[pool];
                var risk = RiskModel.Score(lower, upper, entry, liquidity, price, forecasts[pair], scoring, HedgeRatioPolicy.Model, 0);
                // The position's value is in the pair's quote: token1 here, except USDC/DAI whose quote (DAI) is token1 too.
                var quoteUsd = usd[chain][input.Token1].Price ?? 0;
                total += risk.ValueUsd * (double)quoteUsd; // ValueUsd is in the pair's quote
            }

            return total;
        }
    }
}
