using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Pauta.Data;
using Pauta.Web.Tests.Infrastructure;

namespace Pauta.Web.Tests.WholeApp;

/// <summary>
/// The real app with two faults planted only here: any path under <see cref="ThrowPath"/> (pages) or
/// <see cref="ThrowApiPath"/> (API) throws after the whole pipeline has run, and a request carrying
/// <see cref="BreakErrorPageHeader"/> also breaks every page, the error page included.
/// </summary>
public abstract class FaultyApp(DatabaseProvider provider) : PautaApp(provider)
{
    public const string ThrowPath = "/test-only/throw";
    public const string ThrowApiPath = "/api/v1/test-only/throw";
    public const string BusyPath = "/test-only/busy";
    public const string BusyApiPath = "/api/v1/test-only/busy";
    public const string BreakErrorPageHeader = "X-Test-Break-Pages";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s =>
        {
            s.AddSingleton<IStartupFilter, ThrowingEndpoint>();
            s.Configure<MvcOptions>(o => o.Filters.Add(new BreakingPageFilter()));
        });
    }

    /// <summary>Runs after the app's own pipeline (past routing, authentication and the endpoints), so the app's error handling sees its exception.</summary>
    private sealed class ThrowingEndpoint : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use((HttpContext context, RequestDelegate _) =>
                context.Request.Path.StartsWithSegments(ThrowPath) || context.Request.Path.StartsWithSegments(ThrowApiPath)
                    ? throw new InvalidOperationException("Planted by the test: secret-stack-detail")
                    // What a save gets when SQLite's writer stays busy past the busy timeout.
                    : context.Request.Path.StartsWithSegments(BusyPath) || context.Request.Path.StartsWithSegments(BusyApiPath)
                        ? throw new Microsoft.EntityFrameworkCore.DbUpdateException("Planted by the test: busy-detail",
                            new Microsoft.Data.Sqlite.SqliteException("database is locked", 5))
                        : _(context));
        };
    }

    private sealed class BreakingPageFilter : IAsyncPageFilter
    {
        public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

        public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next) =>
            context.HttpContext.Request.Headers.ContainsKey(BreakErrorPageHeader)
                ? throw new InvalidOperationException("Planted by the test: the error page breaks too")
                : next();
    }
}

public sealed class SqliteFaultyApp() : FaultyApp(DatabaseProvider.Sqlite);

public sealed class PostgresFaultyApp() : FaultyApp(DatabaseProvider.Postgres);

/// <summary>An unexpected error is a real Pauta page for people and a ProblemDetails for the API, both with the security headers and no internals.</summary>
public abstract class ErrorPageTests(FaultyApp app)
{
    private static void ShouldHaveSecurityHeaders(HttpResponseMessage response)
    {
        var what = $"{response.RequestMessage?.RequestUri?.PathAndQuery}";
        response.Headers.TryGetValues("Content-Security-Policy", out var csp).ShouldBeTrue($"{what} has a CSP");
        csp!.Single().ShouldContain("frame-ancestors 'none'");
        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff", what);
        response.Headers.GetValues("X-Frame-Options").Single().ShouldBe("DENY", what);
        response.Headers.GetValues("Referrer-Policy").Single().ShouldBe("same-origin", what);
    }

    [Fact]
    public async Task An_unexpected_error_on_a_page_shows_the_localised_error_page_in_the_layout_with_the_security_headers()
    {
        var agent = await app.SignInAsync(Demo.Agent);
        var page = await agent.GetPageAsync(FaultyApp.ThrowPath);
        page.ShouldHaveStatus(HttpStatusCode.InternalServerError);
        page.Response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        page.Title.ShouldBe(Text.Es("Status.Error.Title"));
        page.Text.ShouldContain(Text.Es("Status.Error.Text"));
        page.Document.QuerySelector("nav.mainnav").ShouldNotBeNull("the error page is inside the layout, with the navigation");
        page.Html.ShouldNotContain("secret-stack-detail");
        ShouldHaveSecurityHeaders(page.Response);

        var english = await app.NewBrowser(acceptLanguage: "en").GetPageAsync(FaultyApp.ThrowPath + "/deeper?x=1");
        english.ShouldHaveStatus(HttpStatusCode.InternalServerError);
        english.Title.ShouldBe(Text.En("Status.Error.Title"));
        english.Document.DocumentElement.GetAttribute("lang").ShouldBe("en");
        ShouldHaveSecurityHeaders(english.Response);

        // A POST that fails is shown the same page.
        var posted = await agent.PostFormAsync(FaultyApp.ThrowPath, Browser.Form(("a", "b")));
        posted.ShouldHaveStatus(HttpStatusCode.InternalServerError);
        posted.Title.ShouldBe(Text.Es("Status.Error.Title"));
    }

    [Fact]
    public async Task An_unexpected_error_in_the_api_is_a_problem_details_with_the_security_headers()
    {
        var agent = await app.SignInAsync(Demo.Agent);
        var response = await agent.GetAsync(FaultyApp.ThrowApiPath);
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.InternalServerError);
        problem.Title.ShouldBe(Text.Es("Status.Error.Title"));
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("secret-stack-detail");
        ShouldHaveSecurityHeaders(response);

        using var english = app.NewBrowser(acceptLanguage: "en");
        var anonymous = await english.GetAsync(FaultyApp.ThrowApiPath);
        (await anonymous.ShouldBeProblemAsync(HttpStatusCode.InternalServerError)).Title.ShouldBe(Text.En("Status.Error.Title"));
        ShouldHaveSecurityHeaders(anonymous);
    }

    [Fact]
    public async Task A_database_too_busy_to_take_the_work_in_time_is_a_503_with_retry_after_not_a_500()
    {
        var agent = await app.SignInAsync(Demo.Agent);
        var page = await agent.PostFormAsync(FaultyApp.BusyPath, Browser.Form(("a", "b")));
        page.ShouldHaveStatus(HttpStatusCode.ServiceUnavailable);
        page.Response.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(2));
        page.Title.ShouldBe(Text.Es("Status.503.Title"));
        page.Text.ShouldContain(Text.Es("Status.503.Text"));
        page.Html.ShouldNotContain("busy-detail");
        ShouldHaveSecurityHeaders(page.Response);

        var english = await app.NewBrowser(acceptLanguage: "en").GetPageAsync(FaultyApp.BusyPath);
        english.ShouldHaveStatus(HttpStatusCode.ServiceUnavailable);
        english.Title.ShouldBe(Text.En("Status.503.Title"));

        var response = await agent.PostJsonAsync(FaultyApp.BusyApiPath, new { a = 1 });
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable);
        problem.Title.ShouldBe(Text.Es("Status.503.Title"));
        response.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(2));
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("busy-detail");
    }

    [Fact]
    public async Task When_the_error_page_itself_fails_a_static_page_in_both_languages_still_answers_with_the_security_headers()
    {
        var agent = await app.SignInAsync(Demo.Agent);
        agent.Client.DefaultRequestHeaders.Add(FaultyApp.BreakErrorPageHeader, "1");
        var page = await agent.GetPageAsync(FaultyApp.ThrowPath);
        page.ShouldHaveStatus(HttpStatusCode.InternalServerError);
        page.Response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        page.Text.ShouldContain(Text.Es("Status.Error.Title"));
        page.Text.ShouldContain(Text.En("Status.Error.Title"));
        page.Html.ShouldNotContain("Planted by the test");
        ShouldHaveSecurityHeaders(page.Response);

        // An ordinary page that breaks gets the same fallback.
        var home = await agent.GetPageAsync("/");
        home.ShouldHaveStatus(HttpStatusCode.InternalServerError);
        home.Text.ShouldContain(Text.Es("Status.Error.Title"));
        ShouldHaveSecurityHeaders(home.Response);
    }
}

public sealed class ErrorPageOnSqlite(SqliteFaultyApp app) : ErrorPageTests(app), IClassFixture<SqliteFaultyApp>;

public sealed class ErrorPageOnPostgres(PostgresFaultyApp app) : ErrorPageTests(app), IClassFixture<PostgresFaultyApp>;
