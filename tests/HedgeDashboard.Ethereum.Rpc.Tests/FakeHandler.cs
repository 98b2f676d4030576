using System.Net;
using System.Text;
using System.Text.Json;

namespace HedgeDashboard.Ethereum.Rpc.Tests;

/// <summary>An HttpMessageHandler that answers from a script: each call gets the request body and returns a reply.</summary>
internal sealed class FakeHandler(Func<JsonElement, int, Task<HttpResponseMessage>> reply) : HttpMessageHandler
{
    private int _calls;

    public int Calls => _calls;

    public static HttpResponseMessage Json(string body, HttpStatusCode status = HttpStatusCode.OK)
        => new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    /// <summary>A reply with the request's id and the given result JSON.</summary>
    public static HttpResponseMessage Result(JsonElement request, string resultJson)
        => Json($$"""{"jsonrpc":"2.0","id":{{request.GetProperty("id").GetRawText()}},"result":{{resultJson}}}""");

    public static HttpResponseMessage Error(JsonElement request, int code, string message, string? dataJson = null)
    {
        var data = dataJson is null ? "" : ",\"data\":" + dataJson;
        var id = request.GetProperty("id").GetRawText();
        return Json("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"error\":{\"code\":" + code.ToString(System.Globalization.CultureInfo.InvariantCulture) + ",\"message\":" + JsonSerializer.Serialize(message) + data + "}}");
    }

    public static EthereumRpc Client(FakeHandler handler, TimeSpan? timeout = null, int retries = 2)
        => new(new JsonRpcClient(new HttpClient(handler), new JsonRpcClientOptions
        {
            Endpoint = new Uri("http://node.test/"),
            CallTimeout = timeout ?? TimeSpan.FromSeconds(5),
            MaxRetries = retries,
            InitialBackoff = TimeSpan.FromMilliseconds(5),
            MaxBackoff = TimeSpan.FromMilliseconds(20),
        }));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _calls);
        var body = await request.Content!.ReadAsStringAsync(cancellationToken);
        using var doc = JsonDocument.Parse(body);
        return await reply(doc.RootElement.Clone(), n).WaitAsync(cancellationToken);
    }
}
