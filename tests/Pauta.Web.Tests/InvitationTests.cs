using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Pauta.Core.Organisations;
using Pauta.Web.Tests.Infrastructure;
using static Pauta.Web.Tests.Infrastructure.Browser;

namespace Pauta.Web.Tests;

/// <summary>An invitation link works once, for a limited time, until revoked; a bad one explains itself and creates nobody.</summary>
public abstract class InvitationTests(PautaApp app)
{
    private async Task<(CreatedInvitationDto Created, string Path)> InviteAsync(Browser inviter, string email, string role = "Agent")
    {
        var response = await inviter.PostJsonAsync("/api/v1/invitations", new { email, role });
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var created = (await response.Content.ReadFromJsonAsync<CreatedInvitationDto>(Json))!;
        response.Headers.Location!.OriginalString.ShouldBe($"/api/v1/invitations/{created.Invitation.Id}");
        created.Emailed.ShouldBeFalse("no mail server is configured, so the link is for the admin to copy");
        var link = new Uri(created.Link);
        link.AbsolutePath.ShouldBe("/invitations/accept");
        return (created, link.PathAndQuery);
    }

    private static Task<Page> AcceptAsync(Browser invitee, string path, string name, string password) =>
        invitee.SubmitAsync(path, Form(("Input.DisplayName", name), ("Input.Password", password)), path);

    private Task<int> UsersWithEmailAsync(string email) =>
        app.WithDbAsync(db => db.Users.CountAsync(u => u.NormalizedEmail == email.ToUpperInvariant()));

    [Fact]
    public async Task An_invited_person_joins_with_the_invited_role_and_is_signed_in()
    {
        var owner = await app.SignInAsync(Demo.Owner);
        var email = Demo.NewEmail("nuevo");
        var (created, path) = await InviteAsync(owner, email, "Supervisor");
        created.Invitation.Role.ShouldBe(Role.Supervisor);
        (await owner.GetJsonAsync<List<InvitationDto>>("/api/v1/invitations")).ShouldContain(i => i.Id == created.Invitation.Id);

        var invitee = app.NewBrowser();
        var landing = await invitee.GetPageAsync(path);
        landing.ShouldHaveStatus(HttpStatusCode.OK);
        landing.Text.ShouldContain(Text.Es("Accept.Intro", Demo.OrganisationName, Text.Es("Role.Supervisor")));
        landing.Document.QuerySelector("#invite-email")!.GetAttribute("value").ShouldBe(email);

        var joined = await AcceptAsync(invitee, path, "Nuevo Compañero", Demo.StrongPassword);
        joined.ShouldRedirectTo("/");

        var me = await invitee.GetJsonAsync<MeDto>("/api/v1/me");
        me.Email.ShouldBe(email);
        me.Role.ShouldBe("Supervisor");
        me.OrganisationName.ShouldBe(Demo.OrganisationName);
        (await owner.GetJsonAsync<List<PersonDto>>("/api/v1/people")).ShouldContain(p => p.Email == email && p.DisplayName == "Nuevo Compañero");
        (await owner.GetJsonAsync<List<InvitationDto>>("/api/v1/invitations")).ShouldNotContain(i => i.Id == created.Invitation.Id);

        // They can sign in again later with the password they chose.
        await app.SignInAsync(email, Demo.StrongPassword);
    }

    [Fact]
    public async Task A_used_invitation_link_explains_itself_and_creates_no_second_person()
    {
        var owner = await app.SignInAsync(Demo.Owner);
        var email = Demo.NewEmail("once");
        var (_, path) = await InviteAsync(owner, email);
        (await AcceptAsync(app.NewBrowser(), path, "Primera Vez", Demo.StrongPassword)).ShouldRedirectTo("/");

        var again = app.NewBrowser();
        var landing = await again.GetPageAsync(path);
        landing.ShouldHaveStatus(HttpStatusCode.Gone);
        landing.Document.QuerySelector("#invitation-problem")!.TextContent.ShouldBe(Text.Es("Invitation.Used"));

        var reused = await again.PostFormAsync(path, Form(("Input.DisplayName", "Segunda Vez"), ("Input.Password", Demo.StrongPassword),
            (AntiforgeryField, landing.AntiforgeryToken!)));
        reused.ShouldHaveStatus(HttpStatusCode.Gone);
        reused.Text.ShouldContain(Text.Es("Invitation.Used"));
        (await UsersWithEmailAsync(email)).ShouldBe(1);
        (await owner.GetJsonAsync<List<PersonDto>>("/api/v1/people")).Count(p => p.Email == email).ShouldBe(1);
        (await again.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_expired_invitation_link_says_it_expired_and_creates_nobody()
    {
        var owner = await app.SignInAsync(Demo.Owner);
        var me = await owner.GetJsonAsync<MeDto>("/api/v1/me");
        var email = Demo.NewEmail("late");
        var (created, path) = await InviteAsync(owner, email);
        await app.WithDbAsync(async db =>
        {
            var invitation = await db.Invitations.SingleAsync(i => i.Id == created.Invitation.Id);
            invitation.ExpiresAt = invitation.CreatedAt.AddDays(-1);
            await db.SaveChangesAsync();
        }, tenant: me.OrganisationId);

        var invitee = app.NewBrowser();
        var landing = await invitee.GetPageAsync(path);
        landing.ShouldHaveStatus(HttpStatusCode.Gone);
        landing.Document.QuerySelector("#invitation-problem")!.TextContent.ShouldBe(Text.Es("Invitation.Expired"));
        landing.Document.QuerySelector("input[name='Input.Password']").ShouldBeNull();

        var accepted = await invitee.PostFormAsync(path, Form(("Input.DisplayName", "Tarde"), ("Input.Password", Demo.StrongPassword),
            (AntiforgeryField, landing.AntiforgeryToken!)));
        accepted.ShouldHaveStatus(HttpStatusCode.Gone);
        accepted.Text.ShouldContain(Text.Es("Invitation.Expired"));
        (await UsersWithEmailAsync(email)).ShouldBe(0);
        (await owner.GetJsonAsync<List<InvitationDto>>("/api/v1/invitations")).ShouldNotContain(i => i.Id == created.Invitation.Id);
    }

    [Fact]
    public async Task A_revoked_invitation_link_says_it_was_withdrawn_and_creates_nobody()
    {
        var admin = await app.SignInAsync(Demo.Admin);
        var email = Demo.NewEmail("revoked");
        var (created, path) = await InviteAsync(admin, email);
        await (await admin.DeleteAsync($"/api/v1/invitations/{created.Invitation.Id}")).ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        await (await admin.DeleteAsync($"/api/v1/invitations/{created.Invitation.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        var invitee = app.NewBrowser();
        var landing = await invitee.GetPageAsync(path);
        landing.ShouldHaveStatus(HttpStatusCode.Gone);
        landing.Document.QuerySelector("#invitation-problem")!.TextContent.ShouldBe(Text.Es("Invitation.Revoked"));
        var accepted = await invitee.PostFormAsync(path, Form(("Input.DisplayName", "Retirada"), ("Input.Password", Demo.StrongPassword),
            (AntiforgeryField, landing.AntiforgeryToken!)));
        accepted.Text.ShouldContain(Text.Es("Invitation.Revoked"));
        (await UsersWithEmailAsync(email)).ShouldBe(0);
    }

    [Fact]
    public async Task Inviting_the_same_address_again_replaces_the_earlier_link()
    {
        var owner = await app.SignInAsync(Demo.Owner);
        var email = Demo.NewEmail("twice");
        var (_, oldPath) = await InviteAsync(owner, email);
        var (_, newPath) = await InviteAsync(owner, email);

        (await app.NewBrowser().GetPageAsync(oldPath)).Text.ShouldContain(Text.Es("Invitation.Revoked"));
        (await AcceptAsync(app.NewBrowser(), newPath, "Segundo Enlace", Demo.StrongPassword)).ShouldRedirectTo("/");
        (await owner.GetJsonAsync<List<InvitationDto>>("/api/v1/invitations")).ShouldNotContain(i => i.Email == email);
    }

    [Fact]
    public async Task A_made_up_invitation_link_is_not_valid()
    {
        var landing = await app.NewBrowser().GetPageAsync("/invitations/accept?token=made-up-token");
        landing.ShouldHaveStatus(HttpStatusCode.Gone);
        landing.Document.QuerySelector("#invitation-problem")!.TextContent.ShouldBe(Text.Es("Invitation.Invalid"));
        (await app.NewBrowser().GetPageAsync("/invitations/accept")).Text.ShouldContain(Text.Es("Invitation.Invalid"));
    }

    [Fact]
    public async Task A_refused_password_or_missing_name_on_acceptance_creates_nobody_and_leaves_the_link_usable()
    {
        var owner = await app.SignInAsync(Demo.Owner);
        var email = Demo.NewEmail("retry");
        var (_, path) = await InviteAsync(owner, email);
        var invitee = app.NewBrowser();

        var weak = await AcceptAsync(invitee, path, "Reintento", "abc");
        weak.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
        weak.FieldError("Input.Password").ShouldContain(Text.Es("Identity.PasswordTooShort", 10));
        var nameless = await AcceptAsync(invitee, path, " ", Demo.StrongPassword);
        nameless.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
        nameless.FieldError("Input.DisplayName").ShouldBe(Text.Es("Field.Required"));
        (await UsersWithEmailAsync(email)).ShouldBe(0);

        (await AcceptAsync(invitee, path, "Reintento", Demo.StrongPassword)).ShouldRedirectTo("/");
        (await UsersWithEmailAsync(email)).ShouldBe(1);
    }

    [Fact]
    public async Task An_invitation_for_an_address_that_already_has_an_account_is_refused()
    {
        var owner = await app.SignInAsync(Demo.Owner);
        var problem = await (await owner.PostJsonAsync("/api/v1/invitations", new { email = Demo.Agent, role = "Agent" }))
            .ShouldBeValidationProblemAsync("email");
        problem.Errors!["email"].ShouldBe([Text.Es("Identity.DuplicateEmail", Demo.Agent)]);
        await (await owner.PostJsonAsync("/api/v1/invitations", new { email = "no-at-sign", role = "Agent" })).ShouldBeValidationProblemAsync("email");
        await (await owner.PostJsonAsync("/api/v1/invitations", new { email = Demo.NewEmail(), role = "Owner" })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await owner.GetJsonAsync<List<InvitationDto>>("/api/v1/invitations")).ShouldNotContain(i => i.Email == Demo.Agent || i.Email == "no-at-sign");
    }

    [Fact]
    public async Task Accepting_for_an_address_that_got_an_account_meanwhile_says_so_and_creates_no_member()
    {
        var owner = await app.SignInAsync(Demo.Owner);
        var email = Demo.NewEmail("meanwhile");
        var (_, path) = await InviteAsync(owner, email);
        // Before accepting, the person creates an organisation of their own with the same address.
        await app.SignUpAsync("Mientras Tanto S.L.", email);
        var before = await app.CountEverythingAsync();

        var invitee = app.NewBrowser();
        var page = await AcceptAsync(invitee, path, "Mientras Tanto", Demo.StrongPassword);
        page.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
        page.Text.ShouldContain(Text.Es("Identity.DuplicateEmail", email));
        (await app.CountEverythingAsync()).ShouldBe(before);
        (await owner.GetJsonAsync<List<PersonDto>>("/api/v1/people")).ShouldNotContain(p => p.Email == email);
    }

    [Fact]
    public async Task An_invitation_whose_department_and_position_were_deleted_meanwhile_still_lets_the_person_join()
    {
        var owner = await app.SignInAsync(Demo.Owner);
        var department = (await (await owner.PostJsonAsync("/api/v1/departments", new { name = "Temporal" })).Content.ReadFromJsonAsync<DepartmentDto>(Json))!;
        var position = (await (await owner.PostJsonAsync("/api/v1/positions", new { title = "Becario", departmentId = department.Id }))
            .Content.ReadFromJsonAsync<PositionDto>(Json))!;
        var email = Demo.NewEmail("intern");
        var response = await owner.PostJsonAsync("/api/v1/invitations", new { email, role = "Agent", departmentId = department.Id, positionId = position.Id });
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var path = new Uri((await response.Content.ReadFromJsonAsync<CreatedInvitationDto>(Json))!.Link).PathAndQuery;
        await (await owner.DeleteAsync($"/api/v1/positions/{position.Id}")).ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        await (await owner.DeleteAsync($"/api/v1/departments/{department.Id}")).ShouldHaveStatusAsync(HttpStatusCode.NoContent);

        var joined = await AcceptAsync(app.NewBrowser(), path, "Becaria", Demo.StrongPassword);
        joined.ShouldRedirectTo("/");
        var person = (await owner.GetJsonAsync<List<PersonDto>>("/api/v1/people")).Single(p => p.Email == email);
        person.DepartmentId.ShouldBeNull();
        person.PositionId.ShouldBeNull();
    }
}

public sealed class InvitationsOnSqlite(SqliteApp app) : InvitationTests(app), IClassFixture<SqliteApp>;

public sealed class InvitationsOnPostgres(PostgresApp app) : InvitationTests(app), IClassFixture<PostgresApp>;
