using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace HedgeDashboard.Ethereum.Rpc;

/// <summary>
/// The HTTP hop under Nethereum's RpcClient for one call: it forwards to our HttpClient (IHttpClientFactory, caller
/// cancellation linked in) and makes the checks Nethereum does not: transport failures and HTTP errors become
/// <see cref="RpcTransportException"/>s that never show the node URL's path or user info; a node error sent with HTTP 4xx
/// stays a node error; no reply within the call's timeout is a timeout; a reply that is not JSON, not an object, has neither result nor error, or answers another id,
/// is an <see cref="RpcProtocolException"/> (Nethereum would read a missing result as null). For a batch (several ids)
/// the reply must be an array with one well-formed reply per request; a node that refuses the whole batch with one
/// error object gets that error, typed.
/// </summary>
internal sealed class NodeWire(HttpClient http, string method, long[] ids, string safeEndpoint, TimeSpan timeout, CancellationToken caller) : HttpMessageHandler
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

    /// <summary>Null when the body is not JSON; throws for JSON that is not a well-formed reply to this request or batch.</summary>
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
            var batch = ids.Length > 1 || method == "batch";
            if (!success)
            {
                return (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object, false);
            }

            if (!batch)
            {
                return root.ValueKind == JsonValueKind.Object
                    ? (CheckReply(root, method), true)
                    : throw new RpcProtocolException(method, $"expected a JSON object, got {root.ValueKind}");
            }

            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var refusal) && refusal.ValueKind == JsonValueKind.Object)
            {
                var code = refusal.TryGetProperty("code", out var c) && c.TryGetInt32(out var ci) ? ci : 0;
                var message = refusal.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "(no message)";
                throw RpcErrorMapper.Map(method, code, message, refusal.TryGetProperty("data", out var d) ? d.Clone() : null);
            }

            if (root.ValueKind != JsonValueKind.Array)
            {
                throw new RpcProtocolException(method, $"expected a JSON array, got {root.ValueKind}");
            }

            var answered = new HashSet<long>();
            foreach (var item in root.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("id", out var idEl) || !idEl.TryGetInt64(out var rid) || Array.IndexOf(ids, rid) < 0)
                {
                    throw new RpcProtocolException(method, "a batch reply has a missing or unknown id");
                }

                CheckReply(item, method);
                answered.Add(rid);
            }

            var missing = ids.Where(i => !answered.Contains(i)).ToList();
            return missing.Count == 0 ? (false, true) : throw new RpcProtocolException(method, $"the batch reply lacks request id {missing[0]}");
        }
    }

    /// <summary>One reply object: an object error, or a result; for a single call, the request's id.</summary>
    private bool CheckReply(JsonElement reply, string what)
    {
        var isError = reply.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null;
        if (isError && error.ValueKind != JsonValueKind.Object)
        {
            throw new RpcProtocolException(what, "the 'error' member is not an object");
        }

        if (!isError && !reply.TryGetProperty("result", out _))
        {
            throw new RpcProtocolException(what, "the reply has neither 'result' nor 'error'");
        }

        if (ids.Length == 1 && reply.TryGetProperty("id", out var idEl) && idEl.TryGetInt64(out var rid) && rid != ids[0])
        {
            throw new RpcProtocolException(what, $"reply id {rid} does not match request id {ids[0]}");
        }

        return isError;
    }
}
