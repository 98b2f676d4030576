using HedgeDashboard.Data.Entities;

namespace HedgeDashboard.Web.Settings;

/// <summary>Field errors of a form: name -> message shown next to the field. Empty means valid.</summary>
public sealed class FieldErrors : Dictionary<string, string>
{
    public string? For(string field) => TryGetValue(field, out var m) ? m : null;

    public bool IsValid => Count == 0;
}

/// <summary>A tracked wallet to add.</summary>
public sealed class WalletForm
{
    public string Address { get; set; } = "";

    public string? Label { get; set; }

    public FieldErrors Validate()
    {
        var e = new FieldErrors();
        if (EthAddress.Validate(Address) is { } a)
        {
            e[nameof(Address)] = a;
        }

        if (Label is { Length: > 100 })
        {
            e[nameof(Label)] = "At most 100 characters.";
        }

        return e;
    }
}

/// <summary>A position's execution policy as edited on the Settings page.</summary>
public sealed class PolicyForm
{
    public ExecutionMode Mode { get; set; }

    public decimal SuggestionThreshold { get; set; }

    public decimal MaxRatioChange { get; set; }

    public decimal MaxNotionalPerDayUsd { get; set; }

    public int CooldownMinutes { get; set; }

    public static PolicyForm From(ExecutionPolicy p) => new()
    {
        Mode = p.Mode,
        SuggestionThreshold = p.SuggestionThreshold,
        MaxRatioChange = p.MaxRatioChange,
        MaxNotionalPerDayUsd = p.MaxNotionalPerDayUsd,
        CooldownMinutes = (int)Math.Round(p.Cooldown.TotalMinutes),
    };

    public void ApplyTo(ExecutionPolicy p)
    {
        p.Mode = Mode;
        p.SuggestionThreshold = SuggestionThreshold;
        p.MaxRatioChange = MaxRatioChange;
        p.MaxNotionalPerDayUsd = MaxNotionalPerDayUsd;
        p.Cooldown = TimeSpan.FromMinutes(CooldownMinutes);
    }

    public FieldErrors Validate()
    {
        var e = new FieldErrors();
        if (!Enum.IsDefined(Mode))
        {
            e[nameof(Mode)] = "Choose manual or auto.";
        }

        if (SuggestionThreshold is < 0 or > 1)
        {
            e[nameof(SuggestionThreshold)] = "A ratio between 0 and 1 (0.05 = 5 percentage points).";
        }

        if (MaxRatioChange is < 0 or > 1)
        {
            e[nameof(MaxRatioChange)] = "A ratio between 0 and 1.";
        }

        if (MaxNotionalPerDayUsd < 0)
        {
            e[nameof(MaxNotionalPerDayUsd)] = "Cannot be negative.";
        }

        if (CooldownMinutes is < 0 or > 7 * 24 * 60)
        {
            e[nameof(CooldownMinutes)] = "Between 0 and 10,080 minutes (a week).";
        }

        if (Mode == ExecutionMode.Auto && MaxNotionalPerDayUsd == 0 && !e.ContainsKey(nameof(MaxNotionalPerDayUsd)))
        {
            e[nameof(MaxNotionalPerDayUsd)] = "Auto-execute needs a daily notional limit above 0.";
        }

        return e;
    }
}

/// <summary>Global settings: circuit breaker, alert webhook, explorer link.</summary>
public sealed class GlobalForm
{
    public bool CircuitBreakerOn { get; set; }

    public string? CircuitBreakerReason { get; set; }

    public string? WebhookUrl { get; set; }

    public string ExplorerTxUrlTemplate { get; set; } = "";

    public FieldErrors Validate()
    {
        var e = new FieldErrors();
        if (CircuitBreakerOn && string.IsNullOrWhiteSpace(CircuitBreakerReason))
        {
            e[nameof(CircuitBreakerReason)] = "Say why the breaker is on, for the others.";
        }

        if (!string.IsNullOrWhiteSpace(WebhookUrl) && !IsHttpUrl(WebhookUrl))
        {
            e[nameof(WebhookUrl)] = "An absolute http(s) URL, or empty for no webhook.";
        }

        if (!ExplorerTxUrlTemplate.Contains("{hash}", StringComparison.Ordinal) || !IsHttpUrl(ExplorerTxUrlTemplate.Replace("{hash}", "0x0", StringComparison.Ordinal)))
        {
            e[nameof(ExplorerTxUrlTemplate)] = "An http(s) URL containing {hash}, e.g. https://etherscan.io/tx/{hash}.";
        }

        return e;
    }

    /// <summary><see cref="Validate"/>, and the webhook's host resolved: loopback and private targets are refused unless allowed.</summary>
    public async Task<FieldErrors> ValidateAsync(bool allowPrivateWebhook, CancellationToken ct = default)
    {
        var e = Validate();
        if (e.IsValid && !string.IsNullOrWhiteSpace(WebhookUrl)
            && await HedgeDashboard.Workers.Alerts.WebhookTargets.CheckAsync(WebhookUrl.Trim(), allowPrivateWebhook, ct) is { } refused)
        {
            e[nameof(WebhookUrl)] = refused;
        }

        return e;
    }

    private static bool IsHttpUrl(string s) =>
        Uri.TryCreate(s.Trim(), UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps);
}
