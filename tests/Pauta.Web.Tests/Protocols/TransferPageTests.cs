using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Pauta.Web.Tests.Infrastructure;

namespace Pauta.Web.Tests.Protocols;

/// <summary>/protocols/transfer for managers: upload .md files or a zip, see problems by file, line and column; download files.</summary>
public abstract class TransferPageTests(PautaApp app)
{
    private static async Task<Page> UploadAsync(Browser browser, params (string Name, byte[] Bytes)[] files)
    {
        var token = await browser.GetAntiforgeryTokenAsync("/protocols/transfer");
        using var form = new MultipartFormDataContent { { new StringContent(token), Browser.AntiforgeryField } };
        foreach (var (name, bytes) in files)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue(name.EndsWith(".zip", StringComparison.Ordinal) ? "application/zip" : "text/markdown");
            form.Add(content, "files", name);
        }
        return await Page.ReadAsync(await browser.Client.PostAsync("/protocols/transfer", form));
    }

    [Fact]
    public async Task Only_managers_and_admins_open_the_transfer_page()
    {
        foreach (var who in new[] { Demo.Manager, Demo.Owner })
        {
            var page = await (await app.SignInAsync(who)).GetPageAsync("/protocols/transfer");
            page.ShouldHaveStatus(HttpStatusCode.OK, who);
            page.Document.QuerySelectorAll("#exports tbody tr").Length.ShouldBeGreaterThanOrEqualTo(11);
        }
        foreach (var who in new[] { Demo.Agent, Demo.Supervisor })
            (await (await app.SignInAsync(who)).GetPageAsync("/protocols/transfer")).ShouldHaveStatus(HttpStatusCode.Forbidden, who);
    }

    [Fact]
    public async Task A_malformed_upload_shows_every_problem_with_its_line_and_column_in_the_persons_language_and_imports_nothing()
    {
        var lucia = await app.SignInAsync(Demo.Manager);
        var good = ApiTestKit.DemoFileTitled("Subido desde la página");
        var bad = ApiTestKit.DemoFileTitled("Roto desde la página").Replace("channels: [phone]", "channels: [phone, fax]");
        var page = await UploadAsync(lucia, ("bueno.md", Encoding.UTF8.GetBytes(good)), ("roto.md", Encoding.UTF8.GetBytes(bad)));
        page.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
        var problems = page.Document.QuerySelector("#import-problems");
        problems.ShouldNotBeNull(page.ToString());
        problems.TextContent.ShouldContain("No se ha importado nada");
        problems.TextContent.ShouldContain("roto.md");
        problems.TextContent.ShouldNotContain("bueno.md");
        var line = bad.Split('\n').ToList().FindIndex(l => l.Contains("fax")) + 1;
        problems.TextContent.ShouldContain($"línea {line}, columna ");
        problems.TextContent.ShouldContain("File.UnknownChannel");

        var list = await lucia.GetJsonAsync<List<ProtocolSummaryDto>>("/api/v1/protocols");
        list.ShouldNotContain(p => p.Title == "Subido desde la página");

        // Marta, the other manager, reads English.
        var english = await app.SignInAsync("marta@suarez.example");
        await english.SubmitAsync("/", Browser.Form(("language", "en"), ("returnUrl", "/")), "/account/language");
        var again = await UploadAsync(english, ("roto.md", Encoding.UTF8.GetBytes(bad)));
        again.Document.QuerySelector("#import-problems")!.TextContent.ShouldContain($"line {line}, column ");
    }

    [Fact]
    public async Task A_zip_uploaded_on_the_page_becomes_drafts_and_each_published_protocol_downloads_as_a_file()
    {
        var lucia = await app.SignInAsync(Demo.Manager);
        var zip = ApiTestKit.Zip(("uno.md", ApiTestKit.DemoFileTitled("Desde zip uno")), ("dos.md", ApiTestKit.DemoFileTitled("Desde zip dos", 4)));
        var page = await UploadAsync(lucia, ("lote.zip", zip));
        page.ShouldHaveStatus(HttpStatusCode.OK);
        var result = page.Document.QuerySelector("#import-result");
        result.ShouldNotBeNull(page.ToString());
        result.TextContent.ShouldContain("Desde zip uno");
        result.TextContent.ShouldContain("lote.zip/dos.md");
        var list = await lucia.GetJsonAsync<List<ProtocolSummaryDto>>("/api/v1/protocols");
        list.Where(p => p.Title.StartsWith("Desde zip", StringComparison.Ordinal)).ShouldAllBe(p => p.Status == "Draft");

        // Download links work for everyone who reads protocols, agents included.
        var sofia = await app.SignInAsync(Demo.Agent);
        var link = page.Document.QuerySelector("#exports a[href$='export.md']")!.GetAttribute("href")!;
        var file = await sofia.GetAsync(link);
        await file.ShouldHaveStatusAsync(HttpStatusCode.OK);
        file.Content.Headers.ContentType!.MediaType.ShouldBe("text/markdown");
        // A format-1 file starts with its title; a format-2 one declares its version first.
        (await file.Content.ReadAsStringAsync()).ShouldMatch("^---\n(formatVersion: 2\n)?title: ");
        var all = await sofia.GetAsync("/protocols/export.zip");
        await all.ShouldHaveStatusAsync(HttpStatusCode.OK);
        ApiTestKit.Unzip(await all.Content.ReadAsByteArrayAsync()).Count.ShouldBeGreaterThanOrEqualTo(11);

        (await sofia.GetPageAsync($"/protocols/{Guid.NewGuid()}/export.md")).ShouldHaveStatus(HttpStatusCode.NotFound);
        using var anonymous = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        (await anonymous.GetAsync(link)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }
}

public sealed class TransferPageOnSqlite(SqliteApp app) : TransferPageTests(app), IClassFixture<SqliteApp>;

public sealed class TransferPageOnPostgres(PostgresApp app) : TransferPageTests(app), IClassFixture<PostgresApp>;
