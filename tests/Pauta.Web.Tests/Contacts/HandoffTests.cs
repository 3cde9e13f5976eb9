using System.Net;
using Microsoft.EntityFrameworkCore;
using Pauta.Core.Organisations;
using Pauta.Web.Tests.Infrastructure;
using static Pauta.Web.Tests.Infrastructure.Text;

namespace Pauta.Web.Tests.Contacts;

/// <summary>
/// A step that hands the contact off to another protocol (the demo's salon-complaint protocol, when the customer wants the
/// service's price back, hands off to "Quejas y reclamaciones") offers, on the run page, to start that protocol with the
/// same channel, reason and customer; other steps offer nothing.
/// </summary>
public abstract class HandoffTests(PautaApp app)
{
    private Task<Guid> ProtocolAsync(string title) =>
        app.WithDbAsync(db => db.Protocols.IgnoreQueryFilters().Where(p => p.Title == title).Select(p => p.Id).SingleAsync());

    [Fact]
    public async Task A_step_that_hands_off_links_to_starting_the_other_protocol_with_the_same_channel_reason_and_customer()
    {
        var agent = await app.SignInAsync(Demo.Agent);
        var salon = await ProtocolAsync("Cliente descontento con un servicio o una estilista del salón");
        var complaints = await ProtocolAsync("Quejas y reclamaciones");
        var id = Guid.NewGuid();
        var started = await agent.PostJsonAsync("/api/v1/contacts",
            new { id, channel = Channels.InPerson, reason = "El tinte ha quedado fatal", protocolId = salon, customerName = "Lola Pérez" });
        started.StatusCode.ShouldBe(HttpStatusCode.Created, await started.Content.ReadAsStringAsync());
        var customer = await app.WithDbAsync(db => db.Contacts.IgnoreQueryFilters().Where(c => c.Id == id).Select(c => c.CustomerId).SingleAsync());

        async Task<int> VersionAsync() => await app.WithDbAsync(db => db.Contacts.IgnoreQueryFilters().Where(c => c.Id == id).Select(c => c.LastSequence).SingleAsync());
        (await agent.PostJsonAsync($"/api/v1/contacts/{id}/actions", new { actionId = Guid.NewGuid(), version = await VersionAsync(), kind = "Complete", stepKey = "escuchar" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await agent.GetPageAsync($"/contacts/{id}")).Document.QuerySelector("#handoff").ShouldBeNull("the question step hands off nowhere");

        var answered = await agent.PostJsonAsync($"/api/v1/contacts/{id}/actions",
            new { actionId = Guid.NewGuid(), version = await VersionAsync(), kind = "Answer", stepKey = "corregir", answerIndex = 1 });
        answered.StatusCode.ShouldBe(HttpStatusCode.OK, await answered.Content.ReadAsStringAsync());

        var page = await agent.GetPageAsync($"/contacts/{id}");
        var link = page.Document.QuerySelector("#handoff a") ?? throw new ShouldAssertException($"no hand-off link: {page}");
        link.TextContent.ShouldBe(Es("Contact.Handoff", "Quejas y reclamaciones"));
        var href = link.GetAttribute("href")!;
        href.ShouldContain($"Input.OtherProtocolId={complaints}");
        href.ShouldContain("Input.Channel=InPerson");
        href.ShouldContain($"Input.Reason={Uri.EscapeDataString("El tinte ha quedado fatal")}");
        href.ShouldContain($"Input.CustomerId={customer}");

        var start = await agent.GetPageAsync(href);
        start.ShouldHaveStatus(HttpStatusCode.OK);
        (start.Document.QuerySelector("#protocol-select option[selected]") ?? throw new ShouldAssertException($"no protocol chosen: {start}")).GetAttribute("value").ShouldBe(complaints.ToString());
    }
}

public sealed class HandoffOnSqlite(SqliteApp app) : HandoffTests(app), IClassFixture<SqliteApp>;

public sealed class HandoffOnPostgres(PostgresApp app) : HandoffTests(app), IClassFixture<PostgresApp>;
