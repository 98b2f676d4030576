using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Web.Suggestions;

/// <summary>Transaction links from the configurable template (per chain, else the global one in settings).</summary>
public sealed record ExplorerLinks(string GlobalTemplate, IReadOnlyDictionary<long, string> ChainTemplates)
{
    public string? For(long chainId, string? txHash)
    {
        if (string.IsNullOrEmpty(txHash))
        {
            return null;
        }

        var template = ChainTemplates.TryGetValue(chainId, out var t) ? t : GlobalTemplate;
        return template.Contains("{hash}", StringComparison.Ordinal) ? template.Replace("{hash}", Uri.EscapeDataString(txHash), StringComparison.Ordinal) : null;
    }

    public static async Task<ExplorerLinks> LoadAsync(HedgeDbContext db, CancellationToken ct = default)
    {
        var global = await db.AppSettings.AsNoTracking().Where(s => s.Id == AppSettings.SingletonId).Select(s => s.ExplorerTxUrlTemplate).FirstOrDefaultAsync(ct)
            ?? "https://etherscan.io/tx/{hash}";
        var chains = await db.Chains.AsNoTracking().Where(c => c.ExplorerTxUrlTemplate != null).ToDictionaryAsync(c => c.Id, c => c.ExplorerTxUrlTemplate!, ct);
        return new ExplorerLinks(global, chains);
    }
}
