using HedgeDashboard.Ethereum.Rpc;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace HedgeDashboard.Web.Health;

/// <summary>Healthy when the node at Chain:RpcUrl answers with the configured chain id (Chain:ChainId; 0 accepts any).</summary>
public sealed class ChainHealthCheck(EthereumRpc rpc, IOptions<ChainOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var chain = options.Value;
        try
        {
            var chainId = (long)await rpc.Chain.GetChainIdAsync(cancellationToken);
            var block = await rpc.Chain.GetBlockNumberAsync(cancellationToken);
            var data = new Dictionary<string, object> { ["chainId"] = chainId, ["blockNumber"] = block };
            return chain.ChainId == 0 || chainId == chain.ChainId
                ? HealthCheckResult.Healthy($"chain {chainId} at block {block}", data)
                : HealthCheckResult.Unhealthy($"Chain:RpcUrl answers chain id {chainId}, expected Chain:ChainId {chain.ChainId}", data: data);
        }
        catch (RpcException ex)
        {
            // RPC messages keep URL paths and credentials out; the configured key is what the operator needs.
            return HealthCheckResult.Unhealthy($"Chain:RpcUrl unreachable or malformed reply: {ex.Message}");
        }
    }
}
