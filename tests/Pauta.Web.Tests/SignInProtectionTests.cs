using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Pauta.Data;
using Pauta.Web.Tests.Infrastructure;
using static Pauta.Web.Tests.Infrastructure.Browser;

namespace Pauta.Web.Tests;

/// <summary>
/// The app as seen from several places: each test browser says which address its connection comes from (what the
/// network would tell a real server), and 10.0.0.1 is a configured reverse proxy.
/// </summary>
public abstract class SourcesApp(DatabaseProvider provider) : PautaApp(provider)
{
    public const string PeerHeader = "X-Test-Peer";
    public const string Proxy = "10.0.0.1";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Pauta:ForwardedHeaders:KnownProxies", Proxy);
        builder.ConfigureServices(s => s.AddSingleton<IStartupFilter, PeerFromHeader>());
    }

    /// <summary>A browser whose connection comes from <paramref name="peer"/>.</summary>
    public Browser From(string peer, string? forwardedFor = null)
    {
        var browser = NewBrowser();
        browser.Client.DefaultRequestHeaders.Add(PeerHeader, peer);
        if (forwardedFor is not null) browser.Client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        return browser;
    }

    private sealed class PeerFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                if (context.Request.Headers.TryGetValue(PeerHeader, out var peer)) context.Connection.RemoteIpAddress = IPAddress.Parse(peer.ToString());
                return following(context);
            });
            next(app);
        };
    }
}

public sealed class SqliteSourcesApp() : SourcesApp(DatabaseProvider.Sqlite);

public sealed class PostgresSourcesApp() : SourcesApp(DatabaseProvider.Postgres);

/// <summary>
/// Sign-in tells nobody which addresses have an account, and a guesser locks only their own source: the person can
/// still sign in from anywhere else. (How long each answer takes is measured in bench/SignIn, never timed here.)
/// </summary>
public abstract partial class SignInProtectionTests(SourcesApp app)
{
    private static Task<Page> TrySignInAsync(Browser browser, string email, string password) =>
        browser.SubmitAsync("/account/signin", Form(("Input.Email", email), ("Input.Password", password)));

    /// <summary>The page as the person sees it, with the typed address and the per-form token taken out.</summary>
    // The address, the antiforgery token and the instant the page was rendered (for countdowns) differ by nature.
    private static string Normalised(Page page, string email) =>
        ServerNow().Replace(AntiforgeryValue().Replace(page.Html.Replace(email, "ADDRESS", StringComparison.Ordinal), "value=\"TOKEN\""),
            "name=\"pauta-server-now\" content=\"NOW\"");

    [GeneratedRegex("name=\"pauta-server-now\" content=\"[^\"]*\"")]
    private static partial Regex ServerNow();

    [Fact]
    public async Task A_known_and_an_unknown_address_get_the_same_answers_all_the_way_to_the_lock()
    {
        const string known = "paula@suarez.example", unknown = "nadie@suarez.example";
        var browser = app.From("198.51.100.1");
        for (var attempt = 1; attempt <= 6; attempt++)
        {
            var forKnown = await TrySignInAsync(browser, known, $"Wrong-password-{attempt}");
            var forUnknown = await TrySignInAsync(browser, unknown, $"Wrong-password-{attempt}");
            var expected = attempt < 5 ? HttpStatusCode.Unauthorized : (HttpStatusCode)423;
            forKnown.ShouldHaveStatus(expected, $"attempt {attempt}, known address");
            forUnknown.ShouldHaveStatus(expected, $"attempt {attempt}, unknown address");
            forKnown.SummaryErrors.ShouldBe(Text.Es(attempt < 5 ? "SignIn.Failed" : "SignIn.LockedOut"));
            Normalised(forUnknown, unknown).ShouldBe(Normalised(forKnown, known), $"attempt {attempt}: the same page for both");
        }
    }

    [Fact]
    public async Task A_guesser_locks_only_their_own_source_and_the_owner_signs_in_from_elsewhere()
    {
        var attacker = app.From("203.0.113.66");
        for (var attempt = 1; attempt <= 5; attempt++) await TrySignInAsync(attacker, Demo.Owner, $"Wrong-password-{attempt}");
        var locked = await TrySignInAsync(attacker, Demo.Owner, Demo.Password);
        locked.ShouldHaveStatus((HttpStatusCode)423, "the guesser's source waits, even with the right password");

        (await TrySignInAsync(app.From("192.0.2.10"), Demo.Owner, Demo.Password)).ShouldRedirectTo("/");
        // A success from elsewhere does not free the guesser's source.
        (await TrySignInAsync(attacker, Demo.Owner, Demo.Password)).ShouldHaveStatus((HttpStatusCode)423);
    }

    [Fact]
    public async Task Forwarded_addresses_count_only_from_the_configured_proxy()
    {
        const string email = "tomas@suarez.example";
        // A guesser who names a new "client" in every request is still one source: only the proxy's word counts.
        for (var attempt = 1; attempt <= 5; attempt++)
            await TrySignInAsync(app.From("203.0.113.77", forwardedFor: $"198.51.100.{attempt}"), email, $"Wrong-password-{attempt}");
        (await TrySignInAsync(app.From("203.0.113.77", forwardedFor: "198.51.100.99"), email, Demo.Password))
            .ShouldHaveStatus((HttpStatusCode)423);

        // Behind the proxy, each client is its own source.
        var behindProxy = app.From(SourcesApp.Proxy, forwardedFor: "198.51.100.20");
        for (var attempt = 1; attempt <= 5; attempt++) await TrySignInAsync(behindProxy, email, $"Wrong-password-{attempt}");
        (await TrySignInAsync(behindProxy, email, Demo.Password)).ShouldHaveStatus((HttpStatusCode)423);
        (await TrySignInAsync(app.From(SourcesApp.Proxy, forwardedFor: "198.51.100.21"), email, Demo.Password)).ShouldRedirectTo("/");
    }

    [Fact]
    public async Task Https_forwarded_by_the_proxy_makes_the_cookie_secure_and_the_same_header_from_anyone_else_does_not()
    {
        static async Task<string> AuthCookieAsync(Browser browser)
        {
            // The form is fetched over plain http (a secure antiforgery cookie would not come back to http://localhost).
            var token = await browser.GetAntiforgeryTokenAsync("/account/signin");
            browser.Client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
            var page = await browser.PostFormAsync("/account/signin",
                Form(("Input.Email", Demo.Agent), ("Input.Password", Demo.Password), (AntiforgeryField, token)));
            page.ShouldRedirectTo("/");
            return page.Response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".Pauta.Auth=", StringComparison.Ordinal));
        }

        (await AuthCookieAsync(app.From(SourcesApp.Proxy, forwardedFor: "198.51.100.30"))).ShouldContain("secure", Case.Insensitive);
        (await AuthCookieAsync(app.From("203.0.113.88"))).ShouldNotContain("secure", Case.Insensitive);
    }

    [GeneratedRegex("value=\"CfDJ8[^\"]*\"")]
    private static partial Regex AntiforgeryValue();
}

public sealed class SignInProtectionOnSqlite(SqliteSourcesApp app) : SignInProtectionTests(app), IClassFixture<SqliteSourcesApp>;

public sealed class SignInProtectionOnPostgres(PostgresSourcesApp app) : SignInProtectionTests(app), IClassFixture<PostgresSourcesApp>;
