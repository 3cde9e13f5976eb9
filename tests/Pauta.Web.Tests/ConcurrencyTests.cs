using System.Net;
using System.Net.Http.Json;
using Pauta.Core.Organisations;
using Pauta.Web.Tests.Infrastructure;
using static Pauta.Web.Tests.Infrastructure.Browser;

namespace Pauta.Web.Tests;

/// <summary>
/// Two people edit the same thing: the first save wins, the second gets 409 and is shown the
/// current version, from which saving again works. Nothing is silently overwritten.
/// </summary>
public abstract class ConcurrencyTests(PautaApp app)
{
    private static string Hidden(Page page, string name) =>
        page.Document.QuerySelector($"form.form input[name='{name}']")?.GetAttribute("value") ?? "";

    [Fact]
    public async Task A_stale_department_edit_through_the_api_gets_409_and_the_first_change_is_kept()
    {
        var owner = await app.SignInAsync(Demo.Owner);
        var created = await owner.PostJsonAsync("/api/v1/departments", new { name = "Logística" });
        await created.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var id = (await created.Content.ReadFromJsonAsync<DepartmentDto>(Json))!.Id;

        var first = await owner.GetJsonAsync<DepartmentDto>($"/api/v1/departments/{id}");
        var second = await owner.GetJsonAsync<DepartmentDto>($"/api/v1/departments/{id}");
        second.Version.ShouldBe(first.Version);

        var saved = await owner.PutJsonAsync($"/api/v1/departments/{id}", new { name = "Logística y envíos", first.Version });
        await saved.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await saved.Content.ReadFromJsonAsync<DepartmentDto>(Json))!.Version.ShouldBeGreaterThan(first.Version);

        var stale = await owner.PutJsonAsync($"/api/v1/departments/{id}", new { name = "Almacén", second.Version });
        var problem = await stale.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem.Title.ShouldBe(Text.Es("Error.Conflict"));

        (await owner.GetJsonAsync<DepartmentDto>($"/api/v1/departments/{id}")).Name.ShouldBe("Logística y envíos");
    }

    [Fact]
    public async Task A_stale_department_rename_on_the_page_gets_409_with_the_reason_and_the_first_change_is_kept()
    {
        var owner = await app.SignInAsync(Demo.Owner);
        var created = await owner.PostJsonAsync("/api/v1/departments", new { name = "Marketing" });
        var department = (await created.Content.ReadFromJsonAsync<DepartmentDto>(Json))!;
        var rename = $"/departments?handler=Rename&id={department.Id}";

        (await owner.SubmitAsync("/departments", Form(("newName", "Marketing digital"), ("version", department.Version.ToString())), rename))
            .ShouldRedirectTo("/departments");

        var stale = await owner.SubmitAsync("/departments", Form(("newName", "Publicidad"), ("version", department.Version.ToString())), rename);
        stale.ShouldHaveStatus(HttpStatusCode.Conflict);
        stale.SummaryErrors.ShouldContain(Text.Es("Error.Conflict"));
        (await owner.GetJsonAsync<DepartmentDto>($"/api/v1/departments/{department.Id}")).Name.ShouldBe("Marketing digital");

        // The page shows the current name and version, so renaming again from it works.
        var row = stale.Document.QuerySelector($"#rename-{department.Id}")!;
        row.GetAttribute("value").ShouldBe("Marketing digital");
        var version = row.ParentElement!.QuerySelector("input[name='version']")!.GetAttribute("value")!;
        (await owner.SubmitAsync("/departments", Form(("newName", "Publicidad"), ("version", version)), rename)).ShouldRedirectTo("/departments");
        (await owner.GetJsonAsync<DepartmentDto>($"/api/v1/departments/{department.Id}")).Name.ShouldBe("Publicidad");
    }

    [Fact]
    public async Task A_stale_settings_form_gets_409_shows_the_current_settings_and_saving_again_from_it_works()
    {
        var owner = await app.SignInAsync(Demo.Owner);
        var open = await owner.GetPageAsync("/settings");
        var staleFields = open.FormFields();

        var admin = await app.SignInAsync(Demo.Admin);
        var current = await admin.GetJsonAsync<OrganisationDto>("/api/v1/organisation");
        await (await admin.PutJsonAsync("/api/v1/organisation", current with { BrandName = "Suárez Tiendas" })).ShouldHaveStatusAsync(HttpStatusCode.OK);

        var stale = await owner.PostFormAsync("/settings", With(staleFields, "Input.BrandName", "Suárez & Co"));
        stale.ShouldHaveStatus(HttpStatusCode.Conflict);
        stale.SummaryErrors.ShouldContain(Text.Es("Error.Conflict"));
        (await owner.GetJsonAsync<OrganisationDto>("/api/v1/organisation")).BrandName.ShouldBe("Suárez Tiendas");

        // "Review the current version below and try again": the form holds the current values and version.
        stale.Document.QuerySelector("input[name='Input.BrandName']")!.GetAttribute("value").ShouldBe("Suárez Tiendas");
        Hidden(stale, "Input.Version").ShouldBe((current.Version + 1).ToString());
        var again = await owner.PostFormAsync("/settings", With(stale.FormFields(), "Input.BrandName", "Suárez & Co"));
        again.ShouldRedirectTo("/settings");
        (await owner.GetJsonAsync<OrganisationDto>("/api/v1/organisation")).BrandName.ShouldBe("Suárez & Co");
    }

    [Fact]
    public async Task A_stale_position_form_gets_409_shows_the_current_position_and_saving_again_from_it_works()
    {
        var owner = await app.SignInAsync(Demo.Owner);
        var position = (await owner.GetJsonAsync<List<PositionDto>>("/api/v1/positions")).Single(p => p.Title == "Cajero");
        var url = $"/positions/{position.Id}";
        var staleFields = (await owner.GetPageAsync(url)).FormFields();

        var admin = await app.SignInAsync(Demo.Admin);
        await (await admin.PutJsonAsync($"/api/v1/positions/{position.Id}", position with { Title = "Cajero principal" }))
            .ShouldHaveStatusAsync(HttpStatusCode.OK);

        var stale = await owner.PostFormAsync(url, With(staleFields, "Input.Title", "Cajera"));
        stale.ShouldHaveStatus(HttpStatusCode.Conflict);
        stale.SummaryErrors.ShouldContain(Text.Es("Error.Conflict"));
        (await owner.GetJsonAsync<PositionDto>($"/api/v1/positions/{position.Id}")).Title.ShouldBe("Cajero principal");

        stale.Document.QuerySelector("input[name='Input.Title']")!.GetAttribute("value").ShouldBe("Cajero principal");
        Hidden(stale, "Input.Version").ShouldBe((position.Version + 1).ToString());
        (await owner.PostFormAsync(url, With(stale.FormFields(), "Input.Title", "Cajera"))).ShouldRedirectTo("/positions");
        (await owner.GetJsonAsync<PositionDto>($"/api/v1/positions/{position.Id}")).Title.ShouldBe("Cajera");
    }

    [Fact]
    public async Task A_stale_person_form_gets_409_shows_the_current_person_and_saving_again_from_it_works()
    {
        var owner = await app.SignInAsync(Demo.Owner);
        var people = await owner.GetJsonAsync<List<PersonDto>>("/api/v1/people");
        var tomas = people.Single(p => p.Email == "tomas@suarez.example");
        var salon = (await owner.GetJsonAsync<List<DepartmentDto>>("/api/v1/departments")).Single(d => d.Name == "Salón de belleza");
        var url = $"/people/{tomas.Id}";
        var staleFields = (await owner.GetPageAsync(url)).FormFields();

        var admin = await app.SignInAsync(Demo.Admin);
        await (await admin.PutJsonAsync($"/api/v1/people/{tomas.Id}", new { tomas.Role, departmentId = salon.Id, tomas.PositionId, tomas.Version }))
            .ShouldHaveStatusAsync(HttpStatusCode.OK);

        var stale = await owner.PostFormAsync(url, With(staleFields, "Input.Role", "Supervisor"));
        stale.ShouldHaveStatus(HttpStatusCode.Conflict);
        stale.SummaryErrors.ShouldContain(Text.Es("Error.Conflict"));
        (await owner.GetJsonAsync<PersonDto>($"/api/v1/people/{tomas.Id}")).Role.ShouldBe(Role.Agent);

        stale.Document.QuerySelector("select[name='Input.DepartmentId'] option[selected]")!.GetAttribute("value").ShouldBe(salon.Id.ToString());
        Hidden(stale, "Input.Version").ShouldBe((tomas.Version + 1).ToString());
        (await owner.PostFormAsync(url, With(stale.FormFields(), "Input.Role", "Supervisor"))).ShouldRedirectTo("/people");
        var after = await owner.GetJsonAsync<PersonDto>($"/api/v1/people/{tomas.Id}");
        after.Role.ShouldBe(Role.Supervisor);
        after.DepartmentId.ShouldBe(salon.Id);
    }
}

public sealed class ConcurrencyOnSqlite(SqliteApp app) : ConcurrencyTests(app), IClassFixture<SqliteApp>;

public sealed class ConcurrencyOnPostgres(PostgresApp app) : ConcurrencyTests(app), IClassFixture<PostgresApp>;
