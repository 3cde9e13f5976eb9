using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Pauta.Protocols.Tests;
using Pauta.Web.Tests.Infrastructure;

namespace Pauta.Web.Tests.Protocols;

/// <summary>
/// Hostile protocol files and zips through the import API and the upload page (issue 9): each answers 200, 413 or 422
/// with problems at a line and column, never a 5xx, and the server lives on. Each test works in an organisation of its
/// own, so what the corpus imports does not leak into other tests. The hang guard is generous, not a timing goal.
/// </summary>
public abstract class ProtocolFileFuzzTests(PautaApp app)
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(5);

    private async Task<(Browser Owner, HttpClient Api)> FreshOrganisationAsync()
    {
        var owner = await app.SignUpAsync($"Fuzz {Guid.NewGuid():N}"[..20], Demo.NewEmail("fuzz"));
        return (owner, app.WithToken((await owner.CreateTokenAsync()).Secret));
    }

    private static async Task<Page> UploadAsync(Browser browser, string name, byte[] bytes)
    {
        var token = await browser.GetAntiforgeryTokenAsync("/protocols/transfer");
        using var form = new MultipartFormDataContent { { new StringContent(token), Browser.AntiforgeryField } };
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(name.EndsWith(".zip", StringComparison.Ordinal) ? "application/zip" : "text/markdown");
        form.Add(content, "files", name);
        return await Page.ReadAsync(await browser.Client.PostAsync("/protocols/transfer", form));
    }

    /// <summary>The issue's file at depth 1,000: past the limit, yet shallow enough not to endanger this test host if the limit were missing.</summary>
    private static readonly string DeepFile = FuzzCorpus.Deep("[", "]", 1_000);

    [Fact]
    public async Task Deep_front_matter_is_refused_through_the_api_with_422_at_its_line_and_column()
    {
        var (_, api) = await FreshOrganisationAsync();
        using var _api = api;
        var response = await api.ImportMarkdownAsync("hondo.md", DeepFile);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, body);
        var problem = System.Text.Json.JsonSerializer.Deserialize<ImportProblemDto>(body, Browser.Json)!.Problems.ShouldHaveSingleItem();
        (problem.File, problem.Line, problem.Column, problem.Code).ShouldBe(("hondo.md", 2, "title: ".Length + 20, "File.NestedTooDeep"));
    }

    [Fact]
    public async Task Deep_front_matter_is_refused_on_the_upload_page_with_its_line_and_column()
    {
        var (owner, api) = await FreshOrganisationAsync();
        api.Dispose();
        var page = await UploadAsync(owner, "hondo.md", Encoding.UTF8.GetBytes(DeepFile));
        page.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
        var problems = page.Document.QuerySelector("#import-problems");
        problems.ShouldNotBeNull(page.ToString());
        problems.TextContent.ShouldContain("hondo.md");
        problems.TextContent.ShouldContain($"line 2, column {"title: ".Length + 20}");
        problems.TextContent.ShouldContain("File.NestedTooDeep");
    }

    private static async Task ShouldBeAnsweredAsync(HttpResponseMessage response, string name)
    {
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBeLessThan(500, $"{name}: {body[..Math.Min(body.Length, 2000)]}");
        response.StatusCode.ShouldBeOneOf([HttpStatusCode.OK, HttpStatusCode.UnprocessableEntity, HttpStatusCode.RequestEntityTooLarge], name);
        if (response.StatusCode != HttpStatusCode.UnprocessableEntity) return;
        var problems = System.Text.Json.JsonSerializer.Deserialize<ImportProblemDto>(body, Browser.Json)!.Problems;
        problems.ShouldNotBeEmpty(name);
        problems.ShouldAllBe(p => p.Line >= 1 && p.Column >= 1 && p.Message.Length > 0, name);
    }

    [Fact]
    public async Task The_fuzz_corpus_through_the_import_api_never_answers_5xx()
    {
        var (_, api) = await FreshOrganisationAsync();
        using var _api = api;
        var run = Task.Run(async () =>
        {
            foreach (var (name, text) in FuzzCorpus.Files(seed: 21, count: 120))
                await ShouldBeAnsweredAsync(await api.ImportMarkdownAsync(name, text), name);
            foreach (var (name, bytes) in FuzzCorpus.Zips(seed: 22, count: 30))
                await ShouldBeAnsweredAsync(await api.ImportZipAsync(bytes), name);
        });
        await run.WaitAsync(HangGuard);
        // The server is still there and still reads.
        await (await api.GetAsync("/api/v1/protocols")).ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_fuzz_corpus_through_the_upload_page_never_answers_5xx()
    {
        var (owner, api) = await FreshOrganisationAsync();
        api.Dispose();
        var run = Task.Run(async () =>
        {
            var files = FuzzCorpus.Files(seed: 23, count: 40).Select(f => (f.Name, Encoding.UTF8.GetBytes(f.Text)));
            foreach (var (name, bytes) in files.Concat(FuzzCorpus.Zips(seed: 24, count: 12)))
            {
                var page = await UploadAsync(owner, name, bytes);
                page.Status.ShouldBeOneOf([HttpStatusCode.OK, HttpStatusCode.UnprocessableEntity, HttpStatusCode.RequestEntityTooLarge], $"{name}: {page.Text[..Math.Min(page.Text.Length, 1000)]}");
                if (page.Status == HttpStatusCode.UnprocessableEntity) page.Document.QuerySelector("#import-problems").ShouldNotBeNull(name);
            }
        });
        await run.WaitAsync(HangGuard);
    }
}

public sealed class ProtocolFileFuzzOnSqlite(SqliteApp app) : ProtocolFileFuzzTests(app), IClassFixture<SqliteApp>;

public sealed class ProtocolFileFuzzOnPostgres(PostgresApp app) : ProtocolFileFuzzTests(app), IClassFixture<PostgresApp>;
