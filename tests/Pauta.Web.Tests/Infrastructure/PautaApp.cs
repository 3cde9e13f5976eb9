using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pauta.Data;
using Pauta.Data.Tenancy;
using Pauta.Tests.Shared;

namespace Pauta.Web.Tests.Infrastructure;

/// <summary>
/// The real Pauta app on a real, fresh database: a temp SQLite file or a new PostgreSQL database
/// created on the server that scripts/test.sh starts, each a copy of the run's <see cref="MigratedTemplate"/>. One
/// instance is shared by the tests of one class (xunit class fixture); the database is thrown away when the class is done.
/// </summary>
public abstract class PautaApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string PostgresVariable = "PAUTA_TEST_POSTGRES";

    private readonly bool _demo;
    private readonly int _signInPermitsPerMinute;
    private string? _sqliteFile;
    private string? _postgresServer;
    private string? _postgresDatabase;
    private bool _dropped;

    protected PautaApp(DatabaseProvider provider, bool demo = true, int signInPermitsPerMinute = 10_000)
    {
        Provider = provider;
        _demo = demo;
        _signInPermitsPerMinute = signInPermitsPerMinute;
    }

    /// <summary>
    /// Another web node on <paramref name="first"/>'s database (several stateless nodes share nothing else): it neither
    /// creates, migrates, seeds nor drops the database.
    /// </summary>
    protected PautaApp(PautaApp first, int signInPermitsPerMinute = 10_000) : this(first.Provider, demo: false, signInPermitsPerMinute)
    {
        JoinDatabaseOf(first);
    }

    private PautaApp? _first;

    /// <summary>The node's name (Pauta:NodeName), for tests with several nodes; none by default.</summary>
    protected virtual string? NodeName => null;

    public DatabaseProvider Provider { get; }

    /// <summary>
    /// The app's clock: by default a fixed working morning chosen by the tests, then real time passing, so no test
    /// ever sees today's date; a subclass may hand the app a clock that stands still.
    /// </summary>
    protected virtual TimeProvider AppClock { get; } = new RunningClock();

    /// <summary>
    /// How many past contacts the demo starts with. None by default, so a test's own contacts are the only ones its
    /// numbers and worker see; the whole-app test and the generated-history tests take the demo's real past (2,500).
    /// </summary>
    protected virtual int PastContacts => 0;

    /// <summary>The app's "now", for rows a test writes straight into the database.</summary>
    public DateTime UtcNow => AppClock.GetUtcNow().UtcDateTime;

    public string ConnectionString { get; private set; } = "";

    /// <summary>
    /// Another node of the same database (several web nodes, tests of shared state): this app starts on the database of
    /// <paramref name="first"/>, which must be started already, and leaves dropping it to that app.
    /// </summary>
    protected void JoinDatabaseOf(PautaApp first)
    {
        if (first.Provider != Provider) throw new InvalidOperationException("A second node joins an app of the same provider.");
        _first = first;
    }

    public async Task InitializeAsync()
    {
        if (_first is not null)
        {
            if (_first.ConnectionString.Length == 0) throw new InvalidOperationException("A second node joins a started app.");
            ConnectionString = _first.ConnectionString;
            _ = Server;
            return;
        }
        switch (Provider)
        {
            case DatabaseProvider.Sqlite:
                _sqliteFile = Path.Combine(Path.GetTempPath(), $"pauta-web-tests-{Guid.NewGuid():N}.db");
                ConnectionString = new SqliteConnectionStringBuilder { DataSource = _sqliteFile }.ToString();
                await MigratedTemplate.CopySqliteToAsync(_sqliteFile);
                break;
            case DatabaseProvider.Postgres:
                _postgresServer = Environment.GetEnvironmentVariable(PostgresVariable);
                if (string.IsNullOrWhiteSpace(_postgresServer))
                    throw new InvalidOperationException(
                        $"{PostgresVariable} is not set, so the PostgreSQL tests cannot run. Run the suite with ./scripts/test.sh, " +
                        "which starts a throwaway PostgreSQL cluster and sets it (e.g. ./scripts/test.sh --filter FullyQualifiedName~Pauta.Web.Tests).");
                _postgresDatabase = $"pauta_{Guid.NewGuid():N}";
                await MigratedTemplate.CreatePostgresAsync(_postgresServer, _postgresDatabase);
                ConnectionString = new NpgsqlConnectionStringBuilder(_postgresServer) { Database = _postgresDatabase }.ToString();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(Provider), Provider, null);
        }

        // Starts the host: migrations run and (when asked) the demo organisation is seeded.
        _ = Server;

        // Guard against the settings silently not reaching the app (it would then use data/pauta.db).
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PautaDbContext>();
        switch (Provider)
        {
            case DatabaseProvider.Sqlite:
                db.Database.IsSqlite().ShouldBeTrue();
                db.Database.GetConnectionString()!.ShouldContain(Path.GetFileName(_sqliteFile ?? new SqliteConnectionStringBuilder(ConnectionString).DataSource));
                break;
            case DatabaseProvider.Postgres:
                db.Database.IsNpgsql().ShouldBeTrue();
                db.Database.GetConnectionString()!.ShouldContain(_postgresDatabase ?? new NpgsqlConnectionStringBuilder(ConnectionString).Database!);
                break;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Pauta:Database:Provider", Provider.ToString());
        builder.UseSetting($"ConnectionStrings:{DataServices.ConnectionStringName}", ConnectionString);
        builder.UseSetting("Pauta:Database:MigrateOnStart", _first is null ? "true" : "false");
        if (NodeName is not null) builder.UseSetting(DataServices.NodeNameKey, NodeName);
        builder.UseSetting("Pauta:Demo:Enabled", _demo ? "true" : "false");
        builder.UseSetting("Pauta:Demo:Password", Demo.Password);
        builder.UseSetting("Pauta:Demo:PastContacts", PastContacts.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Pauta:SignInRateLimit:PermitsPerMinute", _signInPermitsPerMinute.ToString(CultureInfo.InvariantCulture));
        // No mail server: invitation and reset links are handed back to the admin, which is what the tests read.
        builder.UseSetting("Pauta:Smtp:Host", "");
        builder.ConfigureTestServices(s => s.AddSingleton(AppClock));
    }

    /// <summary>A browser-like client: keeps cookies, does not follow redirects so tests see them.</summary>
    public Browser NewBrowser(string? acceptLanguage = null)
    {
        // Our own cookie jar (not the factory's hidden one), so a SignalR client can present the same sign-in.
        var cookies = new System.Net.CookieContainer();
        var client = CreateDefaultClient(new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler(cookies));
        if (acceptLanguage is not null) client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        return new Browser(client, cookies);
    }

    /// <summary>A client signed in as <paramref name="email"/>; fails the test if sign-in does not succeed.</summary>
    public async Task<Browser> SignInAsync(string email, string password = Demo.Password, string? acceptLanguage = null)
    {
        var browser = NewBrowser(acceptLanguage);
        var response = await browser.SignInAsync(email, password);
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect, $"signing in as {email} should succeed");
        return browser;
    }

    /// <summary>Signs up a brand-new organisation through /account/signup and returns its owner's signed-in client.</summary>
    public async Task<Browser> SignUpAsync(string organisationName, string email, string password = Demo.StrongPassword,
        string displayName = "Test Owner", string language = "en", string timeZone = "Europe/Madrid")
    {
        var browser = NewBrowser();
        var response = await browser.SignUpAsync(new Dictionary<string, string>
        {
            ["Input.OrganisationName"] = organisationName,
            ["Input.BrandName"] = organisationName,
            ["Input.Language"] = language,
            ["Input.TimeZoneId"] = timeZone,
            ["Input.DisplayName"] = displayName,
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect, $"signing up {organisationName} should succeed");
        return browser;
    }

    /// <summary>A unit of work straight on the database, outside any request. Unless a tenant is given, none is set.</summary>
    public async Task<T> WithDbAsync<T>(Func<PautaDbContext, Task<T>> work, Guid? tenant = null)
    {
        using var scope = Services.CreateScope();
        if (tenant is { } t) scope.ServiceProvider.GetRequiredService<Tenant>().Set(t);
        return await work(scope.ServiceProvider.GetRequiredService<PautaDbContext>());
    }

    public Task WithDbAsync(Func<PautaDbContext, Task> work, Guid? tenant = null) =>
        WithDbAsync(async db => { await work(db); return true; }, tenant);

    /// <summary>How many organisations and users exist in the whole database, across tenants.</summary>
    public Task<(int Organisations, int Users, int Members)> CountEverythingAsync() => WithDbAsync(async db => (
        await db.Organisations.IgnoreQueryFilters().CountAsync(),
        await db.Users.CountAsync(),
        await db.Members.IgnoreQueryFilters().CountAsync()));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_dropped) return;
        _dropped = true;
        if (_sqliteFile is not null)
        {
            using (var pooled = new SqliteConnection(ConnectionString)) SqliteConnection.ClearPool(pooled);
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                try { File.Delete(_sqliteFile + suffix); }
                catch (IOException) { /* a temp file left behind is harmless */ }
            }
        }
        if (_postgresServer is not null && _postgresDatabase is not null)
        {
            using (var pooled = new NpgsqlConnection(ConnectionString)) NpgsqlConnection.ClearPool(pooled);
            await using var server = new NpgsqlConnection(_postgresServer);
            await server.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresDatabase}\" WITH (FORCE)", server);
            await drop.ExecuteNonQueryAsync();
        }
        GC.SuppressFinalize(this);
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}

/// <summary>The app on a fresh SQLite file, with the demo organisation.</summary>
public sealed class SqliteApp() : PautaApp(DatabaseProvider.Sqlite);

/// <summary>The app on a fresh PostgreSQL database, with the demo organisation.</summary>
public sealed class PostgresApp() : PautaApp(DatabaseProvider.Postgres);

/// <summary>SQLite with the demo's real past: 2,500 generated contacts over 90 days.</summary>
public sealed class SqliteAppWithPast() : PautaApp(DatabaseProvider.Sqlite)
{
    protected override int PastContacts => 2500;
}

/// <summary>PostgreSQL with the demo's real past: 2,500 generated contacts over 90 days.</summary>
public sealed class PostgresAppWithPast() : PautaApp(DatabaseProvider.Postgres)
{
    protected override int PastContacts => 2500;
}

/// <summary>SQLite, with sign-in limited to 3 attempts a minute.</summary>
public sealed class SqliteRateLimitedApp() : PautaApp(DatabaseProvider.Sqlite, signInPermitsPerMinute: 3);

/// <summary>PostgreSQL, with sign-in limited to 3 attempts a minute.</summary>
public sealed class PostgresRateLimitedApp() : PautaApp(DatabaseProvider.Postgres, signInPermitsPerMinute: 3);

/// <summary>SQLite, without the demo organisation: a fresh install.</summary>
public sealed class SqliteEmptyApp() : PautaApp(DatabaseProvider.Sqlite, demo: false);

/// <summary>PostgreSQL, without the demo organisation: a fresh install.</summary>
public sealed class PostgresEmptyApp() : PautaApp(DatabaseProvider.Postgres, demo: false);
