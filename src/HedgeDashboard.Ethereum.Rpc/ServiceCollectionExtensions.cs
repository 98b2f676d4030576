using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HedgeDashboard.Ethereum.Rpc;

/// <summary>Configuration section "Chain".</summary>
public sealed class ChainOptions
{
    public const string SectionName = "Chain";

    /// <summary>Node URL (Chain:RpcUrl): an absolute http or https URL.</summary>
    public string RpcUrl { get; set; } = "";

    /// <summary>Expected chain id (Chain:ChainId); 0 = do not check.</summary>
    public long ChainId { get; set; }

    public int CallTimeoutSeconds { get; set; } = 15;

    public int MaxRetries { get; set; } = 3;

    public int InitialBackoffMilliseconds { get; set; } = 200;
}

/// <summary>Validates <see cref="ChainOptions"/> at start-up; errors name the configuration key.</summary>
public sealed class ChainOptionsValidator : IValidateOptions<ChainOptions>
{
    public ValidateOptionsResult Validate(string? name, ChainOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!Uri.TryCreate(options.RpcUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"Chain:RpcUrl must be an absolute http(s) URL, got '{options.RpcUrl}'.");
        }

        if (options.CallTimeoutSeconds <= 0)
        {
            errors.Add("Chain:CallTimeoutSeconds must be positive.");
        }

        if (options.MaxRetries < 0)
        {
            errors.Add("Chain:MaxRetries cannot be negative.");
        }

        if (options.ChainId < 0)
        {
            errors.Add("Chain:ChainId cannot be negative.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

public static class EthereumRpcServiceCollectionExtensions
{
    /// <summary>Registers <see cref="JsonRpcClient"/>, <see cref="EthereumRpc"/> and <see cref="TransactionSender"/> bound to section "Chain", validated on start.</summary>
    public static IServiceCollection AddEthereumRpc(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ChainOptions>().Bind(configuration.GetSection(ChainOptions.SectionName)).ValidateOnStart();
        return services.AddEthereumRpcCore();
    }

    public static IServiceCollection AddEthereumRpc(this IServiceCollection services, Action<ChainOptions> configure)
    {
        services.AddOptions<ChainOptions>().Configure(configure).ValidateOnStart();
        return services.AddEthereumRpcCore();
    }

    private static IServiceCollection AddEthereumRpcCore(this IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<ChainOptions>, ChainOptionsValidator>();
        services.AddHttpClient(nameof(JsonRpcClient), c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<ChainOptions>>().Value;
            return new JsonRpcClient(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(JsonRpcClient)),
                new JsonRpcClientOptions
                {
                    Endpoint = new Uri(o.RpcUrl),
                    CallTimeout = TimeSpan.FromSeconds(o.CallTimeoutSeconds),
                    MaxRetries = o.MaxRetries,
                    InitialBackoff = TimeSpan.FromMilliseconds(o.InitialBackoffMilliseconds),
                },
                sp.GetService<ILogger<JsonRpcClient>>());
        });
        services.AddSingleton(sp => new EthereumRpc(sp.GetRequiredService<JsonRpcClient>()));
        services.AddSingleton(sp => new TransactionSender(sp.GetRequiredService<EthereumRpc>()));
        return services;
    }
}
