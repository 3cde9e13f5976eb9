using Pauta.Core.Protocols;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Pauta.Data;
using Pauta.Tests.Shared;
using Pauta.Web.Tests.Infrastructure;

namespace Pauta.Web.Tests.Protocols;

// What the protocol and token tests read back from the API: only the fields they look at.

public sealed record TokenDto(Guid Id, string Name, string Prefix, string Scopes, string CreatedBy, DateTime CreatedAt, DateTime? LastUsedAt,
    DateTime? RevokedAt);

public sealed record CreatedTokenDto(TokenDto Token, string Secret);

public sealed record FileProblemDto(string File, int Line, int Column, string Code, string Message);

public sealed record ImportProblemDto(int Status, string Title, List<FileProblemDto> Problems);

public sealed record ImportedDto(string File, Guid Id, string Title, bool Created);

public sealed record ImportResultDto(List<ImportedDto> Imported, List<string> Skipped);

public sealed record ProtocolSummaryDto(Guid Id, string Title, string Department, string Status, int PublishedVersion);

public sealed record DraftDto(Guid Id, string State, int PublishedVersion, int Version, bool CanPublishByLint, Guid? AuthorUserId);

public sealed record VersionDto(Guid ProtocolId, int Number, string ChangeSize, string ChangeSummary, string PublishedBy, string? ApprovedBy);

/// <summary>The demo app with a clock that stands still until the test moves it, from a fixed working morning.</summary>
public abstract class ClockedApp(DatabaseProvider provider) : PautaApp(provider)
{
    public ManualClock Clock { get; } = new();

    protected override TimeProvider AppClock => Clock;
}

public sealed class SqliteClockedApp() : ClockedApp(DatabaseProvider.Sqlite);

public sealed class PostgresClockedApp() : ClockedApp(DatabaseProvider.Postgres);

public static class ApiTestKit
{
    /// <summary>Creates a token through the API as the signed-in admin and returns its secret.</summary>
    public static async Task<CreatedTokenDto> CreateTokenAsync(this Browser admin, string scopes = "Read, Write", string? name = null)
    {
        var response = await admin.PostJsonAsync("/api/v1/api-tokens", new { name = name ?? $"test {Guid.NewGuid():N}"[..13], scopes });
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<CreatedTokenDto>(Browser.Json))!;
    }

    /// <summary>An API client that presents <paramref name="token"/> and nothing else (no cookies).</summary>
    public static HttpClient WithToken(this PautaApp app, string token)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static async Task<T> GetJsonAsync<T>(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK, $"GET {url}");
        return (await response.Content.ReadFromJsonAsync<T>(Browser.Json))!;
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body, Browser.Json);

    public static Task<HttpResponseMessage> ImportMarkdownAsync(this HttpClient client, string name, string text) =>
        client.PostAsync($"/api/v1/protocols/import?name={Uri.EscapeDataString(name)}", Markdown(text));

    public static Task<HttpResponseMessage> ImportZipAsync(this HttpClient client, byte[] zip) =>
        client.PostAsync("/api/v1/protocols/import", new ByteArrayContent(zip) { Headers = { ContentType = new MediaTypeHeaderValue("application/zip") } });

    public static HttpContent Markdown(string text) =>
        new ByteArrayContent(Encoding.UTF8.GetBytes(text)) { Headers = { ContentType = new MediaTypeHeaderValue("text/markdown") } };

    public static byte[] Zip(params (string Name, byte[] Bytes)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in entries)
            {
                using var stream = archive.CreateEntry(name, CompressionLevel.Optimal).Open();
                stream.Write(bytes);
            }
        }
        return buffer.ToArray();
    }

    public static byte[] Zip(params (string Name, string Text)[] entries) =>
        Zip(entries.Select(e => (e.Name, Encoding.UTF8.GetBytes(e.Text))).ToArray());

    /// <summary>The entries of a zip as name → text, in the zip's order.</summary>
    public static List<(string Name, string Text)> Unzip(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return archive.Entries.Select(e =>
        {
            using var reader = new StreamReader(e.Open(), new UTF8Encoding(false));
            return (e.FullName, reader.ReadToEnd());
        }).ToList();
    }

    /// <summary>A demo protocol file with another title, so importing it makes a new protocol that lints clean in the demo.</summary>
    public static string DemoFileTitled(string title, int index = 1)
    {
        var (_, text) = Pauta.Web.Features.Demo.DemoSeeder.ProtocolFiles().ElementAt(index);
        // The title is the first key, after the format version in a format-2 file.
        var titleStart = text.IndexOf("\ntitle: ", StringComparison.Ordinal);
        titleStart.ShouldBeInRange(3, 20);
        var titleEnd = text.IndexOf('\n', titleStart + 1);
        return text[..titleStart] + "\ntitle: " + title + text[titleEnd..];
    }
}
