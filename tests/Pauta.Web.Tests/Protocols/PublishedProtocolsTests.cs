using System.Net;
using Pauta.Web.Tests.Infrastructure;
using static Pauta.Web.Tests.Protocols.ProtocolScenarios;

namespace Pauta.Web.Tests.Protocols;

/// <summary>
/// Published versions are read by the protocol pages, the API, the documents, the suggester, the contact start list
/// and the board. Each class has a server of its own, so its in-memory cache starts empty and the order of the reads is
/// the test's: contacts first, then every protocol read, then contacts again.
/// </summary>
public abstract class PublishedProtocolsTests(PautaApp app)
{
    [Fact]
    public async Task Every_protocol_read_answers_200_before_and_after_contacts_have_read_the_same_published_versions()
    {
        var id = await app.ProtocolIdAsync(DemoComplaints); // in person and print: it has a poster
        var agent = await app.SignInAsync(Demo.Agent);
        var supervisor = await app.SignInAsync(Demo.Supervisor);
        var manager = await app.SignInAsync(Demo.Manager);

        async Task ContactsReadAsync()
        {
            (await agent.GetAsync("/api/v1/contacts/suggestions?reason=quiero%20poner%20una%20reclamacion&channel=Phone"))
                .StatusCode.ShouldBe(HttpStatusCode.OK);
            (await agent.GetAsync("/contacts/new")).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await supervisor.GetAsync("/board")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        async Task EveryProtocolReadAsync(string when)
        {
            string[] urls =
            [
                $"/protocols/{id}", $"/protocols/{id}/v/1", $"/protocols/{id}?channel=phone", $"/protocols/{id}/pdf?v=1",
                $"/protocols/{id}/poster.pdf", "/protocols/manual.pdf", $"/protocols/{id}/export.md", "/protocols/export.zip",
                $"/protocols/{id}/diff?from=1&to=1", $"/api/v1/protocols/{id}", $"/api/v1/protocols/{id}/versions/1",
                $"/api/v1/protocols/{id}/export", "/api/v1/protocols/export",
            ];
            foreach (var reader in new[] { agent, manager })
            foreach (var url in urls)
            {
                var response = await reader.GetAsync(url);
                ((int)response.StatusCode).ShouldBe(200, $"GET {url} {when}");
            }
        }

        await ContactsReadAsync();
        await EveryProtocolReadAsync("after the contacts read the published versions");
        await ContactsReadAsync();
        await EveryProtocolReadAsync("after reading protocols and contacts in turn");
    }
}

public sealed class PublishedProtocolsOnSqlite(SqliteApp app) : PublishedProtocolsTests(app), IClassFixture<SqliteApp>;

public sealed class PublishedProtocolsOnPostgres(PostgresApp app) : PublishedProtocolsTests(app), IClassFixture<PostgresApp>;
