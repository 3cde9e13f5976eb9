using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Pauta.Tests.Shared;

namespace Pauta.Browser.Tests;

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserHost>
{
    public const string Name = "Browser";
}

/// <summary>
/// The real app on Kestrel over real HTTP on a free loopback port, with its own SQLite file and no
/// demo data, plus one headless Chromium (Debian's, never a downloaded build) shared by the tests.
/// </summary>
public class BrowserHost : IAsyncLifetime
{
    private readonly bool _demo;

    // xunit builds a collection fixture through its only public constructor: the empty organisation. The demo one is a
    // subclass (DemoBrowserHost).
    public BrowserHost() : this(demo: false)
    {
    }

    protected BrowserHost(bool demo) => _demo = demo;

    public const string DefaultChromium = "/usr/bin/chromium";

    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "pauta-browser-" + Guid.NewGuid().ToString("N"));
    private PautaApp? _app;
    private IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = null!;
    public string DatabaseFile => Path.Combine(_dataDir, "pauta.db");

    /// <summary>The repository's artifacts/screenshots folder, where failing steps leave a picture of the page.</summary>
    public static string ScreenshotsDir { get; } = Path.Combine(RepoRoot(), "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        var chromium = ChromiumPath();
        Directory.CreateDirectory(_dataDir);

        var port = FreeLoopbackPort();
        _app = new PautaApp(DatabaseFile, _demo, $"http://127.0.0.1:{port}");
        _app.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        _app.StartServer();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.Single().TrimEnd('/');
        if (!File.Exists(DatabaseFile))
            throw new InvalidOperationException($"The app did not use the test database {DatabaseFile}: its configuration was not applied.");
        if (_demo)
        {
            // The demo's 2,500 past contacts are projected into the insights by the worker's first ticks after the start: on
            // two cores shared with another journey that catch-up starved the first sign-in past Playwright's 30 s. The
            // tests begin once it is done (two ticks take it all, 2,000 contacts each; a third finds nothing), bounded.
            var insights = _app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>()
                .OfType<Pauta.Web.Features.Insights.InsightsWorker>().Single();
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (insights.TicksRun < 3 && waited.Elapsed < TimeSpan.FromMinutes(2)) await Task.Delay(100);
        }

        // Upper bounds for auto-waiting, not timings under test: CI has two cores and builds in parallel.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-dev-shm-usage"],
        });
    }

    public virtual async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { /* a leftover temp folder is harmless */ }
    }

    /// <summary>A fresh browser context: its own cookies, Spanish by default like the app itself.</summary>
    public Task<IBrowserContext> NewContextAsync(int width = 1280, int height = 900, string locale = "es-ES") =>
        Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            Locale = locale,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });

    /// <summary>PAUTA_CHROMIUM if set, else Debian's /usr/bin/chromium; never a browser Playwright would download.</summary>
    public static string ChromiumPath()
    {
        var configured = Environment.GetEnvironmentVariable("PAUTA_CHROMIUM");
        var path = string.IsNullOrWhiteSpace(configured) ? DefaultChromium : configured;
        if (File.Exists(path)) return path;
        throw new InvalidOperationException(string.IsNullOrWhiteSpace(configured)
            ? $"Chromium not found: PAUTA_CHROMIUM is not set and {DefaultChromium} does not exist. Install Debian's chromium package (apt-get install chromium) or set PAUTA_CHROMIUM to a Chromium binary. These tests never download a browser."
            : $"Chromium not found: PAUTA_CHROMIUM points to {path}, which does not exist.");
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Pauta.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"Pauta.slnx not found above {AppContext.BaseDirectory}.");
    }

    /// <summary>A port nobody listens on now, chosen before start so the app knows its public URL (the links it hands out).</summary>
    public static int FreeLoopbackPort()
    {
        var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        try { return ((IPEndPoint)probe.LocalEndpoint).Port; }
        finally { probe.Stop(); }
    }

    private sealed class PautaApp(string databaseFile, bool demo, string publicUrl) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Pauta:PublicUrl", publicUrl);
            builder.UseEnvironment("Production");
            builder.UseSetting("Pauta:Database:Provider", "Sqlite");
            builder.UseSetting("ConnectionStrings:Pauta", $"Data Source={databaseFile}");
            builder.UseSetting("Pauta:Demo:Enabled", demo ? "true" : "false");
            builder.UseSetting("Pauta:SignInRateLimit:PermitsPerMinute", "1000");
            // A fixed working morning, then real time: never the machine's date.
            builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(new RunningClock()));
        }
    }
}
