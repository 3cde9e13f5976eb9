using System.Net;
using Pauta.Tests.Shared;
using Pauta.Web.Tests.Infrastructure;
using static Pauta.Web.Tests.Infrastructure.Text;
using static Pauta.Web.Tests.Protocols.ProtocolScenarios;

namespace Pauta.Web.Tests.Protocols;

/// <summary>
/// The reading page keeps per node what never changes (a published version's parsed text and rendered body) and, for a
/// few seconds, the organisation's brand, currency and calendar names; it reads the protocol's state, its version list
/// and the names on it on every request. Each test reads the page first, so everything it may cache is cached, then
/// changes something and reads again: what changed shows at once, and nothing of one organisation reaches another.
/// </summary>
public abstract class ReadingPageCacheTests(PautaApp app)
{
    [Fact]
    public async Task A_new_version_an_archive_and_a_restore_show_at_once_after_the_page_was_cached()
    {
        var id = await app.ProtocolIdAsync(DemoBilling);
        var agent = await app.SignInAsync(Demo.Agent);
        var before = await agent.GetPageAsync($"/protocols/{id}");
        before.Document.QuerySelector("#version-info")!.TextContent.ShouldContain("v1");
        before.Document.QuerySelectorAll("#versions tbody tr").Length.ShouldBe(1);

        var number = await app.PublishEditAsync(id, p => p with { Purpose = p.Purpose + " Revisado para la caché." }, "Revisión de la caché.");

        var after = await agent.GetPageAsync($"/protocols/{id}");
        after.Document.QuerySelector("#version-info")!.TextContent.ShouldContain($"v{number}");
        after.Document.QuerySelector("#purpose")!.TextContent.ShouldContain("Revisado para la caché.");
        after.Document.QuerySelectorAll("#versions tbody tr").Length.ShouldBe(2);
        after.Document.QuerySelector("#versions")!.TextContent.ShouldContain("Revisión de la caché.");
        // The first version, read again at its own address, now says it is not the latest.
        var older = await agent.GetPageAsync($"/protocols/{id}/v/1");
        older.Document.QuerySelector(".notice[role=note]")!.TextContent.ShouldContain(Es("Read.OlderVersion", 1, number));
        older.Text.ShouldNotContain("Revisado para la caché.");

        await app.ArchiveAsync(id);
        (await agent.GetAsync($"/protocols/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await agent.GetAsync($"/protocols/{id}/v/1")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        await app.AsMemberAsync(Demo.Manager, async s => Members.Ok(await s.RestoreAsync(id, default), "restore"));
        (await agent.GetPageAsync($"/protocols/{id}")).Document.QuerySelector("#version-info")!.TextContent.ShouldContain($"v{number}");
    }

    [Fact]
    public async Task A_version_read_in_one_language_is_read_in_the_other_at_once_by_the_same_person()
    {
        var id = await app.ProtocolIdAsync(DemoWritten);
        var reader = await app.SignInAsync(Demo.Supervisor);
        (await reader.GetPageAsync($"/protocols/{id}")).Document.QuerySelector("#versions h2")!.TextContent.ShouldBe(Es("Read.Versions"));

        await reader.SubmitAsync("/", Browser.Form(("language", "en"), ("returnUrl", "/")), "/account/language");
        var english = await reader.GetPageAsync($"/protocols/{id}");
        english.Document.QuerySelector("#versions h2")!.TextContent.ShouldBe(En("Read.Versions"));
        english.Document.QuerySelector("#purpose h2")!.TextContent.ShouldBe(En("Read.Purpose"));

        await reader.SubmitAsync("/", Browser.Form(("language", "es"), ("returnUrl", "/")), "/account/language");
        (await reader.GetPageAsync($"/protocols/{id}")).Document.QuerySelector("#purpose h2")!.TextContent.ShouldBe(Es("Read.Purpose"));
    }

    [Fact]
    public async Task Another_organisation_never_reads_a_cached_page_of_this_one_nor_its_brand()
    {
        var id = await app.ProtocolIdAsync(DemoComplaints);
        var agent = await app.SignInAsync(Demo.Agent);
        (await agent.GetPageAsync($"/protocols/{id}")).Text.ShouldContain("Tiendas Suárez");

        var other = await app.SignUpAsync($"Otra Empresa {Guid.NewGuid():N}"[..24], Demo.NewEmail("owner-b"), displayName: "Bea Bravo");
        foreach (var url in new[] { $"/protocols/{id}", $"/protocols/{id}/v/1", $"/protocols/{id}?channel=phone" })
            (await other.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.NotFound, url);
        var home = await other.GetAsync("/protocols");
        (await home.Content.ReadAsStringAsync()).ShouldNotContain(DemoComplaints);
    }
}

public sealed class ReadingPageCacheOnSqlite(SqliteApp app) : ReadingPageCacheTests(app), IClassFixture<SqliteApp>;

public sealed class ReadingPageCacheOnPostgres(PostgresApp app) : ReadingPageCacheTests(app), IClassFixture<PostgresApp>;
