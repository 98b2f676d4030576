using HedgeDashboard.TestSupport;
using Microsoft.Playwright;

namespace HedgeDashboard.Web.Tests;

/// <summary>
/// One dashboard for the browser tests: a fresh database in the project's Postgres cluster, a private
/// anvil, the real app as a child process, and Debian's Chromium driven by Playwright. A subclass passes its own
/// database name and app settings.
/// </summary>
public class DashboardFixture : IAsyncLifetime
{
    private readonly string _databaseName;
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private TestDatabase? _database;
    private AnvilNode? _anvil;
    private IPlaywright? _playwright;

    public DashboardProcess App { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public SeedData Seed { get; private set; } = null!;

    public string ConnectionString => _database!.ConnectionString;

    public DashboardFixture()
        : this("web", new Dictionary<string, string?> { ["Testing__AllowForgedActions"] = "true", ["Health__DetailsToken"] = HealthToken })
    {
    }

    protected DashboardFixture(string databaseName, IReadOnlyDictionary<string, string?> settings) =>
        (_databaseName, _settings) = (databaseName, settings);

    /// <summary>Health:DetailsToken of the test apps: monitors send it to read /healthz's details.</summary>
    public const string HealthToken = "test-health-token-0123456789";

    public static string ScreenshotDir => Path.Combine(RepoPaths.Root, "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        _database = await TestPostgres.CreateDatabaseAsync(_databaseName);
        _anvil = await AnvilNode.StartAsync();
        App = await DashboardProcess.StartAsync(new Dictionary<string, string?>(_settings)
        {
            ["ConnectionStrings__Hedge"] = _database.ConnectionString,
            ["Chain__RpcUrl"] = _anvil.RpcUrl.ToString(),
        });
        Seed = await SeedData.SeedAsync(_database.ConnectionString);
        await SeedMoreAsync(_database.ConnectionString);
        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchChromiumAsync(_playwright);
        Directory.CreateDirectory(ScreenshotDir);
    }

    /// <summary>Data a subclass adds to the common seed before the browser starts.</summary>
    protected virtual Task SeedMoreAsync(string connectionString) => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        if (_anvil is not null)
        {
            await _anvil.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>A new browser context (own cookies) signed in as a demo user, on the positions page, with the circuit up.</summary>
    public Task<IPage> SignInAsync(string user, string path = "/", int width = 1366, int height = 860) =>
        SignInAsync(Browser, App.BaseUrl, user, path, width, height);

    /// <summary>A new browser context of <paramref name="browser"/> signed in as a demo user to the app at <paramref name="baseUrl"/>, on <paramref name="path"/>, with the circuit up.</summary>
    public static async Task<IPage> SignInAsync(IBrowser browser, Uri baseUrl, string user, string path = "/", int width = 1366, int height = 860)
    {
        ArgumentNullException.ThrowIfNull(browser);
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(baseUrl, path).ToString());
        await page.GetByTestId("login-user").FillAsync(user);
        await page.GetByTestId("login-password").FillAsync(DemoPassword(user));
        await page.GetByTestId("login-submit").ClickAsync();

        // Clicks made during prerender are lost: wait for the circuit first.
        await page.Locator(".hd-shell[data-interactive=true]").WaitForAsync(new() { Timeout = 30_000 });
        return page;
    }

    /// <summary>The development passwords the app seeds (and prints) in Development.</summary>
    public static string DemoPassword(string user) => user switch
    {
        "viewer" => "Viewer-dev-2026!",
        "approver" => "Approver-dev-2026!",
        "admin" => "Admin-dev-2026!",
        _ => throw new ArgumentOutOfRangeException(nameof(user)),
    };

    /// <summary>Debian's Chromium, headless, with the flags this offline sandbox needs.</summary>
    public static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright)
    {
        ArgumentNullException.ThrowIfNull(playwright);

        // Playwright's 5 s default for expectations is short for a 2-core CI machine running test projects side by side.
        Assertions.SetDefaultExpectTimeout(15_000);
        return playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("HEDGE_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            ],
        });
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}
