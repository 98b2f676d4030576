using System.Security.Claims;
using HedgeDashboard.Web.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace HedgeDashboard.Web.Components.Tests;

/// <summary>The checks an open circuit's user goes through, on Identity's user manager over a small fake store.</summary>
public sealed class IdentityRevalidationTests
{
    private static readonly ClaimsIdentityOptions Claims = new();

    [Fact]
    public async Task HedgeUserManager_AddOrRemoveRole_UpdatesSecurityStamp()
    {
        var (users, user, _) = await NewUserAsync("APPROVER");
        var stamp = user.SecurityStamp;

        Assert.True((await users.RemoveFromRoleAsync(user, "APPROVER")).Succeeded);
        Assert.NotEqual(stamp, user.SecurityStamp);

        stamp = user.SecurityStamp;
        Assert.True((await users.AddToRolesAsync(user, ["VIEWER"])).Succeeded);
        Assert.NotEqual(stamp, user.SecurityStamp);
    }

    [Fact]
    public async Task Mismatch_UnchangedUser_IsNull()
    {
        var (users, user, _) = await NewUserAsync("APPROVER");
        Assert.Null(await RevalidatingIdentityAuthenticationStateProvider.MismatchAsync(users, Principal(user, "APPROVER"), Claims));
    }

    [Fact]
    public async Task Mismatch_RoleEditedWithoutStamp_NamesTheCurrentRoles()
    {
        var (users, user, store) = await NewUserAsync("APPROVER");
        var principal = Principal(user, "APPROVER");
        store.Roles.Remove("APPROVER");
        store.Roles.Add("VIEWER");

        Assert.Equal("the roles changed to [VIEWER]", await RevalidatingIdentityAuthenticationStateProvider.MismatchAsync(users, principal, Claims));
    }

    [Fact]
    public async Task Mismatch_StampChanged_IsReported()
    {
        var (users, user, _) = await NewUserAsync("APPROVER");
        var principal = Principal(user, "APPROVER");
        await users.UpdateSecurityStampAsync(user);

        Assert.Equal("the security stamp changed", await RevalidatingIdentityAuthenticationStateProvider.MismatchAsync(users, principal, Claims));
    }

    [Fact]
    public async Task Mismatch_UserDeleted_IsReported()
    {
        var (users, user, _) = await NewUserAsync("APPROVER");
        var principal = Principal(user, "APPROVER");
        await users.DeleteAsync(user);

        Assert.Equal("the user no longer exists", await RevalidatingIdentityAuthenticationStateProvider.MismatchAsync(users, principal, Claims));
    }

    private static async Task<(UserManager<IdentityUser> Users, IdentityUser User, FakeUserStore Store)> NewUserAsync(string role)
    {
        var store = new FakeUserStore();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IUserStore<IdentityUser>>(store);
        services.AddIdentityCore<IdentityUser>().AddUserManager<HedgeUserManager>();
        var users = services.BuildServiceProvider().GetRequiredService<UserManager<IdentityUser>>();
        Assert.IsType<HedgeUserManager>(users);
        var user = new IdentityUser("someone");
        Assert.True((await users.CreateAsync(user)).Succeeded);
        store.Roles.Add(role);
        return (users, user, store);
    }

    private static ClaimsPrincipal Principal(IdentityUser user, params string[] roles) => new(new ClaimsIdentity(
        [
            new Claim(Claims.UserIdClaimType, user.Id),
            new Claim(Claims.SecurityStampClaimType, user.SecurityStamp!),
            .. roles.Select(r => new Claim(Claims.RoleClaimType, r)),
        ], "test"));

    /// <summary>One user in memory, with roles and a security stamp: what the checks read from Identity.</summary>
    private sealed class FakeUserStore : IUserRoleStore<IdentityUser>, IUserSecurityStampStore<IdentityUser>
    {
        private IdentityUser? _user;

        public HashSet<string> Roles { get; } = [];

        public Task<IdentityResult> CreateAsync(IdentityUser user, CancellationToken cancellationToken)
        {
            _user = user;
            return Task.FromResult(IdentityResult.Success);
        }

        public Task<IdentityResult> UpdateAsync(IdentityUser user, CancellationToken cancellationToken) => Task.FromResult(IdentityResult.Success);

        public Task<IdentityResult> DeleteAsync(IdentityUser user, CancellationToken cancellationToken)
        {
            _user = null;
            return Task.FromResult(IdentityResult.Success);
        }

        public Task<IdentityUser?> FindByIdAsync(string userId, CancellationToken cancellationToken) => Task.FromResult(_user?.Id == userId ? _user : null);

        public Task<IdentityUser?> FindByNameAsync(string normalizedUserName, CancellationToken cancellationToken) =>
            Task.FromResult(_user?.NormalizedUserName == normalizedUserName ? _user : null);

        public Task<string> GetUserIdAsync(IdentityUser user, CancellationToken cancellationToken) => Task.FromResult(user.Id);

        public Task<string?> GetUserNameAsync(IdentityUser user, CancellationToken cancellationToken) => Task.FromResult(user.UserName);

        public Task SetUserNameAsync(IdentityUser user, string? userName, CancellationToken cancellationToken)
        {
            user.UserName = userName;
            return Task.CompletedTask;
        }

        public Task<string?> GetNormalizedUserNameAsync(IdentityUser user, CancellationToken cancellationToken) => Task.FromResult(user.NormalizedUserName);

        public Task SetNormalizedUserNameAsync(IdentityUser user, string? normalizedName, CancellationToken cancellationToken)
        {
            user.NormalizedUserName = normalizedName;
            return Task.CompletedTask;
        }

        public Task AddToRoleAsync(IdentityUser user, string roleName, CancellationToken cancellationToken) => Task.FromResult(Roles.Add(roleName));

        public Task RemoveFromRoleAsync(IdentityUser user, string roleName, CancellationToken cancellationToken) => Task.FromResult(Roles.Remove(roleName));

        public Task<IList<string>> GetRolesAsync(IdentityUser user, CancellationToken cancellationToken) => Task.FromResult<IList<string>>([.. Roles]);

        public Task<bool> IsInRoleAsync(IdentityUser user, string roleName, CancellationToken cancellationToken) => Task.FromResult(Roles.Contains(roleName));

        public Task<IList<IdentityUser>> GetUsersInRoleAsync(string roleName, CancellationToken cancellationToken) =>
            Task.FromResult<IList<IdentityUser>>(_user is not null && Roles.Contains(roleName) ? [_user] : []);

        public Task SetSecurityStampAsync(IdentityUser user, string stamp, CancellationToken cancellationToken)
        {
            user.SecurityStamp = stamp;
            return Task.CompletedTask;
        }

        public Task<string?> GetSecurityStampAsync(IdentityUser user, CancellationToken cancellationToken) => Task.FromResult(user.SecurityStamp);

        public void Dispose()
        {
        }
    }
}
