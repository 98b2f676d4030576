using System.Net;
using System.Numerics;
using HedgeDashboard.Ethereum.Abi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Nethereum.Contracts;

namespace HedgeDashboard.Ethereum.Rpc.Tests;

public class JsonRpcClientTests
{
    [Fact]
    public async Task Call_HappyPath_ParsesQuantity()
    {
        var h = new FakeHandler((req, _) => Task.FromResult(FakeHandler.Result(req, "\"0x7a69\"")));
        Assert.Equal(new BigInteger(31337), await FakeHandler.Client(h).Chain.GetChainIdAsync());
    }

    [Theory]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"res", "malformed or truncated")]
    [InlineData("<html>bad gateway</html>", "malformed or truncated")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1}", "neither 'result' nor 'error'")]
    [InlineData("[1,2]", "expected a JSON object")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0xzz\"}", "Invalid hex digit")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":12}", "not a string")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":999,\"result\":\"0x1\"}", "does not match request id")]
    public async Task Call_MalformedReply_ThrowsRpcProtocolException(string body, string part)
    {
        var h = new FakeHandler((_, _) => Task.FromResult(FakeHandler.Json(body)));
        var ex = await Assert.ThrowsAsync<RpcProtocolException>(() => FakeHandler.Client(h).Chain.GetBlockNumberAsync());
        Assert.Contains(part, ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, h.Calls);
    }

    [Fact]
    public async Task Receipt_MissingField_ThrowsRpcProtocolException()
    {
        var h = new FakeHandler((req, _) => Task.FromResult(FakeHandler.Result(req, "{\"transactionHash\":\"0x" + new string('1', 64) + "\"}")));
        var ex = await Assert.ThrowsAsync<RpcProtocolException>(() => FakeHandler.Client(h).Transactions.GetReceiptAsync(new byte[32]));
        Assert.Contains("missing field 'blockNumber'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http5xx_IsRetriedThenSucceeds()
    {
        var h = new FakeHandler((req, n) => Task.FromResult(n < 3 ? FakeHandler.Json("oops", HttpStatusCode.BadGateway) : FakeHandler.Result(req, "\"0x10\"")));
        Assert.Equal(16UL, await FakeHandler.Client(h).Chain.GetBlockNumberAsync());
        Assert.Equal(3, h.Calls);
    }

    [Fact]
    public async Task Http5xx_Persistent_ThrowsRpcTransportExceptionAfterRetries()
    {
        var h = new FakeHandler((_, _) => Task.FromResult(FakeHandler.Json("down", HttpStatusCode.ServiceUnavailable)));
        var ex = await Assert.ThrowsAsync<RpcTransportException>(() => FakeHandler.Client(h, retries: 2).Chain.GetBlockNumberAsync());
        Assert.Equal(503, ex.HttpStatus);
        Assert.Contains("HTTP 503", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, h.Calls);
    }

    [Fact]
    public async Task Timeout_ThrowsRpcTransportExceptionWithIsTimeout()
    {
        var h = new FakeHandler(async (req, _) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5));
            return FakeHandler.Result(req, "\"0x1\"");
        });
        var ex = await Assert.ThrowsAsync<RpcTransportException>(() => FakeHandler.Client(h, TimeSpan.FromMilliseconds(100), retries: 1).Chain.GetBlockNumberAsync());
        Assert.True(ex.IsTimeout);
        Assert.Contains("no reply within", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, h.Calls);
    }

    [Fact]
    public async Task ConnectionRefused_ThrowsRpcTransportException()
    {
        var rpc = EthereumRpc.Create(new Uri("http://127.0.0.1:9/"), TimeSpan.FromSeconds(2), maxRetries: 1);
        var ex = await Assert.ThrowsAsync<RpcTransportException>(() => rpc.Chain.GetBlockNumberAsync());
        Assert.Contains("cannot reach", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallerCancellation_IsNotConvertedOrRetried()
    {
        var h = new FakeHandler(async (req, _) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5));
            return FakeHandler.Result(req, "\"0x1\"");
        });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => FakeHandler.Client(h).Chain.GetBlockNumberAsync(cts.Token));
        Assert.Equal(1, h.Calls);
    }

    [Theory]
    [InlineData(-32000, "nonce too low: next nonce 5, tx nonce 1", typeof(NonceTooLowException))]
    [InlineData(-32000, "already known", typeof(AlreadyKnownException))]
    [InlineData(-32003, "transaction already imported", typeof(AlreadyKnownException))]
    [InlineData(-32000, "replacement transaction underpriced", typeof(ReplacementUnderpricedException))]
    [InlineData(-32003, "Insufficient funds for gas * price + value", typeof(InsufficientFundsException))]
    [InlineData(-32601, "the method eth_foo does not exist", typeof(RpcException))]
    public async Task NodeError_IsTypedAndNeverRetried(int code, string message, Type expected)
    {
        var h = new FakeHandler((req, _) => Task.FromResult(FakeHandler.Error(req, code, message)));
        var ex = await Assert.ThrowsAnyAsync<RpcException>(() => FakeHandler.Client(h).Transactions.SendRawTransactionAsync([0x01]));
        Assert.IsType(expected, ex);
        Assert.Equal(code, ex.Code);
        Assert.Equal(message, ex.NodeMessage);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, h.Calls);
    }

    [Fact]
    public async Task NodeErrorWithHttp400_IsStillTheNodeError()
    {
        var h = new FakeHandler((req, _) =>
        {
            var r = FakeHandler.Error(req, -32000, "nonce too low");
            r.StatusCode = HttpStatusCode.BadRequest;
            return Task.FromResult(r);
        });
        await Assert.ThrowsAsync<NonceTooLowException>(() => FakeHandler.Client(h).Transactions.SendRawTransactionAsync([0x01]));
        Assert.Equal(1, h.Calls);
    }

    [Fact]
    public async Task ExecutionReverted_DecodesErrorPanicAndCustom()
    {
        var reason = Hex.Encode(new RevertPayloads.Error { Message = "ratio too high" }.GetCallData());
        var panic = Hex.Encode(new RevertPayloads.Panic { Code = 0x12 }.GetCallData());
        var custom = Hex.Encode(new RevertPayloads.Cooldown { Until = 30 }.GetCallData());
        foreach (var (data, kind, text) in new[] { (reason, RevertKind.ErrorString, "ratio too high"), (panic, RevertKind.Panic, "division"), (custom, RevertKind.CustomError, "0x") })
        {
            var h = new FakeHandler((req, _) => Task.FromResult(FakeHandler.Error(req, 3, "execution reverted", $"\"{data}\"")));
            var ex = await Assert.ThrowsAsync<ExecutionRevertedException>(() => FakeHandler.Client(h).Calls.CallAsync(new CallRequest { To = Address.Zero }));
            Assert.Equal(kind, ex.Reason.Kind);
            Assert.Contains(text, ex.Message, StringComparison.Ordinal);
            Assert.Equal(3, ex.Code);
        }
    }

    [Fact]
    public async Task Batch_ResultsComeBackInRequestOrder_WithPerRequestErrors()
    {
        var h = new FakeHandler((req, _) =>
        {
            var items = req.EnumerateArray().Reverse().Select(r => r.GetProperty("method").GetString() == "eth_bad"
                ? $"{{\"jsonrpc\":\"2.0\",\"id\":{r.GetProperty("id").GetRawText()},\"error\":{{\"code\":-32601,\"message\":\"no such method\"}}}}"
                : $"{{\"jsonrpc\":\"2.0\",\"id\":{r.GetProperty("id").GetRawText()},\"result\":\"{r.GetProperty("method").GetString()}\"}}");
            return Task.FromResult(FakeHandler.Json("[" + string.Join(",", items) + "]"));
        });
        var rpc = FakeHandler.Client(h);
        var replies = await rpc.Client.BatchAsync([new RpcRequest("eth_a"), new RpcRequest("eth_bad"), new RpcRequest("eth_c", 1, "x")]);
        Assert.Equal("eth_a", replies[0].GetResultOrThrow().GetString());
        Assert.Equal(-32601, Assert.IsType<RpcException>(replies[1].Error).Code);
        Assert.Equal("eth_c", replies[2].GetResultOrThrow().GetString());
        Assert.Equal(1, h.Calls);
    }

    [Fact]
    public async Task Batch_TruncatedReply_ThrowsRpcProtocolException()
    {
        var h = new FakeHandler((_, _) => Task.FromResult(FakeHandler.Json("[{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x1\"}")));
        await Assert.ThrowsAsync<RpcProtocolException>(() => FakeHandler.Client(h).Client.BatchAsync([new RpcRequest("eth_a"), new RpcRequest("eth_b")]));
    }

    [Fact]
    public async Task GetLogs_RangeRefused_IsSplitUntilTheNodeAccepts()
    {
        var ranges = new List<(ulong From, ulong To)>();
        var h = new FakeHandler((req, _) =>
        {
            var filter = req.GetProperty("params")[0];
            var from = (ulong)Hex.DecodeQuantity(filter.GetProperty("fromBlock").GetString()!);
            var to = (ulong)Hex.DecodeQuantity(filter.GetProperty("toBlock").GetString()!);
            if (to - from + 1 > 100)
            {
                return Task.FromResult(FakeHandler.Error(req, -32005, "query exceeds max block range 100"));
            }

            lock (ranges)
            {
                ranges.Add((from, to));
            }

            // one log per block whose number is a multiple of 50
            var logs = Enumerable.Range((int)from, (int)(to - from + 1)).Where(b => b % 50 == 0).Select(b =>
                $"{{\"address\":\"0x{new string('a', 40)}\",\"topics\":[\"0x{new string('b', 64)}\"],\"data\":\"0x\",\"blockNumber\":\"{Hex.EncodeQuantity((ulong)b)}\",\"logIndex\":\"0x0\",\"removed\":false}}");
            return Task.FromResult(FakeHandler.Result(req, "[" + string.Join(",", logs) + "]"));
        });
        var logs = await FakeHandler.Client(h).Logs.GetLogsAsync(new LogFilter { FromBlock = 1, ToBlock = 1000, Addresses = [Address.Zero] });
        Assert.Equal(20, logs.Count);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (ulong)(i * 50)), logs.Select(l => l.BlockNumber!.Value));
        Assert.Equal(1000L, ranges.Sum(r => (long)(r.To - r.From + 1)));
        Assert.All(ranges, r => Assert.True(r.To - r.From + 1 <= 100));
    }

    [Fact]
    public async Task FeeSuggestion_IsTwiceBaseFeePlusTip_CappedByCeiling()
    {
        var h = new FakeHandler((req, _) => Task.FromResult(FakeHandler.Result(req,
            "{\"oldestBlock\":\"0x1\",\"baseFeePerGas\":[\"0x3b9aca00\",\"0x3b9aca00\",\"0x77359400\"],\"gasUsedRatio\":[0.5,0.5],\"reward\":[[\"0x77359400\"],[\"0xb2d05e00\"]]}")));
        var rpc = FakeHandler.Client(h);
        var s = await rpc.Fees.SuggestAsync();
        Assert.Equal(new BigInteger(2_000_000_000), s.BaseFeePerGas);
        Assert.Equal(new BigInteger(3_000_000_000), s.MaxPriorityFeePerGas);
        Assert.Equal(new BigInteger(7_000_000_000), s.MaxFeePerGas);
        var capped = await rpc.Fees.SuggestAsync(new Api.FeeSuggestionOptions { MaxFeeCeiling = 5_000_000_000 });
        Assert.Equal(new BigInteger(5_000_000_000), capped.MaxFeePerGas);
    }

    [Theory]
    [InlineData("")]
    [InlineData("localhost:8545")]
    [InlineData("ftp://node/")]
    [InlineData("/relative")]
    public void AddEthereumRpc_BadRpcUrl_FailsAtStartNamingTheKey(string url)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Chain:RpcUrl"] = url }).Build();
        using var sp = new ServiceCollection().AddEthereumRpc(config).BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<ChainOptions>>().Value);
        Assert.Contains("Chain:RpcUrl", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddEthereumRpc_GoodUrl_ResolvesTheClient()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Chain:RpcUrl"] = "http://127.0.0.1:8545" }).Build();
        using var sp = new ServiceCollection().AddEthereumRpc(config).BuildServiceProvider();
        Assert.Equal(new Uri("http://127.0.0.1:8545"), sp.GetRequiredService<EthereumRpc>().Client.Endpoint);
        Assert.NotNull(sp.GetRequiredService<TransactionSender>());
    }
}

public class PerCallTimeoutTests
{
    [Fact]
    public async Task PerCallTimeout_OverridesTheClientDefault()
    {
        var h = new FakeHandler(async (req, _) =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(300));
            return FakeHandler.Result(req, "\"0x1\"");
        });
        var rpc = FakeHandler.Client(h, TimeSpan.FromSeconds(5), retries: 0);
        var ex = await Assert.ThrowsAsync<RpcTransportException>(() => rpc.Client.CallAsync("eth_blockNumber", [], TimeSpan.FromMilliseconds(50)));
        Assert.True(ex.IsTimeout);
        Assert.Equal("0x1", (await rpc.Client.CallAsync("eth_blockNumber", [])).GetString());
    }
}

public class EndpointSecrecyTests
{
    [Fact]
    public async Task TransportErrors_NeverShowThePathOrUserInfoOfTheNodeUrl()
    {
        var h = new FakeHandler((_, _) => Task.FromResult(FakeHandler.Json("down", System.Net.HttpStatusCode.BadGateway)));
        var rpc = new EthereumRpc(new JsonRpcClient(new HttpClient(h), new JsonRpcClientOptions
        {
            Endpoint = new Uri("https://user:pa55@node.example:8545/v3/SECRETKEY"),
            MaxRetries = 0,
        }));
        var ex = await Assert.ThrowsAsync<RpcTransportException>(() => rpc.Chain.GetBlockNumberAsync());
        Assert.DoesNotContain("SECRETKEY", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pa55", ex.Message, StringComparison.Ordinal);
        Assert.Contains("node.example:8545", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsureChainId_Mismatch_NamesTheConfigKey()
    {
        var h = new FakeHandler((req, _) => Task.FromResult(FakeHandler.Result(req, "\"0x1\"")));
        var rpc = FakeHandler.Client(h);
        await rpc.EnsureChainIdAsync(1);
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => rpc.EnsureChainIdAsync(31337));
        Assert.Contains("Chain:ChainId", ex.Message, StringComparison.Ordinal);
    }
}
