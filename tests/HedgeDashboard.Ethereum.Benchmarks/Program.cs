using System.Numerics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Ethereum.Crypto;
using HedgeDashboard.Ethereum.Rpc.Contracts;
using HedgeDashboard.Ethereum.Transactions;
using NBitcoin.Secp256k1;

// Run: dotnet run -c Release --project tests/HedgeDashboard.Ethereum.Benchmarks
// A short in-process job (3 warm-ups, 8 iterations; median shown because the 2-core machine is shared) keeps the whole run around a minute.
var config = ManualConfig.CreateMinimumViable()
    .AddJob(Job.ShortRun.WithWarmupCount(3).WithIterationCount(8).WithLaunchCount(1).WithToolchain(InProcessEmitToolchain.Instance))
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
BenchmarkRunner.Run<EthereumBenchmarks>(config, args);
EthereumBenchmarks.PairedSignRatio();

/// <summary>
/// Hot paths of the relayer on Nethereum, and a bare NBitcoin.Secp256k1 recoverable sign of the same hash as the
/// yardstick for sign + encode (what Nethereum's EthECKey does underneath with SignRecoverable = true).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class EthereumBenchmarks
{
    private readonly byte[] _data200 = new byte[200];
    private readonly byte[] _hash = Keccak256.HashUtf8("benchmark");
    private PrivateKey _key = null!;
    private Eip1559Transaction _tx = null!;
    private Signature _signature = null!;
    private RatioUpdate _update = null!;
    private ECPrivKey _bareKey = null!;
    private byte[] _txHash = null!;
    private Address _to;

    [GlobalSetup]
    public void Setup()
    {
        new Random(1).NextBytes(_data200);
        _key = PrivateKey.FromHex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
        _to = Address.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
        _update = new RatioUpdate(7, BigInteger.Pow(10, 17) * 6, BigInteger.Pow(10, 18), 3, 1_800_000_000);
        _tx = new Eip1559Transaction
        {
            ChainId = 31337,
            Nonce = 42,
            MaxPriorityFeePerGas = 1_000_000_000,
            MaxFeePerGas = 30_000_000_000,
            GasLimit = 200_000,
            To = _to,
            Data = HedgeController.EncodeUpdateRatio(_update, new byte[65]),
        };
        _signature = _key.SignHash(_hash);
        _bareKey = ECPrivKey.Create(_key.ExportBytes());
        _txHash = _tx.GetSigningHash();
    }

    /// <summary>
    /// Bare sign and sign + encode alternated call by call, so that a shared machine's changing load hits both alike;
    /// prints the ratio of the two medians (target: at most 1.3).
    /// </summary>
    public static void PairedSignRatio(int pairs = 400)
    {
        var b = new EthereumBenchmarks();
        b.Setup();
        var bare = new double[pairs];
        var ours = new double[pairs];
        for (var i = 0; i < 50; i++)
        {
            b.BareSign();
            b.SignAndEncodeType2();
        }

        for (var i = 0; i < pairs; i++)
        {
            var t0 = System.Diagnostics.Stopwatch.GetTimestamp();
            b.BareSign();
            var t1 = System.Diagnostics.Stopwatch.GetTimestamp();
            b.SignAndEncodeType2();
            var t2 = System.Diagnostics.Stopwatch.GetTimestamp();
            bare[i] = System.Diagnostics.Stopwatch.GetElapsedTime(t0, t1).TotalMicroseconds;
            ours[i] = System.Diagnostics.Stopwatch.GetElapsedTime(t1, t2).TotalMicroseconds;
        }

        Array.Sort(bare);
        Array.Sort(ours);
        var (mb, mo) = (bare[pairs / 2], ours[pairs / 2]);
        Console.WriteLine(System.FormattableString.Invariant(
            $"Paired ({pairs} alternating calls): bare sign median {mb:0.0} us, type-2 sign + encode median {mo:0.0} us, ratio {mo / mb:0.00} (target <= 1.30)"));
    }

    [Benchmark(Description = "Keccak-256 of 200 bytes")]
    public byte[] Keccak200() => Keccak256.Hash(_data200);

    /// <summary>Signs the transaction's own signing hash: the ECDSA part of <see cref="SignAndEncodeType2"/>, nothing else.</summary>
    [Benchmark(Description = "bare NBitcoin.Secp256k1 recoverable sign (RFC 6979)")]
    public SecpRecoverableECDSASignature? BareSign() => _bareKey.TrySignRecoverable(_txHash, out var sig) ? sig : null;

    [Benchmark(Description = "type-2 tx sign + encode")]
    public byte[] SignAndEncodeType2() => _tx.Sign(_key).Raw;

    [Benchmark(Description = "signer recovery")]
    public Address Recover() => Secp256k1.RecoverAddress(_hash, _signature);

    [Benchmark(Description = "updateRatio calldata (Nethereum function message)")]
    public byte[] EncodeUpdateRatio() => HedgeController.EncodeUpdateRatio(_update, new byte[65]);
}
