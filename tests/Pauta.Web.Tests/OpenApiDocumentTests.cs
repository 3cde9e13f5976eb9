using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pauta.Web.Tests.Infrastructure;

namespace Pauta.Web.Tests;

/// <summary>
/// The generated OpenAPI document is committed (docs/openapi/v1.json) so every API change shows in
/// review. This test fails when the running app's document differs; run it with
/// PAUTA_UPDATE_OPENAPI=1 to rewrite the committed file, then review the diff.
/// </summary>
public sealed class OpenApiDocumentTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task The_committed_openapi_document_matches_what_the_app_serves()
    {
        var response = await app.NewBrowser().GetAsync("/openapi/v1.json");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var served = Normalise(await response.Content.ReadAsStringAsync());
        served.ShouldContain("\"/api/v1/departments\"");

        var committed = Path.Combine(RepositoryRoot(), "docs", "openapi", "v1.json");
        if (Environment.GetEnvironmentVariable("PAUTA_UPDATE_OPENAPI") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(committed)!);
            await File.WriteAllTextAsync(committed, served);
        }
        File.Exists(committed).ShouldBeTrue($"{committed} is missing: run the tests once with PAUTA_UPDATE_OPENAPI=1 and commit it");
        Normalise(await File.ReadAllTextAsync(committed)).ShouldBe(served,
            "the API changed: run the tests with PAUTA_UPDATE_OPENAPI=1 to update docs/openapi/v1.json and commit the reviewed diff");
    }

    /// <summary>Indented, with the server list removed (it names the test host's address).</summary>
    private static string Normalise(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node.Remove("servers");
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Pauta.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Pauta.slnx not found above " + AppContext.BaseDirectory);
    }
}
