using System.Globalization;
using HedgeDashboard.Data.Entities;
using Microsoft.EntityFrameworkCore.Metadata;

namespace HedgeDashboard.Web.Settings;

/// <summary>Field errors of a form: name -> message shown next to the field. Empty means valid.</summary>
public sealed class FieldErrors : Dictionary<string, string>
{
    public string? For(string field) => TryGetValue(field, out var m) ? m : null;

    public bool IsValid => Count == 0;
}

/// <summary>
/// Text lengths the forms accept, read from the EF model (the columns' max lengths), so a value the database would
/// refuse with "value too long" is refused at the field instead.
/// </summary>
public sealed record FieldLimits(int BreakerReason, int WebhookUrl, int ExplorerTemplate, int WalletLabel)
{
    public static FieldLimits From(IModel model) => new(
        Max<AppSettings>(model, nameof(AppSettings.CircuitBreakerReason)),
        Max<AppSettings>(model, nameof(AppSettings.WebhookUrl)),
        Max<AppSettings>(model, nameof(AppSettings.ExplorerTxUrlTemplate)),
        Max<TrackedWallet>(model, nameof(TrackedWallet.Label)));

    private static int Max<T>(IModel model, string property) =>
        model.FindEntityType(typeof(T))?.FindProperty(property)?.GetMaxLength()
        ?? throw new InvalidOperationException($"{typeof(T).Name}.{property} has no max length in the EF model");
}

/// <summary>Shared parsing of typed text: invariant digits only (no exponent, no thousands separators), ranges named.</summary>
public static class FormFields
{
    private const NumberStyles DecimalStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite;

    /// <summary>A decimal in [min, max] with at most <paramref name="scale"/> decimals, or null with the error set.</summary>
    public static decimal? Decimal(FieldErrors e, string field, string label, string? text, decimal min, decimal max, int scale, string example)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            e[field] = $"{label}: enter a number from {Show(min)} to {Show(max)}.";
            return null;
        }

        if (!IsPlainNumber(text))
        {
            e[field] = $"{label}: \"{Echo(text)}\" is not a number (digits and one decimal point, e.g. {example}).";
            return null;
        }

        if (!decimal.TryParse(text, DecimalStyle, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
        {
            e[field] = $"{label}: {Echo(text)} is out of range; from {Show(min)} to {Show(max)}.";
            return null;
        }

        if (v.Scale > scale && v != Math.Round(v, scale))
        {
            e[field] = $"{label}: at most {scale} decimals.";
            return null;
        }

        return v;
    }

    /// <summary>A whole number in [min, max], or null with the error set.</summary>
    public static int? Integer(FieldErrors e, string field, string label, string? text, int min, int max, string unit)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            e[field] = $"{label}: enter a whole number of {unit} from {Show(min)} to {Show(max)}.";
            return null;
        }

        if (!IsPlainNumber(text) || text.Contains('.', StringComparison.Ordinal))
        {
            e[field] = $"{label}: \"{Echo(text)}\" is not a whole number of {unit}.";
            return null;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out var v)
            || v < min || v > max)
        {
            e[field] = $"{label}: {Echo(text)} is out of range; from {Show(min)} to {Show(max)} {unit}.";
            return null;
        }

        return v;
    }

    /// <summary>Sets the error when <paramref name="text"/> is longer than <paramref name="max"/> characters; true when it fits.</summary>
    public static bool Length(FieldErrors e, string field, string label, string? text, int max)
    {
        if (text is { } t && t.Trim().Length > max)
        {
            e[field] = $"{label}: at most {Show(max)} characters ({Show(t.Trim().Length)} entered).";
            return false;
        }

        return true;
    }

    private static bool IsPlainNumber(string text)
    {
        var t = text.Trim();
        var start = t.Length > 0 && t[0] is '-' or '+' ? 1 : 0;
        var digits = 0;
        var points = 0;
        for (var i = start; i < t.Length; i++)
        {
            if (char.IsAsciiDigit(t[i]))
            {
                digits++;
            }
            else if (t[i] == '.' && points++ == 0)
            {
            }
            else
            {
                return false;
            }
        }

        return digits > 0;
    }

    private static string Show(decimal v) => v.ToString("#,##0.######", CultureInfo.InvariantCulture);

    private static string Echo(string text)
    {
        var t = text.Trim();
        return t.Length > 24 ? t[..24] + "…" : t;
    }
}

/// <summary>A tracked wallet to add.</summary>
public sealed class WalletForm
{
    public string Address { get; set; } = "";

    public string? Label { get; set; }

    public FieldErrors Validate(FieldLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var e = new FieldErrors();
        if (EthAddress.Validate(Address) is { } a)
        {
            e[nameof(Address)] = $"Address: {a}";
        }

        FormFields.Length(e, nameof(Label), "Label", Label, limits.WalletLabel);
        return e;
    }
}

/// <summary>A policy's stored values, as audited.</summary>
public sealed record PolicyValues(
    ExecutionMode Mode, decimal SuggestionThreshold, decimal MaxRatioChange, decimal MaxNotionalPerDayUsd, int CooldownMinutes, HedgeRatioPolicy RatioPolicy, string? OptionPolicy = null)
{
    public static PolicyValues From(ExecutionPolicy p) =>
        new(p.Mode, p.SuggestionThreshold, p.MaxRatioChange, p.MaxNotionalPerDayUsd, (int)Math.Round(p.Cooldown.TotalMinutes), p.RatioPolicy, p.OptionPolicy);

    public void ApplyTo(ExecutionPolicy p)
    {
        p.Mode = Mode;
        p.RatioPolicy = RatioPolicy;
        p.OptionPolicy = OptionPolicy;
        p.SuggestionThreshold = SuggestionThreshold;
        p.MaxRatioChange = MaxRatioChange;
        p.MaxNotionalPerDayUsd = MaxNotionalPerDayUsd;
        p.Cooldown = TimeSpan.FromMinutes(CooldownMinutes);
    }
}

/// <summary>
/// A position's execution policy as typed on the Settings page. Numbers are kept as text so that a value that does
/// not parse is refused with its field named, instead of a numeric input turning it into 0.
/// </summary>
public sealed class PolicyForm
{
    /// <summary>Largest daily notional accepted (USD): far above any position here, far below numeric limits.</summary>
    public const decimal MaxNotionalUsd = 1_000_000_000_000m;

    public const int MaxCooldownMinutes = 7 * 24 * 60;

    /// <summary>Decimals of the ratio columns (numeric(7,6)).</summary>
    public const int RatioScale = 6;

    public ExecutionMode Mode { get; set; }

    public HedgeRatioPolicy RatioPolicy { get; set; }

    public string? SuggestionThreshold { get; set; }

    /// <summary>The option policy: empty for none, or <c>put:TENOR</c> (e.g. put:30d).</summary>
    public string? OptionPolicy { get; set; }

    public string? MaxRatioChange { get; set; }

    public string? MaxNotionalPerDayUsd { get; set; }

    public string? CooldownMinutes { get; set; }

    public static PolicyForm From(ExecutionPolicy p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var v = PolicyValues.From(p);
        return new()
        {
            Mode = v.Mode,
            RatioPolicy = v.RatioPolicy,
            OptionPolicy = v.OptionPolicy,
            SuggestionThreshold = v.SuggestionThreshold.ToString("0.######", CultureInfo.InvariantCulture),
            MaxRatioChange = v.MaxRatioChange.ToString("0.######", CultureInfo.InvariantCulture),
            MaxNotionalPerDayUsd = v.MaxNotionalPerDayUsd.ToString("0.##", CultureInfo.InvariantCulture),
            CooldownMinutes = v.CooldownMinutes.ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The values to store, or null with an error per field that does not parse or is out of range.</summary>
    public (PolicyValues? Values, FieldErrors Errors) Validate()
    {
        var e = new FieldErrors();
        if (!Enum.IsDefined(Mode))
        {
            e[nameof(Mode)] = "Approval: choose manual or auto.";
        }

        if (!Enum.IsDefined(RatioPolicy))
        {
            e[nameof(RatioPolicy)] = "Ratio policy: choose the cost-aware model or the seed heuristic.";
        }

        string? optionPolicy = null;
        try
        {
            optionPolicy = Workers.OptionLegs.OptionPolicyChoice.Parse(OptionPolicy)?.Text;
        }
        catch (FormatException ex)
        {
            e[nameof(OptionPolicy)] = ex.Message;
        }

        var threshold = FormFields.Decimal(e, nameof(SuggestionThreshold), "Suggestion threshold", SuggestionThreshold, 0, 1, RatioScale, "0.05");
        var maxChange = FormFields.Decimal(e, nameof(MaxRatioChange), "Max change per step", MaxRatioChange, 0, 1, RatioScale, "0.25");
        var notional = FormFields.Decimal(e, nameof(MaxNotionalPerDayUsd), "Max notional per day", MaxNotionalPerDayUsd, 0, MaxNotionalUsd, 2, "50000");
        var cooldown = FormFields.Integer(e, nameof(CooldownMinutes), "Cooldown", CooldownMinutes, 0, MaxCooldownMinutes, "minutes");
        if (Mode == ExecutionMode.Auto && notional == 0)
        {
            e[nameof(MaxNotionalPerDayUsd)] = "Max notional per day: auto-execute needs a daily limit above 0.";
        }

        return e.IsValid ? (new PolicyValues(Mode, threshold!.Value, maxChange!.Value, notional!.Value, cooldown!.Value, RatioPolicy, optionPolicy), e) : (null, e);
    }
}

/// <summary>Global settings: circuit breaker, alert webhook, explorer link.</summary>
public sealed class GlobalForm
{
    public bool CircuitBreakerOn { get; set; }

    public string? CircuitBreakerReason { get; set; }

    public string? WebhookUrl { get; set; }

    public string ExplorerTxUrlTemplate { get; set; } = "";

    public FieldErrors Validate(FieldLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var e = new FieldErrors();
        if (CircuitBreakerOn && string.IsNullOrWhiteSpace(CircuitBreakerReason))
        {
            e[nameof(CircuitBreakerReason)] = "Reason: say why the breaker is on, for the others.";
        }

        FormFields.Length(e, nameof(CircuitBreakerReason), "Reason", CircuitBreakerReason, limits.BreakerReason);
        if (FormFields.Length(e, nameof(WebhookUrl), "Webhook URL", WebhookUrl, limits.WebhookUrl)
            && !string.IsNullOrWhiteSpace(WebhookUrl) && !IsHttpUrl(WebhookUrl))
        {
            e[nameof(WebhookUrl)] = "Webhook URL: an absolute http(s) URL, or empty for no webhook.";
        }

        if (FormFields.Length(e, nameof(ExplorerTxUrlTemplate), "Transaction link template", ExplorerTxUrlTemplate, limits.ExplorerTemplate)
            && (!ExplorerTxUrlTemplate.Contains("{hash}", StringComparison.Ordinal) || !IsHttpUrl(ExplorerTxUrlTemplate.Replace("{hash}", "0x0", StringComparison.Ordinal))))
        {
            e[nameof(ExplorerTxUrlTemplate)] = "Transaction link template: an http(s) URL containing {hash}, e.g. https://etherscan.io/tx/{hash}.";
        }

        return e;
    }

    /// <summary><see cref="Validate"/>, and the webhook's host resolved: loopback and private targets are refused unless allowed.</summary>
    public async Task<FieldErrors> ValidateAsync(FieldLimits limits, bool allowPrivateWebhook, CancellationToken ct = default)
    {
        var e = Validate(limits);
        if (e.IsValid && !string.IsNullOrWhiteSpace(WebhookUrl)
            && await HedgeDashboard.Workers.Alerts.WebhookTargets.CheckAsync(WebhookUrl.Trim(), allowPrivateWebhook, ct) is { } refused)
        {
            e[nameof(WebhookUrl)] = $"Webhook URL: {refused}";
        }

        return e;
    }

    private static bool IsHttpUrl(string s) =>
        Uri.TryCreate(s.Trim(), UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps);
}
