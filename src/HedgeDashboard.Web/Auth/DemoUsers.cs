using HedgeDashboard.Workers.Approvals;
using Microsoft.AspNetCore.Identity;

namespace HedgeDashboard.Web.Auth;

/// <summary>Roles (always) and, in Development only, three demo users with well-known passwords.</summary>
public static class DemoUsers
{
    /// <summary>Development-only credentials; never enable <see cref="AuthSettings.SeedDemoUsers"/> elsewhere.</summary>
    public static IReadOnlyList<(string UserName, string Password, string Role)> All { get; } =
    [
        ("viewer", "Viewer-dev-2026!", Roles.Viewer),
        ("approver", "Approver-dev-2026!", Roles.Approver),
        ("admin", "Admin-dev-2026!", Roles.Admin),
    ];

    public static async Task EnsureRolesAsync(IServiceProvider services)
    {
        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)), role);
            }
        }
    }

    public static async Task SeedAsync(IServiceProvider services, ILogger log)
    {
        var users = services.GetRequiredService<UserManager<IdentityUser>>();
        foreach (var (name, password, role) in All)
        {
            var user = await users.FindByNameAsync(name);
            if (user is null)
            {
                user = new IdentityUser(name) { Email = $"{name}@example.invalid", EmailConfirmed = true, LockoutEnabled = true };
                Check(await users.CreateAsync(user, password), name);
            }

            if (!await users.IsInRoleAsync(user, role))
            {
                Check(await users.AddToRoleAsync(user, role), name);
            }

            log.LogInformation("Demo user (development only): {User} / {Password} ({Role})", name, password, role);
        }
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"could not create {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
