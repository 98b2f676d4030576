using HedgeDashboard.TestSupport;
using Microsoft.Playwright;

namespace HedgeDashboard.Web.Tests;

/// <summary>
/// One dashboard for the browser tests: a fresh database in the project's Postgres cluster, a private
/// anvil, the real app as a child process, and Debian's Chromium driven by Playwright.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    private TestDatabase? _database;
    private AnvilNode? _anvil;
    private IPlaywright? _playwright;

    public DashboardProcess App { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public static string ScreenshotDir => Path.Combine(RepoPaths.Root, "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        _database = await TestPostgres.CreateDatabaseAsync("web");
        _anvil = await AnvilNode.StartAsync();
        App = await DashboardProcess.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings__Hedge"] = _database.ConnectionString,
            ["Chain__RpcUrl"] = _anvil.RpcUrl.ToString(),
        });
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(ChromiumOptions());
        Directory.CreateDirectory(ScreenshotDir);
    }

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

    /// <summary>Debian's Chromium, headless, with the flags this offline sandbox needs.</summary>
    public static BrowserTypeLaunchOptions ChromiumOptions() => new()
    {
        ExecutablePath = Environment.GetEnvironmentVariable("HEDGE_CHROMIUM") ?? "/usr/bin/chromium",
        Headless = true,
        Args =
        [
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        ],
    };
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}
