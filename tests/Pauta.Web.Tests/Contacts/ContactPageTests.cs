using System.Net;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Pauta.Web.Tests.Infrastructure;
using Pauta.Web.Tests.Protocols;

namespace Pauta.Web.Tests.Contacts;

/// <summary>
/// The contact pages as a person uses them without JavaScript: plain forms, each carrying its action id and the
/// version it was rendered at, so a double submit records once and a form from an old tab is refused with a message.
/// </summary>
public abstract class ContactPageTests(PautaApp app)
{
    /// <summary>What the browser would send for <paramref name="form"/>, with some fields replaced.</summary>
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

    private async Task<(Browser Agent, string Url)> StartAsync()
    {
        var agent = await app.SignInAsync(Demo.Agent);
        var reason = Uri.EscapeDataString("quiero devolver unos zapatos que me quedaron chicos");
        var page = await agent.GetPageAsync($"/contacts/new?Input.Channel=Phone&Input.Reason={reason}");
        page.Status.ShouldBe(HttpStatusCode.OK);
        var first = page.Document.QuerySelector("#suggestion-0")!;
        first.TextContent.ShouldContain(ProtocolScenarios.DemoReturns);
        first.QuerySelectorAll("mark").Select(m => m.TextContent).ShouldContain("devolver");
        first.QuerySelector("input")!.HasAttribute("checked").ShouldBeTrue("the best suggestion is chosen unless the agent picks another");

        var form = page.Document.QuerySelector("#start-contact")!;
        // Every test starts with a new customer of the same name: the agent says each is another Marta Gómez.
        var fields = FieldsOf(form, ("Input.CustomerName", "Marta Gómez"), ("Input.SameNameIsAnother", "true"));
        var started = await agent.PostFormAsync("/contacts/new", fields);
        started.Status.ShouldBe(HttpStatusCode.Redirect);
        // Submitting the same form twice starts one contact.
        var again = await agent.PostFormAsync("/contacts/new", fields);
        again.Location.ShouldBe(started.Location);
        return (agent, started.Location!);
    }

    [Fact]
    public async Task The_agent_starts_from_a_suggestion_and_follows_the_steps_with_plain_forms()
    {
        var (agent, url) = await StartAsync();
        var run = await agent.GetPageAsync(url);
        run.Status.ShouldBe(HttpStatusCode.OK);
        run.Document.QuerySelector("#step-title")!.TextContent.ShouldBe("Saludar");
        var greeting = run.Document.QuerySelector("blockquote.greeting")!.TextContent;
        greeting.ShouldContain("Sofía Díaz");
        greeting.ShouldContain("Marta Gómez");
        run.Document.QuerySelector(".stages li.current")!.TextContent.ShouldBe("Apertura");
        run.Document.QuerySelector("#clock-FirstResponse").ShouldNotBeNull();

        var complete = FieldsOf(FormWith(run, "Complete"));
        (await agent.PostFormAsync(url, complete)).Status.ShouldBe(HttpStatusCode.Redirect);
        // The same form again (a double click, a retry): answered as done, nothing recorded twice.
        (await agent.PostFormAsync(url, complete)).Status.ShouldBe(HttpStatusCode.Redirect);
        var id = Guid.Parse(url.Split('/').Last());
        (await app.WithDbAsync(db => db.ContactEvents.IgnoreQueryFilters().CountAsync(e => e.ContactId == id))).ShouldBe(2);

        var next = await agent.GetPageAsync(url);
        next.Document.QuerySelector("#step-title")!.TextContent.ShouldBe("Comprobar el ticket y la fecha");
        next.Document.QuerySelector(".stages li.current")!.TextContent.ShouldBe("Análisis y comprensión");
        next.Document.QuerySelectorAll("#checklist button").Length.ShouldBe(4);
        next.Document.QuerySelectorAll("#timeline li").Select(li => li.TextContent).ShouldContain(t => t.Contains("Completó") && t.Contains("Saludar"));

        // A form from the old tab (rendered before the step was completed) is refused, and the page says why.
        var old = FieldsOf(FormWith(run, "Wait"));
        var refused = await agent.PostFormAsync(url, old);
        refused.Status.ShouldBe(HttpStatusCode.Conflict);
        refused.Text.ShouldContain("Otra persona acaba de actuar en este contacto");
        refused.Document.QuerySelector("#step-title")!.TextContent.ShouldBe("Comprobar el ticket y la fecha");
    }

    [Fact]
    public async Task A_step_done_through_htmx_answers_the_run_alone_without_the_layout_around_it()
    {
        var (agent, url) = await StartAsync();
        var run = await agent.GetPageAsync(url);
        run.Document.QuerySelector("nav.mainnav").ShouldNotBeNull("a plain request gets the whole page");

        // The boosted form posts with HX-Request; the browser follows the redirect with the same header.
        var post = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(FieldsOf(FormWith(run, "Complete"))) };
        post.Headers.Add("HX-Request", "true");
        (await agent.Client.SendAsync(post)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var get = new HttpRequestMessage(HttpMethod.Get, url);
        get.Headers.Add("HX-Request", "true");
        var fragment = await Page.ReadAsync(await agent.Client.SendAsync(get));
        fragment.ShouldHaveStatus(HttpStatusCode.OK);
        fragment.Html.ShouldNotContain("<html");
        fragment.Html.ShouldNotContain("</head>");
        fragment.Document.QuerySelector("nav.mainnav").ShouldBeNull("the layout's navigation is not sent again");
        fragment.Document.QuerySelector("#run #step-title")!.TextContent.ShouldBe("Comprobar el ticket y la fecha");

        // Back after htmx's history cache missed: the whole page again.
        var restore = new HttpRequestMessage(HttpMethod.Get, url);
        restore.Headers.Add("HX-Request", "true");
        restore.Headers.Add("HX-History-Restore-Request", "true");
        var whole = await Page.ReadAsync(await agent.Client.SendAsync(restore));
        whole.Document.QuerySelector("nav.mainnav").ShouldNotBeNull();
    }

    [Fact]
    public async Task Closing_with_required_steps_open_asks_for_a_reason_and_keeps_the_page()
    {
        var (agent, url) = await StartAsync();
        var run = await agent.GetPageAsync(url);
        run.Document.QuerySelector("#open-required")!.TextContent.ShouldContain("Saludar");

        var refused = await agent.PostFormAsync(url, FieldsOf(FormWith(run, "Close"), ("Input.Outcome", "Resolved")));
        refused.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        refused.Text.ShouldContain("Quedan pasos obligatorios");

        var closed = await agent.PostFormAsync(url, FieldsOf(FormWith(refused, "Close"),
            ("Input.Outcome", "NotResolved"), ("Input.OverrideReason", "Se cortó la llamada")));
        closed.Status.ShouldBe(HttpStatusCode.Redirect);
        var page = await agent.GetPageAsync(url);
        page.Document.QuerySelector("#step-title")!.TextContent.ShouldContain("No resuelto");
        page.Document.QuerySelector("#override")!.TextContent.ShouldContain("Se cortó la llamada");

        // The survey link is made on request and shown once.
        var survey = await agent.PostFormAsync($"{url}?handler=Survey", FieldsOf(page.Document.QuerySelector("#survey form")!));
        survey.Status.ShouldBe(HttpStatusCode.Redirect);
        var shown = await agent.GetPageAsync(url);
        var link = shown.Document.QuerySelector("#survey-link")!.GetAttribute("value")!;
        link.ShouldContain("/survey/");
        var anonymous = app.NewBrowser();
        (await anonymous.GetPageAsync(new Uri(link).PathAndQuery)).Status.ShouldBe(HttpStatusCode.OK);
        (await agent.GetPageAsync(url)).Document.QuerySelector("#survey-link").ShouldBeNull();
    }

    [Fact]
    public async Task A_contact_started_from_a_customers_page_is_theirs_and_shows_in_their_history()
    {
        var (agent, url) = await StartAsync();
        var id = Guid.Parse(url.Split('/').Last());
        var customerId = await app.WithDbAsync(db => db.Contacts.IgnoreQueryFilters().Where(c => c.Id == id).Select(c => c.CustomerId).SingleAsync());
        customerId.ShouldNotBeNull("the name typed on the start form recorded a customer");

        var customerPage = await agent.GetPageAsync($"/customers/{customerId}");
        customerPage.Document.QuerySelector("#customer-contacts")!.InnerHtml.ShouldContain(url);
        var link = customerPage.Document.QuerySelector("#new-contact-for-customer")!.GetAttribute("href")!;
        var start = await agent.GetPageAsync(link + "&Input.Channel=InPerson&Input.Reason=" + Uri.EscapeDataString("cambiar una talla de camisa"));
        start.Document.QuerySelector("#customer-chosen")!.TextContent.ShouldContain("Marta Gómez");
        var second = await agent.PostFormAsync("/contacts/new", FieldsOf(start.Document.QuerySelector("#start-contact")!));
        second.Status.ShouldBe(HttpStatusCode.Redirect);
        var secondId = Guid.Parse(second.Location!.Split('/').Last());
        (await app.WithDbAsync(db => db.Contacts.IgnoreQueryFilters().Where(c => c.Id == secondId).Select(c => c.CustomerId).SingleAsync()))
            .ShouldBe(customerId);
        (await app.WithDbAsync(db => db.Customers.IgnoreQueryFilters().CountAsync(c => c.Name == "Marta Gómez" && c.Id == customerId))).ShouldBe(1);
    }

    [Fact]
    public async Task The_note_follows_the_organisations_template_and_is_kept_field_by_field()
    {
        var admin = await app.SignInAsync(Demo.Admin);
        var template = await admin.GetJsonAsync<NoteTemplateDto>("/api/v1/organisation/note-template");
        (await admin.PutJsonAsync("/api/v1/organisation/note-template",
            new { fields = new[] { "Qué pidió", "Qué se acordó" }, version = template.Version })).StatusCode.ShouldBe(HttpStatusCode.OK);
        try
        {
            var (agent, url) = await StartAsync();
            var run = await agent.GetPageAsync(url);
            run.Document.QuerySelectorAll("#note label").Select(l => l.TextContent).ShouldBe(["Qué pidió", "Qué se acordó"]);
            var saved = await agent.PostFormAsync(url, FieldsOf(FormWith(run, "Note"),
                ("Input.NoteValues[0]", "Cambiar zapatos por una talla más"), ("Input.NoteValues[1]", "Cambio en tienda mañana")));
            saved.Status.ShouldBe(HttpStatusCode.Redirect);
            var contact = await agent.GetJsonAsync<ContactDto>($"/api/v1/contacts/{url.Split('/').Last()}");
            contact.Note.ShouldBe(new Dictionary<string, string> { ["Qué pidió"] = "Cambiar zapatos por una talla más", ["Qué se acordó"] = "Cambio en tienda mañana" });
            (await agent.GetPageAsync(url)).Document.QuerySelector("#note textarea")!.TextContent.ShouldBe("Cambiar zapatos por una talla más");
        }
        finally
        {
            var now = await admin.GetJsonAsync<NoteTemplateDto>("/api/v1/organisation/note-template");
            (await admin.DeleteAsync($"/api/v1/organisation/note-template?version={now.Version}")).IsSuccessStatusCode.ShouldBeTrue();
        }
    }

    [Fact]
    public async Task The_run_page_speaks_english_too_and_another_agent_cannot_open_it()
    {
        var (_, url) = await StartAsync();
        var english = await app.SignInAsync(Demo.Supervisor, acceptLanguage: "en");
        await english.PostFormAsync("/account/language", [new("language", "en"), new("returnUrl", "/"),
            new(Browser.AntiforgeryField, await english.GetAntiforgeryTokenAsync("/"))]);
        var page = await english.GetPageAsync(url);
        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Document.QuerySelector(".stages li.current")!.TextContent.ShouldBe("Opening");
        page.Document.QuerySelector("#take-over").ShouldNotBeNull("a supervisor may take the contact over");
        page.Document.QuerySelector("#not-handler")!.TextContent.ShouldContain("Sofía Díaz");

        var otherAgent = await app.SignInAsync("diego@suarez.example");
        (await otherAgent.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}

public sealed class ContactPagesOnSqlite(SqliteApp app) : ContactPageTests(app), IClassFixture<SqliteApp>;

public sealed class ContactPagesOnPostgres(PostgresApp app) : ContactPageTests(app), IClassFixture<PostgresApp>;
