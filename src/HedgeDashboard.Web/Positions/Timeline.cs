using System.Globalization;
using System.Numerics;
using System.Text.Json;
using HedgeDashboard.Data.Queries;

namespace HedgeDashboard.Web.Positions;

/// <summary>
/// The position timeline in words: contract events decoded from their raw arguments (ratios with 18 decimals as
/// percentages, sizes in wei as tokens, prices and fees with the price feed's 8 decimals as dollars).
/// </summary>
public static class Timeline
{
    private const int RatioDecimals = 18, SizeDecimals = 18, FeedDecimals = 8;

    public static string Title(HedgeHistoryKind kind) => kind switch
    {
        HedgeHistoryKind.SuggestionCreated => "Suggested",
        HedgeHistoryKind.SuggestionDecided => "Decided",
        HedgeHistoryKind.ExecutionRequested => "Execution requested",
        HedgeHistoryKind.TransactionBroadcast => "Broadcast",
        HedgeHistoryKind.TransactionMined => "Mined",
        HedgeHistoryKind.ExecutionConfirmed => "Confirmed",
        HedgeHistoryKind.ExecutionFailed => "Failed",
        _ => "On chain",
    };

    public static string Text(HedgeHistoryEntry entry, string baseSymbol)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Kind == HedgeHistoryKind.ContractEvent && entry.EventName is { } name
            ? Decode(name, entry.EventArgs ?? "{}", baseSymbol)
            : entry.Summary;
    }

    /// <summary>A controller or venue event as a sentence.</summary>
    public static string Decode(string eventName, string argsJson, string baseSymbol)
    {
        Dictionary<string, string> a;
        try
        {
            using var doc = JsonDocument.Parse(argsJson);
            a = doc.RootElement.ValueKind == JsonValueKind.Object
                ? doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText())
                : [];
        }
        catch (JsonException)
        {
            return eventName;
        }

        string Ratio(string k) => Scaled(a, k, RatioDecimals) is { } r ? Fmt.Pct(r, "0.#%") : Fmt.Unknown;
        string Size(string k) => Scaled(a, k, SizeDecimals) is { } s ? Fmt.Token(s, baseSymbol) : Fmt.Unknown;
        string Usd(string k) => Scaled(a, k, FeedDecimals) is { } u ? Fmt.Usd(u) : Fmt.Unknown;
        return eventName switch
        {
            "RatioUpdated" => $"hedge ratio {Ratio("oldRatio")} → {Ratio("newRatio")}, target hedge {Size("targetHedgeSize")}",
            "HedgeExecuted" => $"hedge filled {Size("oldSize")} → {Size("newSize")} at {Usd("executionPrice")}, fee {Usd("fee")}",
            "HedgeAdjusted" => $"venue hedge {Size("oldSize")} → {Size("newSize")} at {Usd("executionPrice")}, fee {Usd("fee")}",
            "FundingCharged" => $"funding {Usd("amount")} on {Size("size")}",
            "PositionRegistered" => $"registered for protection, hedge ratio {Ratio("initialRatio")}",
            "PositionClosed" => $"closed, hedge unwound to {Size("finalHedgeSize")}",
            "PositionPauseChanged" => a.GetValueOrDefault("paused") == "true" ? "protection paused" : "protection resumed",
            "CapsChanged" => "caps changed",
            "OperatorChanged" => a.GetValueOrDefault("approved") == "true" ? $"operator {Short(a.GetValueOrDefault("operator"))} approved" : $"operator {Short(a.GetValueOrDefault("operator"))} revoked",
            _ => eventName,
        };
    }

    private static double? Scaled(Dictionary<string, string> args, string key, int decimals) =>
        args.TryGetValue(key, out var raw) && BigInteger.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? (double)n / Math.Pow(10, decimals)
            : null;

    private static string Short(string? address) => Fmt.Short(address);
}
