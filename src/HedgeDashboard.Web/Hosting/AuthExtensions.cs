using HedgeDashboard.Data;
using HedgeDashboard.Web.Auth;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace HedgeDashboard.Web.Hosting;

/// <summary>ASP.NET Core Identity on the product's Postgres: cookie sign-in, roles, lockout, policies.</summary>
public static class AuthExtensions
{
    public static IServiceCollection AddHedgeAuth(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<AuthSettings>().Bind(config.GetSection(AuthSettings.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthSettings>, AuthSettingsValidator>();
        var auth = config.GetSection(AuthSettings.Section).Get<AuthSettings>() ?? new AuthSettings();

        services.AddCascadingAuthenticationState();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies(c => c.ApplicationCookie?.Configure(o =>
            {
                o.LoginPath = "/account/login";
                o.LogoutPath = "/account/logout";
                o.AccessDeniedPath = "/account/access-denied";
                o.Cookie.Name = "hd.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.Events = new CookieAuthenticationEvents { OnValidatePrincipal = SecurityStampValidator.ValidatePrincipalAsync };
            }));
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.OnRefreshingPrincipal = AuthTimeClaimsPrincipalFactory.KeepAuthTime;

            // As often as circuits: a page load after a role change must not bring the old roles back.
            o.ValidationInterval = auth.RevalidationInterval;
        });

        services.AddIdentityCore<IdentityUser>(o =>
            {
                o.User.RequireUniqueEmail = false;
                o.Password.RequiredLength = 10;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = auth.MaxFailedAttempts;
                o.Lockout.DefaultLockoutTimeSpan = auth.LockoutDuration;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<HedgeDbContext>()
            .AddUserManager<HedgeUserManager>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<AuthTimeClaimsPrincipalFactory>()
            .AddDefaultTokenProviders();

        services.AddAuthorizationBuilder().AddHedgePolicies();
        services.AddScoped<AuthenticationStateProvider, RevalidatingIdentityAuthenticationStateProvider>();
        services.AddScoped<Rights>();
        return services;
    }

    /// <summary>Roles always; demo users only when Auth:SeedDemoUsers is on in Development.</summary>
    public static async Task PrepareIdentityAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await DemoUsers.EnsureRolesAsync(scope.ServiceProvider);
        if (app.Environment.IsDevelopment() && app.Services.GetRequiredService<IOptions<AuthSettings>>().Value.SeedDemoUsers)
        {
            await DemoUsers.SeedAsync(scope.ServiceProvider, app.Logger);
        }
    }

    /// <summary>
    /// Sign-out is a POST with an antiforgery token (a form in the layout). The token is checked here: the antiforgery
    /// middleware only validates endpoints that bind a form, and this one binds nothing.
    /// </summary>
    public static void MapAccountEndpoints(this WebApplication app)
    {
        app.MapPost("/account/logout", async Task<IResult> (SignInManager<IdentityUser> signIn, IAntiforgery antiforgery, HttpContext http) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return TypedResults.BadRequest("Sign-out needs the form's antiforgery token.");
            }

            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("~/account/login");
        });
    }
}
