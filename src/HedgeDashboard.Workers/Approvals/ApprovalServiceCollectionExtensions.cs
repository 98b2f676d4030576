using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HedgeDashboard.Workers.Approvals;

public static class ApprovalServiceCollectionExtensions
{
    /// <summary>Registers <see cref="ApprovalService"/> (needs AddHedgeData).</summary>
    public static IServiceCollection AddApprovals(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ApprovalService>();
        return services;
    }
}
