using Microsoft.Extensions.Options;

namespace HedgeDashboard.Workers.Alerts;

/// <summary>Section "Workers:Alerts": the outgoing webhook. The URL may also be set at run time on the Settings page (app_settings.webhook_url), which wins.</summary>
public sealed class AlertOptions
{
    public const string SectionName = "Workers:Alerts";

    /// <summary>Receiver URL (http or https); empty: only the Settings page's URL, if any.</summary>
    public string WebhookUrl { get; set; } = "";

    /// <summary>Shared secret for the X-Hedge-Signature header (HMAC-SHA256 of the body); empty: unsigned.</summary>
    public string WebhookSecret { get; set; } = "";

    /// <summary>Deliveries tried per alert before it is dropped (logged).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>First retry delay; doubles each attempt.</summary>
    public int InitialBackoffMilliseconds { get; set; } = 500;

    /// <summary>Per delivery attempt: connect, send and the response's status line and headers (the body is never read).</summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// Let the webhook reach loopback, private and link-local addresses (a receiver on this machine or the LAN, tests).
    /// Off: such URLs are refused when saved and again at every connection (docs/decisions/0007-web-security-headers.md).
    /// </summary>
    public bool AllowPrivateWebhookTargets { get; set; }

    /// <summary>Alerts waiting for delivery; more are dropped (and counted) rather than slowing the pipeline.</summary>
    public int QueueCapacity { get; set; } = 1000;
}

public sealed class AlertOptionsValidator : IValidateOptions<AlertOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertOptions o)
    {
        var errors = new List<string>();
        if (!string.IsNullOrWhiteSpace(o.WebhookUrl)
            && (!Uri.TryCreate(o.WebhookUrl, UriKind.Absolute, out var u) || (u.Scheme != Uri.UriSchemeHttp && u.Scheme != Uri.UriSchemeHttps)))
        {
            errors.Add($"Workers:Alerts:WebhookUrl must be an absolute http(s) URL, got '{o.WebhookUrl}'.");
        }
        else if (!o.AllowPrivateWebhookTargets && Uri.TryCreate(o.WebhookUrl, UriKind.Absolute, out var url)
            && (url.IsLoopback || (System.Net.IPAddress.TryParse(url.DnsSafeHost, out var ip) && WebhookTargets.IsPrivate(ip))))
        {
            errors.Add($"Workers:Alerts:WebhookUrl points at a loopback or private address ('{o.WebhookUrl}'); set Workers:Alerts:AllowPrivateWebhookTargets to allow it.");
        }

        if (o.MaxAttempts is < 1 or > 100)
        {
            errors.Add($"Workers:Alerts:MaxAttempts must be in [1, 100], got {o.MaxAttempts}.");
        }

        if (o.InitialBackoffMilliseconds < 0)
        {
            errors.Add($"Workers:Alerts:InitialBackoffMilliseconds cannot be negative, got {o.InitialBackoffMilliseconds}.");
        }

        if (o.TimeoutSeconds <= 0)
        {
            errors.Add($"Workers:Alerts:TimeoutSeconds must be positive, got {o.TimeoutSeconds}.");
        }

        if (o.QueueCapacity <= 0)
        {
            errors.Add($"Workers:Alerts:QueueCapacity must be positive, got {o.QueueCapacity}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
