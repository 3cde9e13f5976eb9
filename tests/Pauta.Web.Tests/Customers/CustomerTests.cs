using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Pauta.Core.Organisations;
using Pauta.Data.Entities;
using Pauta.Web.Tests.Infrastructure;
using Pauta.Web.Tests.Protocols;
using static Pauta.Web.Tests.Infrastructure.Browser;

namespace Pauta.Web.Tests.Customers;

public sealed record CustomerDto(Guid Id, string Name, string? Email, string? Phone, string? Language, DateTime CreatedAt, int Version);

public sealed record CustomerContactDto(Guid Id, DateTime StartedAt, Channels Channel, Guid ProtocolId, string Protocol, int ProtocolVersion,
    ContactStatus Status, ContactOutcome? Outcome, string Reason);

/// <summary>
/// Customers: created, edited and found by every member who handles contacts, with the rules stated on the field that
/// breaks them, a stale edit refused, and never visible from another organisation.
/// </summary>
public abstract class CustomerTests(PautaApp app)
{
    private static string Unique(string name) => $"{name} {Guid.NewGuid().ToString("N")[..8]}";

    private static async Task<CustomerDto> CreateAsync(Browser who, string name, string? email = null, string? phone = null, string? language = null)
    {
        var response = await who.PostJsonAsync("/api/v1/customers", new { name, email, phone, language });
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        response.Headers.Location!.OriginalString.ShouldStartWith("/api/v1/customers/");
        return (await response.Content.ReadFromJsonAsync<CustomerDto>(Json))!;
    }

    [Fact]
    public async Task An_agent_creates_a_customer_on_the_page_and_finds_it_by_name_email_or_phone_in_any_case_and_accents()
    {
        var agent = await app.SignInAsync(Demo.Agent);
        var name = Unique("Ánxela Núñez");
        var email = $"anxela-{Guid.NewGuid():N}@example.com";
        var created = await agent.SubmitAsync("/customers/new", Form(
            ("Input.Name", "  " + name + "  "), ("Input.Email", email), ("Input.Phone", "+34 600 12 34 56"), ("Input.Language", "es")));
        created.ShouldHaveStatus(HttpStatusCode.Redirect);
        var id = Guid.Parse(Assertions.LocalPath(created.Location).Split('/').Last());

        var details = await agent.GetPageAsync($"/customers/{id}");
        details.ShouldHaveStatus(HttpStatusCode.OK);
        details.Title.ShouldBe(name);
        details.Document.QuerySelector("#customer-summary")!.TextContent.ShouldContain(email);

        foreach (var query in new[] { name.ToUpperInvariant(), name.Replace("Á", "A").Replace("ú", "u").ToLowerInvariant(), email.ToUpperInvariant(), "600123456", "600 12 34" })
        {
            var found = await agent.GetJsonAsync<List<CustomerDto>>($"/api/v1/customers?q={Uri.EscapeDataString(query)}");
            found.Select(c => c.Id).ShouldContain(id, $"searching for {query}");
        }
        (await agent.GetJsonAsync<List<CustomerDto>>($"/api/v1/customers?q={Uri.EscapeDataString(Unique("Nadie"))}")).ShouldBeEmpty();

        // The list page filters without JavaScript (a plain GET) and answers htmx with the rows alone.
        var page = await agent.GetPageAsync($"/customers?q={Uri.EscapeDataString(email)}");
        page.Document.QuerySelectorAll("#customer-rows tbody tr").Select(r => r.Id).ShouldBe([$"customer-{id}"]);
        page.Document.QuerySelector("h1").ShouldNotBeNull();
        var request = new HttpRequestMessage(HttpMethod.Get, $"/customers?q={Uri.EscapeDataString(email)}");
        request.Headers.Add("HX-Request", "true");
        var partial = await Page.ReadAsync(await agent.Client.SendAsync(request));
        partial.ShouldHaveStatus(HttpStatusCode.OK);
        partial.Html.ShouldNotContain("<html");
        partial.Document.QuerySelector($"#customer-{id}").ShouldNotBeNull();
    }

    [Fact]
    public async Task Each_broken_rule_is_reported_on_its_field_in_the_api_and_beside_the_input_on_the_page()
    {
        var agent = await app.SignInAsync(Demo.Agent);
        var problem = await (await agent.PostJsonAsync("/api/v1/customers",
                new { name = " ", email = "not-an-email", phone = "call me", language = "fr" }))
            .ShouldBeValidationProblemAsync("name", "email", "phone", "language");
        problem.Errors!["email"].Single().ShouldContain("not-an-email");

        await (await agent.PostJsonAsync("/api/v1/customers", new { name = new string('n', 201), phone = new string('6', 41) }))
            .ShouldBeValidationProblemAsync("name", "phone");
        await (await agent.PostJsonAsync("/api/v1/customers", new { name = "Ok", email = new string('e', 250) + "@example.com" }))
            .ShouldBeValidationProblemAsync("email");
        // Exactly at the limits is fine; e-mail, phone and language may all be left out.
        var longest = await CreateAsync(agent, new string('n', 200), phone: new string('6', 40));
        longest.Email.ShouldBeNull();
        longest.Language.ShouldBeNull();

        var page = await agent.SubmitAsync("/customers/new", Form(("Input.Name", ""), ("Input.Email", "x@"), ("Input.Phone", ""), ("Input.Language", "")));
        page.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
        page.FieldError("Input.Name").ShouldNotBeEmpty();
        page.FieldError("Input.Email").ShouldContain("x@");
        page.FieldError("Input.Phone").ShouldBeEmpty();
    }

    [Fact]
    public async Task Editing_saves_the_new_values_and_a_stale_version_is_a_conflict_in_the_api_and_on_the_page()
    {
        var supervisor = await app.SignInAsync(Demo.Supervisor);
        var customer = await CreateAsync(supervisor, Unique("Luis Pardo"), "luis@example.com", language: "en");

        var put = await supervisor.PutJsonAsync($"/api/v1/customers/{customer.Id}",
            new { name = "Luis Pardo Gil", email = "", phone = "911 22 33 44", language = "", version = customer.Version });
        await put.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var saved = (await put.Content.ReadFromJsonAsync<CustomerDto>(Json))!;
        saved.ShouldBe(customer with { Name = "Luis Pardo Gil", Email = null, Phone = "911 22 33 44", Language = null, Version = customer.Version + 1 },
            "blank e-mail and language are cleared");
        (await supervisor.GetJsonAsync<CustomerDto>($"/api/v1/customers/{customer.Id}")).ShouldBe(saved);

        await (await supervisor.PutJsonAsync($"/api/v1/customers/{customer.Id}", new { name = "Otro", version = customer.Version }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await supervisor.PutJsonAsync($"/api/v1/customers/{customer.Id}", new { name = "", version = saved.Version }))
            .ShouldBeValidationProblemAsync("name");

        // The page: an edit made from a form read before someone else's save is refused, and the form shows their version.
        var agent = await app.SignInAsync(Demo.Agent);
        var form = (await agent.GetPageAsync($"/customers/{customer.Id}")).FormFields();
        await (await supervisor.PutJsonAsync($"/api/v1/customers/{customer.Id}", new { name = "Luis P. Gil", version = saved.Version }))
            .ShouldHaveStatusAsync(HttpStatusCode.OK);
        var conflict = await agent.PostFormAsync($"/customers/{customer.Id}", With(form, "Input.Name", "Luis Pardo (agente)"));
        conflict.ShouldHaveStatus(HttpStatusCode.Conflict);
        conflict.SummaryErrors.ShouldNotBeEmpty();
        var retry = conflict.FormFields();
        retry.Single(f => f.Key == "Input.Name").Value.ShouldBe("Luis P. Gil");
        (await agent.PostFormAsync($"/customers/{customer.Id}", With(retry, "Input.Name", "Luis Pardo (agente)"))).ShouldHaveStatus(HttpStatusCode.Redirect);
        (await agent.GetJsonAsync<CustomerDto>($"/api/v1/customers/{customer.Id}")).Name.ShouldBe("Luis Pardo (agente)");

        var invalid = await agent.PostFormAsync($"/customers/{customer.Id}", With((await agent.GetPageAsync($"/customers/{customer.Id}")).FormFields(), "Input.Language", "de"));
        invalid.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
        invalid.FieldError("Input.Language").ShouldNotBeEmpty();
    }

    [Fact]
    public async Task A_customer_of_another_organisation_is_not_found_on_pages_or_in_the_api_and_never_listed()
    {
        var agent = await app.SignInAsync(Demo.Agent);
        var name = Unique("Cliente Privado");
        var customer = await CreateAsync(agent, name, "privado@example.com");

        var other = await app.SignUpAsync(Unique("Otra"), Demo.NewEmail("owner"));
        (await other.GetPageAsync($"/customers/{customer.Id}")).ShouldHaveStatus(HttpStatusCode.NotFound);
        await (await other.GetAsync($"/api/v1/customers/{customer.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await other.GetAsync($"/api/v1/customers/{customer.Id}/contacts")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await other.PutJsonAsync($"/api/v1/customers/{customer.Id}", new { name = "Hijacked", version = customer.Version }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var editPage = (await agent.GetPageAsync($"/customers/{customer.Id}")).FormFields();
        (await other.PostFormAsync($"/customers/{customer.Id}",
            With(editPage, AntiforgeryField, await other.GetAntiforgeryTokenAsync("/customers/new")))).ShouldHaveStatus(HttpStatusCode.NotFound);
        (await other.GetJsonAsync<List<CustomerDto>>($"/api/v1/customers?q={Uri.EscapeDataString(name)}")).ShouldBeEmpty();
        (await other.GetJsonAsync<List<CustomerDto>>("/api/v1/customers?max=200")).ShouldNotContain(c => c.Id == customer.Id);
        (await other.GetPageAsync("/customers")).Document.QuerySelector($"#customer-{customer.Id}").ShouldBeNull();

        (await agent.GetJsonAsync<CustomerDto>($"/api/v1/customers/{customer.Id}")).Name.ShouldBe(name, "nothing changed");
        await (await agent.GetAsync($"/api/v1/customers/{Guid.NewGuid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_customer_page_lists_their_contacts_newest_first_with_protocol_version_and_outcome()
    {
        var agent = await app.SignInAsync(Demo.Agent);
        var customer = await CreateAsync(agent, Unique("Marta Ríos"));
        var organisation = await app.OrganisationOfAsync(Demo.Agent);
        var (older, newer) = await app.WithDbAsync(async db =>
        {
            var agentId = await db.Users.Where(u => u.Email == Demo.Agent).Select(u => u.Id).SingleAsync();
            var protocol = await db.Protocols.Where(p => p.PublishedVersion > 0).OrderBy(p => p.Title).Select(p => new { p.Id, p.PublishedVersion }).FirstAsync();
            Contact Make(DateTime at, ContactOutcome? outcome, Channels channel) => new()
            {
                Id = Guid.NewGuid(), Channel = channel, CustomerId = customer.Id, Reason = $"motivo {at:HH}", ProtocolId = protocol.Id,
                ProtocolVersion = protocol.PublishedVersion, AgentUserId = agentId, HandlerUserId = agentId, StartedAt = at,
                Status = outcome is null ? ContactStatus.Open : ContactStatus.Closed, Outcome = outcome,
                ClosedAt = outcome is null ? null : at.AddMinutes(5), UpdatedAt = at,
            };
            var a = Make(app.UtcNow.AddDays(-3), ContactOutcome.Resolved, Channels.Phone);
            var b = Make(app.UtcNow.AddHours(-1), null, Channels.Electronic);
            db.Contacts.AddRange(a, b);
            await db.SaveChangesAsync();
            return (a.Id, b.Id);
        }, organisation);

        var page = await agent.GetPageAsync($"/customers/{customer.Id}");
        var rows = page.Document.QuerySelectorAll("#customer-contacts tbody tr").ToList();
        rows.Select(r => r.Id).ShouldBe([$"contact-{newer}", $"contact-{older}"]);
        rows[1].TextContent.ShouldContain("v");
        rows[1].QuerySelector($"a[href='/contacts/{older}']").ShouldNotBeNull();

        var contacts = await agent.GetJsonAsync<List<CustomerContactDto>>($"/api/v1/customers/{customer.Id}/contacts");
        contacts.Select(c => c.Id).ShouldBe([newer, older]);
        contacts[1].Outcome.ShouldBe(ContactOutcome.Resolved);
        contacts[0].Channel.ShouldBe(Channels.Electronic);
        contacts[0].Protocol.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task The_customer_page_lists_only_the_contacts_the_viewer_may_open_and_every_listed_link_opens()
    {
        var sofia = await app.SignInAsync(Demo.Agent);
        var diego = await app.SignInAsync("diego@suarez.example");
        var supervisor = await app.SignInAsync(Demo.Supervisor);
        var customer = await CreateAsync(sofia, Unique("Inés Varela"));
        var protocolId = await app.ProtocolIdAsync(ProtocolScenarios.DemoReturns);
        async Task<Guid> StartAsync(Browser agent)
        {
            var id = Guid.NewGuid();
            await (await agent.PostJsonAsync("/api/v1/contacts",
                new { id, channel = Channels.Phone, reason = "quiero devolver unos zapatos", protocolId, customerId = customer.Id }))
                .ShouldHaveStatusAsync(HttpStatusCode.Created);
            return id;
        }
        var mine = await StartAsync(sofia);
        var theirs = await StartAsync(diego);

        var page = await sofia.GetPageAsync($"/customers/{customer.Id}");
        page.Document.QuerySelectorAll("#customer-contacts tbody tr").Select(r => r.Id).ShouldBe([$"contact-{mine}"]);
        foreach (var link in page.Document.QuerySelectorAll("#customer-contacts a[href^='/contacts/']").Select(a => a.GetAttribute("href")!))
            (await sofia.GetPageAsync(link)).ShouldHaveStatus(HttpStatusCode.OK);
        (await sofia.GetJsonAsync<List<CustomerContactDto>>($"/api/v1/customers/{customer.Id}/contacts")).Select(c => c.Id).ShouldBe([mine]);

        (await supervisor.GetJsonAsync<List<CustomerContactDto>>($"/api/v1/customers/{customer.Id}/contacts")).Select(c => c.Id)
            .ShouldBe([theirs, mine], ignoreOrder: true);
        (await supervisor.GetPageAsync($"/customers/{customer.Id}")).Document.QuerySelectorAll("#customer-contacts tbody tr").Count().ShouldBe(2);
    }

    [Fact]
    public async Task Typing_an_existing_customers_name_in_any_case_or_accents_offers_that_customer_and_a_second_one_needs_a_deliberate_choice()
    {
        var agent = await app.SignInAsync(Demo.Agent);
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var existing = await CreateAsync(agent, $"Ana Pérez {suffix}");
        var typed = $"  ANA perez {suffix.ToUpperInvariant()} ";
        Task<int> CountAsync() => app.WithDbAsync(db => db.Customers.IgnoreQueryFilters().CountAsync(c => c.Name.EndsWith(suffix) || c.Name.EndsWith(suffix.ToUpperInvariant())));

        // The new-customer page: refused on the name, with the existing customer offered.
        var page = await agent.SubmitAsync("/customers/new", Form(("Input.Name", typed)));
        page.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
        page.FieldError("Input.Name").ShouldContain(existing.Name);
        var offer = page.Document.QuerySelector($"#same-name a[href='/customers/{existing.Id}']")!;
        offer.TextContent.Trim().ShouldBe(Text.Es("Customers.UseExisting", existing.Name));
        (await CountAsync()).ShouldBe(1);
        var created = await agent.SubmitAsync("/customers/new", Form(("Input.Name", typed), ("Input.SameNameIsAnother", "true")));
        created.ShouldHaveStatus(HttpStatusCode.Redirect);
        (await CountAsync()).ShouldBe(2, "saying it is another customer creates it");

        // Starting a contact with the name typed: the existing customers are offered, and choosing one records no new customer.
        var protocolId = await app.ProtocolIdAsync(ProtocolScenarios.DemoReturns);
        var start = Form(("Input.Id", Guid.NewGuid().ToString()), ("Input.Channel", "Phone"), ("Input.Reason", "quiero devolver unos zapatos"),
            ("Input.ProtocolId", protocolId.ToString()), ("Input.CustomerName", $"ana pérez {suffix}"));
        var refused = await agent.SubmitAsync("/contacts/new", start);
        refused.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
        refused.FieldError("Input.CustomerName").ShouldNotBeEmpty();
        var use = refused.Document.QuerySelector($"#same-name button[name='Input.CustomerId'][value='{existing.Id}']")!;
        use.TextContent.Trim().ShouldBe(Text.Es("Customers.UseExisting", existing.Name));
        refused.Document.QuerySelectorAll("#same-name button").Length.ShouldBe(2, "both customers with that name are offered");
        (await app.WithDbAsync(db => db.Contacts.IgnoreQueryFilters().CountAsync(c => c.Reason == "quiero devolver unos zapatos" && c.CustomerId == existing.Id))).ShouldBe(0);

        var used = await agent.SubmitAsync("/contacts/new", start.Append(new("Input.CustomerId", existing.Id.ToString())));
        used.ShouldHaveStatus(HttpStatusCode.Redirect);
        (await CountAsync()).ShouldBe(2);
        var contacts = await agent.GetJsonAsync<List<CustomerContactDto>>($"/api/v1/customers/{existing.Id}/contacts");
        contacts.ShouldHaveSingleItem();

        var another = Form(("Input.Id", Guid.NewGuid().ToString()), ("Input.Channel", "Phone"), ("Input.Reason", "quiero devolver unos zapatos"),
            ("Input.ProtocolId", protocolId.ToString()), ("Input.CustomerName", $"Ana Pérez {suffix}"), ("Input.SameNameIsAnother", "true"));
        (await agent.SubmitAsync("/contacts/new", another)).ShouldHaveStatus(HttpStatusCode.Redirect);
        (await CountAsync()).ShouldBe(3, "ticking that it is another customer records a new one");
    }
}

public sealed class CustomersOnSqlite(SqliteApp app) : CustomerTests(app), IClassFixture<SqliteApp>;

public sealed class CustomersOnPostgres(PostgresApp app) : CustomerTests(app), IClassFixture<PostgresApp>;
