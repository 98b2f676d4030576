using Microsoft.Extensions.Options;

namespace HedgeDashboard.Web.Auth;

/// <summary>Sign-in settings, bound from the "Auth" section.</summary>
public sealed class AuthSettings
{
    public const string Section = "Auth";

    /// <summary>How long after signing in a person may approve or change an auto-execute policy without typing the password again.</summary>
    public TimeSpan ReauthenticateWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Failed sign-ins before the account is locked out.</summary>
    public int MaxFailedAttempts { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How often an open circuit, and a sign-in cookie, is checked against Identity (security stamp, roles, lockout):
    /// the longest a removed role can still be used.
    /// </summary>
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Sign-in and re-authentication POSTs one client address may make per <see cref="SignInWindow"/> (sliding), checked
    /// before the password or the lockout counter is touched: at 5 per 15 minutes one address can keep an account
    /// locked (5 failures, 5 minutes) for at most a third of the time, never for good.
    /// </summary>
    public int SignInPermitLimit { get; set; } = 5;

    public TimeSpan SignInWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Create the viewer/approver/admin demo users with development passwords (Development only).</summary>
    public bool SeedDemoUsers { get; set; }
}

public sealed class AuthSettingsValidator : IValidateOptions<AuthSettings>
{
    public ValidateOptionsResult Validate(string? name, AuthSettings options)
    {
        if (options.ReauthenticateWindow <= TimeSpan.Zero)
        {
            return ValidateOptionsResult.Fail($"Auth:ReauthenticateWindow must be positive; got {options.ReauthenticateWindow}");
        }

        if (options.MaxFailedAttempts < 1)
        {
            return ValidateOptionsResult.Fail($"Auth:MaxFailedAttempts must be at least 1; got {options.MaxFailedAttempts}");
        }

        if (options.LockoutDuration <= TimeSpan.Zero)
        {
            return ValidateOptionsResult.Fail($"Auth:LockoutDuration must be positive; got {options.LockoutDuration}");
        }

        if (options.SignInPermitLimit < 1)
        {
            return ValidateOptionsResult.Fail($"Auth:SignInPermitLimit must be at least 1; got {options.SignInPermitLimit}");
        }

        if (options.SignInWindow <= TimeSpan.Zero)
        {
            return ValidateOptionsResult.Fail($"Auth:SignInWindow must be positive; got {options.SignInWindow}");
        }

        return options.RevalidationInterval <= TimeSpan.Zero
            ? ValidateOptionsResult.Fail($"Auth:RevalidationInterval must be positive; got {options.RevalidationInterval}")
            : ValidateOptionsResult.Success;
    }
}
