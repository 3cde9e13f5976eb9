using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pauta.Web.Tests.Infrastructure;

namespace Pauta.Web.Tests.WholeApp;

/// <summary>
/// Requests everything a role can reach on a running Pauta: every GET route the app maps (pages and documents) and
/// every GET in its OpenAPI document, with the ids that exist right now, then every local link found on the pages it
/// got. Records each answer of 500 or more with the role and the URL. Each URL shape (ids replaced) is requested
/// once, and once more for each id a journey touched that it names; documents (PDFs, zips, protocol files, the audit
/// bundle) once per sweep, by the first role allowed them.
/// </summary>
public sealed partial class Sweep(PautaApp app)
{
    private const int PerShape = 1;
    private const int MaxPerRole = 400;

    private static readonly string[] NeverRequested = ["/account/signout", "/account/language", "/hubs/", "/status/", "/css/", "/js/", "/lib/", "/_"];

    /// <summary>Ids a journey created or moved: URLs naming them are always requested, however many of their shape were.</summary>
    public HashSet<string> Touched { get; } = [];

    /// <summary>Survey tokens handed out so far (the only route values that are not ids in the database).</summary>
    public List<string> SurveyTokens { get; } = [];

    public ConcurrentBag<string> Failures { get; } = [];

    /// <summary>Time spent per URL shape, to keep the sweep fast where it matters.</summary>
    public ConcurrentDictionary<string, (int Count, double Milliseconds)> Cost { get; } = new();

    public int Requests => _requests;
    private int _requests;

    // Documents cost up to seconds each and do not depend on who asks: each is made once per sweep (whatever its query), by the first role allowed it.
    private readonly ConcurrentDictionary<string, bool> _documentsDone = new();

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex GuidPattern();

    [GeneratedRegex("/[0-9]+(?=/|$)")]
    private static partial Regex NumberSegment();

    [GeneratedRegex(@"\{([^}:?]+)[^}]*\}")]
    private static partial Regex Parameter();

    /// <summary>Every role's sweep after <paramref name="journey"/>, all roles at once.</summary>
    public async Task RunAsync(string journey, IReadOnlyDictionary<string, HttpClient> roles)
    {
        var ids = await ExistingIdsAsync();
        var routes = await RouteUrlsAsync(ids);
        _documentsDone.Clear();
        await Task.WhenAll(roles.Select(r => RunRoleAsync(journey, r.Key, r.Value, routes)));
    }

    private async Task RunRoleAsync(string journey, string role, HttpClient client, IReadOnlyList<string> start)
    {
        var seen = new HashSet<string>();
        var perShape = new Dictionary<string, int>();
        var queue = new Queue<string>(start);
        var done = 0;
        while (queue.Count > 0 && done < MaxPerRole)
        {
            var url = queue.Dequeue();
            if (!seen.Add(url)) continue;
            // One URL of each shape, and one more for each id a journey touched that it names.
            var shape = Shape(url) + "|" + Touched.FirstOrDefault(t => url.Contains(t, StringComparison.OrdinalIgnoreCase));
            var count = perShape.GetValueOrDefault(shape);
            if (count >= PerShape) continue;
            perShape[shape] = count + 1;
            var path = url.Split('?')[0];
            if (IsDocument(path) && _documentsDone.ContainsKey(path)) continue;
            done++;
            Interlocked.Increment(ref _requests);

            HttpResponseMessage response;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                response = await client.GetAsync(url);
                Cost.AddOrUpdate(shape, (1, clock.Elapsed.TotalMilliseconds), (_, c) => (c.Count + 1, c.Milliseconds + clock.Elapsed.TotalMilliseconds));
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or IOException)
            {
                Failures.Add($"after {journey}: {role} GET {url} → the server failed without answering: {e.GetType().Name}: {e.Message}");
                continue;
            }
            using (response)
            {
                // Made once: a role refused it (401, 403) leaves it to the next role that may have it.
                if (response.IsSuccessStatusCode && IsDocument(path)) _documentsDone.TryAdd(path, true);
                var body = await response.Content.ReadAsStringAsync();
                if ((int)response.StatusCode >= 500)
                {
                    var text = body.Length == 0 ? "(empty body)" : Regex.Replace(Browser.Parse(body).Body?.TextContent ?? body, @"\s+", " ").Trim();
                    Failures.Add($"after {journey}: {role} GET {url} → {(int)response.StatusCode} {text[..Math.Min(text.Length, 160)]}");
                    continue;
                }
                if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/html") continue;
                foreach (var link in Links(body))
                    if (!seen.Contains(link)) queue.Enqueue(link);
            }
        }
    }

    /// <summary>PDFs, zips, protocol files and the audit bundle: up to seconds each, and the same whoever may have them.</summary>
    private static bool IsDocument(string path) =>
        path.EndsWith("pdf", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".md", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith("/protocols/export", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith("/audit/export", StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<string> Links(string html)
    {
        var document = Browser.Parse(html);
        foreach (var a in document.QuerySelectorAll("a[href]"))
        {
            var href = a.GetAttribute("href")!;
            var hash = href.IndexOf('#');
            if (hash >= 0) href = href[..hash];
            if (!href.StartsWith('/') || href.StartsWith("//", StringComparison.Ordinal) || href.StartsWith("/\\", StringComparison.Ordinal)) continue;
            if (NeverRequested.Any(n => href.StartsWith(n, StringComparison.OrdinalIgnoreCase))) continue;
            yield return System.Net.WebUtility.HtmlDecode(href);
        }
    }

    private static string Shape(string url)
    {
        var q = url.IndexOf('?');
        var path = q < 0 ? url : url[..q];
        path = NumberSegment().Replace(GuidPattern().Replace(path, "{id}"), "/{n}");
        var keys = q < 0 ? "" : string.Join('&', url[(q + 1)..].Split('&').Select(p => p.Split('=')[0]).Order(StringComparer.Ordinal));
        return path + "?" + keys;
    }

    /// <summary>The ids a URL template can be filled with, by the word before the parameter.</summary>
    private sealed record Ids(Dictionary<string, List<string>> ByKind, Dictionary<string, List<int>> Versions);

    private async Task<Ids> ExistingIdsAsync() => await app.WithDbAsync(async db =>
    {
        static List<string> S(IEnumerable<Guid> ids) => ids.Select(i => i.ToString()).ToList();
        var byKind = new Dictionary<string, List<string>>
        {
            ["protocols"] = S(await db.Protocols.IgnoreQueryFilters().OrderBy(p => p.CreatedAt).Select(p => p.Id).ToListAsync()),
            ["contacts"] = S(await db.Contacts.IgnoreQueryFilters().OrderBy(c => c.StartedAt).Select(c => c.Id).ToListAsync()),
            ["customers"] = S(await db.Customers.IgnoreQueryFilters().OrderBy(c => c.CreatedAt).Select(c => c.Id).ToListAsync()),
            ["people"] = S(await db.Members.IgnoreQueryFilters().Select(m => m.Id).ToListAsync()),
            ["departments"] = S(await db.Departments.IgnoreQueryFilters().Select(d => d.Id).ToListAsync()),
            ["positions"] = S(await db.Positions.IgnoreQueryFilters().Select(p => p.Id).ToListAsync()),
            ["sites"] = S(await db.Sites.IgnoreQueryFilters().Select(s => s.Id).ToListAsync()),
            ["calendars"] = S(await db.ServiceCalendars.IgnoreQueryFilters().Select(c => c.Id).ToListAsync()),
            ["survey"] = SurveyTokens.ToList(),
            ["courses"] = S(await db.Courses.IgnoreQueryFilters().Select(c => c.ProtocolId).ToListAsync()),
            ["attempts"] = S(await db.QuizAttempts.IgnoreQueryFilters().Select(a => a.Id).ToListAsync()),
            ["lessons"] = ["overview", "changes", "quiz", "no-such-lesson"],
        };
        // A well-formed id that names nothing: must be a 404, never a 500.
        foreach (var list in byKind.Values) list.Add(Guid.Empty.ToString());
        var versions = (await db.ProtocolVersions.IgnoreQueryFilters().Select(v => new { v.ProtocolId, v.Number }).ToListAsync())
            .GroupBy(v => v.ProtocolId.ToString())
            .ToDictionary(g => g.Key, g => g.Select(v => v.Number).Order().ToList());
        return new Ids(byKind, versions);
    });

    /// <summary>Every GET route the app maps outside the API, and every GET of the OpenAPI document, filled in.</summary>
    private async Task<List<string>> RouteUrlsAsync(Ids ids)
    {
        var templates = new List<string>();
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods;
            if (methods is not null && !methods.Contains("GET")) continue;
            var template = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            if (template.StartsWith("/api/", StringComparison.Ordinal)) continue;
            if (NeverRequested.Any(n => template.StartsWith(n, StringComparison.OrdinalIgnoreCase) || template == n.TrimEnd('/'))) continue;
            templates.Add(template);
        }

        using var anonymous = app.CreateClient();
        var document = await anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            if (!path.Value.TryGetProperty("get", out var get)) continue;
            templates.Add(path.Name);
            // Once more with every query parameter it takes filled in.
            var query = new List<string>();
            if (get.TryGetProperty("parameters", out var parameters))
                foreach (var p in parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query"))
                    if (QueryValue(p.GetProperty("name").GetString()!, ids) is { } value)
                        query.Add($"{p.GetProperty("name").GetString()}={Uri.EscapeDataString(value)}");
            if (query.Count > 0) templates.Add(path.Name + "?" + string.Join('&', query));
        }

        var urls = new List<string> { "/healthz" };
        foreach (var template in templates.Distinct())
            urls.AddRange(Fill(template, ids));
        // The insights pages with every query parameter they take (pages, not API: the OpenAPI document does not list them).
        foreach (var protocol in Pick(ids.ByKind["protocols"]))
        {
            var person = Pick(ids.ByKind["people"]).First();
            var department = Pick(ids.ByKind["departments"]).First();
            var filters = $"from=2026-01-01&to=2026-12-31&department={department}&channel=Phone&protocol={protocol}&version=1&team={person}&agent={person}";
            urls.Add($"/insights?{filters}");
            urls.Add($"/insights?{filters}&format=csv&table=daily");
            urls.Add($"/insights/protocol?{filters}&a=1&b=2");
            urls.Add($"/insights/protocol?{filters}&a=1&b=2&format=csv&table=compare");
            urls.Add($"/insights/contacts?{filters}&metric=StepSkipped&step=saludo&reason=x&plan=p&answer=0&score=1&day=2026-03-03&page=2");
            urls.Add($"/insights/contacts?{filters}&metric=BranchTaken&step=saludo&answer=1&format=csv");
        }
        urls.Add("/insights/alerts");
        return urls.Distinct().ToList();
    }

    private string? QueryValue(string name, Ids ids) => name switch
    {
        "reason" => "quiero devolver unos zapatos que me quedaron chicos",
        "q" => "devolución",
        "channel" => "Phone",
        "includeArchived" or "drafts" or "draft" => "true",
        "limit" or "max" or "page" => "5",
        "v" or "at" or "version" => "1",
        "protocolId" => Pick(ids.ByKind["protocols"]).FirstOrDefault(),
        "memberId" or "agentMemberId" or "agent" or "person" => Pick(ids.ByKind["people"]).FirstOrDefault(),
        "departmentId" => Pick(ids.ByKind["departments"]).FirstOrDefault(),
        "positionId" => Pick(ids.ByKind["positions"]).FirstOrDefault(),
        "mine" => "true",
        "state" => "Overdue",
        "since" => "2020-01-01T00:00:00Z",
        "until" => "2040-01-01T00:00:00Z",
        "from" => "2020-01-01",
        "to" => "2040-01-01",
        _ => null,
    };

    /// <summary>The touched ids of a kind first, then the first few others.</summary>
    private IEnumerable<string> Pick(List<string> all) =>
        all.Where(Touched.Contains).Concat(all.Where(i => !Touched.Contains(i)).Take(1)).Concat(all.TakeLast(1)).Distinct();

    private IEnumerable<string> Fill(string template, Ids ids)
    {
        var segments = template.Split('/');
        var partial = new List<(string Url, string? Protocol)> { ("", null) };
        for (var i = 1; i < segments.Length; i++)
        {
            var segment = segments[i];
            var match = Parameter().Match(segment);
            if (!match.Success)
            {
                partial = partial.Select(p => (p.Url + "/" + segment, p.Protocol)).ToList();
                continue;
            }
            var kind = i > 1 ? segments[i - 1] : "";
            var next = new List<(string, string?)>();
            foreach (var (url, protocol) in partial)
            {
                IEnumerable<string> values = kind switch
                {
                    "v" or "versions" when protocol is not null =>
                        ids.Versions.GetValueOrDefault(protocol) is { Count: > 0 } numbers ? [numbers[0].ToString(), numbers[^1].ToString(), "999"] : ["1"],
                    _ when ids.ByKind.TryGetValue(kind, out var list) => Pick(list),
                    _ => [],
                };
                foreach (var value in values)
                    next.Add((url + "/" + segment.Replace(match.Value, value), kind == "protocols" ? value : protocol));
            }
            partial = next;
        }
        return partial.Select(p => p.Url.Length == 0 ? "/" : p.Url);
    }
}
