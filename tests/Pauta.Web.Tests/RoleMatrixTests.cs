using System.Net;
using System.Net.Http.Json;
using Pauta.Core.Organisations;
using Pauta.Web.Tests.Infrastructure;
using static Pauta.Web.Tests.Infrastructure.Browser;

namespace Pauta.Web.Tests;

/// <summary>
/// The role × permission matrix (Permissions.Has) as people meet it: which pages open, which API
/// calls answer, and the rules about the owner and admins that no role can get around.
/// </summary>
public abstract class RoleMatrixTests(PautaApp app)
{
    public static TheoryData<Role> Roles => new(Enum.GetValues<Role>());

    private static readonly (string Url, Permission Permission)[] Pages =
    [
        ("/", Permission.ViewHome),
        ("/org-chart", Permission.ViewOrgChart),
        ("/people", Permission.ViewPeople),
        ("/departments", Permission.ManageDepartments),
        ("/positions", Permission.ManagePositions),
        ("/settings", Permission.ManageOrganisation),
        ("/settings/hours", Permission.ManageBusinessHours),
        ("/insights", Permission.ViewInsights),
    ];

    /// <summary>Pages reached from the settings sub-navigation (on the hours page), not the main menu.</summary>
    private static readonly (string Url, Permission Permission)[] SubPages =
    [
        ("/organisation/sites", Permission.ManageBusinessHours),
        ("/organisation/calendars", Permission.ManageBusinessHours),
    ];

    /// <summary>
    /// One call per guarded endpoint. The bodies are invalid (or the ids unknown) on purpose: a role
    /// that may make the call gets 400/404 and nothing changes; a role that may not gets 403 first.
    /// </summary>
    private static IEnumerable<(string What, Permission[] Needs, HttpStatusCode Allowed, Func<Browser, Task<HttpResponseMessage>> Call)> ApiCalls()
    {
        var unknown = Guid.NewGuid();
        yield return ("GET organisation", [], HttpStatusCode.OK, b => b.GetAsync("/api/v1/organisation"));
        yield return ("GET business hours", [], HttpStatusCode.OK, b => b.GetAsync("/api/v1/business-hours"));
        yield return ("GET me", [], HttpStatusCode.OK, b => b.GetAsync("/api/v1/me"));
        yield return ("PUT organisation", [Permission.ManageOrganisation], HttpStatusCode.BadRequest,
            b => b.PutJsonAsync("/api/v1/organisation", new { name = "", brandName = "", language = "es", timeZoneId = "Europe/Madrid", channels = "All", version = 0 }));
        yield return ("PUT business hours", [Permission.ManageBusinessHours], HttpStatusCode.BadRequest,
            b => b.PutJsonAsync("/api/v1/business-hours", new Dictionary<string, string> { ["Monday"] = "25:00-26:00" }));
        yield return ("POST holiday", [Permission.ManageBusinessHours], HttpStatusCode.BadRequest,
            b => b.PostJsonAsync("/api/v1/holidays", new { name = "" }));
        yield return ("DELETE holiday", [Permission.ManageBusinessHours], HttpStatusCode.NotFound, b => b.DeleteAsync($"/api/v1/holidays/{unknown}"));
        yield return ("GET sites", [], HttpStatusCode.OK, b => b.GetAsync("/api/v1/sites"));
        yield return ("POST site", [Permission.ManageBusinessHours], HttpStatusCode.BadRequest, b => b.PostJsonAsync("/api/v1/sites", new { name = "" }));
        yield return ("PUT site", [Permission.ManageBusinessHours], HttpStatusCode.NotFound,
            b => b.PutJsonAsync($"/api/v1/sites/{unknown}", new { name = "x", timeZoneId = "UTC", version = 0 }));
        yield return ("POST calendar", [Permission.ManageBusinessHours], HttpStatusCode.BadRequest, b => b.PostJsonAsync("/api/v1/calendars", new { key = "" }));
        yield return ("DELETE calendar", [Permission.ManageBusinessHours], HttpStatusCode.NotFound, b => b.DeleteAsync($"/api/v1/calendars/{unknown}?version=0"));
        yield return ("POST placeholder", [Permission.ManageOrganisation], HttpStatusCode.BadRequest,
            b => b.PostJsonAsync("/api/v1/organisation/placeholders", new { name = "" }));
        yield return ("POST department", [Permission.ManageDepartments], HttpStatusCode.BadRequest,
            b => b.PostJsonAsync("/api/v1/departments", new { name = "" }));
        yield return ("PUT department", [Permission.ManageDepartments], HttpStatusCode.NotFound,
            b => b.PutJsonAsync($"/api/v1/departments/{unknown}", new { name = "x", version = 0 }));
        yield return ("DELETE department", [Permission.ManageDepartments], HttpStatusCode.NotFound, b => b.DeleteAsync($"/api/v1/departments/{unknown}"));
        yield return ("POST position", [Permission.ManagePositions], HttpStatusCode.BadRequest,
            b => b.PostJsonAsync("/api/v1/positions", new { title = "" }));
        yield return ("PUT position", [Permission.ManagePositions], HttpStatusCode.NotFound,
            b => b.PutJsonAsync($"/api/v1/positions/{unknown}", new { title = "x", version = 0 }));
        yield return ("DELETE position", [Permission.ManagePositions], HttpStatusCode.NotFound, b => b.DeleteAsync($"/api/v1/positions/{unknown}"));
        yield return ("GET org chart", [Permission.ViewOrgChart], HttpStatusCode.OK, b => b.GetAsync("/api/v1/org-chart"));
        yield return ("GET people", [Permission.ViewPeople], HttpStatusCode.OK, b => b.GetAsync("/api/v1/people"));
        yield return ("GET person", [Permission.ViewPeople], HttpStatusCode.NotFound, b => b.GetAsync($"/api/v1/people/{unknown}"));
        yield return ("PUT person", [Permission.ViewPeople, Permission.ChangeRoles], HttpStatusCode.NotFound,
            b => b.PutJsonAsync($"/api/v1/people/{unknown}", new { role = "Agent", version = 0 }));
        yield return ("DELETE person", [Permission.ViewPeople, Permission.RemovePeople], HttpStatusCode.NotFound, b => b.DeleteAsync($"/api/v1/people/{unknown}"));
        yield return ("transfer ownership", [Permission.ViewPeople, Permission.TransferOwnership], HttpStatusCode.NotFound,
            b => b.PostAsync($"/api/v1/people/{unknown}/transfer-ownership"));
        yield return ("reset link", [Permission.ViewPeople, Permission.IssuePasswordResetLinks], HttpStatusCode.NotFound,
            b => b.PostAsync($"/api/v1/people/{unknown}/reset-link"));
        yield return ("GET invitations", [Permission.InvitePeople], HttpStatusCode.OK, b => b.GetAsync("/api/v1/invitations"));
        yield return ("POST invitation", [Permission.InvitePeople], HttpStatusCode.BadRequest,
            b => b.PostJsonAsync("/api/v1/invitations", new { email = "", role = "Agent" }));
        yield return ("DELETE invitation", [Permission.InvitePeople], HttpStatusCode.NotFound, b => b.DeleteAsync($"/api/v1/invitations/{unknown}"));
        yield return ("erase customer", [Permission.HandleContacts, Permission.EraseCustomers], HttpStatusCode.NotFound,
            b => b.DeleteAsync($"/api/v1/customers/{unknown}/personal-data"));
        yield return ("GET training matrix", [Permission.ViewTrainingRecords], HttpStatusCode.OK, b => b.GetAsync("/api/v1/training/matrix"));
        yield return ("GET xAPI statements", [Permission.ViewTrainingRecords], HttpStatusCode.OK, b => b.GetAsync("/api/v1/training/xapi/statements"));
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Each_role_opens_exactly_the_pages_its_permissions_allow(Role role)
    {
        var browser = await app.SignInAsync(Demo.ByRole[role]);
        var home = await browser.GetPageAsync("/");
        foreach (var (url, permission) in Pages)
        {
            var allowed = Permissions.Has(role, permission);
            var page = await browser.GetPageAsync(url);
            page.ShouldHaveStatus(allowed ? HttpStatusCode.OK : HttpStatusCode.Forbidden, $"{role} on {url}");
            if (!allowed) page.Title.ShouldBe(Text.Es("Status.403.Title"));
            // The menu offers only what opens.
            if (url != "/")
                home.Document.QuerySelectorAll("nav.mainnav a").Any(a => a.GetAttribute("href") == url)
                    .ShouldBe(allowed, $"{role}'s menu and {url}");
        }
        var hours = Permissions.Has(role, Permission.ManageBusinessHours) ? await browser.GetPageAsync("/settings/hours") : null;
        foreach (var (url, permission) in SubPages)
        {
            var allowed = Permissions.Has(role, permission);
            var page = await browser.GetPageAsync(url);
            page.ShouldHaveStatus(allowed ? HttpStatusCode.OK : HttpStatusCode.Forbidden, $"{role} on {url}");
            if (!allowed) page.Title.ShouldBe(Text.Es("Status.403.Title"));
            else hours!.Document.QuerySelectorAll("nav.subnav a").Any(a => a.GetAttribute("href") == url).ShouldBeTrue($"{role}'s settings sub-navigation and {url}");
        }
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Each_role_gets_403_problem_details_from_exactly_the_api_calls_its_permissions_forbid(Role role)
    {
        var browser = await app.SignInAsync(Demo.ByRole[role]);
        foreach (var (what, needs, allowedStatus, call) in ApiCalls())
        {
            var response = await call(browser);
            if (needs.All(p => Permissions.Has(role, p)))
            {
                await response.ShouldHaveStatusAsync(allowedStatus, $"{role}: {what}");
            }
            else
            {
                var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, $"{role}: {what}");
                problem.Title.ShouldBe(Text.Es("Error.Forbidden"));
            }
        }
    }

    [Fact]
    public async Task An_agent_cannot_change_the_organisation_settings()
    {
        var agent = await app.SignInAsync(Demo.Agent);
        var settings = await agent.GetJsonAsync<OrganisationDto>("/api/v1/organisation");
        var response = await agent.PutJsonAsync("/api/v1/organisation", settings with { Name = "Tiendas de Sofía" });
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        problem.Title.ShouldBe(Text.Es("Error.Forbidden"));
        (await agent.GetJsonAsync<OrganisationDto>("/api/v1/organisation")).ShouldBe(settings);
    }

    [Fact]
    public async Task Anonymous_api_calls_get_401_problem_details_and_anonymous_pages_redirect_to_sign_in()
    {
        var anonymous = app.NewBrowser();
        foreach (var (what, _, _, call) in ApiCalls())
            await (await call(anonymous)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, what);

        foreach (var (url, _) in Pages.Append(("/people/" + Guid.NewGuid(), Permission.ChangeRoles)))
        {
            var page = await anonymous.GetPageAsync(url);
            page.ShouldRedirectTo("/account/signin");
            Uri.UnescapeDataString(page.Location!).ShouldContain("ReturnUrl=" + url);
        }
        // The sign-in, sign-up and health pages stay open.
        (await anonymous.GetPageAsync("/account/signin")).ShouldHaveStatus(HttpStatusCode.OK);
        (await anonymous.GetPageAsync("/account/signup")).ShouldHaveStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_manager_cannot_change_the_owners_role_or_take_ownership()
    {
        var owner = await app.SignInAsync(Demo.Owner);
        var people = await owner.GetJsonAsync<List<PersonDto>>("/api/v1/people");
        var carmen = people.Single(p => p.Email == Demo.Owner);
        var lucia = people.Single(p => p.Email == Demo.Manager);

        var manager = await app.SignInAsync(Demo.Manager);
        await (await manager.PutJsonAsync($"/api/v1/people/{carmen.Id}", new { role = "Agent", carmen.DepartmentId, carmen.PositionId, carmen.Version }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await manager.PutJsonAsync($"/api/v1/people/{lucia.Id}", new { role = "Owner", lucia.DepartmentId, lucia.PositionId, lucia.Version }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await manager.PostAsync($"/api/v1/people/{lucia.Id}/transfer-ownership")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await manager.GetPageAsync($"/people/{carmen.Id}")).ShouldHaveStatus(HttpStatusCode.Forbidden);
        var posted = await manager.SubmitAsync("/people", Form(("Input.Role", "Agent"), ("Input.Version", carmen.Version.ToString())), $"/people/{carmen.Id}");
        posted.ShouldHaveStatus(HttpStatusCode.Forbidden);

        (await owner.GetJsonAsync<List<PersonDto>>("/api/v1/people")).ShouldBe(people);
    }

    [Fact]
    public async Task An_admin_cannot_make_anyone_admin_or_owner_nor_remove_or_demote_the_owner()
    {
        var owner = await app.SignInAsync(Demo.Owner);
        var people = await owner.GetJsonAsync<List<PersonDto>>("/api/v1/people");
        var carmen = people.Single(p => p.Email == Demo.Owner);
        var diego = people.Single(p => p.Email == "diego@suarez.example");

        var admin = await app.SignInAsync(Demo.Admin);
        await (await admin.PutJsonAsync($"/api/v1/people/{diego.Id}", new { role = "Admin", diego.DepartmentId, diego.PositionId, diego.Version }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await admin.PutJsonAsync($"/api/v1/people/{diego.Id}", new { role = "Owner", diego.DepartmentId, diego.PositionId, diego.Version }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await admin.PutJsonAsync($"/api/v1/people/{carmen.Id}", new { role = "Agent", carmen.DepartmentId, carmen.PositionId, carmen.Version }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await admin.DeleteAsync($"/api/v1/people/{carmen.Id}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await admin.PostAsync($"/api/v1/people/{diego.Id}/transfer-ownership")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await admin.PostAsync($"/api/v1/people/{carmen.Id}/reset-link")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await admin.PostJsonAsync("/api/v1/invitations", new { email = Demo.NewEmail(), role = "Admin" })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await admin.SubmitAsync("/people", Form(), $"/people/{carmen.Id}?handler=Remove")).ShouldHaveStatus(HttpStatusCode.Forbidden);

        // The admin's form offers only the roles they may give.
        var form = await admin.GetPageAsync($"/people/{diego.Id}");
        form.Document.QuerySelectorAll("select[name='Input.Role'] option").Select(o => o.GetAttribute("value"))
            .ShouldBe(["Manager", "Supervisor", "Agent"], ignoreOrder: true);

        (await owner.GetJsonAsync<List<PersonDto>>("/api/v1/people")).ShouldBe(people);
        (await owner.GetJsonAsync<List<InvitationDto>>("/api/v1/invitations")).ShouldBeEmpty();

        // What an admin may do, they can: make an agent a supervisor.
        var promoted = await admin.PutJsonAsync($"/api/v1/people/{diego.Id}", new { role = "Supervisor", diego.DepartmentId, diego.PositionId, diego.Version });
        await promoted.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await owner.GetJsonAsync<PersonDto>($"/api/v1/people/{diego.Id}")).Role.ShouldBe(Role.Supervisor);
    }

    [Fact]
    public async Task A_role_change_ends_the_persons_sessions_and_the_next_sign_in_has_the_new_role()
    {
        var owner = await app.SignInAsync(Demo.Owner);
        var email = Demo.NewEmail("promoted");
        var invite = await owner.PostJsonAsync("/api/v1/invitations", new { email, role = "Admin" });
        await invite.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var path = new Uri((await invite.Content.ReadFromJsonAsync<CreatedInvitationDto>(Json))!.Link).PathAndQuery;
        var person = app.NewBrowser();
        (await person.SubmitAsync(path, Form(("Input.DisplayName", "Ana Admin"), ("Input.Password", Demo.StrongPassword)), path)).ShouldRedirectTo("/");
        (await person.GetPageAsync("/settings")).ShouldHaveStatus(HttpStatusCode.OK);

        var me = await person.GetJsonAsync<MeDto>("/api/v1/me");
        var view = await owner.GetJsonAsync<PersonDto>($"/api/v1/people/{me.MemberId}");
        await (await owner.PutJsonAsync($"/api/v1/people/{me.MemberId}", view with { Role = Role.Agent })).ShouldHaveStatusAsync(HttpStatusCode.OK);

        // The old cookie is refused at once; signing in again gives the new role.
        await (await person.GetAsync("/api/v1/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        person = await app.SignInAsync(email, Demo.StrongPassword);
        (await person.GetPageAsync("/settings")).ShouldHaveStatus(HttpStatusCode.Forbidden);
        (await person.GetJsonAsync<MeDto>("/api/v1/me")).Role.ShouldBe("Agent");

        // Removed from the organisation: signed out on the next request.
        await (await owner.DeleteAsync($"/api/v1/people/{me.MemberId}")).ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        await (await person.GetAsync("/api/v1/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        (await person.GetPageAsync("/")).ShouldRedirectTo("/account/signin");
        (await app.NewBrowser().SignInAsync(email, Demo.StrongPassword)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_owner_can_transfer_ownership_and_becomes_an_admin()
    {
        var first = await app.SignUpAsync("Traspaso S.L.", Demo.NewEmail("first-owner"), displayName: "Primera Dueña");
        var email = Demo.NewEmail("next-owner");
        var invite = await first.PostJsonAsync("/api/v1/invitations", new { email, role = "Manager" });
        var path = new Uri((await invite.Content.ReadFromJsonAsync<CreatedInvitationDto>(Json))!.Link).PathAndQuery;
        var next = app.NewBrowser();
        (await next.SubmitAsync(path, Form(("Input.DisplayName", "Segunda Dueña"), ("Input.Password", Demo.StrongPassword)), path)).ShouldRedirectTo("/");
        var nextMember = (await next.GetJsonAsync<MeDto>("/api/v1/me")).MemberId;

        await (await first.PostAsync($"/api/v1/people/{nextMember}/transfer-ownership")).ShouldHaveStatusAsync(HttpStatusCode.NoContent);

        (await first.GetJsonAsync<MeDto>("/api/v1/me")).Role.ShouldBe("Admin");
        // The new owner's sessions ended with the role change: they sign in again as the owner.
        await (await next.GetAsync("/api/v1/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        next = await app.SignInAsync(email, Demo.StrongPassword);
        (await next.GetJsonAsync<MeDto>("/api/v1/me")).Role.ShouldBe("Owner");
        var people = await next.GetJsonAsync<List<PersonDto>>("/api/v1/people");
        people.Count(p => p.Role == Role.Owner).ShouldBe(1);
        // The former owner, now an admin, cannot take it back.
        await (await first.PostAsync($"/api/v1/people/{people.Single(p => p.DisplayName == "Primera Dueña").Id}/transfer-ownership"))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_signed_in_person_who_opens_sign_up_is_sent_home_and_nothing_is_created()
    {
        var owner = await app.SignInAsync(Demo.Owner);
        var before = await app.CountEverythingAsync();
        (await owner.GetPageAsync("/account/signup")).ShouldRedirectTo("/");

        var token = await owner.GetAntiforgeryTokenAsync("/");
        var posted = await owner.PostFormAsync("/account/signup", Form(
            ("Input.OrganisationName", "Segunda Empresa"), ("Input.BrandName", "Segunda Empresa"), ("Input.Language", "es"),
            ("Input.TimeZoneId", "Europe/Madrid"), ("Input.DisplayName", "Carmen Dos"), ("Input.Email", Demo.NewEmail("second")),
            ("Input.Password", Demo.StrongPassword), (AntiforgeryField, token)));
        posted.ShouldRedirectTo("/");
        (await app.CountEverythingAsync()).ShouldBe(before);
        (await owner.GetJsonAsync<MeDto>("/api/v1/me")).OrganisationName.ShouldBe(Demo.OrganisationName);
    }
}

public sealed class RoleMatrixOnSqlite(SqliteApp app) : RoleMatrixTests(app), IClassFixture<SqliteApp>;

public sealed class RoleMatrixOnPostgres(PostgresApp app) : RoleMatrixTests(app), IClassFixture<PostgresApp>;
