using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Workers.Alerts;
using HedgeDashboard.Workers.Approvals;
using HedgeDashboard.Workers.Book;
using HedgeDashboard.Workers.Chain;
using HedgeDashboard.Workers.Hosting;
using HedgeDashboard.Workers.Indexer;
using HedgeDashboard.Workers.Portfolio;
using HedgeDashboard.Workers.Ingestion;
using HedgeDashboard.Workers.OptionLegs;
using HedgeDashboard.Workers.Relayer;
using HedgeDashboard.Workers.Retention;
using HedgeDashboard.Workers.Scoring;
using HedgeDashboard.Workers.Simulator;
using HedgeDashboard.Workers.Suggestions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HedgeDashboard.Workers;

/// <summary>Registration of the background pipeline (one call from the web app and from the worker host).</summary>
public static class HedgeWorkersServiceCollectionExtensions
{
    /// <summary>
    /// Registers the approval service, the alert sink and, by Hosting:Roles ("workers" = "stages,signer,relayer"), the
    /// stages (ingestion, scoring, model training, suggestions with the auto-execute policy, indexer, retention,
    /// simulator when enabled), the signer and the relayer, each with its options validated at start-up. Needs AddHedgeData first. Stages use the
    /// Ethereum layer (section "Chain") and the deployment file (Chain:DeploymentFile).
    /// </summary>
    public static IServiceCollection AddHedgeWorkers(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        if (!services.Any(d => d.ServiceType == typeof(ApprovalService)))
        {
            services.AddApprovals();
        }

        AddOptions<HostingOptions, HostingOptionsValidator>(services, configuration, HostingOptions.SectionName);
        AddOptions<AlertOptions, AlertOptionsValidator>(services, configuration, AlertOptions.SectionName);
        services.AddHttpClient(WebhookAlertSink.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => WebhookTargets.CreateHandler(sp.GetRequiredService<IOptions<AlertOptions>>().Value.AllowPrivateWebhookTargets));
        services.TryAddSingleton<WebhookAlertSink>();
        services.TryAddSingleton<IAlertSink>(sp => sp.GetRequiredService<WebhookAlertSink>());
        services.AddHostedService(sp => sp.GetRequiredService<WebhookAlertSink>());

        var roles = configuration.GetSection(HostingOptions.SectionName).Get<HostingOptions>() ?? new HostingOptions();
        if (!roles.RunsSigner && !roles.RunsRelayer)
        {
            services.AddHostedService<NoKeysNotice>(); // the start-up line the signer and the relayer write with their keys
        }

        if (!roles.RunsWorkers)
        {
            return services;
        }

        if (string.IsNullOrWhiteSpace(configuration[$"{ChainDeploymentOptions.SectionName}:{nameof(ChainDeploymentOptions.DeploymentFile)}"]))
        {
            if (roles.RunsStages && ChainsOptions.AnyConfigured(configuration))
            {
                // Chains to follow but none of our contracts: the books are followed, scored and get advisory suggestions;
                // nothing is signed or sent.
                services.TryAddSingleton(new WorkerDatabase(RequireConnectionString(configuration)));
                services.TryAddSingleton<PipelineSignals>();
                services.TryAddSingleton<StageHealth>();
                services.AddHealthChecks().AddCheck<WorkersHealthCheck>("workers");
                AddBook(services, configuration);
                AddScoringAndSuggestions(services, configuration);
                return services;
            }

            // No chain to watch (e.g. a dashboard started for UI work): the web runs, the stages do not, and the log says why.
            services.AddHostedService<WorkersNotConfiguredNotice>();
            return services;
        }

        services.TryAddSingleton(new WorkerDatabase(RequireConnectionString(configuration)));
        if (!services.Any(d => d.ServiceType == typeof(EthereumRpc)))
        {
            services.AddEthereumRpc(configuration);
        }

        AddOptions<ChainDeploymentOptions, ChainDeploymentOptionsValidator>(services, configuration, ChainDeploymentOptions.SectionName);
        if (roles.RunsSigner || roles.RunsRelayer)
        {
            services.AddRelayer(configuration);
        }

        services.TryAddSingleton(sp => ChainDeployment.Load(sp.GetRequiredService<IOptions<ChainDeploymentOptions>>().Value.DeploymentFile));
        services.TryAddSingleton(sp => new MarketReader(sp.GetRequiredService<EthereumRpc>(), sp.GetRequiredService<ChainDeployment>()));
        services.TryAddSingleton<PipelineSignals>();
        services.TryAddSingleton<StageHealth>();
        services.AddHealthChecks().AddCheck<WorkersHealthCheck>("workers");
        services.AddHostedService<PipelineListener>();

        if (!roles.RunsStages)
        {
            return services;
        }

        var ingestion = AddOptions<IngestionOptions, IngestionOptionsValidator>(services, configuration, IngestionOptions.SectionName);
        var indexer = AddOptions<IndexerOptions, IndexerOptionsValidator>(services, configuration, IndexerOptions.SectionName);
        var simulator = AddOptions<SimulatorOptions, SimulatorOptionsValidator>(services, configuration, SimulatorOptions.SectionName);
        var retention = AddOptions<RetentionOptions, RetentionOptionsValidator>(services, configuration, RetentionOptions.SectionName);
        var keeper = AddOptions<OptionKeeperOptions, OptionKeeperOptionsValidator>(services, configuration, OptionKeeperOptions.SectionName);

        if (ingestion.Enabled)
        {
            services.AddHostedService<IngestionStage>();
        }

        AddBook(services, configuration);
        AddScoringAndSuggestions(services, configuration);

        if (configuration.GetSection(PortfolioOptions.SectionName).GetValue(nameof(PortfolioOptions.ProposeIntervalSeconds), new PortfolioOptions().ProposeIntervalSeconds) > 0)
        {
            services.AddHostedService<PortfolioStage>();
        }

        if (indexer.Enabled)
        {
            services.AddHostedService<IndexerStage>();
        }

        if (keeper.Enabled)
        {
            services.AddHostedService<OptionSettlementKeeper>();
        }

        if (simulator.Enabled)
        {
            services.AddHostedService<MarketSimulator>();
            if (simulator.Books.Count > 0)
            {
                services.AddHostedService<BookSimulator>();
            }
        }

        if (retention.Enabled)
        {
            services.AddHostedService<RetentionStage>();
        }

        return services;
    }

    /// <summary>Scoring, model training and suggestions: they need the database and the positions, not our contracts.</summary>
    private static void AddScoringAndSuggestions(IServiceCollection services, IConfiguration configuration)
    {
        var scoring = AddOptions<ScoringOptions, ScoringOptionsValidator>(services, configuration, ScoringOptions.SectionName);
        var suggestions = AddOptions<SuggestionOptions, SuggestionOptionsValidator>(services, configuration, SuggestionOptions.SectionName);
        if (scoring.Enabled)
        {
            services.AddHostedService<ScoringStage>();
            if (scoring.RetrainIntervalMinutes > 0)
            {
                services.AddHostedService<ModelTrainer>();
            }
        }

        if (suggestions.Enabled)
        {
            services.AddHostedService<SuggestionStage>();
        }
    }

    private static string RequireConnectionString(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Hedge");
        return string.IsNullOrWhiteSpace(connectionString)
            ? throw new InvalidOperationException("ConnectionStrings:Hedge is not set (environment variable ConnectionStrings__Hedge); the workers need it.")
            : connectionString;
    }

    /// <summary>
    /// The chains (section "Chains", or "Chain" as a one-item list), validated at start-up, and one <see cref="ChainFollower"/>
    /// per chain (Workers:Book): each its own loop with its own RPC URLs, so one chain's outage stalls only its positions.
    /// </summary>
    private static void AddBook(IServiceCollection services, IConfiguration configuration)
    {
        var book = AddOptions<BookOptions, BookOptionsValidator>(services, configuration, BookOptions.SectionName);
        services.AddOptions<ChainsOptions>().Configure(o => ChainsOptions.Bind(configuration, o)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ChainsOptions>, ChainsOptionsValidator>());
        if (!book.Enabled)
        {
            return;
        }

        var chains = new ChainsOptions();
        ChainsOptions.Bind(configuration, chains);
        services.AddHttpClient(nameof(ChainFollower), c => c.Timeout = Timeout.InfiniteTimeSpan);
        for (var i = 0; i < chains.Chains.Count; i++)
        {
            var index = i;
            services.AddSingleton<IHostedService>(sp =>
            {
                var entry = sp.GetRequiredService<IOptions<ChainsOptions>>().Value.Chains[index];
                var o = sp.GetRequiredService<IOptions<BookOptions>>().Value;
                var http = sp.GetRequiredService<IHttpClientFactory>();
                // No retries inside a call: the follower fails over to the next URL, and the next tick tries again.
                var nodes = entry.RpcUrls.Select(u => new EthereumRpc(new JsonRpcClient(
                    http.CreateClient(nameof(ChainFollower)),
                    new JsonRpcClientOptions { Endpoint = new Uri(u), CallTimeout = TimeSpan.FromSeconds(o.CallTimeoutSeconds), MaxRetries = 0 },
                    sp.GetService<ILogger<JsonRpcClient>>()))).ToList();
                return new ChainFollower(
                    entry, o, nodes, sp.GetRequiredService<IServiceScopeFactory>(), sp.GetRequiredService<StageHealth>(), sp.GetRequiredService<TimeProvider>(),
                    sp.GetRequiredService<ILogger<ChainFollower>>(), sp.GetRequiredService<WorkerDatabase>(), sp.GetRequiredService<PipelineSignals>());
            });
        }
    }

    /// <summary>Binds a section, validates it at start-up (errors name the key), and returns the bound values for registration decisions.</summary>
    private static TOptions AddOptions<TOptions, TValidator>(IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class, new()
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return configuration.GetSection(section).Get<TOptions>() ?? new TOptions();
    }
}
