using HedgeDashboard.Workers.Portfolio;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HedgeDashboard.Workers.Approvals;

public static class ApprovalServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ApprovalService"/> and the portfolio suggestions (planner and service, section
    /// "Workers:Portfolio" validated at start-up); needs AddHedgeData.
    /// </summary>
    public static IServiceCollection AddApprovals(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ApprovalService>();
        services.AddOptions<PortfolioOptions>().BindConfiguration(PortfolioOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PortfolioOptions>, PortfolioOptionsValidator>();
        services.AddSingleton<PortfolioPlanner>();
        services.AddSingleton<PortfolioSuggestionService>();
        return services;
    }
}
