using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using HedgeDashboard.Workers.Alerts;
using Microsoft.Extensions.Logging.Abstractions;

namespace HedgeDashboard.Workers.Tests;

/// <summary>The webhook reaches public hosts only (unless allowed), and a receiver cannot hold or flood the sender.</summary>
public sealed class WebhookTargetTests
{
    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.8.9.10", true)]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.16.0.1", true)]
    [InlineData("172.31.255.255", true)]
    [InlineData("192.168.1.1", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("255.255.255.255", true)]
    [InlineData("::", true)]
    [InlineData("::1", true)]
    [InlineData("fe80::1", true)]
    [InlineData("fd12:3456::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("64:ff9b::a00:1", true)]
    [InlineData("8.8.8.8", false)]
    [InlineData("172.32.0.1", false)]
    [InlineData("203.0.113.7", false)]
    [InlineData("2606:4700::1111", false)]
    [InlineData("::ffff:1.1.1.1", false)]
    public void IsPrivate_Address_Classified(string address, bool isPrivate) =>
        Assert.Equal(isPrivate, WebhookTargets.IsPrivate(IPAddress.Parse(address)));

    [Theory]
    [InlineData("http://127.0.0.1:5432/")]
    [InlineData("http://localhost:8080/hook")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("https://10.0.0.5/hook")]
    public async Task CheckAsync_PrivateTarget_RefusedNamingTheSetting(string url)
    {
        Assert.Contains("AllowPrivateWebhookTargets", await WebhookTargets.CheckAsync(url, allowPrivate: false), StringComparison.Ordinal);
        Assert.Null(await WebhookTargets.CheckAsync(url, allowPrivate: true));
    }

    [Fact]
    public async Task CheckAsync_PublicLiteral_Accepted() => Assert.Null(await WebhookTargets.CheckAsync("https://203.0.113.7/hook", allowPrivate: false));

    [Fact]
    public void Validator_LoopbackUrlInConfiguration_NamesTheKeys()
    {
        var failure = new AlertOptionsValidator().Validate(null, new AlertOptions { WebhookUrl = "http://127.0.0.1:5432/" }).FailureMessage;
        Assert.Contains("Workers:Alerts:WebhookUrl", failure, StringComparison.Ordinal);
        Assert.Contains("Workers:Alerts:AllowPrivateWebhookTargets", failure, StringComparison.Ordinal);
        Assert.True(new AlertOptionsValidator().Validate(null, new AlertOptions { WebhookUrl = "http://127.0.0.1:5432/", AllowPrivateWebhookTargets = true }).Succeeded);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")] // a name that resolves to loopback: checked when dialling, as a rebinding name would be
    public async Task Deliver_ToLoopbackReceiver_NeverConnectsUnlessAllowed(string host)
    {
        using var receiver = new Receiver("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        var refused = Sink(new AlertOptions { WebhookUrl = $"http://{host}:{receiver.Port}/hook", MaxAttempts = 1 });
        await DeliverOneAsync(refused, s => s.Dropped == 1);
        Assert.Equal(0, refused.Delivered);
        Assert.Equal(0, receiver.Connections);

        var allowed = Sink(new AlertOptions { WebhookUrl = $"http://{host}:{receiver.Port}/hook", MaxAttempts = 1, AllowPrivateWebhookTargets = true });
        await DeliverOneAsync(allowed, s => s.Delivered == 1);
        Assert.True(receiver.Connections >= 1);
    }

    [Fact]
    public async Task Deliver_ReceiverSendsHugeBody_DeliveredWithoutReadingIt()
    {
        // Claims 1 GB and sends 64 KB, then stalls: buffering the body would wait for the timeout and count a failure.
        using var receiver = new Receiver("HTTP/1.1 200 OK\r\nContent-Length: 1073741824\r\n\r\n" + new string('x', 65536));
        var sink = Sink(new AlertOptions { WebhookUrl = $"http://127.0.0.1:{receiver.Port}/hook", MaxAttempts = 1, TimeoutSeconds = 30, AllowPrivateWebhookTargets = true });
        var sw = Stopwatch.StartNew();
        await DeliverOneAsync(sink, s => s.Delivered + s.Dropped == 1);
        Assert.Equal(1, sink.Delivered);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(25), $"took {sw.Elapsed}");
    }

    [Fact]
    public async Task Deliver_ReceiverNeverAnswers_TimesOut()
    {
        using var receiver = new Receiver(null);
        var sink = Sink(new AlertOptions { WebhookUrl = $"http://127.0.0.1:{receiver.Port}/hook", MaxAttempts = 1, TimeoutSeconds = 1, AllowPrivateWebhookTargets = true });
        await DeliverOneAsync(sink, s => s.Dropped == 1);
        Assert.Equal(0, sink.Delivered);
    }

    private static WebhookAlertSink Sink(AlertOptions o) => new(
        new HandlerFactory(WebhookTargets.CreateHandler(o.AllowPrivateWebhookTargets)), new NoDb(), Microsoft.Extensions.Options.Options.Create(o),
        TimeProvider.System, NullLogger<WebhookAlertSink>.Instance);

    private static async Task DeliverOneAsync(WebhookAlertSink sink, Func<WebhookAlertSink, bool> done)
    {
        await sink.StartAsync(CancellationToken.None);
        sink.Publish(new Alert(AlertKinds.SuggestionCreated, "test", new Dictionary<string, object?>()));
        await TestMarket.EventuallyAsync(() => Task.FromResult<bool?>(done(sink)), "the delivery to end", 60);
        await sink.StopAsync(CancellationToken.None);
    }

    /// <summary>A loopback HTTP "server" that answers every request with a fixed reply (null: never answers).</summary>
    private sealed class Receiver : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly List<TcpClient> _clients = [];
        private int _connections;

        public Receiver(string? reply)
        {
            _listener.Start();
            _ = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    TcpClient client;
                    try
                    {
                        client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    }
                    catch (Exception) when (_stop.IsCancellationRequested)
                    {
                        return;
                    }

                    Interlocked.Increment(ref _connections);
                    lock (_clients)
                    {
                        _clients.Add(client);
                    }

                    if (reply is not null)
                    {
                        _ = Task.Run(async () =>
                        {
                            try
                            {
                                var stream = client.GetStream();
                                var buffer = new byte[8192];
                                var request = new StringBuilder();
                                while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                                {
                                    var n = await stream.ReadAsync(buffer, _stop.Token);
                                    if (n == 0)
                                    {
                                        return;
                                    }

                                    request.Append(Encoding.ASCII.GetString(buffer, 0, n));
                                }

                                await stream.WriteAsync(Encoding.ASCII.GetBytes(reply), _stop.Token);
                            }
                            catch (Exception) when (_stop.IsCancellationRequested)
                            {
                            }
                            catch (IOException)
                            {
                                // The sender hung up without reading the rest: what it should do.
                            }
                        });
                    }
                }
            });
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public int Connections => Volatile.Read(ref _connections);

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            lock (_clients)
            {
                _clients.ForEach(c => c.Dispose());
            }

            _stop.Dispose();
        }
    }

    private sealed class HandlerFactory(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false);
    }

    private sealed class NoDb : Microsoft.EntityFrameworkCore.IDbContextFactory<Data.HedgeDbContext>
    {
        public Data.HedgeDbContext CreateDbContext() => throw new InvalidOperationException("no database in this test");
    }
}
