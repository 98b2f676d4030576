using HedgeDashboard.Data.Entities;
using HedgeDashboard.Web.Positions;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Web.Suggestions;

/// <summary>A suggestion as the inbox shows it, with the forecast behind it and its execution's state.</summary>
public sealed record SuggestionRow(
    long Id,
    long PositionId,
    string Pair,
    long NftTokenId,
    decimal CurrentRatio,
    decimal ProposedRatio,
    string? Reason,
    decimal? ExpectedCostUsd,
    decimal? ExpectedProtectionUsd,
    SuggestionStatus Status,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    string? DecisionComment,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    double? RiskScore,
    double? ForecastVolatility,
    double? ExpectedIl,
    double? ProbIlBeyondThreshold,
    string? Features,
    long? ExecutionId,
    ExecutionStatus? ExecutionStatus,
    string? TxHash,
    string? ExecutionError,
    long ChainId,
    OptionKind? OptionKind = null,
    decimal? OptionStrike = null,
    DateTimeOffset? OptionExpiry = null,
    decimal? OptionNotional = null,
    string? Advisory = null,
    PositionKind Kind = PositionKind.V3)
{
    /// <summary>How the inbox names the position: "ETH/USD #12" or "ETH/USD v2".</summary>
    public string PositionLabel => Kind == PositionKind.V2 ? $"{Pair} v2" : $"{Pair} #{NftTokenId}";

    /// <summary>Projects suggestions (filter and order them before, on the entity) into rows.</summary>
    public static IQueryable<SuggestionRow> Project(IQueryable<HedgeSuggestion> suggestions) =>
        suggestions.AsNoTracking().Select(s => new SuggestionRow(
            s.Id,
            s.PositionId,
            s.Position!.Pool!.Pair,
            s.Position.NftTokenId,
            s.CurrentRatio,
            s.ProposedRatio,
            s.Reason,
            s.ExpectedCostUsd,
            s.ExpectedProtectionUsd,
            s.Status,
            s.DecidedBy,
            s.DecidedAt,
            s.DecisionComment,
            s.CreatedAt,
            s.ExpiresAt,
            s.RiskScore != null ? s.RiskScore.Score : null,
            s.RiskScore != null ? s.RiskScore.ForecastVolatility : null,
            s.RiskScore != null ? s.RiskScore.ExpectedIl : null,
            s.RiskScore != null ? s.RiskScore.ProbIlBeyondThreshold : null,
            s.RiskScore != null ? s.RiskScore.Features : null,
            s.Execution != null ? s.Execution.Id : null,
            s.Execution != null ? s.Execution.Status : null,
            s.Execution != null ? s.Execution.TxHash : null,
            s.Execution != null ? s.Execution.Error : null,
            s.Position.Pool.ChainId,
            s.OptionLeg != null ? s.OptionLeg.Kind : null,
            s.OptionLeg != null ? s.OptionLeg.Strike : null,
            s.OptionLeg != null ? s.OptionLeg.Expiry : null,
            s.OptionLeg != null ? s.OptionLeg.Notional : null,
            s.Advisory,
            s.Position.Kind));

    /// <summary>The token the hedge offsets (the pair's base, ETH for ETH/USD).</summary>
    public string BaseToken => Pair.Split('/')[0];

    /// <summary>The instrument: the perpetual (a ratio change) or the option the suggestion buys.</summary>
    public string Instrument => OptionKind is { } k
        ? $"{k.ToString().ToLowerInvariant()} option"
        : "perpetual";

    /// <summary>What the suggestion asks, in an LP's words.</summary>
    public string Headline => OptionKind is { } kind
        ? $"Buy a {kind.ToString().ToLowerInvariant()}: {OptionNotional:0.####} {BaseToken} struck at {Fmt.Usd(OptionStrike)}, expiring {Fmt.Time(OptionExpiry)} (hedge ratio stays {Fmt.Pct(CurrentRatio, "P0")})"
        : ProposedRatio > CurrentRatio
        ? $"Hedge more: cover {Fmt.Pct(ProposedRatio, "P0")} of your {BaseToken} exposure (now {Fmt.Pct(CurrentRatio, "P0")})"
        : $"Hedge less: cover {Fmt.Pct(ProposedRatio, "P0")} of your {BaseToken} exposure (now {Fmt.Pct(CurrentRatio, "P0")})";

    /// <summary>Why, in an LP's words: the risk, and what the change costs against what it protects.</summary>
    public string PlainWhy
    {
        get
        {
            var risk = RiskLevel.Name(RiskScore) switch
            {
                "high" => "High risk: price moves are likely to cost this position more than its alert threshold soon",
                "medium" => "Medium risk: price moves could cost this position more than its alert threshold soon",
                "low" => "Low risk: large losses from price moves are unlikely soon",
                _ => "Not scored yet",
            };
            var chance = ProbIlBeyondThreshold is { } p ? $" (chance {Fmt.Pct(p, "P0")})" : "";
            return $"{risk}{chance}. The change costs about {Fmt.Usd(ExpectedCostUsd)} and is expected to protect {Fmt.Usd(ExpectedProtectionUsd)}.";
        }
    }

    /// <summary>The model's drivers (risk-score features) as "name: value" pairs, largest first.</summary>
    public IReadOnlyList<(string Name, string Value)> Drivers()
    {
        if (string.IsNullOrWhiteSpace(Features))
        {
            return [];
        }

        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(Features);
            if (doc.RootElement.ValueKind != System.Text.Json.JsonValueKind.Object)
            {
                return [];
            }

            return doc.RootElement.EnumerateObject()
                .Take(6)
                .Select(p => (p.Name, p.Value.ValueKind == System.Text.Json.JsonValueKind.Number
                    ? p.Value.GetDouble().ToString("G4", System.Globalization.CultureInfo.InvariantCulture)
                    : p.Value.ToString()))
                .ToList();
        }
        catch (System.Text.Json.JsonException)
        {
            return [];
        }
    }
}
