using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Pauta.Core.Protocols;
using Pauta.Data.Entities;
using Pauta.Data.Protocols;
using Pauta.Web.Tests.Infrastructure;
using static Pauta.Web.Tests.Protocols.ProtocolScenarios;

namespace Pauta.Web.Tests;

/// <summary>
/// Files under wwwroot are served as the build fingerprinted and compressed them, and the 5.5 MB diagram library is loaded
/// only by a page that draws a diagram (issue 9).
/// </summary>
public abstract class StaticAssetTests(PautaApp app)
{
    /// <summary>A fingerprinted URL of a wwwroot file: its path, a dot, the build's content hash, its extension.</summary>
    public static Regex Fingerprinted(string stem, string extension) =>
        new($"^{Regex.Escape(stem)}\\.[a-z0-9]{{6,}}{Regex.Escape(extension)}$", RegexOptions.CultureInvariant);

    private static IEnumerable<string> ScriptsAndStyles(Page page) =>
        page.Document.QuerySelectorAll("script[src]").Select(s => s.GetAttribute("src")!)
            .Concat(page.Document.QuerySelectorAll("link[rel=stylesheet]").Select(l => l.GetAttribute("href")!));

    [Fact]
    public async Task Pages_reference_every_script_and_style_by_its_fingerprinted_url()
    {
        var id = await app.ProtocolIdAsync(DemoComplaints);
        var agent = await app.SignInAsync(Demo.Agent);
        var page = await agent.GetPageAsync($"/protocols/{id}");

        var urls = ScriptsAndStyles(page).ToList();
        urls.ShouldContain(u => Fingerprinted("/css/site", ".css").IsMatch(u));
        urls.ShouldContain(u => Fingerprinted("/lib/htmx/htmx.min", ".js").IsMatch(u));
        urls.ShouldContain(u => Fingerprinted("/lib/mermaid/mermaid.min", ".js").IsMatch(u));
        urls.ShouldContain(u => Fingerprinted("/js/flowchart", ".js").IsMatch(u));
        urls.ShouldAllBe(u => Regex.IsMatch(u, @"^/(css|js|lib)/.+\.[a-z0-9]{6,}\.(js|css)$"), string.Join(", ", urls));
        foreach (var url in urls) (await agent.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.OK, url);
    }

    [Fact]
    public async Task An_unknown_address_is_404_for_every_method_not_a_405_from_a_catch_all_file_route()
    {
        var agent = await app.SignInAsync(Demo.Agent);
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete })
        {
            var response = await agent.Client.SendAsync(new HttpRequestMessage(method, "/no/such/page"));
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound, $"{method} /no/such/page");
        }
    }

    [Fact]
    public async Task The_diagram_library_is_served_compressed_to_a_client_that_accepts_it()
    {
        var id = await app.ProtocolIdAsync(DemoComplaints);
        var agent = await app.SignInAsync(Demo.Agent);
        var library = ScriptsAndStyles(await agent.GetPageAsync($"/protocols/{id}")).Single(u => u.StartsWith("/lib/mermaid/", StringComparison.Ordinal));
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        async Task<HttpResponseMessage> GetAsync(params string[] encodings)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, library);
            foreach (var encoding in encodings) request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
            return await client.SendAsync(request);
        }

        var plain = await GetAsync();
        plain.StatusCode.ShouldBe(HttpStatusCode.OK);
        plain.Content.Headers.ContentEncoding.ShouldBeEmpty();
        var original = await plain.Content.ReadAsByteArrayAsync();
        original.Length.ShouldBeGreaterThan(5_000_000);
        ShouldHaveSecurityHeaders(plain);

        // The client that accepts gzip gets gzip: the same file once decompressed.
        var compressed = await GetAsync("gzip");
        compressed.StatusCode.ShouldBe(HttpStatusCode.OK);
        compressed.Content.Headers.ContentEncoding.ShouldBe(["gzip"]);
        compressed.Headers.Vary.ShouldContain("Accept-Encoding");
        await using (var gzip = new GZipStream(await compressed.Content.ReadAsStreamAsync(), CompressionMode.Decompress))
        {
            var unpacked = new MemoryStream();
            await gzip.CopyToAsync(unpacked);
            unpacked.ToArray().ShouldBe(original);
        }

        // What it gets is the build's compressed copy (a test host serves files through the framework's development
        // handler, which compresses on the fly; a published app sends the copies the manifest lists): under a third.
        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Pauta.Web.staticwebassets.endpoints.json")));
        var gzipped = manifest.RootElement.GetProperty("Endpoints").EnumerateArray()
            .Where(e => "/" + e.GetProperty("Route").GetString() == library)
            .Where(e => e.GetProperty("Selectors").EnumerateArray().Any(x => x.GetProperty("Value").GetString() == "gzip"))
            .Select(e => long.Parse(e.GetProperty("ResponseHeaders").EnumerateArray()
                .Single(h => h.GetProperty("Name").GetString() == "Content-Length").GetProperty("Value").GetString()!, System.Globalization.CultureInfo.InvariantCulture))
            .Single();
        gzipped.ShouldBeLessThan(original.Length / 3);
    }

    private static void ShouldHaveSecurityHeaders(HttpResponseMessage response)
    {
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("script-src 'self'");
        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
    }

    [Fact]
    public async Task A_protocol_without_a_flow_is_read_without_the_diagram_library_and_under_the_strict_style_policy()
    {
        // Linting keeps such a protocol from being published today; a version without steps is stored directly, as an
        // older format or an import might have left it.
        var organisation = await app.OrganisationOfAsync(Demo.Manager);
        var complaints = await app.ProtocolIdAsync(DemoComplaints);
        var source = await app.AsMemberAsync(Demo.Manager, s => s.GetVersionAsync(complaints, null, default));
        var protocol = source.Value!.Protocol with { Title = "Sin flujo " + Guid.NewGuid().ToString("N")[..8], Steps = [], ContingencyPlans = [] };
        var id = Guid.CreateVersion7();
        await app.WithDbAsync(async db =>
        {
            var manager = await db.Users.Where(u => u.Email == Demo.Manager).Select(u => u.Id).SingleAsync();
            var now = new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
            db.Protocols.Add(new ProtocolRecord
            {
                Id = id, Title = protocol.Title, DepartmentName = protocol.Department, PublishedVersion = 1, CreatedAt = now, UpdatedAt = now,
            });
            db.ProtocolVersions.Add(new ProtocolVersion
            {
                ProtocolId = id, Number = 1, Title = protocol.Title, DepartmentName = protocol.Department, Text = ProtocolFile.Write(protocol),
                ChangeSize = ChangeSize.Major, ChangeSummary = "", PublishedByUserId = manager, PublishedAt = now,
            });
            await db.SaveChangesAsync();
        }, organisation);
        var agent = await app.SignInAsync(Demo.Agent);

        var page = await agent.GetPageAsync($"/protocols/{id}");

        page.ShouldHaveStatus(HttpStatusCode.OK);
        page.Title.ShouldBe(protocol.Title);
        page.Document.QuerySelector("#flowchart").ShouldBeNull();
        page.Html.ShouldNotContain("mermaid");
        page.Response.Headers.GetValues("Content-Security-Policy").Single().ShouldNotContain("unsafe-inline");

        // Nor does any other page of the reader's day load it.
        foreach (var url in new[] { "/", "/protocols", "/protocols/search?q=queja", "/contacts/new", "/protocols/suggestions/mine" })
            (await agent.GetPageAsync(url)).Html.Contains("mermaid", StringComparison.Ordinal).ShouldBeFalse(url);
    }
}

public sealed class StaticAssetsOnSqlite(SqliteApp app) : StaticAssetTests(app), IClassFixture<SqliteApp>;

public sealed class StaticAssetsOnPostgres(PostgresApp app) : StaticAssetTests(app), IClassFixture<PostgresApp>;
