using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace HedgeDashboard.Web.Auth;

/// <summary>
/// Identity's user manager, except that adding or removing a role also updates the security stamp (Identity does not
/// by default): open circuits and sign-in cookies holding the old roles then stop being accepted at their next check.
/// </summary>
public sealed class HedgeUserManager(
    IUserStore<IdentityUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<IdentityUser> passwordHasher,
    IEnumerable<IUserValidator<IdentityUser>> userValidators,
    IEnumerable<IPasswordValidator<IdentityUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<IdentityUser>> logger)
    : UserManager<IdentityUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    public override async Task<IdentityResult> AddToRoleAsync(IdentityUser user, string role) =>
        await StampAsync(user, await base.AddToRoleAsync(user, role));

    public override async Task<IdentityResult> AddToRolesAsync(IdentityUser user, IEnumerable<string> roles) =>
        await StampAsync(user, await base.AddToRolesAsync(user, roles));

    public override async Task<IdentityResult> RemoveFromRoleAsync(IdentityUser user, string role) =>
        await StampAsync(user, await base.RemoveFromRoleAsync(user, role));

    public override async Task<IdentityResult> RemoveFromRolesAsync(IdentityUser user, IEnumerable<string> roles) =>
        await StampAsync(user, await base.RemoveFromRolesAsync(user, roles));

    private async Task<IdentityResult> StampAsync(IdentityUser user, IdentityResult changed) =>
        changed.Succeeded ? await UpdateSecurityStampAsync(user) : changed;
}
