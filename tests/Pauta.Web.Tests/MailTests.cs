using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Pauta.Data;
using Pauta.Web.Tests.Infrastructure;
using static Pauta.Web.Tests.Infrastructure.Browser;

namespace Pauta.Web.Tests;

/// <summary>The app with a mail server configured: a real SMTP conversation on loopback.</summary>
public sealed class MailApp() : PautaApp(DatabaseProvider.Sqlite)
{
    /// <summary>Where people reach this Pauta; the tests talk to it as http://localhost.</summary>
    public const string PublicUrl = "https://pauta.suarez.example";

    public LoopbackSmtpServer Smtp { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Pauta:Smtp:Host", "127.0.0.1");
        builder.UseSetting("Pauta:Smtp:Port", Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Pauta:Smtp:From", "pauta@suarez.example");
        builder.UseSetting("Pauta:PublicUrl", PublicUrl);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

/// <summary>With SMTP configured, invitations and password resets reach the person by e-mail, and the mailed links work.</summary>
public sealed partial class MailTests(MailApp app) : IClassFixture<MailApp>
{
    [Fact]
    public async Task An_invitation_is_emailed_and_the_mailed_link_lets_the_person_join()
    {
        var owner = await app.SignInAsync(Demo.Owner);
        var email = Demo.NewEmail("correo");
        var response = await owner.PostJsonAsync("/api/v1/invitations", new { email, role = "Agent" });
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var created = (await response.Content.ReadFromJsonAsync<CreatedInvitationDto>(Json))!;
        created.Emailed.ShouldBeTrue();

        var mail = await app.Smtp.WaitForAsync(email);
        mail.From.ShouldBe("pauta@suarez.example");
        mail.Subject.ShouldContain(Demo.OrganisationName);
        var link = Link().Match(mail.Body).Value;
        link.ShouldBe(created.Link, "the mailed link is the same one-time link the admin sees");
        link.ShouldStartWith(MailApp.PublicUrl + "/invitations/accept?token=", Case.Sensitive, "links start with the configured public URL");

        var joined = await app.NewBrowser().SubmitAsync(new Uri(link).PathAndQuery,
            Form(("Input.DisplayName", "Correo Nuevo"), ("Input.Password", Demo.StrongPassword)), new Uri(link).PathAndQuery);
        joined.ShouldRedirectTo("/");
        await app.SignInAsync(email, Demo.StrongPassword);
    }

    [Fact]
    public async Task Forgot_password_mails_a_working_reset_link_and_says_the_same_for_unknown_addresses()
    {
        var browser = app.NewBrowser();
        var known = await browser.SubmitAsync("/account/forgot-password", Form(("Email", Demo.Agent)));
        known.ShouldHaveStatus(HttpStatusCode.OK);
        var unknown = await app.NewBrowser().SubmitAsync("/account/forgot-password", Form(("Email", "nadie@suarez.example")));
        unknown.Text.ShouldContain(Text.Es("Forgot.Sent"));
        known.Text.ShouldContain(Text.Es("Forgot.Sent"));
        app.Smtp.Messages.ShouldNotContain(m => m.To.Contains("nadie@suarez.example"));

        var mail = await app.Smtp.WaitForAsync(Demo.Agent, Text.Es("Email.ResetSubject"));
        var link = new Uri(Link().Match(mail.Body).Value);
        link.AbsolutePath.ShouldBe("/account/reset-password");
        link.GetLeftPart(UriPartial.Authority).ShouldBe(MailApp.PublicUrl, "links start with the configured public URL");

        var reset = await app.NewBrowser().SubmitAsync(link.PathAndQuery, Form(("Password", "Nueva-Clave-2026")), link.PathAndQuery);
        reset.ShouldRedirectTo("/account/signin");
        await app.SignInAsync(Demo.Agent, "Nueva-Clave-2026");
        (await app.NewBrowser().SignInAsync(Demo.Agent, Demo.Password)).StatusCode.ShouldNotBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task A_reset_requested_with_a_forged_host_is_refused_and_mails_nobody()
    {
        const string victim = "tomas@suarez.example";
        var browser = app.NewBrowser();
        var token = await browser.GetAntiforgeryTokenAsync("/account/forgot-password");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/forgot-password")
        {
            Content = new FormUrlEncodedContent(Form(("Email", victim), (AntiforgeryField, token))),
        };
        request.Headers.Host = "evil.example";
        var response = await browser.Client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, "a Host that is not Pauta's is refused");

        // The same request with Pauta's own host is mailed, and its link still points at the public URL.
        (await browser.PostFormAsync("/account/forgot-password", Form(("Email", victim), (AntiforgeryField, token)))).ShouldHaveStatus(HttpStatusCode.OK);
        var mail = await app.Smtp.WaitForAsync(victim);
        app.Smtp.Messages.Count(m => m.To.Contains(victim)).ShouldBe(1, "the forged request mailed nothing");
        mail.Body.ShouldNotContain("evil.example");
        Link().Match(mail.Body).Value.ShouldStartWith(MailApp.PublicUrl + "/account/reset-password?");
    }

    private static IEnumerable<KeyValuePair<string, string>> SignUpForm(string organisation, string email) => Form(
        ("Input.OrganisationName", organisation), ("Input.BrandName", organisation), ("Input.Language", "es"),
        ("Input.TimeZoneId", "Europe/Madrid"), ("Input.DisplayName", "Nueva Persona"), ("Input.Email", email),
        ("Input.Password", Demo.StrongPassword));

    [Fact]
    public async Task Sign_up_answers_check_your_email_for_a_taken_and_a_new_address_and_only_the_mailed_link_creates_the_organisation()
    {
        var fresh = Demo.NewEmail("alta");
        var taken = await app.NewBrowser().SubmitAsync("/account/signup", SignUpForm("Ferretería Díaz", Demo.Agent));
        var @new = await app.NewBrowser().SubmitAsync("/account/signup", SignUpForm("Ferretería Díaz", fresh));
        foreach (var page in new[] { taken, @new })
        {
            page.ShouldHaveStatus(HttpStatusCode.OK);
            page.Document.QuerySelector("#check-email")!.TextContent.ShouldBe(Text.Es("SignUp.CheckEmail"));
            page.SummaryErrors.ShouldBeEmpty();
            page.Response.Headers.TryGetValues("Set-Cookie", out var cookies);
            (cookies ?? []).ShouldNotContain(c => c.StartsWith(".Pauta.Auth=", StringComparison.Ordinal));
        }
        taken.Text.ShouldBe(@new.Text, "the page says nothing about the address");
        (await app.WithDbAsync(db => db.Organisations.IgnoreQueryFilters().CountAsync(o => o.Name == "Ferretería Díaz"))).ShouldBe(0);

        // Waited for by its subject: the reset mailed to the same person by another test may still be the last one here.
        var notice = await app.Smtp.WaitForAsync(Demo.Agent, Text.Es("Email.SignUpExistsSubject"));
        notice.Body.ShouldContain(MailApp.PublicUrl + "/account/signin");

        var mail = await app.Smtp.WaitForAsync(fresh);
        var link = new Uri(Link().Match(mail.Body).Value);
        link.GetLeftPart(UriPartial.Path).ShouldBe(MailApp.PublicUrl + "/account/signup/confirm");
        var person = app.NewBrowser();
        var confirmed = await person.SubmitAsync(link.PathAndQuery, [], link.PathAndQuery);
        confirmed.ShouldRedirectTo("/");
        (await person.GetJsonAsync<MeDto>("/api/v1/me")).OrganisationName.ShouldBe("Ferretería Díaz");

        // The link is spent: the address has an account now. A tampered link is refused.
        var again = await app.NewBrowser().SubmitAsync(link.PathAndQuery, [], link.PathAndQuery);
        again.ShouldHaveStatus(HttpStatusCode.Conflict);
        (await app.NewBrowser().GetPageAsync("/account/signup/confirm?token=x" + Uri.EscapeDataString(link.Query))).ShouldHaveStatus(HttpStatusCode.BadRequest);
    }

    [GeneratedRegex(@"https?://[^\s]+")]
    private static partial Regex Link();
}
