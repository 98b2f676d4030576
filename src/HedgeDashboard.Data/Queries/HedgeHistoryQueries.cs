using HedgeDashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Data.Queries;

/// <summary>What a hedge-history entry records.</summary>
public enum HedgeHistoryKind
{
    SuggestionCreated,
    SuggestionDecided,
    ExecutionRequested,
    TransactionBroadcast,
    TransactionMined,
    ExecutionConfirmed,
    ExecutionFailed,
    ContractEvent,
}

/// <summary>One entry of a position's hedge timeline.</summary>
public sealed record HedgeHistoryEntry(
    DateTimeOffset At,
    HedgeHistoryKind Kind,
    string Summary,
    long? SuggestionId = null,
    long? ExecutionId = null,
    string? TxHash = null,
    long? BlockNumber = null,
    string? Actor = null,
    string? EventName = null,
    string? EventArgs = null);

/// <summary>A position's hedge history: suggestions, decisions, executions, broadcasts and contract events in time order.</summary>
public static class HedgeHistoryQueries
{
    public static async Task<IReadOnlyList<HedgeHistoryEntry>> HedgeHistoryAsync(this HedgeDbContext db, long positionId, CancellationToken cancellationToken = default)
    {
        var suggestions = await db.Suggestions.AsNoTracking()
            .Where(s => s.PositionId == positionId)
            .Select(s => new { s.Id, s.CreatedAt, s.CurrentRatio, s.ProposedRatio, s.Status, s.DecidedAt, s.DecidedBy, s.DecisionComment })
            .ToListAsync(cancellationToken);
        var executions = await db.Executions.AsNoTracking()
            .Where(e => e.PositionId == positionId)
            .Select(e => new
            {
                e.Id, e.SuggestionId, e.CreatedAt, e.TargetRatio, e.Status, e.TxHash, e.BlockNumber, e.MinedAt, e.ConfirmedAt, e.UpdatedAt, e.Error, e.GasUsed,
                Attempts = e.AttemptLog.Select(a => new { a.AttemptNumber, a.TxHash, a.BroadcastAt, a.MaxFeePerGas, a.MaxPriorityFeePerGas }).ToList(),
            })
            .ToListAsync(cancellationToken);
        var events = await db.ControllerEvents.AsNoTracking()
            .Where(e => e.PositionId == positionId && !e.Removed)
            .Select(e => new { e.BlockTime, e.EventName, e.TxHash, e.BlockNumber, e.LogIndex, e.Args })
            .ToListAsync(cancellationToken);

        var entries = new List<(HedgeHistoryEntry Entry, int Order)>();
        foreach (var s in suggestions)
        {
            entries.Add((new(s.CreatedAt, HedgeHistoryKind.SuggestionCreated, $"hedge {Pct(s.CurrentRatio)} → {Pct(s.ProposedRatio)}", s.Id), 0));
            if (s.DecidedAt is { } at)
            {
                var comment = string.IsNullOrWhiteSpace(s.DecisionComment) ? "" : $": {s.DecisionComment}";
                entries.Add((new(at, HedgeHistoryKind.SuggestionDecided, $"{Text(s.Status)} by {s.DecidedBy}{comment}", s.Id, Actor: s.DecidedBy), 1));
            }
        }

        foreach (var e in executions)
        {
            entries.Add((new(e.CreatedAt, HedgeHistoryKind.ExecutionRequested, $"execution requested, hedge {Pct(e.TargetRatio)}", e.SuggestionId, e.Id), 2));
            foreach (var a in e.Attempts)
            {
                entries.Add((new(a.BroadcastAt, HedgeHistoryKind.TransactionBroadcast, $"broadcast #{a.AttemptNumber}, max fee {a.MaxFeePerGas} wei, tip {a.MaxPriorityFeePerGas} wei", e.SuggestionId, e.Id, a.TxHash), 3));
            }

            if (e.MinedAt is { } mined)
            {
                entries.Add((new(mined, HedgeHistoryKind.TransactionMined, $"mined in block {e.BlockNumber}, gas used {e.GasUsed}", e.SuggestionId, e.Id, e.TxHash, e.BlockNumber), 4));
            }

            if (e.Status == ExecutionStatus.Confirmed && e.ConfirmedAt is { } confirmed)
            {
                entries.Add((new(confirmed, HedgeHistoryKind.ExecutionConfirmed, "confirmed", e.SuggestionId, e.Id, e.TxHash, e.BlockNumber), 5));
            }
            else if (e.Status is ExecutionStatus.Failed or ExecutionStatus.NeedsReview)
            {
                entries.Add((new(e.UpdatedAt, HedgeHistoryKind.ExecutionFailed, $"{Text(e.Status)}: {e.Error}", e.SuggestionId, e.Id, e.TxHash, e.BlockNumber), 5));
            }
        }

        foreach (var ev in events)
        {
            entries.Add((new(ev.BlockTime, HedgeHistoryKind.ContractEvent, $"{ev.EventName} {ev.Args}", TxHash: ev.TxHash, BlockNumber: ev.BlockNumber, EventName: ev.EventName, EventArgs: ev.Args), 6));
        }

        return entries.OrderBy(x => x.Entry.At).ThenBy(x => x.Order).Select(x => x.Entry).ToList();
    }

    private static string Pct(decimal ratio) => (ratio * 100).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + "%";

    private static string Text<TEnum>(TEnum value)
        where TEnum : struct, Enum => Configuration.EnumText<TEnum>.ToText(value);
}
