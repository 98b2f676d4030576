using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Web.Suggestions;

/// <summary>
/// Transaction links: the chain's own template when it has one; the global template from settings (etherscan by
/// default) for Ethereum mainnet only; no link otherwise (a local anvil chain has no explorer, and a mainnet
/// explorer would show nothing for its hashes).
/// </summary>
public sealed record ExplorerLinks(string GlobalTemplate, IReadOnlyDictionary<long, string> ChainTemplates)
{
    public const long Mainnet = 1;

    public string? For(long chainId, string? txHash)
    {
        if (string.IsNullOrEmpty(txHash))
        {
            return null;
        }

        var template = ChainTemplates.TryGetValue(chainId, out var t) ? t : chainId == Mainnet ? GlobalTemplate : null;
        return template is not null && template.Contains("{hash}", StringComparison.Ordinal)
            ? template.Replace("{hash}", Uri.EscapeDataString(txHash), StringComparison.Ordinal)
            : null;
    }

    public static async Task<ExplorerLinks> LoadAsync(HedgeDbContext db, CancellationToken ct = default)
    {
        var global = await db.AppSettings.AsNoTracking().Where(s => s.Id == AppSettings.SingletonId).Select(s => s.ExplorerTxUrlTemplate).FirstOrDefaultAsync(ct)
            ?? "https://etherscan.io/tx/{hash}";
        var chains = await db.Chains.AsNoTracking().Where(c => c.ExplorerTxUrlTemplate != null).ToDictionaryAsync(c => c.Id, c => c.ExplorerTxUrlTemplate!, ct);
        return new ExplorerLinks(global, chains);
    }
}
