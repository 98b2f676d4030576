using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging.Abstractions;
using Nethereum.JsonRpc.Client;
using Nethereum.JsonRpc.Client.RpcMessages;
using Newtonsoft.Json.Linq;

namespace HedgeDashboard.Ethereum.Rpc;

/// <summary>Client settings: endpoint, per-call timeout, and retries (transport errors only).</summary>
public sealed class JsonRpcClientOptions
{
    public required Uri Endpoint { get; init; }

    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Retries after the first attempt, for connection failures, HTTP 5xx/429 and timeouts. Node errors are never retried.</summary>
    public int MaxRetries { get; init; } = 3;

    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(5);
}

/// <summary>One request of a batch.</summary>
public sealed record RpcRequest(string Method, params object?[] Parameters);

/// <summary>One reply of a batch: a result or the typed error for that request alone.</summary>
public sealed record RpcResponse(JsonElement? Result, RpcException? Error)
{
    public JsonElement GetResultOrThrow() => Error is not null ? throw Error : Result!.Value;
}

/// <summary>
/// JSON-RPC 2.0 through Nethereum's <see cref="RpcClient"/> over our HttpClient (from IHttpClientFactory). Ours on top:
/// per-call timeouts; exponential backoff with jitter for transport failures only; node errors mapped to typed
/// <see cref="RpcException"/>s and never retried; reply checks Nethereum does not make (<see cref="NodeWire"/>).
/// </summary>
public sealed class JsonRpcClient
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;
    private readonly JsonRpcClientOptions _options;
    private readonly ILogger _logger;
    private long _nextId;

    public JsonRpcClient(HttpClient http, JsonRpcClientOptions options, ILogger<JsonRpcClient>? logger = null)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public Uri Endpoint => _options.Endpoint;

    /// <summary>scheme://host:port only: node URLs often carry API keys in the path or user info, which never go into messages.</summary>
    private string SafeEndpoint => $"{_options.Endpoint.Scheme}://{_options.Endpoint.Host}:{_options.Endpoint.Port}";

    /// <summary>Calls one method and returns its "result" (a detached JsonElement).</summary>
    public Task<JsonElement> CallAsync(string method, object?[] parameters, CancellationToken ct = default)
        => CallAsync(method, parameters, null, ct);

    /// <summary>Calls one method with its own timeout per attempt (default: the client's <see cref="JsonRpcClientOptions.CallTimeout"/>).</summary>
    public async Task<JsonElement> CallAsync(string method, object?[] parameters, TimeSpan? timeout, CancellationToken ct = default)
    {
        var id = Interlocked.Increment(ref _nextId);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await CallOnceAsync(id, method, parameters, timeout ?? _options.CallTimeout, ct).ConfigureAwait(false);
            }
            catch (RpcTransportException ex) when (attempt < _options.MaxRetries && IsRetryable(ex))
            {
                await BackOffAsync(method, attempt, ex, ct).ConfigureAwait(false);
            }
        }
    }

    public Task<JsonElement> CallAsync(string method, CancellationToken ct = default) => CallAsync(method, [], ct);

    /// <summary>Sends several requests in one HTTP round trip; replies are matched by id and returned in request order.</summary>
    public async Task<IReadOnlyList<RpcResponse>> BatchAsync(IReadOnlyList<RpcRequest> requests, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0)
        {
            return [];
        }

        var ids = new long[requests.Count];
        var payload = new List<Dictionary<string, object?>>();
        for (var i = 0; i < requests.Count; i++)
        {
            ids[i] = Interlocked.Increment(ref _nextId);
            payload.Add(new() { ["jsonrpc"] = "2.0", ["id"] = ids[i], ["method"] = requests[i].Method, ["params"] = requests[i].Parameters });
        }

        const string label = "batch";
        using var doc = await SendAsync(label, JsonSerializer.SerializeToUtf8Bytes(payload), _options.CallTimeout, ct).ConfigureAwait(false);
        var root = doc.RootElement;
        if (root.ValueKind == JsonValueKind.Object)
        {
            // A node that refuses the whole batch answers with a single error object.
            var single = ParseReply(label, root);
            throw single.Response.Error ?? new RpcProtocolException(label, "expected an array reply to a batch");
        }

        if (root.ValueKind != JsonValueKind.Array)
        {
            throw new RpcProtocolException(label, $"expected a JSON array, got {root.ValueKind}");
        }

        var byId = new Dictionary<long, RpcResponse>();
        foreach (var item in root.EnumerateArray())
        {
            var idx = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id", out var idEl) && idEl.TryGetInt64(out var idv) ? Array.IndexOf(ids, idv) : -1;
            if (idx < 0)
            {
                throw new RpcProtocolException(label, "a batch reply has a missing or unknown id");
            }

            byId[ids[idx]] = ParseReply(requests[idx].Method, item).Response;
        }

        var result = new RpcResponse[requests.Count];
        for (var i = 0; i < requests.Count; i++)
        {
            result[i] = byId.TryGetValue(ids[i], out var r) ? r : throw new RpcProtocolException(requests[i].Method, $"the batch reply lacks request id {ids[i]}");
        }

        return result;
    }

    private static (long? Id, RpcResponse Response) ParseReply(string method, JsonElement reply)
    {
        if (reply.ValueKind != JsonValueKind.Object)
        {
            throw new RpcProtocolException(method, $"expected a JSON object, got {reply.ValueKind}");
        }

        long? id = reply.TryGetProperty("id", out var idEl) && idEl.TryGetInt64(out var idv) ? idv : null;
        if (reply.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null)
        {
            if (error.ValueKind != JsonValueKind.Object)
            {
                throw new RpcProtocolException(method, "the 'error' member is not an object");
            }

            var code = error.TryGetProperty("code", out var c) && c.TryGetInt32(out var ci) ? ci : 0;
            var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "(no message)";
            JsonElement? data = error.TryGetProperty("data", out var d) ? d.Clone() : null;
            return (id, new RpcResponse(null, RpcErrorMapper.Map(method, code, message, data)));
        }

        if (!reply.TryGetProperty("result", out var result))
        {
            throw new RpcProtocolException(method, "the reply has neither 'result' nor 'error'");
        }

        return (id, new RpcResponse(result.Clone(), null));
    }

    private async Task<JsonDocument> SendAsync(string method, byte[] body, TimeSpan timeout, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await SendOnceAsync(method, body, timeout, ct).ConfigureAwait(false);
            }
            catch (RpcTransportException ex) when (attempt < _options.MaxRetries && IsRetryable(ex))
            {
                await BackOffAsync(method, attempt, ex, ct).ConfigureAwait(false);
            }
        }
    }

    private async Task BackOffAsync(string method, int attempt, RpcTransportException ex, CancellationToken ct)
    {
        var delay = Backoff(attempt);
        _logger.LogWarning("JSON-RPC {Method} transport failure (attempt {Attempt}): {Error}; retrying in {Delay} ms", method, attempt + 1, ex.Message, (int)delay.TotalMilliseconds);
        await Task.Delay(delay, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// One attempt through Nethereum's <see cref="RpcClient"/> (request and reply (de)serialization, its timeout), with
    /// our HttpClient underneath (<see cref="NodeWire"/>) and Nethereum's errors mapped to our typed ones.
    /// </summary>
    private async Task<JsonElement> CallOnceAsync(long id, string method, object?[] parameters, TimeSpan callTimeout, CancellationToken ct)
    {
        // Nethereum's timeout is one static for the process; ours is per call, so NodeWire enforces it.
        using var wire = new HttpClient(new NodeWire(_http, method, id, SafeEndpoint, callTimeout, ct)) { Timeout = Timeout.InfiniteTimeSpan };
        var client = new RpcClient(_options.Endpoint, wire, null, null, null);
        RpcResponseMessage reply;
        try
        {
            reply = await client.SendAsync(new RpcRequestMessage(id, method, parameters), null).ConfigureAwait(false);
        }
        catch (Exception ex) when (ct.IsCancellationRequested && ex is not OutOfMemoryException)
        {
            throw new OperationCanceledException(ct);
        }
        catch (Exception ex) when (Inner<RpcException>(ex) is { } ours)
        {
            ExceptionDispatchInfo.Throw(ours);
            throw;
        }
        catch (Exception ex) when (ex is RpcClientTimeoutException || Inner<OperationCanceledException>(ex) is not null)
        {
            throw new RpcTransportException(method, $"{method}: no reply within {callTimeout.TotalSeconds:0.###} s", isTimeout: true, inner: ex);
        }
        catch (RpcClientUnknownException ex)
        {
            throw new RpcProtocolException(method, $"the reply cannot be read ({ex.InnerException?.GetType().Name ?? "unknown error"})", ex);
        }

        if (reply.HasError)
        {
            var data = reply.Error.Data is { } d ? JsonDocument.Parse(d is JToken t ? t.ToString(Newtonsoft.Json.Formatting.None) : JsonSerializer.Serialize(d)).RootElement.Clone() : (JsonElement?)null;
            throw RpcErrorMapper.Map(method, reply.Error.Code, reply.Error.Message ?? "(no message)", data);
        }

        return reply.Result switch
        {
            null => JsonDocument.Parse("null").RootElement.Clone(),
            JToken token => JsonDocument.Parse(token.ToString(Newtonsoft.Json.Formatting.None)).RootElement.Clone(),
            JsonElement element => element.Clone(),
            var other => JsonSerializer.SerializeToElement(other),
        };
    }

    private static T? Inner<T>(Exception? ex)
        where T : Exception
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is T t)
            {
                return t;
            }
        }

        return null;
    }

    private static bool IsRetryable(RpcTransportException ex) => ex.HttpStatus is null or >= 500 or 429 or 408;

    private TimeSpan Backoff(int attempt)
    {
        var ms = _options.InitialBackoff.TotalMilliseconds * Math.Pow(2, attempt);
        ms = Math.Min(ms, _options.MaxBackoff.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(ms * (0.75 + (Random.Shared.NextDouble() * 0.5)));
    }

    private async Task<JsonDocument> SendOnceAsync(string method, byte[] body, TimeSpan callTimeout, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(callTimeout);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        HttpResponseMessage response;
        byte[] bytes;
        try
        {
            response = await _http.PostAsync(_options.Endpoint, content, timeout.Token).ConfigureAwait(false);
            using (response)
            {
                bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (!response.IsSuccessStatusCode)
                {
                    // Some nodes send a JSON-RPC error with HTTP 4xx: prefer the node's error then.
                    if (status is >= 400 and < 500 && status is not 408 and not 429 && TryParse(bytes) is { } errDoc)
                    {
                        if (errDoc.RootElement.ValueKind == JsonValueKind.Object && errDoc.RootElement.TryGetProperty("error", out _))
                        {
                            return errDoc;
                        }

                        errDoc.Dispose();
                    }

                    throw new RpcTransportException(method, $"{method}: HTTP {status} {response.ReasonPhrase} from {SafeEndpoint}", status);
                }
            }
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new RpcTransportException(method, $"{method}: no reply within {callTimeout.TotalSeconds:0.###} s", isTimeout: true, inner: ex);
        }
        catch (HttpRequestException ex)
        {
            throw new RpcTransportException(method, $"{method}: cannot reach {SafeEndpoint}: {ex.Message}", (int?)ex.StatusCode, inner: ex);
        }
        catch (IOException ex)
        {
            throw new RpcTransportException(method, $"{method}: connection failed: {ex.Message}", inner: ex);
        }

        try
        {
            return JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            var preview = Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 120));
            throw new RpcProtocolException(method, $"malformed or truncated JSON ({bytes.Length} bytes): '{preview}'", ex);
        }
    }

    private static JsonDocument? TryParse(byte[] bytes)
    {
        try
        {
            return JsonDocument.Parse(bytes);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
