using System.Net;
using System.Net.Http.Json;
using Pauta.Web.Tests.Infrastructure;
using static Pauta.Web.Tests.Infrastructure.Browser;

namespace Pauta.Web.Tests;

/// <summary>Signing in, being locked out after repeated failures, and getting back in with an admin-issued reset link.</summary>
public abstract class SignInTests(PautaApp app)
{
    private static Task<Page> TrySignInAsync(Browser browser, string email, string password) =>
        browser.SubmitAsync("/account/signin", Form(("Input.Email", email), ("Input.Password", password)));

    private static bool SetsAuthCookie(Page page) =>
        page.Response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith(".Pauta.Auth=", StringComparison.Ordinal));

    private async Task<string> ResetLinkPathAsync(Browser issuer, string email)
    {
        var people = await issuer.GetJsonAsync<List<PersonDto>>("/api/v1/people");
        var response = await issuer.PostAsync($"/api/v1/people/{people.Single(p => p.Email == email).Id}/reset-link");
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var link = new Uri((await response.Content.ReadFromJsonAsync<ResetLinkDto>(Json))!.Link);
        link.AbsolutePath.ShouldBe("/account/reset-password");
        return link.PathAndQuery;
    }

    private sealed record ResetLinkDto(string Link);

    [Fact]
    public async Task The_right_password_signs_in_and_redirects_to_the_local_return_url()
    {
        var browser = app.NewBrowser();
        var page = await browser.SubmitAsync("/account/signin?ReturnUrl=%2Forg-chart",
            Form(("Input.Email", Demo.Supervisor), ("Input.Password", Demo.Password), ("ReturnUrl", "/org-chart")));
        page.ShouldRedirectTo("/org-chart");
        SetsAuthCookie(page).ShouldBeTrue();
        (await browser.GetJsonAsync<MeDto>("/api/v1/me")).Email.ShouldBe(Demo.Supervisor);
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_email_get_the_same_answer()
    {
        var wrongPassword = await TrySignInAsync(app.NewBrowser(), Demo.Supervisor, "Wrong-password-1");
        var unknownEmail = await TrySignInAsync(app.NewBrowser(), "nobody@suarez.example", "Wrong-password-1");
        foreach (var page in new[] { wrongPassword, unknownEmail })
        {
            page.ShouldHaveStatus(HttpStatusCode.Unauthorized);
            page.SummaryErrors.ShouldBe(Text.Es("SignIn.Failed"));
            SetsAuthCookie(page).ShouldBeFalse();
        }
        var empty = await TrySignInAsync(app.NewBrowser(), "", "");
        empty.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
        empty.FieldError("Input.Email").ShouldBe(Text.Es("Validation.Required", Text.Es("Field.Email")));
        empty.FieldError("Input.Password").ShouldBe(Text.Es("Validation.Required", Text.Es("Field.Password")));
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_address_from_that_source_even_against_the_right_password()
    {
        const string email = "paula@suarez.example";
        var browser = app.NewBrowser();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var failed = await TrySignInAsync(browser, email, $"Wrong-password-{attempt}");
            failed.ShouldHaveStatus(HttpStatusCode.Unauthorized, $"attempt {attempt}");
            failed.SummaryErrors.ShouldBe(Text.Es("SignIn.Failed"));
        }
        var fifth = await TrySignInAsync(browser, email, "Wrong-password-5");
        fifth.ShouldHaveStatus((HttpStatusCode)423);
        fifth.SummaryErrors.ShouldBe(Text.Es("SignIn.LockedOut"));

        var right = await TrySignInAsync(app.NewBrowser(), email, Demo.Password);
        right.ShouldHaveStatus((HttpStatusCode)423);
        right.SummaryErrors.ShouldBe(Text.Es("SignIn.LockedOut"));
        SetsAuthCookie(right).ShouldBeFalse();
    }

    [Fact]
    public async Task An_admin_issued_reset_link_sets_a_new_password_and_the_old_one_stops_working()
    {
        const string email = "valentina@suarez.example";
        const string newPassword = "Nueva-Clave-2025";
        var admin = await app.SignInAsync(Demo.Admin);
        var path = await ResetLinkPathAsync(admin, email);

        var person = app.NewBrowser();
        var form = await person.GetPageAsync(path);
        form.ShouldHaveStatus(HttpStatusCode.OK);
        form.Text.ShouldContain(email);
        var reset = await person.SubmitAsync(path, Form(("Password", newPassword)), path);
        reset.ShouldRedirectTo("/account/signin");
        (await person.GetPageAsync("/account/signin")).Text.ShouldContain(Text.Es("Flash.PasswordReset"));

        (await TrySignInAsync(app.NewBrowser(), email, Demo.Password)).ShouldHaveStatus(HttpStatusCode.Unauthorized);
        var signedIn = await TrySignInAsync(app.NewBrowser(), email, newPassword);
        signedIn.ShouldRedirectTo("/");

        // The link worked once: the password change spent it.
        var again = await app.NewBrowser().SubmitAsync(path, Form(("Password", "Otra-Clave-2025")), path);
        again.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
        again.SummaryErrors.ShouldContain(Text.Es("Identity.InvalidToken"));
        (await TrySignInAsync(app.NewBrowser(), email, "Otra-Clave-2025")).ShouldHaveStatus(HttpStatusCode.Unauthorized);
        (await TrySignInAsync(app.NewBrowser(), email, newPassword)).ShouldRedirectTo("/");
    }

    [Fact]
    public async Task A_reset_link_refuses_a_weak_password_and_a_tampered_token()
    {
        const string email = "diego@suarez.example";
        var admin = await app.SignInAsync(Demo.Admin);
        var path = await ResetLinkPathAsync(admin, email);

        var weak = await app.NewBrowser().SubmitAsync(path, Form(("Password", "abc")), path);
        weak.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
        weak.FieldError("Password").ShouldContain(Text.Es("Identity.PasswordTooShort", 10));

        var tampered = path.Replace("token=", "token=x", StringComparison.Ordinal);
        var forged = await app.NewBrowser().SubmitAsync(tampered, Form(("Password", "Nueva-Clave-2025")), tampered);
        forged.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
        forged.SummaryErrors.ShouldContain(Text.Es("Identity.InvalidToken"));

        (await TrySignInAsync(app.NewBrowser(), email, Demo.Password)).ShouldRedirectTo("/");
    }

    [Fact]
    public async Task A_reset_link_also_lifts_a_lockout()
    {
        const string email = "tomas@suarez.example";
        for (var attempt = 1; attempt <= 5; attempt++) await TrySignInAsync(app.NewBrowser(), email, "Wrong-password-0");
        (await TrySignInAsync(app.NewBrowser(), email, Demo.Password)).ShouldHaveStatus((HttpStatusCode)423);

        var owner = await app.SignInAsync(Demo.Owner);
        var path = await ResetLinkPathAsync(owner, email);
        (await app.NewBrowser().SubmitAsync(path, Form(("Password", "Desbloqueo-2025")), path)).ShouldRedirectTo("/account/signin");

        (await TrySignInAsync(app.NewBrowser(), email, "Desbloqueo-2025")).ShouldRedirectTo("/");
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var browser = await app.SignInAsync(Demo.Supervisor);
        (await browser.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await browser.SubmitAsync("/", Form(), "/account/signout")).ShouldRedirectTo("/account/signin");
        await (await browser.GetAsync("/api/v1/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        (await browser.GetPageAsync("/")).ShouldRedirectTo("/account/signin");
    }
}

public sealed class SignInOnSqlite(SqliteApp app) : SignInTests(app), IClassFixture<SqliteApp>;

public sealed class SignInOnPostgres(PostgresApp app) : SignInTests(app), IClassFixture<PostgresApp>;

/// <summary>Sign-in attempts are rate-limited per client: the fixture allows 3 a minute.</summary>
public abstract class SignInRateLimitTests(PautaApp app)
{
    [Fact]
    public async Task The_fourth_sign_in_attempt_within_a_minute_gets_429()
    {
        var browser = app.NewBrowser();
        var token = await browser.GetAntiforgeryTokenAsync("/account/signin");
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var page = await browser.PostFormAsync("/account/signin",
                Form(("Input.Email", Demo.Agent), ("Input.Password", "Wrong-password-1"), (Browser.AntiforgeryField, token)));
            page.ShouldHaveStatus(HttpStatusCode.Unauthorized, $"attempt {attempt}");
        }
        var limited = await browser.PostFormAsync("/account/signin",
            Form(("Input.Email", Demo.Agent), ("Input.Password", Demo.Password), (Browser.AntiforgeryField, token)));
        limited.ShouldHaveStatus(HttpStatusCode.TooManyRequests);
        limited.Title.ShouldBe(Text.Es("Status.429.Title"));
        (limited.Response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [])
            .ShouldNotContain(c => c.StartsWith(".Pauta.Auth=", StringComparison.Ordinal), "the right password was not even checked");

        // Reading the page is not limited.
        (await browser.GetPageAsync("/account/signin")).ShouldHaveStatus(HttpStatusCode.OK);
    }
}

public sealed class SignInRateLimitOnSqlite(SqliteRateLimitedApp app) : SignInRateLimitTests(app), IClassFixture<SqliteRateLimitedApp>;

public sealed class SignInRateLimitOnPostgres(PostgresRateLimitedApp app) : SignInRateLimitTests(app), IClassFixture<PostgresRateLimitedApp>;
