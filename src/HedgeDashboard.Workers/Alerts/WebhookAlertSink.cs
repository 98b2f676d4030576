using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using HedgeDashboard.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HedgeDashboard.Workers.Alerts;

/// <summary>
/// The webhook: alerts are queued (never blocking the stage that raised them) and POSTed as JSON
/// {id, kind, summary, at, data}; header X-Hedge-Signature: sha256=HEX(HMAC-SHA256(secret, body)) and
/// X-Hedge-Alert-Id. A failure (network, timeout, non-2xx) is retried with exponential backoff up to
/// MaxAttempts. The URL comes from app_settings (Settings page) when set, else from Workers:Alerts:WebhookUrl. The
/// client dials public addresses only (<see cref="WebhookTargets.CreateHandler"/>).
/// </summary>
public sealed class WebhookAlertSink(
    IHttpClientFactory http,
    IDbContextFactory<HedgeDbContext> dbFactory,
    IOptions<AlertOptions> options,
    TimeProvider time,
    ILogger<WebhookAlertSink> logger) : BackgroundService, IAlertSink
{
    public const string SignatureHeader = "X-Hedge-Signature";
    public const string HttpClientName = "hedge-webhook";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly AlertOptions _o = options.Value;
    private readonly Channel<Alert> _queue = Channel.CreateBounded<Alert>(new BoundedChannelOptions(options.Value.QueueCapacity) { FullMode = BoundedChannelFullMode.DropWrite });
    private (string? Url, DateTimeOffset At) _urlCache;

    public long Delivered { get; private set; }

    public long Dropped { get; private set; }

    public void Publish(Alert alert)
    {
        if (!_queue.Writer.TryWrite(alert))
        {
            Dropped++;
        }
    }

    /// <summary>The signature header value of a body.</summary>
    public static string Sign(string secret, byte[] body) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var alert in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await DeliverAsync(alert, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Alert {Kind} {Id} not delivered", alert.Kind, alert.Id);
            }
        }
    }

    private async Task DeliverAsync(Alert alert, CancellationToken ct)
    {
        var url = await UrlAsync(ct);
        if (url is null)
        {
            return;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(new { id = alert.Id, kind = alert.Kind, summary = alert.Summary, at = alert.At, data = alert.Data }, Json);
        var delay = TimeSpan.FromMilliseconds(_o.InitialBackoffMilliseconds);
        for (var attempt = 1; ; attempt++)
        {
            string failure;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new("application/json");
                request.Headers.Add("X-Hedge-Alert-Id", alert.Id);
                if (!string.IsNullOrEmpty(_o.WebhookSecret))
                {
                    request.Headers.Add(SignatureHeader, Sign(_o.WebhookSecret, body));
                }

                using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                cts.CancelAfter(TimeSpan.FromSeconds(_o.TimeoutSeconds));
                // Headers only: the status is all we need, and a receiver cannot make us buffer a large body.
                using var response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
                if (response.IsSuccessStatusCode)
                {
                    Delivered++;
                    return;
                }

                failure = $"HTTP {(int)response.StatusCode}";
            }
            catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
            {
                failure = ex.GetBaseException().Message;
            }

            if (attempt >= _o.MaxAttempts)
            {
                Dropped++;
                logger.LogWarning("Alert {Kind} {Id} dropped after {Attempts} attempts: {Failure}", alert.Kind, alert.Id, attempt, failure);
                return;
            }

            await Task.Delay(delay, time, ct);
            delay *= 2;
        }
    }

    private async Task<string?> UrlAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (now - _urlCache.At > TimeSpan.FromSeconds(30))
        {
            string? fromDb = null;
            try
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                fromDb = await db.AppSettings.AsNoTracking().Where(s => s.Id == Data.Entities.AppSettings.SingletonId).Select(s => s.WebhookUrl).FirstOrDefaultAsync(ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogDebug(ex, "Webhook URL: app_settings unreadable, using configuration");
            }

            _urlCache = (string.IsNullOrWhiteSpace(fromDb) ? (string.IsNullOrWhiteSpace(_o.WebhookUrl) ? null : _o.WebhookUrl) : fromDb, now);
        }

        return _urlCache.Url;
    }
}
