using HedgeDashboard.Web.Audit;
using HedgeDashboard.Web.History;
using HedgeDashboard.Web.Models;
using HedgeDashboard.Web.Protection;
using HedgeDashboard.Web.Settings;

namespace HedgeDashboard.Web.Hosting;

/// <summary>The feature services beside the pages: each reads its page's view models and performs its writes.</summary>
public static class PageServices
{
    public static IServiceCollection AddPageServices(this IServiceCollection services) => services
        .AddSingleton<HedgeHistoryService>()
        .AddSingleton<ProtectionService>()
        .AddSingleton<ModelsService>()
        .AddSingleton<SettingsService>()
        .AddSingleton<AuditLogService>()
        .AddSingleton<HedgeDashboard.Web.Portfolio.PortfolioPageService>();
}
