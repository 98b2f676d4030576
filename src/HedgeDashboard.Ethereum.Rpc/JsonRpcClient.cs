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
    public Task<JsonElement> CallAsync(string method, object?[] parameters, TimeSpan? timeout, CancellationToken ct = default)
    {
        var id = Interlocked.Increment(ref _nextId);
        var callTimeout = timeout ?? _options.CallTimeout;
        return WithRetriesAsync(method, async () =>
        {
            var reply = await SendOnceAsync(method, [id], callTimeout, client => client.SendAsync(new RpcRequestMessage(id, method, parameters), null), ct).ConfigureAwait(false);
            return reply.HasError
                ? throw RpcErrorMapper.Map(method, reply.Error.Code, reply.Error.Message ?? "(no message)", ToElement(reply.Error.Data))
                : ToElement(reply.Result) ?? JsonDocument.Parse("null").RootElement.Clone();
        }, ct);
    }

    public Task<JsonElement> CallAsync(string method, CancellationToken ct = default) => CallAsync(method, [], ct);

    /// <summary>
    /// Sends several requests in one HTTP round trip (Nethereum's batch); replies are matched by id and returned in request
    /// order, each a result or the typed error for that request alone. Retried as a whole on transport failures.
    /// </summary>
    public async Task<IReadOnlyList<RpcResponse>> BatchAsync(IReadOnlyList<RpcRequest> requests, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0)
        {
            return [];
        }

        const string label = "batch";
        var ids = requests.Select(_ => Interlocked.Increment(ref _nextId)).ToArray();
        return await WithRetriesAsync<IReadOnlyList<RpcResponse>>(label, async () =>
        {
            var items = await SendOnceAsync(label, ids, _options.CallTimeout, async client =>
            {
                var batch = new RpcRequestResponseBatch { AcceptPartiallySuccessful = true };
                var pending = requests.Select((r, i) => new RpcRequestResponseBatchItem<RpcRequestResponseHandler<JToken>, JToken>(
                    new RpcRequestResponseHandler<JToken>(client, r.Method), new Nethereum.JsonRpc.Client.RpcRequest(ids[i], r.Method, r.Parameters))).ToList();
                batch.BatchItems.AddRange(pending);
                await client.SendBatchRequestAsync(batch).ConfigureAwait(false);
                return pending;
            }, ct).ConfigureAwait(false);
            return [.. items.Select((item, i) => item.HasError
                ? new RpcResponse(null, RpcErrorMapper.Map(requests[i].Method, item.RpcError.Code, item.RpcError.Message ?? "(no message)", ToElement(item.RpcError.Data)))
                : new RpcResponse(ToElement(item.Response) ?? JsonDocument.Parse("null").RootElement.Clone(), null))];
        }, ct).ConfigureAwait(false);
    }

    private static JsonElement? ToElement(object? value) => value switch
    {
        null => null,
        JToken token => JsonDocument.Parse(token.ToString(Newtonsoft.Json.Formatting.None)).RootElement.Clone(),
        JsonElement element => element.Clone(),
        var other => JsonSerializer.SerializeToElement(other),
    };

    /// <summary>Runs one attempt, and again after a backoff on a retryable transport failure, up to <see cref="JsonRpcClientOptions.MaxRetries"/> times.</summary>
    private async Task<T> WithRetriesAsync<T>(string label, Func<Task<T>> attempt, CancellationToken ct)
    {
        for (var n = 0; ; n++)
        {
            try
            {
                return await attempt().ConfigureAwait(false);
            }
            catch (RpcTransportException ex) when (n < _options.MaxRetries && IsRetryable(ex))
            {
                var delay = Backoff(n);
                _logger.LogWarning("JSON-RPC {Method} transport failure (attempt {Attempt}): {Error}; retrying in {Delay} ms", label, n + 1, ex.Message, (int)delay.TotalMilliseconds);
                await Task.Delay(delay, ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// One attempt through Nethereum's <see cref="RpcClient"/> (request and reply (de)serialization), with our HttpClient
    /// underneath (<see cref="NodeWire"/>: per-call timeout, cancellation, reply checks) and Nethereum's errors mapped to
    /// our typed ones. Nethereum's own timeout is one static for the process, so NodeWire enforces ours.
    /// </summary>
    private async Task<T> SendOnceAsync<T>(string label, long[] ids, TimeSpan timeout, Func<RpcClient, Task<T>> send, CancellationToken ct)
    {
        using var wire = new HttpClient(new NodeWire(_http, label, ids, SafeEndpoint, timeout, ct)) { Timeout = Timeout.InfiniteTimeSpan };
        var client = new RpcClient(_options.Endpoint, wire, null, null, null);
        try
        {
            return await send(client).ConfigureAwait(false);
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
            throw new RpcTransportException(label, $"{label}: no reply within {timeout.TotalSeconds:0.###} s", isTimeout: true, inner: ex);
        }
        catch (Exception ex) when (ex is RpcClientUnknownException or RpcResponseException)
        {
            throw new RpcProtocolException(label, $"the reply cannot be read ({(ex.InnerException ?? ex).GetType().Name})", ex);
        }
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
}
