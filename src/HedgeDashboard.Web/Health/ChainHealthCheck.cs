using System.Globalization;
using System.Text.Json;
using HedgeDashboard.Web.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace HedgeDashboard.Web.Health;

/// <summary>Healthy when the node at Chain:RpcUrl answers with the configured chain id.</summary>
public sealed class ChainHealthCheck(HttpClient http, IOptions<ChainOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var chain = options.Value;
        try
        {
            var chainId = ParseQuantity(await CallAsync(chain.RpcUrl, "eth_chainId", cancellationToken));
            var block = ParseQuantity(await CallAsync(chain.RpcUrl, "eth_blockNumber", cancellationToken));
            var data = new Dictionary<string, object> { ["chainId"] = chainId, ["blockNumber"] = block };
            return chainId == chain.ChainId
                ? HealthCheckResult.Healthy($"chain {chainId} at block {block}", data)
                : HealthCheckResult.Unhealthy($"Chain:RpcUrl answers chain id {chainId}, expected Chain:ChainId {chain.ChainId}", data: data);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy($"Chain:RpcUrl {chain.RpcUrl} unreachable or malformed reply: {ex.GetBaseException().Message}");
        }
    }

    private async Task<string> CallAsync(string url, string method, CancellationToken ct)
    {
        using var resp = await http.PostAsJsonAsync(url, new { jsonrpc = "2.0", id = 1, method, @params = Array.Empty<object>() }, ct);
        resp.EnsureSuccessStatusCode();
        var doc = await resp.Content.ReadFromJsonAsync<JsonElement>(ct);
        return doc.TryGetProperty("error", out var error)
            ? throw new InvalidOperationException($"{method} failed: {error}")
            : doc.GetProperty("result").GetString() ?? throw new FormatException($"{method} returned null");
    }

    private static long ParseQuantity(string hex) =>
        hex.StartsWith("0x", StringComparison.Ordinal)
            ? long.Parse(hex.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
            : throw new FormatException($"not a hex quantity: {hex}");
}
