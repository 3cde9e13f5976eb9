using Pauta.Core.Protocols;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Pauta.Data.Protocols;
using Pauta.Protocols.Tests;
using Pauta.Web.Tests.Infrastructure;
using static Pauta.Web.Tests.Infrastructure.Browser;

namespace Pauta.Web.Tests.Protocols;

/// <summary>The protocol REST API with tokens and cookies: lifecycle, optimistic concurrency, export and import, and isolation.</summary>
public abstract class ProtocolsApiTests(PautaApp app)
{
    private async Task<HttpClient> TokenAsync(string admin = Demo.Owner, string scopes = "Read, Write") =>
        app.WithToken((await (await app.SignInAsync(admin)).CreateTokenAsync(scopes)).Secret);

    private static async Task<JsonObject> JsonOf(HttpResponseMessage response) =>
        (JsonNode.Parse(await response.Content.ReadAsStringAsync()) as JsonObject)!;

    [Fact]
    public async Task A_protocol_goes_from_draft_to_v1_through_the_api_with_approval_by_someone_else()
    {
        using var carmen = await TokenAsync(Demo.Owner);
        var source = await JsonOf(await carmen.GetAsync($"/api/v1/protocols/{(await carmen.GetJsonAsync<List<ProtocolSummaryDto>>("/api/v1/protocols"))[1].Id}"));
        var protocol = source["protocol"]!.AsObject();
        protocol["title"] = "Atención telefónica de temporada";

        var created = await carmen.PostJsonAsync("/api/v1/protocols", protocol);
        await created.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var draft = (await created.Content.ReadFromJsonAsync<DraftDto>(Json))!;
        created.Headers.Location!.OriginalString.ShouldBe($"/api/v1/protocols/{draft.Id}/draft");
        draft.State.ShouldBe("Editing");
        draft.CanPublishByLint.ShouldBeTrue();

        // A stale version is a conflict, not an overwrite.
        protocol["purpose"] = "Atender las llamadas de la campaña de Navidad.";
        var saved = await carmen.PutAsJsonAsync($"/api/v1/protocols/{draft.Id}/draft", new { protocol, version = draft.Version }, Json);
        await saved.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var stale = await carmen.PutAsJsonAsync($"/api/v1/protocols/{draft.Id}/draft", new { protocol, version = draft.Version }, Json);
        await stale.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        draft = (await saved.Content.ReadFromJsonAsync<DraftDto>(Json))!;

        var submitted = await carmen.PostJsonAsync($"/api/v1/protocols/{draft.Id}/submit", new { version = draft.Version });
        await submitted.ShouldHaveStatusAsync(HttpStatusCode.OK);
        draft = (await submitted.Content.ReadFromJsonAsync<DraftDto>(Json))!;
        draft.State.ShouldBe("InReview");

        // A token acts as its creator: Carmen's token cannot approve Carmen's draft, and nothing publishes unapproved.
        await (await carmen.PostJsonAsync($"/api/v1/protocols/{draft.Id}/approve", new { version = draft.Version })).ShouldBeValidationProblemAsync("");
        await (await carmen.PostJsonAsync($"/api/v1/protocols/{draft.Id}/publish",
            new { changeSize = "Major", changeSummary = "Primera versión.", version = draft.Version })).ShouldBeValidationProblemAsync("");

        // Lucía approves with her session cookie, on the same endpoint.
        var lucia = await app.SignInAsync(Demo.Manager);
        var approved = await lucia.PostJsonAsync($"/api/v1/protocols/{draft.Id}/approve", new { version = draft.Version });
        await approved.ShouldHaveStatusAsync(HttpStatusCode.OK);
        draft = (await approved.Content.ReadFromJsonAsync<DraftDto>(Json))!;
        draft.State.ShouldBe("Approved");

        var published = await carmen.PostJsonAsync($"/api/v1/protocols/{draft.Id}/publish",
            new { changeSize = "Minor", changeSummary = "Primera versión para la campaña.", version = draft.Version });
        await published.ShouldHaveStatusAsync(HttpStatusCode.Created);
        published.Headers.Location!.OriginalString.ShouldBe($"/api/v1/protocols/{draft.Id}/versions/1");

        var v1 = await carmen.GetJsonAsync<VersionDto>($"/api/v1/protocols/{draft.Id}");
        v1.Number.ShouldBe(1);
        v1.ChangeSize.ShouldBe("Major");
        v1.ApprovedBy.ShouldNotBeNullOrWhiteSpace();
        (await JsonOf(await carmen.GetAsync($"/api/v1/protocols/{draft.Id}/versions/1")))["protocol"]!["purpose"]!.GetValue<string>()
            .ShouldBe("Atender las llamadas de la campaña de Navidad.");
        (await carmen.GetJsonAsync<List<VersionDto>>($"/api/v1/protocols/{draft.Id}/versions")).Count.ShouldBe(1);
        await (await carmen.GetAsync($"/api/v1/protocols/{draft.Id}/draft")).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        // An agent reads it; archiving hides it from agents.
        var sofia = await app.SignInAsync(Demo.Agent);
        (await sofia.GetJsonAsync<VersionDto>($"/api/v1/protocols/{draft.Id}")).Number.ShouldBe(1);
        await (await carmen.PostAsync($"/api/v1/protocols/{draft.Id}/archive", null)).ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        await (await sofia.GetAsync($"/api/v1/protocols/{draft.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await carmen.PostAsync($"/api/v1/protocols/{draft.Id}/restore", null)).ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        (await sofia.GetJsonAsync<VersionDto>($"/api/v1/protocols/{draft.Id}")).Number.ShouldBe(1);
    }

    [Fact]
    public async Task A_draft_sent_back_to_editing_can_be_changed_again_and_an_agent_cannot_author()
    {
        using var carmen = await TokenAsync(Demo.Owner);
        var imported = await carmen.ImportMarkdownAsync("vuelta.md", ApiTestKit.DemoFileTitled("Protocolo devuelto"));
        await imported.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var id = (await imported.Content.ReadFromJsonAsync<ImportResultDto>(Json))!.Imported.Single().Id;
        var draft = await carmen.GetJsonAsync<DraftDto>($"/api/v1/protocols/{id}/draft");
        draft = (await (await carmen.PostJsonAsync($"/api/v1/protocols/{id}/submit", new { version = draft.Version })).Content.ReadFromJsonAsync<DraftDto>(Json))!;
        draft.State.ShouldBe("InReview");
        var returned = await carmen.PostJsonAsync($"/api/v1/protocols/{id}/return", new { version = draft.Version, reason = "Falta el plan de contingencia." });
        await returned.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await returned.Content.ReadFromJsonAsync<DraftDto>(Json))!.State.ShouldBe("Editing");

        var sofia = await app.SignInAsync(Demo.Agent);
        await (await sofia.GetAsync($"/api/v1/protocols/{id}/draft")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await sofia.PostJsonAsync("/api/v1/protocols", new { title = "De una agente" })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await sofia.Client.PostAsync("/api/v1/protocols/import?name=a.md", ApiTestKit.Markdown(ApiTestKit.DemoFileTitled("De una agente"))))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    /// <summary>A 422 ProblemDetails of an import, with its list of problems.</summary>
    private static async Task<ImportProblemDto> RefusedAsync(HttpResponseMessage response, string? because = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, $"{because}: {body}");
        response.Content.Headers.ContentType?.MediaType.ShouldBe(Assertions.ProblemJson);
        return System.Text.Json.JsonSerializer.Deserialize<ImportProblemDto>(body, Json)!;
    }

    [Fact]
    public async Task A_malformed_file_is_refused_with_422_listing_every_problem_and_nothing_is_imported()
    {
        using var api = await TokenAsync();
        var before = await api.GetJsonAsync<List<ProtocolSummaryDto>>("/api/v1/protocols");
        var text = ApiTestKit.DemoFileTitled("Protocolo roto")
            .Replace("channels: [phone]", "channels: [phone, fax]")
            .Replace("reviewEveryDays: 180", "reviewEveryDays: pronto");

        var problem = await RefusedAsync(await api.ImportMarkdownAsync("roto.md", text));
        problem.Status.ShouldBe(422);
        problem.Title.ShouldNotBeNullOrWhiteSpace();
        problem.Problems.Count.ShouldBeGreaterThanOrEqualTo(2);
        problem.Problems.ShouldAllBe(p => p.File == "roto.md" && p.Line > 0 && p.Column > 0 && p.Message.Length > 0);
        var lines = text.Split('\n');
        problem.Problems.ShouldContain(p => lines[p.Line - 1].Contains("fax") && p.Code == "File.UnknownChannel");
        problem.Problems.ShouldContain(p => lines[p.Line - 1].Contains("pronto"));

        (await api.GetJsonAsync<List<ProtocolSummaryDto>>("/api/v1/protocols")).ShouldBe(before);
    }

    [Fact]
    public async Task A_zip_imports_all_of_its_files_or_none_of_them()
    {
        using var api = await TokenAsync();
        var before = await api.GetJsonAsync<List<ProtocolSummaryDto>>("/api/v1/protocols");
        var good = ApiTestKit.DemoFileTitled("Zip bueno uno");
        var bad = ApiTestKit.DemoFileTitled("Zip malo").Replace("language: es", "language: es\nlanguage: en");

        var refused = await api.ImportZipAsync(ApiTestKit.Zip(("lote/bueno.md", good), ("lote/malo.md", bad), ("LEEME.txt", "hola")));
        var problem = (await refused.Content.ReadFromJsonAsync<ImportProblemDto>(Json))!;
        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        problem.Problems.ShouldNotBeEmpty();
        problem.Problems.ShouldAllBe(p => p.File == "upload.zip/lote/malo.md");
        problem.Problems.ShouldContain(p => p.Line == 8 && p.Code == "File.DuplicateKey");
        (await api.GetJsonAsync<List<ProtocolSummaryDto>>("/api/v1/protocols")).ShouldBe(before);

        var twins = await api.ImportZipAsync(ApiTestKit.Zip(("a.md", good), ("b.md", good)));
        twins.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await twins.Content.ReadFromJsonAsync<ImportProblemDto>(Json))!.Problems.Single().Code.ShouldBe("Import.DuplicateTitle");

        var accepted = await api.ImportZipAsync(ApiTestKit.Zip(("lote/bueno.md", good), ("lote/otro.md", ApiTestKit.DemoFileTitled("Zip bueno dos", 3)), ("LEEME.txt", "hola")));
        await accepted.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var result = (await accepted.Content.ReadFromJsonAsync<ImportResultDto>(Json))!;
        result.Imported.Select(i => i.Title).ShouldBe(["Zip bueno uno", "Zip bueno dos"]);
        result.Imported.ShouldAllBe(i => i.Created);
        result.Skipped.ShouldBe(["upload.zip/LEEME.txt"]);

        // The same zip again replaces the two drafts instead of duplicating them.
        var again = await api.ImportZipAsync(ApiTestKit.Zip(("lote/bueno.md", good), ("lote/otro.md", ApiTestKit.DemoFileTitled("Zip bueno dos", 3))));
        (await again.Content.ReadFromJsonAsync<ImportResultDto>(Json))!.Imported.ShouldAllBe(i => !i.Created);
        (await api.GetJsonAsync<List<ProtocolSummaryDto>>("/api/v1/protocols")).Count.ShouldBe(before.Count + 2);
    }

    [Fact]
    public async Task Uploads_past_the_limits_are_refused_with_a_clear_problem_and_import_nothing()
    {
        using var api = await TokenAsync();
        var before = await api.GetJsonAsync<List<ProtocolSummaryDto>>("/api/v1/protocols");
        var good = ApiTestKit.DemoFileTitled("Dentro de un zip con problemas");

        async Task<List<FileProblemDto>> Refused(HttpResponseMessage response, string because) => (await RefusedAsync(response, because)).Problems;

        var many = Enumerable.Range(0, 501).Select(i => ($"p{i}.md", good)).ToArray();
        (await Refused(await api.ImportZipAsync(ApiTestKit.Zip(many)), "501 entries")).Single().Code.ShouldBe("Import.TooManyFiles");

        var traversal = (await Refused(await api.ImportZipAsync(ApiTestKit.Zip(("ok.md", good), ("../../etc/evil.md", good))), "traversal")).Single();
        traversal.Code.ShouldBe("Import.BadEntryName");
        traversal.File.ShouldBe("upload.zip/../../etc/evil.md");

        // A small zip that inflates past the per-file limit, and one whose files inflate past the total.
        var bomb = Encoding.UTF8.GetBytes(good + new string(' ', 2 * 1024 * 1024));
        (await Refused(await api.ImportZipAsync(ApiTestKit.Zip(("bomba.md", bomb))), "bomb")).Single().Code.ShouldBe("Import.FileTooLarge");
        var filler = Encoding.UTF8.GetBytes(new string(' ', 1024 * 1024 - 10));
        var total = Enumerable.Range(0, 52).Select(i => ($"relleno{i}.md", filler)).ToArray();
        (await Refused(await api.ImportZipAsync(ApiTestKit.Zip(total)), "unpacked total")).ShouldContain(p => p.Code == "Import.ZipTooLarge");

        (await Refused(await api.ImportZipAsync("PK\u0003\u0004roto"u8.ToArray()), "not a zip")).Single().Code.ShouldBe("Import.NotAZip");

        var latin1 = Encoding.Latin1.GetBytes(good);
        var notUtf8 = (await Refused(await api.PostAsync("/api/v1/protocols/import?name=latin1.md",
            new ByteArrayContent(latin1) { Headers = { ContentType = new MediaTypeHeaderValue("text/markdown") } }), "latin-1")).Single();
        notUtf8.Code.ShouldBe("File.NotUtf8");
        var firstAccent = good.ToList().FindIndex(c => c > 127);
        notUtf8.Line.ShouldBe(good[..firstAccent].Count(c => c == '\n') + 1);
        notUtf8.Column.ShouldBe(firstAccent - good.LastIndexOf('\n', firstAccent));

        var huge = new ByteArrayContent(new byte[6 * 1024 * 1024]) { Headers = { ContentType = new MediaTypeHeaderValue("application/zip") } };
        await (await api.PostAsync("/api/v1/protocols/import", huge)).ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        await (await api.PostAsync("/api/v1/protocols/import", JsonContent.Create(new { title = "x" }))).ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
        (await Refused(await api.ImportZipAsync(ApiTestKit.Zip(("solo.txt", "hola"))), "no protocol files")).Single().Code.ShouldBe("Import.NoFiles");

        (await api.GetJsonAsync<List<ProtocolSummaryDto>>("/api/v1/protocols")).ShouldBe(before);
    }

    [Fact]
    public async Task The_export_zip_holds_every_published_protocol_as_its_own_file()
    {
        using var api = await TokenAsync(scopes: "Read");
        var published = (await api.GetJsonAsync<List<ProtocolSummaryDto>>("/api/v1/protocols")).Where(p => p.PublishedVersion > 0).ToList();
        published.Count.ShouldBeGreaterThanOrEqualTo(11);
        var response = await api.GetAsync("/api/v1/protocols/export");
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/zip");
        response.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe("tiendas-suarez-protocols.zip");
        var entries = ApiTestKit.Unzip(await response.Content.ReadAsByteArrayAsync());
        entries.Count.ShouldBe(published.Count);
        entries.Select(e => e.Name).ShouldBeUnique();

        foreach (var p in published)
        {
            var one = await api.GetAsync($"/api/v1/protocols/{p.Id}/export");
            await one.ShouldHaveStatusAsync(HttpStatusCode.OK);
            one.Content.Headers.ContentType!.MediaType.ShouldBe("text/markdown");
            var name = one.Content.Headers.ContentDisposition!.FileNameStar!;
            name.ShouldEndWith(".md");
            entries.ShouldContain((name, await one.Content.ReadAsStringAsync()));
        }
        foreach (var (name, text) in entries)
        {
            var parsed = ProtocolFile.Parse(name, text);
            parsed.Problems.ShouldBeEmpty(name);
            published.ShouldContain(p => p.Title == parsed.Protocol!.Title);
        }
        // Drafts are for managers only; a read token has no business with them.
        await (await api.GetAsync("/api/v1/protocols/export?drafts=true")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await api.GetAsync($"/api/v1/protocols/{published[0].Id}/export?draft=true")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await api.GetAsync($"/api/v1/protocols/{published[0].Id}/export?v=9")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Export_then_import_into_a_fresh_organisation_then_export_gives_identical_files()
    {
        using var a = await TokenAsync(scopes: "Read");
        var zipA = await (await a.GetAsync("/api/v1/protocols/export")).Content.ReadAsByteArrayAsync();
        var filesA = ApiTestKit.Unzip(zipA);
        filesA.Count.ShouldBeGreaterThanOrEqualTo(11);

        var ownerB = await app.SignUpAsync($"Copia {Guid.NewGuid():N}"[..20], Demo.NewEmail("owner-b"));
        using var b = app.WithToken((await ownerB.CreateTokenAsync()).Secret);
        var imported = await b.ImportZipAsync(zipA);
        await imported.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await imported.Content.ReadFromJsonAsync<ImportResultDto>(Json))!.Imported.Count.ShouldBe(filesA.Count);

        var filesB = ApiTestKit.Unzip(await (await b.GetAsync("/api/v1/protocols/export?drafts=true")).Content.ReadAsByteArrayAsync());
        filesB.ShouldBe(filesA);

        // Generated protocols with every awkward piece of text the format must carry, one file at a time.
        for (var seed = 1; seed <= 25; seed++)
        {
            var text = ProtocolFile.Write(ProtocolGenerator.Generate(new Random(seed)));
            var response = await b.ImportMarkdownAsync($"generado-{seed}.md", text);
            await response.ShouldHaveStatusAsync(HttpStatusCode.OK, $"seed {seed}");
            var id = (await response.Content.ReadFromJsonAsync<ImportResultDto>(Json))!.Imported.Single().Id;
            var exported = await b.GetAsync($"/api/v1/protocols/{id}/export?draft=true");
            await exported.ShouldHaveStatusAsync(HttpStatusCode.OK, $"seed {seed}");
            (await exported.Content.ReadAsStringAsync()).ShouldBe(text, $"seed {seed}");
        }
    }

    [Fact]
    public async Task A_token_of_another_organisation_gets_404_for_every_protocol_of_the_demo_and_changes_nothing()
    {
        using var a = await TokenAsync(Demo.Owner);
        var listA = await a.GetJsonAsync<List<ProtocolSummaryDto>>("/api/v1/protocols");
        var id = listA[0].Id;
        var exportA = await (await a.GetAsync("/api/v1/protocols/export")).Content.ReadAsByteArrayAsync();

        var ownerB = await app.SignUpAsync($"Ajena {Guid.NewGuid():N}"[..20], Demo.NewEmail("owner-b"));
        using var b = app.WithToken((await ownerB.CreateTokenAsync()).Secret);
        (await b.GetJsonAsync<List<ProtocolSummaryDto>>("/api/v1/protocols")).ShouldBeEmpty();
        ApiTestKit.Unzip(await (await b.GetAsync("/api/v1/protocols/export")).Content.ReadAsByteArrayAsync()).ShouldBeEmpty();

        var protocol = new { title = "Hackeado", department = "Nada" };
        var attempts = new List<(string What, Func<Task<HttpResponseMessage>> Call)>
        {
            ("get", () => b.GetAsync($"/api/v1/protocols/{id}")),
            ("get v1", () => b.GetAsync($"/api/v1/protocols/{id}/versions/1")),
            ("versions", () => b.GetAsync($"/api/v1/protocols/{id}/versions")),
            ("draft", () => b.GetAsync($"/api/v1/protocols/{id}/draft")),
            ("export", () => b.GetAsync($"/api/v1/protocols/{id}/export")),
            ("save draft", () => b.PutAsJsonAsync($"/api/v1/protocols/{id}/draft", new { protocol, version = 0 }, Json)),
            ("submit", () => b.PostJsonAsync($"/api/v1/protocols/{id}/submit", new { version = 0 })),
            ("approve", () => b.PostJsonAsync($"/api/v1/protocols/{id}/approve", new { version = 0 })),
            ("return", () => b.PostJsonAsync($"/api/v1/protocols/{id}/return", new { version = 0 })),
            ("publish", () => b.PostJsonAsync($"/api/v1/protocols/{id}/publish", new { changeSize = "Minor", changeSummary = "x", version = 0 })),
            ("archive", () => b.PostAsync($"/api/v1/protocols/{id}/archive", null)),
            ("restore", () => b.PostAsync($"/api/v1/protocols/{id}/restore", null)),
        };
        foreach (var (what, call) in attempts)
            await (await call()).ShouldBeProblemAsync(HttpStatusCode.NotFound, what);

        // Importing a file with one of A's titles makes a protocol in B and leaves A's alone.
        var (_, titleText) = ApiTestKit.Unzip(exportA)[0];
        var imported = await b.ImportMarkdownAsync("copia.md", titleText);
        await imported.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var result = (await imported.Content.ReadFromJsonAsync<ImportResultDto>(Json))!.Imported.Single();
        result.Created.ShouldBeTrue();
        listA.ShouldNotContain(p => p.Id == result.Id);
        await (await a.GetAsync($"/api/v1/protocols/{result.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        (await a.GetJsonAsync<List<ProtocolSummaryDto>>("/api/v1/protocols")).ShouldBe(listA);
        (await (await a.GetAsync("/api/v1/protocols/export")).Content.ReadAsByteArrayAsync()).ShouldBe(exportA);
    }
}

public sealed class ProtocolsApiOnSqlite(SqliteApp app) : ProtocolsApiTests(app), IClassFixture<SqliteApp>;

public sealed class ProtocolsApiOnPostgres(PostgresApp app) : ProtocolsApiTests(app), IClassFixture<PostgresApp>;
