using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Pauta.Cli;

/// <summary>
/// `pauta export` and `pauta import`: protocol files to and from a Pauta server through its API, with an API token.
/// Exit codes: 0 done; 1 problems in the files (nothing was sent, or the server refused the files with 422);
/// 2 the server refused the request (no or bad token, missing scope, not found, conflict, too large, server error);
/// 3 the server could not be reached.
/// </summary>
public static class ServerCommands
{
    public const int Ok = 0;
    public const int FileProblems = 1;
    public const int Refused = 2;
    public const int Unreachable = 3;

    public const string TokenVariable = "PAUTA_TOKEN";
    public const string ServerVariable = "PAUTA_SERVER";
    private const string UploadName = "pauta-cli.zip";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record FileProblem(string File, int Line, int Column, string Code, string Message);

    private sealed record Problem(int? Status, string? Title, string? Detail, List<FileProblem>? Problems);

    private sealed record Imported(string File, Guid Id, string Title, bool Created);

    private sealed record ImportResult(List<Imported> Imported, List<string> Skipped);

    // ---------------------------------------------------------------- export

    public static async Task<int> ExportAsync(string? server, string? token, DirectoryInfo? outDir, Guid? id, bool drafts, TextWriter output,
        CancellationToken ct)
    {
        if (Connect(server, token, output) is not { } client) return Refused;
        using (client)
        {
            var dir = outDir ?? new DirectoryInfo(Directory.GetCurrentDirectory());
            var url = id is { } one ? $"api/v1/protocols/{one}/export{(drafts ? "?draft=true" : "")}" : $"api/v1/protocols/export{(drafts ? "?drafts=true" : "")}";
            var (response, failure) = await SendAsync(client, () => new HttpRequestMessage(HttpMethod.Get, url), output, ct);
            if (response is null) return failure;
            using (response)
            {
                if (!response.IsSuccessStatusCode) return await RefusedAsync(response, output, ct);
                var bytes = await response.Content.ReadAsByteArrayAsync(ct);
                var files = id is null
                    ? Unzip(bytes)
                    : [(response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"') ?? $"{id}.md", bytes)];
                dir.Create();
                foreach (var (name, content) in files)
                {
                    // The server names files after titles; a name is never allowed to leave the output folder.
                    var path = Path.Combine(dir.FullName, Path.GetFileName(name));
                    await File.WriteAllBytesAsync(path, content, ct);
                    output.WriteLine($"wrote {Path.GetRelativePath(Directory.GetCurrentDirectory(), path)}");
                }
                output.WriteLine($"{files.Count} protocol file(s) written to {dir.FullName}.");
                return Ok;
            }
        }
    }

    private static List<(string Name, byte[] Bytes)> Unzip(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return archive.Entries.Where(e => !e.FullName.EndsWith('/')).Select(e =>
        {
            using var stream = e.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return (e.FullName, copy.ToArray());
        }).ToList();
    }

    // ---------------------------------------------------------------- import

    /// <summary>
    /// Checks every file offline first (strict UTF-8, the file format, then the linter); any malformed file stops everything
    /// before a byte is sent. The well-formed files then go up as one zip, which the server imports all or nothing.
    /// Lint findings are shown but do not stop the import: they block publishing, and a draft may be unfinished.
    /// </summary>
    public static async Task<int> ImportAsync(string? server, string? token, IReadOnlyList<string> paths, TextWriter output, CancellationToken ct)
    {
        var files = Collect(paths, output, out var missing);
        var texts = LintTexts.For("en");
        var malformed = missing;
        var lintErrors = 0;
        var entries = new List<(string Entry, string Shown, byte[] Bytes)>();
        foreach (var file in files)
        {
            var shown = Path.GetRelativePath(Directory.GetCurrentDirectory(), file.FullName);
            var messages = LintCommand.Check(new FileInfo(file.FullName), texts).Messages.Select(m => m with { File = shown }).ToList();
            foreach (var m in messages) output.WriteLine(LintCommand.Format(m));
            if (messages.Any(m => m.Path is null)) malformed++;
            lintErrors += messages.Count(m => m.Path is not null && m.Severity == "error");
            entries.Add(($"{entries.Count + 1}/{file.Name}", shown, File.ReadAllBytes(file.FullName)));
        }
        if (malformed > 0)
        {
            output.WriteLine($"{malformed} file(s) cannot be read as protocols: nothing was sent.");
            return FileProblems;
        }
        if (entries.Count == 0)
        {
            output.WriteLine("No .md files to import.");
            return FileProblems;
        }

        if (Connect(server, token, output) is not { } client) return Refused;
        using (client)
        {
            var zip = Zip(entries.Select(e => (e.Entry, e.Bytes)));
            var (response, failure) = await SendAsync(client, () => new HttpRequestMessage(HttpMethod.Post, $"api/v1/protocols/import?name={UploadName}")
            {
                Content = new ByteArrayContent(zip) { Headers = { ContentType = new MediaTypeHeaderValue("application/zip") } },
            }, output, ct);
            if (response is null) return failure;
            using (response)
            {
                var shownByEntry = entries.ToDictionary(e => $"{UploadName}/{e.Entry}", e => e.Shown);
                string Local(string file) => shownByEntry.GetValueOrDefault(file, file);
                if (response.StatusCode == HttpStatusCode.UnprocessableEntity &&
                    await ReadAsync<Problem>(response, ct) is { Problems: { Count: > 0 } problems } refused)
                {
                    foreach (var p in problems) output.WriteLine($"{Local(p.File)}:{p.Line}:{p.Column}: error: {p.Code} {p.Message}");
                    output.WriteLine($"The server refused the files: {refused.Title} Nothing was imported.");
                    return FileProblems;
                }
                if (!response.IsSuccessStatusCode) return await RefusedAsync(response, output, ct);
                var result = await ReadAsync<ImportResult>(response, ct) ?? new ImportResult([], []);
                foreach (var i in result.Imported)
                    output.WriteLine($"imported {Local(i.File)} → {i.Title} ({(i.Created ? "new draft" : "draft replaced")}, {i.Id})");
                output.WriteLine($"{result.Imported.Count} file(s) imported as drafts." +
                    (lintErrors > 0 ? $" {lintErrors} lint error(s) must be fixed before publishing." : ""));
                return Ok;
            }
        }
    }

    /// <summary>Files as given and the .md files under folders given, each once, in a stable order.</summary>
    private static List<FileInfo> Collect(IReadOnlyList<string> paths, TextWriter output, out int missing)
    {
        missing = 0;
        var files = new List<FileInfo>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
                files.AddRange(Directory.EnumerateFiles(path, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(f => new FileInfo(f)));
            else if (File.Exists(path))
                files.Add(new FileInfo(path));
            else
            {
                output.WriteLine($"{path}:1:1: error: File.Unreadable no such file or folder");
                missing++;
            }
        }
        return files.DistinctBy(f => f.FullName).ToList();
    }

    private static byte[] Zip(IEnumerable<(string Name, byte[] Bytes)> entries)
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

    // ---------------------------------------------------------------- HTTP

    private static HttpClient? Connect(string? server, string? token, TextWriter output)
    {
        server ??= Environment.GetEnvironmentVariable(ServerVariable);
        token ??= Environment.GetEnvironmentVariable(TokenVariable);
        if (string.IsNullOrWhiteSpace(server) || !Uri.TryCreate(server.TrimEnd('/') + "/", UriKind.Absolute, out var baseUri) ||
            baseUri.Scheme is not ("http" or "https"))
        {
            output.WriteLine($"error: give the server's address with --server or {ServerVariable}, e.g. https://pauta.example.com");
            return null;
        }
        if (string.IsNullOrWhiteSpace(token))
        {
            output.WriteLine($"error: give an API token with --token or {TokenVariable} (an administrator creates one at /settings/api-tokens)");
            return null;
        }
        var client = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Trim());
        client.DefaultRequestHeaders.UserAgent.ParseAdd("pauta-cli");
        return client;
    }

    private static async Task<(HttpResponseMessage? Response, int Failure)> SendAsync(HttpClient client, Func<HttpRequestMessage> request,
        TextWriter output, CancellationToken ct)
    {
        try
        {
            return (await client.SendAsync(request(), ct), Ok);
        }
        catch (HttpRequestException e)
        {
            output.WriteLine($"error: cannot connect to {client.BaseAddress}: {e.Message}");
            return (null, Unreachable);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            output.WriteLine($"error: {client.BaseAddress} did not answer in {client.Timeout.TotalSeconds:0} s");
            return (null, Unreachable);
        }
    }

    private static async Task<int> RefusedAsync(HttpResponseMessage response, TextWriter output, CancellationToken ct)
    {
        var problem = await ReadAsync<Problem>(response, ct);
        var why = problem is null ? response.ReasonPhrase : string.Join(" ", new[] { problem.Title, problem.Detail }.Where(s => !string.IsNullOrWhiteSpace(s)));
        output.WriteLine($"error: the server refused the request: {(int)response.StatusCode} {why}");
        return Refused;
    }

    private static async Task<T?> ReadAsync<T>(HttpResponseMessage response, CancellationToken ct) where T : class
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            return text.Length == 0 ? null : JsonSerializer.Deserialize<T>(text, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
