using System.Net;
using System.Net.Http.Json;
using Pauta.Web.Tests.Infrastructure;
using static Pauta.Web.Tests.Infrastructure.Browser;

namespace Pauta.Web.Tests;

/// <summary>
/// Two organisations on one database: the demo "Tiendas Suárez" (A) and a freshly signed-up one (B).
/// Whatever B's owner asks for by A's ids is "not found", and A's data is untouched afterwards.
/// </summary>
public abstract class TenantIsolationTests(PautaApp app)
{
    /// <summary>Every kind of id the demo organisation has, read through its owner's API.</summary>
    private sealed record OrganisationA(Browser Owner, Guid Department, Guid Position, Guid Member, Guid OwnerMember, Guid Invitation, Guid Holiday);

    private async Task<OrganisationA> DemoOrganisationAsync()
    {
        var owner = await app.SignInAsync(Demo.Owner);
        var departments = await owner.GetJsonAsync<List<DepartmentDto>>("/api/v1/departments");
        var positions = await owner.GetJsonAsync<List<PositionDto>>("/api/v1/positions");
        var people = await owner.GetJsonAsync<List<PersonDto>>("/api/v1/people");
        var hours = await owner.GetJsonAsync<HoursDto>("/api/v1/business-hours");
        var invite = await owner.PostJsonAsync("/api/v1/invitations", new { email = Demo.NewEmail("invitee"), role = "Agent" });
        await invite.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var invitation = await invite.Content.ReadFromJsonAsync<CreatedInvitationDto>(Json);
        return new OrganisationA(owner,
            departments.First().Id,
            positions.First(p => p.Title == "Cajero").Id,
            people.Single(p => p.Email == Demo.Agent).Id,
            people.Single(p => p.Email == Demo.Owner).Id,
            invitation!.Invitation.Id,
            hours.Holidays.First().Id);
    }

    /// <summary>Everything A's owner can read through the API, as raw JSON, to prove nothing changed.</summary>
    private static async Task<string> SnapshotAsync(Browser owner)
    {
        var parts = new List<string>();
        foreach (var url in new[] { "/api/v1/organisation", "/api/v1/departments", "/api/v1/positions", "/api/v1/people", "/api/v1/invitations", "/api/v1/business-hours", "/api/v1/org-chart" })
        {
            var response = await owner.GetAsync(url);
            await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
            parts.Add(await response.Content.ReadAsStringAsync());
        }
        return string.Join("\n", parts);
    }

    private Task<Browser> SignUpOrganisationBAsync() =>
        app.SignUpAsync($"Otra Empresa {Guid.NewGuid():N}"[..24], Demo.NewEmail("owner-b"), displayName: "Bea Bravo");

    [Fact]
    public async Task An_owner_of_another_organisation_gets_404_from_the_api_for_every_id_of_the_demo_organisation()
    {
        var a = await DemoOrganisationAsync();
        var before = await SnapshotAsync(a.Owner);
        var b = await SignUpOrganisationBAsync();

        var attempts = new List<(string What, Func<Task<HttpResponseMessage>> Call)>
        {
            ("GET department", () => b.GetAsync($"/api/v1/departments/{a.Department}")),
            ("PUT department", () => b.PutJsonAsync($"/api/v1/departments/{a.Department}", new { name = "Hacked", version = 0 })),
            ("DELETE department", () => b.DeleteAsync($"/api/v1/departments/{a.Department}")),
            ("GET position", () => b.GetAsync($"/api/v1/positions/{a.Position}")),
            ("PUT position", () => b.PutJsonAsync($"/api/v1/positions/{a.Position}", new { title = "Hacked", version = 0 })),
            ("DELETE position", () => b.DeleteAsync($"/api/v1/positions/{a.Position}")),
            ("GET person", () => b.GetAsync($"/api/v1/people/{a.Member}")),
            ("PUT person", () => b.PutJsonAsync($"/api/v1/people/{a.Member}", new { role = "Admin", version = 0 })),
            ("DELETE person", () => b.DeleteAsync($"/api/v1/people/{a.Member}")),
            ("reset link", () => b.PostAsync($"/api/v1/people/{a.Member}/reset-link")),
            ("reset link for owner", () => b.PostAsync($"/api/v1/people/{a.OwnerMember}/reset-link")),
            ("transfer ownership", () => b.PostAsync($"/api/v1/people/{a.Member}/transfer-ownership")),
            ("DELETE invitation", () => b.DeleteAsync($"/api/v1/invitations/{a.Invitation}")),
            ("DELETE holiday", () => b.DeleteAsync($"/api/v1/holidays/{a.Holiday}")),
        };
        foreach (var (what, call) in attempts)
            await (await call()).ShouldBeProblemAsync(HttpStatusCode.NotFound, what);

        (await SnapshotAsync(a.Owner)).ShouldBe(before);
    }

    [Fact]
    public async Task An_owner_of_another_organisation_gets_404_from_the_pages_for_every_id_of_the_demo_organisation()
    {
        var a = await DemoOrganisationAsync();
        var before = await SnapshotAsync(a.Owner);
        var b = await SignUpOrganisationBAsync();

        (await b.GetPageAsync($"/positions/{a.Position}")).ShouldHaveStatus(HttpStatusCode.NotFound);
        (await b.GetPageAsync($"/people/{a.Member}")).ShouldHaveStatus(HttpStatusCode.NotFound);

        var posts = new List<(string Action, IEnumerable<KeyValuePair<string, string>> Fields)>
        {
            ($"/departments?handler=Rename&id={a.Department}", Form(("newName", "Hacked"), ("version", "0"))),
            ($"/departments?handler=Delete&id={a.Department}", Form()),
            ($"/positions/{a.Position}", Form(("Input.Title", "Hacked"), ("Input.Version", "0"))),
            ($"/positions?handler=Delete&deleteId={a.Position}", Form()),
            ($"/people/{a.Member}", Form(("Input.Role", "Admin"), ("Input.Version", "0"))),
            ($"/people/{a.Member}?handler=Remove", Form()),
            ($"/people/{a.Member}?handler=ResetLink", Form()),
            ($"/people/{a.Member}?handler=Transfer", Form()),
            ($"/people?handler=Revoke&id={a.Invitation}", Form()),
            ($"/settings/hours?handler=RemoveHoliday&id={a.Holiday}", Form()),
        };
        foreach (var (action, fields) in posts)
        {
            var page = await b.SubmitAsync("/people", fields, action);
            page.ShouldHaveStatus(HttpStatusCode.NotFound, action);
            page.Text.ShouldNotContain("Hacked");
        }

        (await SnapshotAsync(a.Owner)).ShouldBe(before);
    }

    [Fact]
    public async Task Lists_and_pages_of_another_organisation_never_show_the_demo_organisations_names()
    {
        await DemoOrganisationAsync();
        var b = await SignUpOrganisationBAsync();
        var demoNames = Demo.DepartmentNames.Concat(Demo.PositionTitles).Concat(Demo.PeopleNames)
            .Append(Demo.OrganisationName).Append("suarez.example").Append("Navidad").ToList();

        foreach (var url in new[] { "/api/v1/departments", "/api/v1/positions", "/api/v1/people", "/api/v1/org-chart", "/api/v1/invitations", "/api/v1/business-hours", "/api/v1/organisation", "/api/v1/me" })
        {
            var response = await b.GetAsync(url);
            await response.ShouldHaveStatusAsync(HttpStatusCode.OK, url);
            var json = await response.Content.ReadAsStringAsync();
            foreach (var name in demoNames) json.ShouldNotContain(name, Case.Insensitive, $"{url} leaks “{name}”");
        }
        foreach (var url in new[] { "/", "/people", "/org-chart", "/departments", "/positions", "/settings", "/settings/hours" })
        {
            var page = await b.GetPageAsync(url);
            page.ShouldHaveStatus(HttpStatusCode.OK, url);
            foreach (var name in demoNames) page.Html.ShouldNotContain(name, Case.Insensitive, $"{url} leaks “{name}”");
        }

        // B sees exactly its own owner, nobody else.
        var people = await b.GetJsonAsync<List<PersonDto>>("/api/v1/people");
        people.Select(p => p.DisplayName).ShouldBe(["Bea Bravo"]);
    }

    [Fact]
    public async Task Linking_to_another_organisations_department_or_position_is_a_validation_error_not_a_link()
    {
        var a = await DemoOrganisationAsync();
        var b = await SignUpOrganisationBAsync();
        var me = await b.GetJsonAsync<MeDto>("/api/v1/me");

        await (await b.PostJsonAsync("/api/v1/positions", new { title = "Linked", departmentId = a.Department }))
            .ShouldBeValidationProblemAsync("departmentId");
        await (await b.PostJsonAsync("/api/v1/positions", new { title = "Linked", reportsToId = a.Position }))
            .ShouldBeValidationProblemAsync("reportsToId");
        await (await b.PostJsonAsync("/api/v1/invitations", new { email = Demo.NewEmail(), role = "Agent", departmentId = a.Department, positionId = a.Position }))
            .ShouldBeValidationProblemAsync("departmentId", "positionId");
        await (await b.PutJsonAsync($"/api/v1/people/{me.MemberId}", new { role = "Owner", departmentId = a.Department, positionId = a.Position, version = 0 }))
            .ShouldBeValidationProblemAsync("departmentId", "positionId");

        var page = await b.SubmitAsync("/positions", Form(("Input.Title", "Linked"), ("Input.DepartmentId", a.Department.ToString()),
            ("Input.ReportsToId", a.Position.ToString()), ("Input.Version", "0")));
        page.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
        page.FieldError("Input.DepartmentId").ShouldBe(Text.En("Field.UnknownDepartment"));
        page.FieldError("Input.ReportsToId").ShouldBe(Text.En("Field.UnknownPosition"));

        (await b.GetJsonAsync<List<PositionDto>>("/api/v1/positions")).ShouldBeEmpty();
        (await b.GetJsonAsync<List<InvitationDto>>("/api/v1/invitations")).ShouldBeEmpty();
        var owner = (await b.GetJsonAsync<List<PersonDto>>("/api/v1/people")).Single();
        owner.DepartmentId.ShouldBeNull();
        owner.PositionId.ShouldBeNull();
    }
}

public sealed class TenantIsolationOnSqlite(SqliteApp app) : TenantIsolationTests(app), IClassFixture<SqliteApp>;

public sealed class TenantIsolationOnPostgres(PostgresApp app) : TenantIsolationTests(app), IClassFixture<PostgresApp>;
