using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HedgeDashboard.Web.Hosting;

/// <summary>Section "Circuits": what one signed-in person may hold on the server.</summary>
public sealed class CircuitOptions
{
    public const string Section = "Circuits";

    /// <summary>Open circuits (tabs) per signed-in user; one more is refused and its tab sent to a page that says why.</summary>
    public int MaxPerUser { get; set; } = 20;

    /// <summary>Largest message a browser may send on the circuit; a bigger one closes the connection (ASP.NET Core's 32 KB default, kept on purpose).</summary>
    public const long MaxReceiveMessageBytes = 32 * 1024;
}

public sealed class CircuitOptionsValidator : IValidateOptions<CircuitOptions>
{
    public ValidateOptionsResult Validate(string? name, CircuitOptions options) => options.MaxPerUser < 1
        ? ValidateOptionsResult.Fail($"Circuits:MaxPerUser must be at least 1; got {options.MaxPerUser}")
        : ValidateOptionsResult.Success;
}

/// <summary>Open circuits per user id, shared by all circuits of the process.</summary>
public sealed class CircuitsPerUser(IOptions<CircuitOptions> options)
{
    private readonly Dictionary<string, HashSet<string>> _byUser = new(StringComparer.Ordinal);

    public bool TryAdd(string userId, string circuitId)
    {
        lock (_byUser)
        {
            if (!_byUser.TryGetValue(userId, out var circuits))
            {
                _byUser[userId] = circuits = new HashSet<string>(StringComparer.Ordinal);
            }

            return circuits.Count < options.Value.MaxPerUser && circuits.Add(circuitId);
        }
    }

    public void Remove(string userId, string circuitId)
    {
        lock (_byUser)
        {
            if (_byUser.TryGetValue(userId, out var circuits) && circuits.Remove(circuitId) && circuits.Count == 0)
            {
                _byUser.Remove(userId);
            }
        }
    }

    public int Count(string userId)
    {
        lock (_byUser)
        {
            return _byUser.TryGetValue(userId, out var circuits) ? circuits.Count : 0;
        }
    }
}

/// <summary>
/// Counts each signed-in user's circuits and refuses one over Circuits:MaxPerUser: the tab is sent to
/// /account/too-many-tabs, and the circuit fails to start (the refusal does not depend on the browser obeying).
/// </summary>
public sealed class CircuitLimitHandler(
    CircuitsPerUser registry, AuthenticationStateProvider auth, NavigationManager nav, IOptions<CircuitOptions> options, ILogger<CircuitLimitHandler> log)
    : CircuitHandler
{
    public const string RefusedPath = "/account/too-many-tabs";
    private string? _userId;

    // Before the other handlers (revalidation): a refused circuit should do no work.
    public override int Order => -100;

    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        var user = (await auth.GetAuthenticationStateAsync()).User;
        if (user.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId)
        {
            return;
        }

        if (!registry.TryAdd(userId, circuit.Id))
        {
            log.LogWarning("Refused a circuit of {User}: {Max} already open (Circuits:MaxPerUser)", user.Identity?.Name, options.Value.MaxPerUser);
            nav.NavigateTo(RefusedPath, forceLoad: true);
            throw new InvalidOperationException($"{user.Identity?.Name} already has {options.Value.MaxPerUser} open circuits (Circuits:MaxPerUser)");
        }

        _userId = userId;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (_userId is not null)
        {
            registry.Remove(_userId, circuit.Id);
        }

        return Task.CompletedTask;
    }
}

public static class CircuitLimitExtensions
{
    public static IServiceCollection AddCircuitLimits(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<CircuitOptions>().Bind(config.GetSection(CircuitOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CircuitOptions>, CircuitOptionsValidator>();
        services.AddSingleton<CircuitsPerUser>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, CircuitLimitHandler>());
        return services;
    }
}
