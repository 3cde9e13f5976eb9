using System.Net;
using System.Net.Http.Json;
using AngleSharp.Dom;
using Pauta.Core.Organisations;
using Pauta.Web.Tests.Infrastructure;
using Pauta.Web.Tests.Protocols;

namespace Pauta.Web.Tests.Contacts;

/// <summary>
/// Contact fields on both databases: the salon booking's appointment is filled on the run page (plain form, as htmx
/// posts it) and through the API, a bad value is refused beside its field, and the step's script says the appointment
/// in words instead of today's date. The reading page shows the field as a labelled slot, never a made-up date.
/// </summary>
public abstract class ContactFieldsWebTests(PautaApp app)
{
    private const string Salon = "Reserva de citas en el salón de belleza";
    private const string Appointment = "martes, 8 de diciembre de 2026, 10:30";

    public sealed record FieldsContactDto(Guid Id, int Version, ContactStepDto? Current, Dictionary<string, string> Fields,
        List<ContactTimelineDto> Timeline);

    private static object Act(FieldsContactDto c, string kind, object? extra = null)
    {
        var body = new Dictionary<string, object?> { ["actionId"] = Guid.NewGuid(), ["version"] = c.Version, ["kind"] = kind };
        if (extra is not null)
            foreach (var p in extra.GetType().GetProperties()) body[p.Name] = p.GetValue(extra);
        return body;
    }

    private static async Task<FieldsContactDto> OkAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        response.StatusCode.ShouldBe(status, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<FieldsContactDto>(Browser.Json))!;
    }

    private async Task<(Browser Agent, FieldsContactDto Contact)> StartAsync()
    {
        var agent = await app.SignInAsync(Demo.Agent);
        var protocolId = await app.ProtocolIdAsync(Salon);
        var c = await OkAsync(await agent.PostJsonAsync("/api/v1/contacts",
            new { id = Guid.NewGuid(), channel = Channels.Phone, reason = "Quiero pedir cita para un corte", protocolId }), HttpStatusCode.Created);
        return (agent, c);
    }

    private static Task<FieldsContactDto> DoAsync(Browser who, FieldsContactDto c, string kind, object? extra = null) =>
        who.PostJsonAsync($"/api/v1/contacts/{c.Id}/actions", Act(c, kind, extra)).ContinueWith(t => OkAsync(t.Result)).Unwrap();

    /// <summary>Greeting, service, "no dye": the run reaches the step that offers the appointment.</summary>
    private static async Task<FieldsContactDto> ToProposeAsync(Browser agent, FieldsContactDto c)
    {
        c = await DoAsync(agent, c, "Complete", new { stepKey = "saludo" });
        c = await DoAsync(agent, c, "Complete", new { stepKey = "servicio" });
        c = await DoAsync(agent, c, "Answer", new { stepKey = "quimico", answerIndex = 0 });
        c.Current!.Key.ShouldBe("proponer-hora");
        return c;
    }

    [Fact]
    public async Task Fields_saved_through_the_api_fill_the_script_and_a_bad_value_is_refused_on_its_field()
    {
        var (agent, c) = await StartAsync();
        c = await ToProposeAsync(agent, c);
        c.Current!.Scripts.ShouldHaveSingleItem().Text
            .ShouldBe("Le puedo dar cita el día y hora que le indico con una de nuestras estilistas. ¿Le viene bien?");

        var refused = await agent.PostJsonAsync($"/api/v1/contacts/{c.Id}/actions",
            Act(c, "Fields", new { fields = new Dictionary<string, string> { ["cita"] = "el martes a las diez", ["estilista"] = "Valentina" } }));
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = (await refused.Content.ReadFromJsonAsync<ProblemDto>())!;
        problem.Errors!.Keys.ShouldBe(["fields[cita]"]);
        problem.Errors["fields[cita]"].ShouldHaveSingleItem().ShouldContain("aaaa-mm-ddThh:mm");
        (await agent.GetJsonAsync<FieldsContactDto>($"/api/v1/contacts/{c.Id}")).Fields.ShouldBeEmpty();

        c = await DoAsync(agent, c, "Fields", new { fields = new Dictionary<string, string> { ["cita"] = "2026-12-08T10:30", ["estilista"] = " Valentina " } });

        c.Fields.ShouldBe(new Dictionary<string, string> { ["cita"] = "2026-12-08T10:30", ["estilista"] = "Valentina" });
        c.Current!.Scripts.ShouldHaveSingleItem().Text.ShouldBe($"Le puedo dar cita el {Appointment} con Valentina. ¿Le viene bien?");
        c.Timeline[^1].Kind.ShouldBe("FieldsSaved");
    }

    [Fact]
    public async Task The_run_page_saves_the_fields_shows_a_refusal_beside_the_field_and_says_the_appointment()
    {
        var (agent, c) = await StartAsync();
        await ToProposeAsync(agent, c);
        var url = $"/contacts/{c.Id}";
        var run = await agent.GetPageAsync(url);
        run.Document.QuerySelectorAll("#fields label").Select(l => l.TextContent.Trim()).ShouldBe(["Servicio", "Estilista", "Fecha y hora de la cita"]);
        run.Document.QuerySelector("#field-cita")!.GetAttribute("type").ShouldBe("datetime-local");

        var refused = await agent.PostFormAsync(url, FieldsOf(FormWith(run, "Fields"), ("Input.Fields[cita]", "8/12/2026 10:30")));
        refused.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var input = refused.Document.QuerySelector("#field-cita")!;
        input.GetAttribute("value").ShouldBe("8/12/2026 10:30");
        input.GetAttribute("aria-invalid").ShouldBe("true");
        input.HasAttribute("autofocus").ShouldBeTrue("the field refused takes the focus");
        refused.Document.QuerySelector("#field-cita-error")!.TextContent.ShouldContain("Fecha y hora de la cita");

        var saved = await agent.PostFormAsync(url, FieldsOf(FormWith(refused, "Fields"),
            ("Input.Fields[cita]", "2026-12-08T10:30"), ("Input.Fields[estilista]", "Valentina")));
        saved.Status.ShouldBe(HttpStatusCode.Redirect);

        var after = await agent.GetPageAsync(url);
        after.Document.QuerySelector("#field-cita")!.GetAttribute("value").ShouldBe("2026-12-08T10:30");
        after.Document.QuerySelector("blockquote.script")!.TextContent.ShouldBe($"Le puedo dar cita el {Appointment} con Valentina. ¿Le viene bien?");
    }

    [Fact]
    public async Task The_reading_page_shows_the_appointment_as_a_labelled_slot_and_never_a_made_up_date()
    {
        var agent = await app.SignInAsync(Demo.Agent);
        var page = await agent.GetPageAsync($"/protocols/{await app.ProtocolIdAsync(Salon)}");

        page.Text.ShouldContain("Le puedo dar cita el [Fecha y hora de la cita] con [Estilista]. ¿Le viene bien?");
        page.Document.QuerySelectorAll("#step-proponer-hora .slot").Select(s => s.TextContent).ShouldBe(["[Fecha y hora de la cita]", "[Estilista]"]);
        page.Text.ShouldNotContain("14 de marzo");
    }

    private static List<KeyValuePair<string, string>> FieldsOf(IElement form, params (string Name, string Value)[] replace)
    {
        var fields = Page.FieldsOf(form);
        foreach (var (name, value) in replace)
        {
            fields.RemoveAll(f => f.Key == name);
            fields.Add(new(name, value));
        }
        return fields;
    }

    private static IElement FormWith(Page page, string kind) =>
        page.Document.QuerySelectorAll("form").FirstOrDefault(f => f.QuerySelector($"input[name='Input.Kind'][value='{kind}']") is not null)
        ?? throw new ShouldAssertException($"the page has no {kind} form");
}

public sealed class ContactFieldsOnSqlite(SqliteApp app) : ContactFieldsWebTests(app), IClassFixture<SqliteApp>;

public sealed class ContactFieldsOnPostgres(PostgresApp app) : ContactFieldsWebTests(app), IClassFixture<PostgresApp>;
