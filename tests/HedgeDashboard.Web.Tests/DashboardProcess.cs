using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using HedgeDashboard.TestSupport;

namespace HedgeDashboard.Web.Tests;

/// <summary>The real dashboard (built HedgeDashboard.Web.dll) as a child process on a free loopback port.</summary>
public sealed class DashboardProcess : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly Process _process;
    private readonly StringBuilder _output;

    private DashboardProcess(Process process, StringBuilder output, Uri baseUrl)
    {
        _process = process;
        _output = output;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    /// <summary>The app's process id (benchmarks read its memory).</summary>
    public int ProcessId => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static string WebProjectDir => Path.Combine(RepoPaths.Root, "src", "HedgeDashboard.Web");

    /// <summary>The web app's dll built in the same configuration as these tests.</summary>
    public static string WebDll
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
            var dll = Path.Combine(WebProjectDir, "bin", configuration, "net10.0", "HedgeDashboard.Web.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the web app first: {dll}");
        }
    }

    /// <summary>Starts the app with the given settings (environment variables) without waiting for it.</summary>
    public static DashboardProcess Launch(IDictionary<string, string?> settings, int? port = null)
    {
        var url = new Uri($"http://127.0.0.1:{port ?? FreePort()}");
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = WebProjectDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add(WebDll);
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add(url.ToString());
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";

        // Every test signs in from 127.0.0.1; the per-address sign-in limit is tested on an app of its own.
        psi.Environment["Auth__SignInPermitLimit"] = "10000";
        foreach (var (key, value) in settings)
        {
            psi.Environment[key] = value;
        }

        var output = new StringBuilder();
        var process = Process.Start(psi) ?? throw new InvalidOperationException("dotnet did not start");
        void Append(object _, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(e.Data);
            }
        }

        process.OutputDataReceived += Append;
        process.ErrorDataReceived += Append;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new DashboardProcess(process, output, url);
    }

    /// <summary>Starts the app and waits until /healthz answers (any status).</summary>
    public static async Task<DashboardProcess> StartAsync(IDictionary<string, string?> settings)
    {
        var app = Launch(settings);
        // Generous: a cold start migrates the database, and the tests share two cores with builds and other apps
        // (load averages of 50-80 seen: several fixtures' apps start at once, beside other jobs).
        var deadline = DateTime.UtcNow.AddSeconds(300);
        while (DateTime.UtcNow < deadline)
        {
            if (app._process.HasExited)
            {
                throw new InvalidOperationException($"dashboard exited with {app._process.ExitCode}:\n{app.Output}");
            }

            try
            {
                using var resp = await Http.GetAsync(new Uri(app.BaseUrl, "/healthz"));
                return app;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or listening but too busy to answer within 5 s (a loaded machine): ask again.
                await Task.Delay(200);
            }
        }

        await app.DisposeAsync();
        throw new TimeoutException($"dashboard did not answer within 300 s:\n{app.Output}");
    }

    /// <summary>Waits for the process to exit by itself (start-up failures) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public async Task<string> GetStringAsync(string path) => await Http.GetStringAsync(new Uri(BaseUrl, path));

    /// <summary>/healthz as a monitor holding Health:DetailsToken reads it.</summary>
    public async Task<HttpResponseMessage> GetHealthDetailsAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseUrl, "/healthz"));
        request.Headers.Authorization = new("Bearer", DashboardFixture.HealthToken);
        return await Http.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
