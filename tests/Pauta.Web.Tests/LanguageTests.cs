using System.Net;
using Pauta.Web.Tests.Infrastructure;
using static Pauta.Web.Tests.Infrastructure.Browser;

namespace Pauta.Web.Tests;

/// <summary>Pages speak the person's language: their own choice, else their organisation's, else the browser's, else Spanish.</summary>
public abstract class LanguageTests(PautaApp app)
{
    private const string LanguageCookie = ".Pauta.Language";

    private static string HtmlLang(Page page) => page.Document.DocumentElement.GetAttribute("lang") ?? "";

    [Fact]
    public async Task The_sign_in_page_is_in_spanish_by_default_and_in_english_when_the_browser_asks_for_it()
    {
        var spanish = await app.NewBrowser().GetPageAsync("/account/signin");
        spanish.ShouldHaveStatus(HttpStatusCode.OK);
        spanish.Title.ShouldBe(Text.Es("SignIn.Title"));
        HtmlLang(spanish).ShouldBe("es");

        var english = await app.NewBrowser(acceptLanguage: "en-GB,en;q=0.9").GetPageAsync("/account/signin");
        english.Title.ShouldBe(Text.En("SignIn.Title"));
        HtmlLang(english).ShouldBe("en");
        english.Title.ShouldNotBe(spanish.Title);

        var asked = await app.NewBrowser(acceptLanguage: "es").GetPageAsync("/account/signin");
        asked.Title.ShouldBe(Text.Es("SignIn.Title"));
    }

    [Fact]
    public async Task The_language_cookie_wins_over_the_browsers_language()
    {
        var browser = app.NewBrowser(acceptLanguage: "es-ES");
        browser.Client.DefaultRequestHeaders.Add("Cookie", $"{LanguageCookie}=c%3Den%7Cuic%3Den");
        var page = await browser.GetPageAsync("/account/signin");
        page.Title.ShouldBe(Text.En("SignIn.Title"));
        page.FieldError("Input.Email").ShouldBeEmpty();
        page.Document.QuerySelector("label[for='Input_Email']")!.TextContent.Trim().ShouldBe(Text.En("Field.Email"));
    }

    [Fact]
    public async Task Switching_the_language_on_the_sign_in_page_remembers_it_in_a_cookie()
    {
        var browser = app.NewBrowser();
        var switched = await browser.SubmitAsync("/account/signin", Form(("language", "en"), ("returnUrl", "/account/signin")), "/account/language");
        switched.ShouldRedirectTo("/account/signin");
        (await browser.GetPageAsync("/account/signin")).Title.ShouldBe(Text.En("SignIn.Title"));
    }

    [Fact]
    public async Task An_unknown_language_is_refused_and_changes_nothing()
    {
        var browser = await app.SignInAsync(Demo.Supervisor);
        var refused = await browser.SubmitAsync("/", Form(("language", "fr"), ("returnUrl", "/")), "/account/language");
        refused.ShouldHaveStatus(HttpStatusCode.BadRequest);
        (await browser.GetPageAsync("/")).Title.ShouldBe(Text.Es("Home.Welcome", "Andrés Pérez"));
    }

    [Fact]
    public async Task A_language_chosen_by_a_signed_in_person_follows_them_to_a_new_sign_in()
    {
        // Lucía has no language of her own: she sees her organisation's (Spanish).
        var first = await app.SignInAsync(Demo.Manager);
        var before = await first.GetPageAsync("/");
        before.Title.ShouldBe(Text.Es("Home.Welcome", "Lucía Romero"));

        var switched = await first.SubmitAsync("/", Form(("language", "en"), ("returnUrl", "/org-chart")), "/account/language");
        switched.ShouldRedirectTo("/org-chart");
        (await first.GetPageAsync("/")).Title.ShouldBe(Text.En("Home.Welcome", "Lucía Romero"));

        // A new device, a new browser with no cookies that even asks for Spanish: still English.
        var second = await app.SignInAsync(Demo.Manager, acceptLanguage: "es");
        var after = await second.GetPageAsync("/");
        after.Title.ShouldBe(Text.En("Home.Welcome", "Lucía Romero"));
        HtmlLang(after).ShouldBe("en");

        // Other people of the organisation are not affected.
        var colleague = await app.SignInAsync(Demo.Agent, acceptLanguage: "en");
        (await colleague.GetPageAsync("/")).Title.ShouldBe(Text.Es("Home.Welcome", "Sofía Díaz"));

        // And switching back works the same way.
        await second.SubmitAsync("/", Form(("language", "es"), ("returnUrl", "/")), "/account/language");
        var third = await app.SignInAsync(Demo.Manager);
        (await third.GetPageAsync("/")).Title.ShouldBe(Text.Es("Home.Welcome", "Lucía Romero"));
    }

    [Fact]
    public async Task Signing_in_sets_the_language_cookie_of_a_person_who_chose_a_language()
    {
        var owner = await app.SignUpAsync("Language Cookie Ltd", Demo.NewEmail("lang"), displayName: "Lena English", language: "en");
        var email = (await owner.GetJsonAsync<MeDto>("/api/v1/me")).Email;

        var browser = app.NewBrowser();
        var response = await browser.SignInAsync(email, Demo.StrongPassword);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith(LanguageCookie + "=", StringComparison.Ordinal));
        // Signed out again, the sign-in page remembers English.
        var signedOut = await browser.SubmitAsync("/", Form(), "/account/signout");
        signedOut.ShouldRedirectTo("/account/signin");
        (await browser.GetPageAsync("/account/signin")).Title.ShouldBe(Text.En("SignIn.Title"));
    }
}

public sealed class LanguageOnSqlite(SqliteApp app) : LanguageTests(app), IClassFixture<SqliteApp>;

public sealed class LanguageOnPostgres(PostgresApp app) : LanguageTests(app), IClassFixture<PostgresApp>;
