using System.Security.Claims;
using System.Text.Json;
using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Web.Auth;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Web.Settings;

/// <summary>
/// The Settings page's reads and writes. Each write validates first (nothing is saved when a field is refused) and
/// appends its audit entry in the same SaveChanges. The page checks the user's rights before calling.
/// </summary>
public sealed class SettingsService(IDbContextFactory<HedgeDbContext> dbFactory, TimeProvider time)
{
    private FieldLimits? _limits;

    /// <summary>A wallet the dashboard follows: tracked by an Admin, or owning positions registered with the hedge controller.</summary>
    public sealed record WalletRow(long? TrackedId, string Address, string? Label, bool IsActive, int Positions);

    public sealed record PositionChoice(long Id, string Text);

    public sealed record View(
        IReadOnlyList<WalletRow> Wallets, IReadOnlyList<OracleHealth> Oracles, IReadOnlyList<PositionChoice> Positions, GlobalForm Global, FieldLimits Limits);

    public enum Outcome
    {
        Saved,
        Invalid,
        NotFound,
        NeedsReauthentication,
        Conflict,
    }

    public async Task<FieldLimits> LimitsAsync(CancellationToken ct = default)
    {
        if (_limits is null)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            _limits = FieldLimits.From(db.Model);
        }

        return _limits;
    }

    public async Task<View> LoadAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tracked = await db.TrackedWallets.AsNoTracking().OrderBy(w => w.Id).ToListAsync(ct);
        var owners = await db.Positions.AsNoTracking().Where(p => p.Status == PositionStatus.Open)
            .GroupBy(p => p.OwnerAddress).Select(g => new { Address = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Address, g => g.Count, ct);

        // Tracked wallets first, then owners whose positions come from the hedge controller without being tracked.
        var wallets = tracked.Select(w => new WalletRow(w.Id, w.Address, w.Label, w.IsActive, owners.GetValueOrDefault(w.Address))).ToList();
        wallets.AddRange(owners.Where(o => tracked.All(w => w.Address != o.Key)).OrderBy(o => o.Key, StringComparer.Ordinal)
            .Select(o => new WalletRow(null, o.Key, null, true, o.Value)));
        var oracles = await db.OracleHealth.AsNoTracking().OrderBy(o => o.Pair).ToListAsync(ct);
        var positions = await db.Positions.AsNoTracking().OrderBy(p => p.Id).Take(5000)
            .Select(p => new PositionChoice(p.Id, p.Pool!.Pair + " #" + p.NftTokenId + " (" + p.Id + ")")).ToListAsync(ct);
        var s = await db.AppSettings.AsNoTracking().SingleOrDefaultAsync(x => x.Id == AppSettings.SingletonId, ct) ?? new AppSettings();
        var global = new GlobalForm
        {
            CircuitBreakerOn = s.CircuitBreakerOn,
            CircuitBreakerReason = s.CircuitBreakerReason,
            WebhookUrl = s.WebhookUrl,
            ExplorerTxUrlTemplate = s.ExplorerTxUrlTemplate,
        };
        return new View(wallets, oracles, positions, global, _limits ??= FieldLimits.From(db.Model));
    }

    public async Task<ExecutionPolicy?> PolicyAsync(long positionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Positions.AsNoTracking().Where(p => p.Id == positionId).Select(p => p.Policy).SingleOrDefaultAsync(ct);
    }

    public async Task<FieldErrors> AddWalletAsync(ClaimsPrincipal user, WalletForm form, long chainId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        var errors = form.Validate(await LimitsAsync(ct));
        if (!errors.IsValid)
        {
            return errors;
        }

        var address = EthAddress.Normalize(form.Address);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.TrackedWallets.AnyAsync(w => w.ChainId == chainId && w.Address == address, ct))
        {
            errors[nameof(WalletForm.Address)] = "Address: this wallet is already tracked.";
            return errors;
        }

        if (!await db.Chains.AnyAsync(c => c.Id == chainId, ct))
        {
            db.Chains.Add(new Chain { Id = chainId, Name = chainId == 31337 ? "anvil" : $"chain {chainId}" });
        }

        var label = string.IsNullOrWhiteSpace(form.Label) ? null : form.Label.Trim();
        db.TrackedWallets.Add(new TrackedWallet { ChainId = chainId, Address = address, Label = label, CreatedAt = time.GetUtcNow() });
        Audit(db, user, "wallet.added", "tracked_wallet", address, new { address, label, chainId });
        await db.SaveChangesAsync(ct);
        return errors;
    }

    public async Task<bool> ToggleWalletAsync(ClaimsPrincipal user, long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var w = await db.TrackedWallets.SingleOrDefaultAsync(x => x.Id == id, ct);
        if (w is null)
        {
            return false;
        }

        w.IsActive = !w.IsActive;
        Audit(db, user, w.IsActive ? "wallet.resumed" : "wallet.paused", "tracked_wallet", w.Address, new { w.Address });
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Saves the global settings; the webhook's host must not be loopback or private unless <paramref name="allowPrivateWebhookTargets"/>.</summary>
    public async Task<(Outcome Outcome, FieldErrors Errors)> SaveGlobalAsync(ClaimsPrincipal user, GlobalForm form, bool allowPrivateWebhookTargets, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        var errors = await form.ValidateAsync(await LimitsAsync(ct), allowPrivateWebhookTargets, ct);
        if (!errors.IsValid)
        {
            return (Outcome.Invalid, errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var s = await db.AppSettings.SingleOrDefaultAsync(x => x.Id == AppSettings.SingletonId, ct);
        if (s is null)
        {
            s = new AppSettings();
            db.AppSettings.Add(s);
        }

        var before = new { s.CircuitBreakerOn, s.CircuitBreakerReason, s.WebhookUrl, s.ExplorerTxUrlTemplate };
        s.CircuitBreakerOn = form.CircuitBreakerOn;
        s.CircuitBreakerReason = string.IsNullOrWhiteSpace(form.CircuitBreakerReason) ? null : form.CircuitBreakerReason.Trim();
        s.WebhookUrl = string.IsNullOrWhiteSpace(form.WebhookUrl) ? null : form.WebhookUrl.Trim();
        s.ExplorerTxUrlTemplate = form.ExplorerTxUrlTemplate.Trim();
        s.UpdatedAt = time.GetUtcNow();
        s.UpdatedBy = Rights.Name(user);
        Audit(db, user, before.CircuitBreakerOn != s.CircuitBreakerOn ? (s.CircuitBreakerOn ? "breaker.on" : "breaker.off") : "settings.updated", "app_settings", "1",
            new { before, after = new { s.CircuitBreakerOn, s.CircuitBreakerReason, s.WebhookUrl, s.ExplorerTxUrlTemplate } });
        try
        {
            await db.SaveChangesAsync(ct);
            return (Outcome.Saved, errors);
        }
        catch (DbUpdateConcurrencyException)
        {
            return (Outcome.Conflict, errors);
        }
    }

    /// <summary>
    /// Saves a position's policy. Turning auto-execution on, or changing an auto policy, needs a recent password
    /// (<paramref name="recentlyAuthenticated"/>). The workers update the position's row too (fee readings, on-chain
    /// ratio), which moves its row version: the form applies to the row as it is now, so a save that lost that race
    /// is redone on a fresh read, up to three times.
    /// </summary>
    public async Task<(Outcome Outcome, FieldErrors Errors)> SavePolicyAsync(
        ClaimsPrincipal user, long positionId, PolicyForm form, bool recentlyAuthenticated, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        var (values, errors) = form.Validate();
        if (values is null)
        {
            return (Outcome.Invalid, errors);
        }

        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var p = await db.Positions.SingleOrDefaultAsync(x => x.Id == positionId, ct);
            if (p is null)
            {
                return (Outcome.NotFound, errors);
            }

            if ((values.Mode == ExecutionMode.Auto || p.Policy.Mode == ExecutionMode.Auto) && !recentlyAuthenticated)
            {
                return (Outcome.NeedsReauthentication, errors);
            }

            var before = PolicyValues.From(p.Policy);
            values.ApplyTo(p.Policy);
            p.UpdatedAt = time.GetUtcNow();
            Audit(db, user, "policy.updated", "lp_position", positionId.ToString(System.Globalization.CultureInfo.InvariantCulture), new { before, after = values });
            try
            {
                await db.SaveChangesAsync(ct);
                return (Outcome.Saved, errors);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
            }
            catch (DbUpdateConcurrencyException)
            {
                return (Outcome.Conflict, errors);
            }
        }
    }

    private void Audit(HedgeDbContext db, ClaimsPrincipal user, string action, string entityType, string? entityId, object details) =>
        db.AuditLog.Add(new AuditLogEntry
        {
            At = time.GetUtcNow(),
            Actor = Rights.Name(user),
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            Details = JsonSerializer.Serialize(details, AuditJson),
        });

    // Enums by name in the audit details ("Auto", not 1).
    private static readonly JsonSerializerOptions AuditJson = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
}
