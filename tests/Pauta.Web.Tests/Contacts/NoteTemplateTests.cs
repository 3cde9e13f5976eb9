using System.Net;
using System.Net.Http.Json;
using Pauta.Web.Features.Organisation;
using Pauta.Web.Tests.Infrastructure;
using static Pauta.Web.Tests.Infrastructure.Browser;

namespace Pauta.Web.Tests.Contacts;

public sealed record NoteTemplateDto(List<string> Fields, bool IsDefault, int Version);

/// <summary>
/// The organisation's standard note template: admins change the fields in the settings page or the API, within the
/// rules, and can go back to the default, which follows the organisation's language; nobody else may change it.
/// </summary>
public abstract class NoteTemplateTests(PautaApp app)
{
    private static readonly string[] SpanishDefault = ["Motivo del contacto", "Necesidades identificadas", "Solución acordada", "Seguimiento"];

    [Fact]
    public async Task An_admin_changes_the_fields_in_settings_and_resets_them_to_the_default()
    {
        var admin = await app.SignInAsync(Demo.Admin);
        var settings = await admin.GetPageAsync("/settings");
        settings.ShouldHaveStatus(HttpStatusCode.OK);
        var form = settings.FormFields("#note-template-form");
        form.Single(f => f.Key == "Fields").Value.Split('\n').Select(l => l.Trim()).ShouldBe(SpanishDefault);

        var saved = await admin.PostFormAsync("/settings?handler=NoteTemplate",
            With(form, "Fields", "  Motivo\r\n\r\nProducto afectado \r\nSolución\n"));
        saved.ShouldRedirectTo("/settings");
        var template = await admin.GetJsonAsync<NoteTemplateDto>("/api/v1/organisation/note-template");
        template.Fields.ShouldBe(["Motivo", "Producto afectado", "Solución"], "trimmed, blank lines ignored, in order");
        template.IsDefault.ShouldBeFalse();
        (await app.AsAsync<OrganisationService, IReadOnlyList<string>>(Demo.Agent, s => s.NoteFieldsAsync(CancellationToken.None)))
            .ShouldBe(["Motivo", "Producto afectado", "Solución"], "what the contact page gets");

        var reset = (await admin.GetPageAsync("/settings")).FormFields("#note-template-reset");
        (await admin.PostFormAsync("/settings?handler=ResetNoteTemplate", reset)).ShouldRedirectTo("/settings");
        template = await admin.GetJsonAsync<NoteTemplateDto>("/api/v1/organisation/note-template");
        template.Fields.ShouldBe(SpanishDefault);
        template.IsDefault.ShouldBeTrue();
    }

    [Fact]
    public async Task Invalid_templates_are_refused_with_the_reason_and_nothing_changes()
    {
        var admin = await app.SignInAsync(Demo.Owner);
        var before = await admin.GetJsonAsync<NoteTemplateDto>("/api/v1/organisation/note-template");

        async Task RefusedAsync(object fields, string because)
        {
            var current = await admin.GetJsonAsync<NoteTemplateDto>("/api/v1/organisation/note-template");
            var problem = await (await admin.PutJsonAsync("/api/v1/organisation/note-template", new { fields, version = current.Version }))
                .ShouldBeValidationProblemAsync("fields");
            problem.Errors!["fields"].ShouldNotBeEmpty(because);
        }

        await RefusedAsync(Array.Empty<string>(), "at least one field");
        await RefusedAsync(new[] { " ", "" }, "blank names are no fields");
        await RefusedAsync(Enumerable.Range(1, 13).Select(i => $"Campo {i}").ToArray(), "at most 12");
        await RefusedAsync(new[] { "Motivo", new string('x', 81) }, "each at most 80 characters");
        await RefusedAsync(new[] { "Motivo", "Solución", "motivo " }, "no duplicates, whatever the case");
        await RefusedAsync(new[] { "Motivo\u0007" }, "no control characters");
        (await admin.GetJsonAsync<NoteTemplateDto>("/api/v1/organisation/note-template")).Fields.ShouldBe(before.Fields);

        // 12 fields of 80 characters is the most, and allowed.
        var most = Enumerable.Range(10, 12).Select(i => $"{i}" + new string('c', 78)).ToArray();
        var current = await admin.GetJsonAsync<NoteTemplateDto>("/api/v1/organisation/note-template");
        var put = await admin.PutJsonAsync("/api/v1/organisation/note-template", new { fields = most, version = current.Version });
        await put.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await put.Content.ReadFromJsonAsync<NoteTemplateDto>(Json))!.Fields.ShouldBe(most);

        // A stale version is a conflict; DELETE resets.
        await (await admin.PutJsonAsync("/api/v1/organisation/note-template", new { fields = new[] { "Otro" }, version = current.Version }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);
        var latest = await admin.GetJsonAsync<NoteTemplateDto>("/api/v1/organisation/note-template");
        await (await admin.DeleteAsync($"/api/v1/organisation/note-template?version={latest.Version}")).ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await admin.GetJsonAsync<NoteTemplateDto>("/api/v1/organisation/note-template")).IsDefault.ShouldBeTrue();

        // The page shows the problem beside the textarea and keeps what was typed.
        var form = (await admin.GetPageAsync("/settings")).FormFields("#note-template-form");
        var page = await admin.PostFormAsync("/settings?handler=NoteTemplate", With(form, "Fields", "Uno\nDos\nuno"));
        page.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
        page.FieldError("Fields").ShouldContain("uno");
        page.FormFields("#note-template-form").Single(f => f.Key == "Fields").Value.ShouldContain("Dos");
    }

    [Fact]
    public async Task Only_those_who_manage_the_organisation_may_change_it_but_everyone_reads_it()
    {
        foreach (var email in new[] { Demo.Manager, Demo.Supervisor, Demo.Agent })
        {
            var person = await app.SignInAsync(email);
            var template = await person.GetJsonAsync<NoteTemplateDto>("/api/v1/organisation/note-template");
            await (await person.PutJsonAsync("/api/v1/organisation/note-template", new { fields = new[] { "Hack" }, version = template.Version }))
                .ShouldBeProblemAsync(HttpStatusCode.Forbidden, email);
            await (await person.DeleteAsync($"/api/v1/organisation/note-template?version={template.Version}"))
                .ShouldBeProblemAsync(HttpStatusCode.Forbidden, email);
            (await person.GetAsync("/settings")).StatusCode.ShouldBe(HttpStatusCode.Forbidden, email);
        }
        (await (await app.SignInAsync(Demo.Agent)).GetJsonAsync<NoteTemplateDto>("/api/v1/organisation/note-template")).Fields.ShouldNotContain("Hack");
    }

    [Fact]
    public async Task The_default_follows_the_organisations_language()
    {
        var owner = await app.SignUpAsync($"English {Guid.NewGuid():N}", Demo.NewEmail("owner"), language: "en");
        (await owner.GetJsonAsync<NoteTemplateDto>("/api/v1/organisation/note-template")).Fields
            .ShouldBe(["Reason for contact", "Needs identified", "Agreed solution", "Follow-up"]);
    }
}

public sealed class NoteTemplateOnSqlite(SqliteApp app) : NoteTemplateTests(app), IClassFixture<SqliteApp>;

public sealed class NoteTemplateOnPostgres(PostgresApp app) : NoteTemplateTests(app), IClassFixture<PostgresApp>;
