using System.Globalization;
using System.Text;
using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Web.Positions;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Web.History;

/// <summary>Filters of the hedge history page, also the query string of its CSV export. <see cref="To"/> is exclusive.</summary>
public sealed record HistoryFilter(ExecutionStatus? Status = null, string? Pair = null, DateTimeOffset? From = null, DateTimeOffset? To = null)
{
    public string ToQueryString()
    {
        var parts = new List<string>();
        if (Status is { } s)
        {
            parts.Add($"status={s}");
        }

        if (!string.IsNullOrWhiteSpace(Pair))
        {
            parts.Add($"pair={Uri.EscapeDataString(Pair)}");
        }

        if (From is { } f)
        {
            parts.Add($"from={Uri.EscapeDataString(f.ToString("o", CultureInfo.InvariantCulture))}");
        }

        if (To is { } t)
        {
            parts.Add($"to={Uri.EscapeDataString(t.ToString("o", CultureInfo.InvariantCulture))}");
        }

        return string.Join('&', parts);
    }
}

/// <summary>
/// The history page's filter fields as typed (dates as yyyy-MM-dd text, both days inclusive). <see cref="Validate"/>
/// refuses text that is not a date and a From after To, naming the field, instead of silently dropping the filter.
/// </summary>
public sealed class HistoryFilterForm
{
    public const string DateFormat = "yyyy-MM-dd";

    public ExecutionStatus? Status { get; set; }

    public string? Pair { get; set; }

    public string? From { get; set; }

    public string? To { get; set; }

    /// <summary>The filter, or null with the errors per field (From, To).</summary>
    public (HistoryFilter? Filter, Settings.FieldErrors Errors) Validate()
    {
        var e = new Settings.FieldErrors();
        var from = Day(From, nameof(From), e);
        var to = Day(To, nameof(To), e);
        if (from is { } f && to is { } t && f > t)
        {
            e[nameof(To)] = $"To ({t.ToString(DateFormat, CultureInfo.InvariantCulture)}) is before From ({f.ToString(DateFormat, CultureInfo.InvariantCulture)}).";
        }

        if (!e.IsValid)
        {
            return (null, e);
        }

        return (new HistoryFilter(Status, string.IsNullOrWhiteSpace(Pair) ? null : Pair,
            from is { } a ? new DateTimeOffset(a.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
            to is { } b ? new DateTimeOffset(b.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null), e);
    }

    private static DateOnly? Day(string? text, string field, Settings.FieldErrors e)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            return d;
        }

        e[field] = $"{field}: \"{Trim(text)}\" is not a date; use {DateFormat}, e.g. 2026-12-06.";
        return null;
    }

    private static string Trim(string s) => s.Length > 40 ? s[..40] + "…" : s;
}

/// <summary>
/// One executed (or requested) hedge, as listed and exported: the ratio before and after, the hedge it sets at the
/// execution price (q = -h * (x(P) - x0) in token0, against holding the entry tokens), and what it cost (gas at the
/// execution price plus the venue's trading fees charged to its transaction).
/// </summary>
public sealed record ExecutionRow(
    long Id, long SuggestionId, long PositionId, string Pair, long NftTokenId, decimal TargetRatio, ExecutionStatus Status,
    string? DecidedBy, DateTimeOffset CreatedAt, DateTimeOffset? BroadcastAt, DateTimeOffset? MinedAt, DateTimeOffset? ConfirmedAt,
    string? TxHash, long? BlockNumber, long? GasUsed, int Attempts, string? Error, long ChainId,
    decimal FromRatio, string? Token0, double? ExecutionPrice, double? HedgeSize, double? GasCostUsd, double VenueFeesUsd, string Instrument = "perpetual")
{
    /// <summary>Notional of the hedge in quote units (USD): |q| * P.</summary>
    public double? HedgeNotional => HedgeSize is { } q && ExecutionPrice is { } p ? Math.Abs(q) * p : null;

    /// <summary>What this hedge cost: gas (when known) plus venue fees.</summary>
    public double? CostUsd => GasCostUsd is null && VenueFeesUsd == 0 ? null : (GasCostUsd ?? 0) + VenueFeesUsd;
}

/// <summary>What the query reads per execution; <see cref="ExecutionHistory.Row"/> adds the math.</summary>
public sealed record ExecutionFacts(
    long Id, long SuggestionId, long PositionId, string Pair, long NftTokenId, decimal TargetRatio, ExecutionStatus Status,
    string? DecidedBy, DateTimeOffset CreatedAt, DateTimeOffset? BroadcastAt, DateTimeOffset? MinedAt, DateTimeOffset? ConfirmedAt,
    string? TxHash, long? BlockNumber, long? GasUsed, int Attempts, string? Error, long ChainId,
    decimal FromRatio, string? Token0, decimal EntryPrice, decimal EntryAmount0, decimal EntryAmount1, decimal? PriceLower, decimal? PriceUpper,
    decimal? Price, decimal? EffectiveGasPrice, decimal? VenueFees, OptionKind? OptionKind = null, decimal? OptionStrike = null, decimal? OptionNotional = null);

public static class ExecutionHistory
{
    public const int MaxRows = 50_000;

    public static IQueryable<ExecutionFacts> Query(HedgeDbContext db, HistoryFilter f)
    {
        var q = db.Executions.AsNoTracking();
        if (f.Status is { } s)
        {
            q = q.Where(e => e.Status == s);
        }

        if (!string.IsNullOrWhiteSpace(f.Pair))
        {
            q = q.Where(e => e.Position!.Pool!.Pair == f.Pair);
        }

        if (f.From is { } from)
        {
            q = q.Where(e => e.CreatedAt >= from);
        }

        if (f.To is { } to)
        {
            q = q.Where(e => e.CreatedAt < to);
        }

        // The execution price: the pair's latest observation (any source) when it was mined, else when it was requested.
        return q.OrderByDescending(e => e.CreatedAt).Select(e => new ExecutionFacts(
            e.Id, e.SuggestionId, e.PositionId, e.Position!.Pool!.Pair, e.Position.NftTokenId, e.TargetRatio, e.Status,
            e.Suggestion!.DecidedBy, e.CreatedAt, e.BroadcastAt, e.MinedAt, e.ConfirmedAt, e.TxHash, e.BlockNumber, e.GasUsed, e.Attempts, e.Error, e.ChainId,
            e.Suggestion.CurrentRatio, e.Position.Pool.Token0!.Symbol,
            e.Position.EntryPrice, e.Position.EntryAmount0, e.Position.EntryAmount1, e.Position.PriceLower, e.Position.PriceUpper,
            db.PriceObservations.Where(p => p.Pair == e.Position.Pool.Pair && p.ObservedAt <= (e.MinedAt ?? e.CreatedAt))
                .OrderByDescending(p => p.ObservedAt).Select(p => (decimal?)p.Price).FirstOrDefault(),
            e.EffectiveGasPrice,
            db.VenueCharges.Where(v => v.ExecutionId == e.Id && !v.Removed).Sum(v => (decimal?)v.Amount),
            e.Suggestion.OptionLeg != null ? e.Suggestion.OptionLeg.Kind : null,
            e.Suggestion.OptionLeg != null ? e.Suggestion.OptionLeg.Strike : null,
            e.Suggestion.OptionLeg != null ? e.Suggestion.OptionLeg.Notional : null));
    }

    /// <summary>Adds the hedge size and costs to what the query read.</summary>
    public static ExecutionRow Row(ExecutionFacts f)
    {
        double? price = f.Price is { } p && p > 0 ? (double)p : null;
        double? size = null;
        // An option order leaves the perpetual hedge as it is: no hedge size of its own.
        if (f.OptionKind is null && price is { } px && PositionMath.Liquidity((double)f.EntryPrice, (double)f.EntryAmount0, (double)f.EntryAmount1, LpPosition.Range(f.PriceLower, f.PriceUpper).Lower, LpPosition.Range(f.PriceLower, f.PriceUpper).Upper) is { } lp)
        {
            var x0 = lp.AmountsAt((double)f.EntryPrice).Amount0;
            size = -(double)f.TargetRatio * (lp.AmountsAt(px).Amount0 - x0);
        }

        // Gas is paid in the chain's native token (token0 of an ETH pair), valued at the execution price.
        double? gasUsd = f.GasUsed is { } g && f.EffectiveGasPrice is { } wei && price is { } at ? g * (double)wei / 1e18 * at : null;
        return new ExecutionRow(f.Id, f.SuggestionId, f.PositionId, f.Pair, f.NftTokenId, f.TargetRatio, f.Status, f.DecidedBy, f.CreatedAt,
            f.BroadcastAt, f.MinedAt, f.ConfirmedAt, f.TxHash, f.BlockNumber, f.GasUsed, f.Attempts, f.Error, f.ChainId,
            f.FromRatio, f.Token0, price, size, gasUsd, (double)(f.VenueFees ?? 0),
            f.OptionKind is { } k ? string.Create(CultureInfo.InvariantCulture, $"{k.ToString().ToLowerInvariant()} {f.OptionNotional:0.####} @ {f.OptionStrike:0.##}") : "perpetual");
    }

    /// <summary>The export's filter from its query string; the error names the parameter that does not parse.</summary>
    public static (HistoryFilter? Filter, string? Error) ParseFilter(IQueryCollection q)
    {
        ExecutionStatus? status = null;
        if (!string.IsNullOrWhiteSpace(q["status"]))
        {
            if (!Enum.TryParse<ExecutionStatus>(q["status"], ignoreCase: true, out var s) || !Enum.IsDefined(s))
            {
                return (null, "status: not an execution status");
            }

            status = s;
        }

        var from = Time(q, "from", out var fromError);
        var to = Time(q, "to", out var toError);
        if ((fromError ?? toError) is { } error)
        {
            return (null, error);
        }

        if (from > to)
        {
            return (null, "to: before from");
        }

        return (new HistoryFilter(status, string.IsNullOrWhiteSpace(q["pair"]) ? null : q["pair"].ToString(), from, to), null);
    }

    private static DateTimeOffset? Time(IQueryCollection q, string name, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(q[name]))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(q[name], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
        {
            return t;
        }

        error = $"{name}: not a date";
        return null;
    }

    public static readonly string CsvHeader =
        "execution_id,suggestion_id,position_id,pair,nft_token_id,target_ratio,status,decided_by,created_at,broadcast_at,mined_at,confirmed_at,tx_hash,block_number,gas_used,attempts,error,"
        + "from_ratio,execution_price,hedge_size_token0,hedge_notional_usd,gas_cost_usd,venue_fees_usd,cost_usd";

    public static string CsvLine(ExecutionRow r) => string.Join(',',
        r.Id.ToString(CultureInfo.InvariantCulture), r.SuggestionId.ToString(CultureInfo.InvariantCulture), r.PositionId.ToString(CultureInfo.InvariantCulture),
        Csv(r.Pair), r.NftTokenId.ToString(CultureInfo.InvariantCulture), r.TargetRatio.ToString(CultureInfo.InvariantCulture),
        Csv(r.Status.ToString().ToLowerInvariant()), Csv(r.DecidedBy), Time(r.CreatedAt), Time(r.BroadcastAt), Time(r.MinedAt), Time(r.ConfirmedAt),
        Csv(r.TxHash), r.BlockNumber?.ToString(CultureInfo.InvariantCulture) ?? "", r.GasUsed?.ToString(CultureInfo.InvariantCulture) ?? "",
        r.Attempts.ToString(CultureInfo.InvariantCulture), Csv(r.Error),
        r.FromRatio.ToString(CultureInfo.InvariantCulture), Number(r.ExecutionPrice), Number(r.HedgeSize), Number(r.HedgeNotional),
        Number(r.GasCostUsd), Number(r.VenueFeesUsd), Number(r.CostUsd));

    private static string Number(double? v) => v is { } x && double.IsFinite(x) ? x.ToString("R", CultureInfo.InvariantCulture) : "";

    /// <summary>
    /// RFC 4180 quoting; a leading = + - @ is prefixed with ' so spreadsheets do not run it as a formula, and so is a
    /// leading TAB or CR, which spreadsheets skip before reading the formula behind it (OWASP CSV injection).
    /// </summary>
    public static string Csv(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static string Time(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) ?? "";

    /// <summary>GET /export/history.csv (View policy): the filtered history, streamed.</summary>
    public static void MapHistoryExport(this WebApplication app) =>
        app.MapGet("/export/history.csv", async (HttpContext http, IDbContextFactory<HedgeDbContext> dbFactory, CancellationToken ct) =>
        {
            var (filter, error) = ParseFilter(http.Request.Query);
            if (filter is null)
            {
                http.Response.StatusCode = StatusCodes.Status400BadRequest;
                await http.Response.WriteAsync(error!, ct);
                return;
            }

            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"hedge-history-{DateTime.UtcNow:yyyyMMdd-HHmmss}.csv\"";
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var sb = new StringBuilder(CsvHeader).Append('\n');
            await foreach (var facts in Query(db, filter).Take(MaxRows).AsAsyncEnumerable().WithCancellation(ct))
            {
                sb.Append(CsvLine(Row(facts))).Append('\n');
                if (sb.Length > 64 * 1024)
                {
                    await http.Response.WriteAsync(sb.ToString(), ct);
                    sb.Clear();
                }
            }

            await http.Response.WriteAsync(sb.ToString(), ct);
        }).RequireAuthorization(Auth.Policies.View);
}
