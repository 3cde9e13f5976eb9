using System.Net;
using System.Text.Json;
using Pauta.Web.Tests.Infrastructure;
using static Pauta.Web.Tests.Infrastructure.Browser;

namespace Pauta.Web.Tests;

/// <summary>Strict browser defaults on every response, safe cookies, forms that cannot be forged, and the operator endpoints.</summary>
public abstract class SecurityTests(PautaApp app)
{
    private static readonly string[] OwnerPages = ["/", "/org-chart", "/people", "/departments", "/positions", "/settings", "/settings/hours"];
    private static readonly string[] AnonymousPages = ["/account/signin", "/account/signup", "/account/forgot-password", "/invitations/accept?token=x", "/status/404"];

    private static Dictionary<string, string> CspDirectives(HttpResponseMessage response)
    {
        response.Headers.TryGetValues("Content-Security-Policy", out var values).ShouldBeTrue($"{response.RequestMessage?.RequestUri} has a CSP");
        return values!.Single().Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(d => d.Split(' ', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");
    }

    private static void ShouldHaveSecurityHeaders(HttpResponseMessage response)
    {
        var what = $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}";
        var csp = CspDirectives(response);
        var scripts = csp.GetValueOrDefault("script-src") ?? csp["default-src"];
        scripts.ShouldNotContain("'unsafe-inline'", Case.Insensitive, what);
        scripts.ShouldNotContain("'unsafe-eval'", Case.Insensitive, what);
        scripts.ShouldNotContain("*", Case.Sensitive, what);
        csp["frame-ancestors"].ShouldBe("'none'", what);
        csp["object-src"].ShouldBe("'none'", what);
        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff", what);
        response.Headers.GetValues("X-Frame-Options").Single().ShouldBe("DENY", what);
        response.Headers.GetValues("Referrer-Policy").Single().ShouldBe("same-origin", what);
    }

    [Fact]
    public async Task Every_kind_of_response_carries_the_strict_security_headers()
    {
        var owner = await app.SignInAsync(Demo.Owner);
        var anonymous = app.NewBrowser();
        var responses = new List<HttpResponseMessage>();
        foreach (var url in OwnerPages) responses.Add(await owner.GetAsync(url));
        foreach (var url in AnonymousPages) responses.Add(await anonymous.GetAsync(url));
        responses.Add(await owner.GetAsync("/api/v1/people"));
        responses.Add(await owner.GetAsync($"/api/v1/departments/{Guid.NewGuid()}"));
        responses.Add(await anonymous.GetAsync("/api/v1/me"));
        responses.Add(await anonymous.GetAsync("/settings"));
        responses.Add(await anonymous.GetAsync("/css/site.css"));
        responses.Add(await anonymous.GetAsync("/healthz"));

        foreach (var response in responses) ShouldHaveSecurityHeaders(response);
    }

    [Fact]
    public async Task Pages_use_no_inline_script_or_style_so_they_work_under_their_own_policy()
    {
        var owner = await app.SignInAsync(Demo.Owner);
        var people = await owner.GetJsonAsync<List<PersonDto>>("/api/v1/people");
        var pages = new List<Page>();
        foreach (var url in OwnerPages.Append($"/people/{people.First(p => p.Email == Demo.Agent).Id}"))
            pages.Add(await owner.GetPageAsync(url));
        foreach (var url in AnonymousPages) pages.Add(await app.NewBrowser().GetPageAsync(url));

        foreach (var page in pages)
        {
            var url = page.Response.RequestMessage!.RequestUri!.PathAndQuery;
            page.Document.QuerySelectorAll("script").Where(s => string.IsNullOrEmpty(s.GetAttribute("src")))
                .ShouldBeEmpty($"{url} has an inline <script>");
            page.Document.QuerySelectorAll("script[src]").Select(s => s.GetAttribute("src")!)
                .ShouldAllBe(src => src.StartsWith('/'), $"{url} loads a script from another origin");
            page.Document.QuerySelectorAll("style").ShouldBeEmpty($"{url} has an inline <style>");
            page.Document.QuerySelectorAll("*").Where(e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.Ordinal) || a.Name == "style"))
                .Select(e => e.LocalName).ShouldBeEmpty($"{url} has inline event handlers or style attributes");
            page.Html.ShouldNotContain("javascript:", Case.Insensitive, url);
        }
    }

    [Fact]
    public async Task The_auth_cookie_is_http_only_and_same_site_lax()
    {
        var response = await app.NewBrowser().SignInAsync(Demo.Owner, Demo.Password);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var auth = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".Pauta.Auth=", StringComparison.Ordinal));
        var attributes = auth.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(a => a.ToLowerInvariant()).ToList();
        attributes.ShouldContain("httponly");
        attributes.ShouldContain("samesite=lax");
        attributes.ShouldContain("path=/");

        var signInPage = await app.NewBrowser().GetAsync("/account/signin");
        var antiforgery = signInPage.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".Pauta.Antiforgery=", StringComparison.Ordinal));
        antiforgery.ToLowerInvariant().ShouldContain("httponly");
        antiforgery.ToLowerInvariant().ShouldContain("samesite=strict");
    }

    [Fact]
    public async Task A_page_post_without_a_valid_antiforgery_token_is_rejected_and_changes_nothing()
    {
        var owner = await app.SignInAsync(Demo.Owner);
        var departments = await owner.GetJsonAsync<List<DepartmentDto>>("/api/v1/departments");
        var settings = await owner.GetJsonAsync<OrganisationDto>("/api/v1/organisation");

        var noToken = await owner.PostFormAsync("/departments", Form(("Name", "Sin token")));
        noToken.ShouldHaveStatus(HttpStatusCode.BadRequest);
        noToken.Title.ShouldBe(Text.Es("Status.400.Title"));

        var forged = await owner.PostFormAsync("/departments", Form(("Name", "Token inventado"), (AntiforgeryField, "CfDJ8forged")));
        forged.ShouldHaveStatus(HttpStatusCode.BadRequest);

        // A token read by somebody else's browser does not work with this one's cookies.
        var otherToken = await (await app.SignInAsync(Demo.Admin)).GetAntiforgeryTokenAsync("/departments");
        var stolen = await owner.PostFormAsync("/departments", Form(("Name", "Token ajeno"), (AntiforgeryField, otherToken)));
        stolen.ShouldHaveStatus(HttpStatusCode.BadRequest);

        var settingsPost = await owner.PostFormAsync("/settings", Form(("Input.Name", "Sin token"), ("Input.BrandName", "Sin token"),
            ("Input.Language", "en"), ("Input.TimeZoneId", "UTC"), ("Input.Channels", "Phone"), ("Input.Version", settings.Version.ToString())));
        settingsPost.ShouldHaveStatus(HttpStatusCode.BadRequest);

        var signIn = await app.NewBrowser().PostFormAsync("/account/signin", Form(("Input.Email", Demo.Owner), ("Input.Password", Demo.Password)));
        signIn.ShouldHaveStatus(HttpStatusCode.BadRequest);

        (await owner.GetJsonAsync<List<DepartmentDto>>("/api/v1/departments")).ShouldBe(departments);
        (await owner.GetJsonAsync<OrganisationDto>("/api/v1/organisation")).ShouldBe(settings);

        // With the token, the same form works.
        (await owner.SubmitAsync("/departments", Form(("Name", "Con token")))).ShouldRedirectTo("/departments");
        (await owner.GetJsonAsync<List<DepartmentDto>>("/api/v1/departments")).ShouldContain(d => d.Name == "Con token");
    }

    [Fact]
    public async Task Sign_in_and_language_switch_never_redirect_to_another_site()
    {
        var browser = app.NewBrowser();
        var signIn = await browser.SubmitAsync("/account/signin",
            Form(("Input.Email", Demo.Supervisor), ("Input.Password", Demo.Password), ("ReturnUrl", "https://evil.example/")));
        signIn.ShouldRedirectTo("/");

        foreach (var target in new[] { "https://evil.example/", "//evil.example/", "/\\evil.example" })
        {
            var switched = await browser.SubmitAsync("/", Form(("language", "es"), ("returnUrl", target)), "/account/language");
            switched.ShouldRedirectTo("/");
        }
    }

    [Fact]
    public async Task The_health_endpoint_answers_200_without_signing_in()
    {
        var response = await app.NewBrowser().GetAsync("/healthz");
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("Healthy");
    }

    [Fact]
    public async Task The_openapi_document_is_valid_json_describing_the_v1_api()
    {
        var response = await app.NewBrowser().GetAsync("/openapi/v1.json");
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        doc.RootElement.GetProperty("openapi").GetString()!.ShouldStartWith("3.");
        doc.RootElement.GetProperty("info").GetProperty("title").GetString().ShouldBe("Pauta API");

        var paths = doc.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.ShouldAllBe(p => p.StartsWith("/api/v1/"));
        paths.ShouldContain("/api/v1/departments/{id}");
        paths.ShouldContain("/api/v1/people/{id}/reset-link");
        paths.ShouldContain("/api/v1/invitations");
        paths.ShouldContain("/api/v1/business-hours");
        paths.ShouldContain("/api/v1/org-chart");

        var operations = doc.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Value.TryGetProperty("operationId", out _))
                .Select(o => o.Value.GetProperty("operationId").GetString()))
            .ToList();
        operations.ShouldContain("GetDepartment");
        operations.ShouldBeUnique();
    }
}

public sealed class SecurityOnSqlite(SqliteApp app) : SecurityTests(app), IClassFixture<SqliteApp>;

public sealed class SecurityOnPostgres(PostgresApp app) : SecurityTests(app), IClassFixture<PostgresApp>;
