using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace HedgeDashboard.Ethereum.Rpc;

/// <summary>
/// The HTTP hop under Nethereum's RpcClient for one call: it forwards to our HttpClient (IHttpClientFactory, caller
/// cancellation linked in) and makes the checks Nethereum does not: transport failures and HTTP errors become
/// <see cref="RpcTransportException"/>s that never show the node URL's path or user info; a node error sent with HTTP 4xx
/// stays a node error; no reply within the call's timeout is a timeout; a reply that is not JSON, not an object, has neither result nor error, or answers another id,
/// is an <see cref="RpcProtocolException"/> (Nethereum would read a missing result as null).
/// </summary>
internal sealed class NodeWire(HttpClient http, string method, long id, string safeEndpoint, TimeSpan timeout, CancellationToken caller) : HttpMessageHandler
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, caller);
        linked.CancelAfter(timeout);
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(linked.Token).ConfigureAwait(false);

        // Nethereum's HttpClient has marked its request as sent: ours needs its own copy.
        using var forward = new HttpRequestMessage(HttpMethod.Post, request.RequestUri) { Content = new ByteArrayContent(body) };
        forward.Content.Headers.ContentType = Json;
        byte[] bytes;
        int status;
        string? reason;
        try
        {
            using var response = await http.SendAsync(forward, linked.Token).ConfigureAwait(false);
            bytes = await response.Content.ReadAsByteArrayAsync(linked.Token).ConfigureAwait(false);
            status = (int)response.StatusCode;
            reason = response.ReasonPhrase;
        }
        catch (OperationCanceledException ex) when (!caller.IsCancellationRequested)
        {
            throw new RpcTransportException(method, $"{method}: no reply within {timeout.TotalSeconds:0.###} s", isTimeout: true, inner: ex);
        }
        catch (HttpRequestException ex)
        {
            throw new RpcTransportException(method, $"{method}: cannot reach {safeEndpoint}: {ex.Message}", (int?)ex.StatusCode, inner: ex);
        }
        catch (IOException ex)
        {
            throw new RpcTransportException(method, $"{method}: connection failed: {ex.Message}", inner: ex);
        }

        var reply = Check(bytes, status);
        if (status is < 200 or >= 300 && !(reply is { } r && r.IsNodeError && status is >= 400 and < 500 and not 408 and not 429))
        {
            throw new RpcTransportException(method, $"{method}: HTTP {status} {reason} from {safeEndpoint}", status);
        }

        if (reply is null)
        {
            throw new RpcProtocolException(method, $"malformed or truncated JSON ({bytes.Length} bytes): '{Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 120))}'");
        }

        return new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new ByteArrayContent(bytes) { Headers = { ContentType = Json } } };
    }

    /// <summary>Null when the body is not JSON; throws for JSON that is not a well-formed reply to this request.</summary>
    private (bool IsNodeError, bool Ok)? Check(byte[] bytes, int status)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes);
        }
        catch (JsonException)
        {
            return null;
        }

        using (doc)
        {
            var root = doc.RootElement;
            var success = status is >= 200 and < 300;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return success ? throw new RpcProtocolException(method, $"expected a JSON object, got {root.ValueKind}") : (false, false);
            }

            var isError = root.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null;
            if (!success)
            {
                return (isError && error.ValueKind == JsonValueKind.Object, false);
            }

            if (isError && error.ValueKind != JsonValueKind.Object)
            {
                throw new RpcProtocolException(method, "the 'error' member is not an object");
            }

            if (!isError && !root.TryGetProperty("result", out _))
            {
                throw new RpcProtocolException(method, "the reply has neither 'result' nor 'error'");
            }

            if (root.TryGetProperty("id", out var idEl) && idEl.TryGetInt64(out var rid) && rid != id)
            {
                throw new RpcProtocolException(method, $"reply id {rid} does not match request id {id}");
            }

            return (isError, true);
        }
    }
}
