using System.Globalization;
using System.Text;
using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Web.History;

/// <summary>Filters of the hedge history page, also the query string of its CSV export.</summary>
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

/// <summary>One executed (or requested) hedge, as listed and exported.</summary>
public sealed record ExecutionRow(
    long Id, long SuggestionId, long PositionId, string Pair, long NftTokenId, decimal TargetRatio, ExecutionStatus Status,
    string? DecidedBy, DateTimeOffset CreatedAt, DateTimeOffset? BroadcastAt, DateTimeOffset? MinedAt, DateTimeOffset? ConfirmedAt,
    string? TxHash, long? BlockNumber, long? GasUsed, int Attempts, string? Error, long ChainId);

public static class ExecutionHistory
{
    public const int MaxRows = 50_000;

    public static IQueryable<ExecutionRow> Query(HedgeDbContext db, HistoryFilter f)
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

        return q.OrderByDescending(e => e.CreatedAt).Select(e => new ExecutionRow(
            e.Id, e.SuggestionId, e.PositionId, e.Position!.Pool!.Pair, e.Position.NftTokenId, e.TargetRatio, e.Status,
            e.Suggestion!.DecidedBy, e.CreatedAt, e.BroadcastAt, e.MinedAt, e.ConfirmedAt, e.TxHash, e.BlockNumber, e.GasUsed, e.Attempts, e.Error, e.ChainId));
    }

    public static HistoryFilter ParseFilter(IQueryCollection q) => new(
        Enum.TryParse<ExecutionStatus>(q["status"], ignoreCase: true, out var s) ? s : null,
        string.IsNullOrWhiteSpace(q["pair"]) ? null : q["pair"].ToString(),
        DateTimeOffset.TryParse(q["from"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var from) ? from : null,
        DateTimeOffset.TryParse(q["to"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var to) ? to : null);

    public static readonly string CsvHeader =
        "execution_id,suggestion_id,position_id,pair,nft_token_id,target_ratio,status,decided_by,created_at,broadcast_at,mined_at,confirmed_at,tx_hash,block_number,gas_used,attempts,error";

    public static string CsvLine(ExecutionRow r) => string.Join(',',
        r.Id.ToString(CultureInfo.InvariantCulture), r.SuggestionId.ToString(CultureInfo.InvariantCulture), r.PositionId.ToString(CultureInfo.InvariantCulture),
        Csv(r.Pair), r.NftTokenId.ToString(CultureInfo.InvariantCulture), r.TargetRatio.ToString(CultureInfo.InvariantCulture),
        Csv(r.Status.ToString().ToLowerInvariant()), Csv(r.DecidedBy), Time(r.CreatedAt), Time(r.BroadcastAt), Time(r.MinedAt), Time(r.ConfirmedAt),
        Csv(r.TxHash), r.BlockNumber?.ToString(CultureInfo.InvariantCulture) ?? "", r.GasUsed?.ToString(CultureInfo.InvariantCulture) ?? "",
        r.Attempts.ToString(CultureInfo.InvariantCulture), Csv(r.Error));

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
            var filter = ParseFilter(http.Request.Query);
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"hedge-history-{DateTime.UtcNow:yyyyMMdd-HHmmss}.csv\"";
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var sb = new StringBuilder(CsvHeader).Append('\n');
            await foreach (var row in Query(db, filter).Take(MaxRows).AsAsyncEnumerable().WithCancellation(ct))
            {
                sb.Append(CsvLine(row)).Append('\n');
                if (sb.Length > 64 * 1024)
                {
                    await http.Response.WriteAsync(sb.ToString(), ct);
                    sb.Clear();
                }
            }

            await http.Response.WriteAsync(sb.ToString(), ct);
        }).RequireAuthorization(Auth.Policies.View);
}
