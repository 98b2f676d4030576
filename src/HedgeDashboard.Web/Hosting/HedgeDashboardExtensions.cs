using System.Globalization;
using HedgeDashboard.Data;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Web.Auth;
using HedgeDashboard.Web.Components;
using HedgeDashboard.Web.Health;
using HedgeDashboard.Web.History;
using HedgeDashboard.Web.Live;
using HedgeDashboard.Web.Positions;
using HedgeDashboard.Web.Suggestions;
using HedgeDashboard.Workers;
using HedgeDashboard.Workers.Approvals;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;
using Radzen;

namespace HedgeDashboard.Web.Hosting;

/// <summary>The composition root's registrations, so Program.cs stays a short list of steps.</summary>
public static class HedgeDashboardExtensions
{
    public static WebApplicationBuilder AddHedgeDashboard(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;

        var connectionString = config.GetConnectionString("Hedge");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new StartupConfigurationException("ConnectionStrings:Hedge is not set (environment variable ConnectionStrings__Hedge)");
        }

        services.AddOptions<DatabaseOptions>().Bind(config.GetSection(DatabaseOptions.Section));
        services.AddEthereumRpc(config);

        services.AddHedgeData(connectionString);
        services.AddApprovals();
        services.AddHedgeWorkers(config);
        services.AddHedgeAuth(config);
        services.AddSignInRateLimit();
        services.AddHedgeSecurityHeaders();
        services.AddCircuitLimits(config);
        services.AddOptions<HealthOptions>().Bind(config.GetSection(HealthOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HealthOptions>, HealthOptionsValidator>();
        services.AddSingleton<DashboardUpdates>();
        services.AddHostedService<PostgresUpdateListener>();
        services.AddSingleton<PositionBoard>();
        services.AddSingleton<SuggestionInbox>();
        services.AddSingleton<PositionDetailService>();
        services.AddScoped<HedgeDashboard.Web.Suggestions.WalletApprovals>();
        services.AddSingleton<TestHooks>();

        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<ChainHealthCheck>("chain");

        services.AddRazorComponents().AddInteractiveServerComponents()
            .AddHubOptions(o => o.MaximumReceiveMessageSize = CircuitOptions.MaxReceiveMessageBytes);

        // Notices sit bottom-left, over the navigation rather than the KPI cards or a suggestion's approve buttons.
        services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomLeft;
            o.SnackbarConfiguration.MaxDisplayedSnackbars = 3;
            o.SnackbarConfiguration.VisibleStateDuration = 6000;
            o.SnackbarConfiguration.PreventDuplicates = false;
        });

        // Pages not yet moved to MudBlazor (issue 15, part 2) still inject Radzen's services.
        services.AddRadzenComponents();
        return builder;
    }

    /// <summary>Validates settings early and, when configured (development), applies pending migrations.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        _ = app.Services.GetRequiredService<IOptions<ChainOptions>>().Value;
        if (app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStartup)
        {
            await MigrateAsync(app);
        }

        await app.PrepareIdentityAsync();
    }

    private static async Task MigrateAsync(WebApplication app)
    {
        try
        {
            var applied = await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
            if (applied.Count > 0)
            {
                app.Logger.LogInformation("Applied {Count} migration(s): {Migrations}", applied.Count, string.Join(", ", applied));
            }
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException)
        {
            throw new StartupConfigurationException($"cannot migrate the database named by ConnectionStrings:Hedge: {ex.GetBaseException().Message}", ex);
        }
    }

    public static WebApplication MapHedgeDashboard(this WebApplication app)
    {
        // Blazor sends its own frame-ancestors policy only while WebSocket compression is on (it is off, below); ours
        // carries frame-ancestors 'self' with the rest of the policy.
        app.UseHedgeSecurityHeaders(app.Environment);
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }

        // Unknown URLs (no route, or a route constraint that fails such as /positions/abc) get the app's own page with
        // the 404 status, not the browser's bare one.
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);

        // Routing after the re-execution above, so a re-executed request is routed again (to /not-found); the
        // implicit routing WebApplication adds at the start of the pipeline would keep the original, unmatched route.
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapHealthChecks("/healthz", new() { ResponseWriter = HealthJsonWriter.WriteAsync });
        app.MapAccountEndpoints();
        app.MapHistoryExport();
        if (app.Services.GetRequiredService<TestHooks>().AllowForgedActions)
        {
            // Benchmarks read the server's memory (Development + Testing:AllowForgedActions only) after an aggressive
            // collection, which also returns the GC's free reserve to the OS: that reserve follows the allocation rate
            // (the gen0 budget is sized from the CPU cache), not the number of circuits, and made readings swing by
            // 10-20 MB. RssAnon/RssFile split the rest into native allocations and mapped files; thread stacks count in RssAnon.
            app.MapGet("/testing/memory", () =>
            {
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                var gcHeap = GC.GetTotalMemory(forceFullCollection: false);
                var status = File.ReadLines("/proc/self/status").Select(l => l.Split(':', 2)).ToDictionary(p => p[0], p => p[1].Trim());
                long Kb(string key) => long.Parse(status[key].Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                return Results.Json(new
                {
                    gcHeap,
                    gcCommitted = GC.GetGCMemoryInfo().TotalCommittedBytes,
                    workingSet = Environment.WorkingSet,
                    rssAnon = Kb("RssAnon"),
                    rssFile = Kb("RssFile"),
                    threads = int.Parse(status["Threads"], CultureInfo.InvariantCulture),
                    threadPoolThreads = ThreadPool.ThreadCount,
                });
            });
        }
        // No WebSocket compression: with it every open circuit keeps a zlib deflate and inflate state in native memory
        // (300-450 KB measured), and render batches of a virtualized table are small (docs/decisions/0006-web-memory.md).
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.DisableWebSocketCompression = true);
        return app;
    }
}
