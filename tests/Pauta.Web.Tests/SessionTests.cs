using System.Net;
using System.Net.Http.Json;
using Pauta.Core.Organisations;
using Pauta.Web.Tests.Infrastructure;
using static Pauta.Web.Tests.Infrastructure.Browser;

namespace Pauta.Web.Tests;

/// <summary>
/// A session ends everywhere when the person signs out, gets a new password or a new role: a copy of the old cookie
/// (another tab, another device, or a stolen one) is refused at its next request.
/// </summary>
public abstract class SessionTests(PautaApp app)
{
    private static readonly Uri Site = new("http://localhost/");

    /// <summary>A bare client that sends exactly the cookie it is given, like a second device holding a copy.</summary>
    private HttpClient CopyOf(Browser browser)
    {
        var client = app.Server.CreateClient();
        client.DefaultRequestHeaders.Add("Cookie", browser.CookieHeader(Site));
        return client;
    }

    private static async Task ShouldBeSignedOutAsync(HttpClient copy)
    {
        var api = await copy.GetAsync("/api/v1/me");
        api.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "the API refuses the old cookie");
        var page = await copy.GetAsync("/org-chart");
        page.StatusCode.ShouldBe(HttpStatusCode.Redirect, "a page sends the old cookie to sign in");
        new Uri(Site, page.Headers.Location!).AbsolutePath.ShouldBe("/account/signin");
    }

    private static async Task ShouldBeSignedInAsync(HttpClient copy, string email)
    {
        var me = await copy.GetAsync("/api/v1/me");
        me.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await me.Content.ReadFromJsonAsync<MeDto>(Json))!.Email.ShouldBe(email);
    }

    [Fact]
    public async Task Signing_out_ends_every_copy_of_the_session()
    {
        var browser = await app.SignInAsync(Demo.Manager);
        var otherDevice = await app.SignInAsync(Demo.Manager);
        using var copy = CopyOf(browser);
        await ShouldBeSignedInAsync(copy, Demo.Manager);

        var token = await browser.GetAntiforgeryTokenAsync("/org-chart");
        var signedOut = await browser.PostFormAsync("/account/signout", Form((AntiforgeryField, token)));
        signedOut.ShouldRedirectTo("/account/signin");

        await ShouldBeSignedOutAsync(copy);
        using var other = CopyOf(otherDevice);
        await ShouldBeSignedOutAsync(other);
        // Signing in again works, with a fresh cookie.
        using var again = CopyOf(await app.SignInAsync(Demo.Manager));
        await ShouldBeSignedInAsync(again, Demo.Manager);
    }

    [Fact]
    public async Task A_password_reset_ends_the_sessions_opened_with_the_old_password()
    {
        const string email = "marta@suarez.example";
        using var copy = CopyOf(await app.SignInAsync(email));
        await ShouldBeSignedInAsync(copy, email);

        var admin = await app.SignInAsync(Demo.Admin);
        var people = await admin.GetJsonAsync<List<PersonDto>>("/api/v1/people");
        var issued = await admin.PostAsync($"/api/v1/people/{people.Single(p => p.Email == email).Id}/reset-link");
        await issued.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var path = new Uri((await issued.Content.ReadFromJsonAsync<ResetLinkDto>(Json))!.Link).PathAndQuery;
        var reset = await app.NewBrowser().SubmitAsync(path, Form(("Password", "Nueva-Clave-2026")), path);
        reset.ShouldRedirectTo("/account/signin");

        await ShouldBeSignedOutAsync(copy);
        await ShouldBeSignedInAsync(CopyOf(await app.SignInAsync(email, "Nueva-Clave-2026")), email);
    }

    [Fact]
    public async Task A_role_change_ends_the_sessions_of_that_person_only()
    {
        const string email = "raul@suarez.example";
        using var copy = CopyOf(await app.SignInAsync(email));
        await ShouldBeSignedInAsync(copy, email);

        var owner = await app.SignInAsync(Demo.Owner);
        var person = (await owner.GetJsonAsync<List<PersonDto>>("/api/v1/people")).Single(p => p.Email == email);
        var changed = await owner.PutJsonAsync($"/api/v1/people/{person.Id}",
            new { role = Role.Agent, departmentId = person.DepartmentId, positionId = person.PositionId, version = person.Version });
        await changed.ShouldHaveStatusAsync(HttpStatusCode.OK);

        await ShouldBeSignedOutAsync(copy);
        (await owner.GetJsonAsync<MeDto>("/api/v1/me")).Email.ShouldBe(Demo.Owner, "the person who changed the role stays signed in");
        var signedInAgain = CopyOf(await app.SignInAsync(email));
        (await (await signedInAgain.GetAsync("/api/v1/me")).Content.ReadFromJsonAsync<MeDto>(Json))!.Role.ShouldBe("Agent");
    }

    private sealed record ResetLinkDto(string Link);
}

public sealed class SessionsOnSqlite(SqliteApp app) : SessionTests(app), IClassFixture<SqliteApp>;

public sealed class SessionsOnPostgres(PostgresApp app) : SessionTests(app), IClassFixture<PostgresApp>;
