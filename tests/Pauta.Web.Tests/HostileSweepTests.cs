using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Pauta.Web.Tests.Infrastructure;
using Pauta.Web.Tests.Protocols;
using static Pauta.Web.Tests.Infrastructure.Browser;

namespace Pauta.Web.Tests;

/// <summary>
/// The bad-input sweep: every API body in the committed OpenAPI document, the main form posts and every upload get
/// nulls, wrong types, megabyte strings, long single words and hostile files. Every answer comes within the client's
/// timeout (a hang guard, not a timing goal), none is a 5xx, and the server still answers its health check afterwards.
/// </summary>
public abstract class HostileSweepTests(PautaApp app)
{
    /// <summary>A megabyte without a space: the shape that used to cost the suggester its square.</summary>
    private static readonly string LongWord = string.Concat(Enumerable.Repeat("devolucionaaaa", 75_000));

    /// <summary>A megabyte of ordinary words and sentences.</summary>
    private static readonly string LongText = string.Concat(Enumerable.Repeat("Quiero devolver unos zapatos. ", 35_000));

    /// <summary>What a plain string field holds in a generated body; the sweep replaces exactly these.</summary>
    private const string Sentinel = "texto de prueba";

    /// <summary>The test client's own timeout (HttpClient's default, 100 s): a hang guard, not a timing goal.</summary>
    private static readonly TimeSpan HangGuard = new HttpClient().Timeout;

    private static readonly JsonObject OpenApi = (JsonObject)JsonNode.Parse(
        File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "openapi", "v1.json")))!;

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Pauta.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Pauta.slnx not found above " + AppContext.BaseDirectory);
    }

    private static JsonObject Schemas => (JsonObject)OpenApi["components"]!["schemas"]!;

    private readonly List<string> _failures = [];
    private int _sent;

    private Task<Browser> SignInAsync(string email) => app.SignInAsync(email);

    private async Task SendAsync(HttpClient client, HttpMethod method, string url, HttpContent? content, string what)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        _sent++;
        try
        {
            using var response = await client.SendAsync(request);
            if ((int)response.StatusCode >= 500)
            {
                var body = await response.Content.ReadAsStringAsync();
                _failures.Add($"{(int)response.StatusCode} {method} {url} {what}: {body[..Math.Min(body.Length, 300)]}");
            }
        }
        catch (TaskCanceledException)
        {
            _failures.Add($"no answer within {HangGuard} for {method} {url} {what}");
        }
    }

    private async Task ShouldHaveSurvivedAsync()
    {
        (await app.NewBrowser().GetAsync("/healthz")).StatusCode.ShouldBe(HttpStatusCode.OK, "the server still answers");
        _failures.ShouldBeEmpty(string.Join("\n", _failures));
    }

    // ---------------------------------------------------------------- the API bodies

    private static JsonObject Resolve(JsonNode schema)
    {
        var s = (JsonObject)schema;
        if (s["$ref"] is { } reference) return Resolve(Schemas[reference.GetValue<string>().Split('/')[^1]]!);
        if (s["oneOf"] is JsonArray oneOf) return Resolve(oneOf.First(o => o!["type"]?.ToString() != "null")!);
        return s;
    }

    private static string Kind(JsonObject s)
    {
        if (s["enum"] is not null) return "enum";
        var type = s["type"] switch
        {
            JsonArray types => types.Select(t => t!.GetValue<string>()).FirstOrDefault(t => t != "null" && t != "string")
                               ?? types.Select(t => t!.GetValue<string>()).FirstOrDefault(t => t != "null"),
            JsonValue one => one.GetValue<string>(),
            _ => null,
        };
        return type ?? (s["properties"] is not null || s["additionalProperties"] is not null ? "object" : "string");
    }

    /// <summary>Flags enums, which the document describes as plain strings, and a value each takes.</summary>
    private static readonly Dictionary<string, string> Flags = new() { ["Channels"] = "Phone", ["SubChannels"] = "Chat", ["ApiScopes"] = "Read, Write" };

    /// <summary>A plausible body: enums and formats valid, every plain string the sentinel, lists of one.</summary>
    private static JsonNode? Valid(JsonNode schema, int depth = 0)
    {
        if (schema["oneOf"] is JsonArray oneOf) return Valid(oneOf.First(o => o!["type"]?.ToString() != "null")!, depth);
        if (schema["$ref"]?.GetValue<string>().Split('/')[^1] is { } referenced && Flags.TryGetValue(referenced, out var flags))
            return JsonValue.Create(flags);
        var s = Resolve(schema);
        switch (Kind(s))
        {
            case "enum": return JsonValue.Create(s["enum"]!.AsArray()[0]!.ToString());
            case "integer": case "number": return JsonValue.Create(1);
            case "boolean": return JsonValue.Create(true);
            case "array": return depth > 3 ? new JsonArray() : new JsonArray(Valid(s["items"]!, depth + 1));
            case "object":
                var o = new JsonObject();
                if (depth > 4) return o;
                foreach (var (name, property) in s["properties"]?.AsObject() ?? [])
                    o[name] = Valid(property!, depth + 1);
                if (s["additionalProperties"] is JsonObject extra) o["Monday"] = Valid(extra, depth + 1);
                return o;
            default:
                return s["format"]?.ToString() switch
                {
                    "uuid" => JsonValue.Create(Guid.NewGuid()),
                    "date" => JsonValue.Create("2026-03-02"),
                    "date-time" => JsonValue.Create("2026-03-02T10:00:00Z"),
                    "time" => JsonValue.Create("10:00:00"),
                    "duration" => JsonValue.Create("00:05:00"),
                    _ => JsonValue.Create(Sentinel),
                };
        }
    }

    /// <summary>Every property null, lists included.</summary>
    private static JsonNode AllNull(JsonNode schema)
    {
        var o = new JsonObject();
        foreach (var (name, _) in Resolve(schema)["properties"]?.AsObject() ?? []) o[name] = null;
        return o;
    }

    /// <summary>Every property null except lists, which hold a null and an object of nulls.</summary>
    private static JsonNode NullsInside(JsonNode schema, int depth = 0)
    {
        var s = Resolve(schema);
        var o = new JsonObject();
        foreach (var (name, property) in s["properties"]?.AsObject() ?? [])
        {
            var p = Resolve(property!);
            o[name] = depth < 3 && Kind(p) == "array" && Kind(Resolve(p["items"]!)) == "object"
                ? new JsonArray(null, NullsInside(p["items"]!, depth + 1))
                : depth < 3 && Kind(p) == "array" ? new JsonArray((JsonNode?)null) : null;
        }
        if (s["additionalProperties"] is not null) o["Monday"] = null;
        return o;
    }

    /// <summary>Every property of the wrong JSON type.</summary>
    private static JsonNode WrongTypes(JsonNode schema)
    {
        var s = Resolve(schema);
        var o = new JsonObject();
        foreach (var (name, property) in s["properties"]?.AsObject() ?? [])
            o[name] = Kind(Resolve(property!)) switch
            {
                "string" => JsonValue.Create(12345),
                "enum" => JsonValue.Create("NoSuchValue"),
                "integer" or "number" => JsonValue.Create("not a number"),
                "boolean" => JsonValue.Create("maybe"),
                "array" => new JsonObject { ["a"] = 1 },
                _ => new JsonArray(1, 2),
            };
        if (s["additionalProperties"] is not null) o["Monday"] = new JsonArray(1);
        return o;
    }

    /// <summary>The sentinel strings of <paramref name="node"/>, as setters that put another value in their place.</summary>
    private static List<Action<JsonNode?>> SentinelSlots(JsonNode? node)
    {
        var slots = new List<Action<JsonNode?>>();
        void Walk(JsonNode? n)
        {
            switch (n)
            {
                case JsonObject o:
                    foreach (var key in o.Select(p => p.Key).ToList())
                    {
                        if (o[key] is JsonValue v && v.ToString() == Sentinel) slots.Add(x => o[key] = x);
                        else Walk(o[key]);
                    }
                    break;
                case JsonArray a:
                    for (var i = 0; i < a.Count; i++)
                    {
                        var index = i;
                        if (a[i] is JsonValue v && v.ToString() == Sentinel) slots.Add(x => a[index] = x);
                        else Walk(a[i]);
                    }
                    break;
            }
        }
        Walk(node);
        return slots;
    }

    /// <summary>The hostile bodies for one schema, each with a label for the failure message.</summary>
    private static IEnumerable<(string Label, string Json)> HostileBodies(JsonNode schema)
    {
        yield return ("null", "null");
        yield return ("[]", "[]");
        yield return ("{}", "{}");
        yield return ("a string", "\"x\"");
        yield return ("a number", "12");
        yield return ("broken", "{ \"a\": ");
        yield return ("all null", AllNull(schema).ToJsonString());
        yield return ("nulls inside lists", NullsInside(schema).ToJsonString());
        var valid = Valid(schema)!;
        foreach (var slot in SentinelSlots(valid)) slot(null);
        yield return ("every string null in a plausible body", valid.ToJsonString());
        yield return ("wrong types", WrongTypes(schema).ToJsonString());
        var count = SentinelSlots(Valid(schema)).Count;
        for (var i = 0; i < count; i++)
        {
            var body = Valid(schema);
            SentinelSlots(body)[i](JsonValue.Create(LongWord));
            yield return ($"a 1 MB word in string #{i}", body!.ToJsonString());
        }
        var words = Valid(schema);
        foreach (var slot in SentinelSlots(words)) slot(JsonValue.Create(LongText[..(64 * 1024)]));
        yield return ("64 KB of words in every string", words!.ToJsonString());
        if (count > 0)
        {
            var text = Valid(schema);
            SentinelSlots(text)[0](JsonValue.Create(LongText));
            yield return ("a 1 MB text in the first string", text!.ToJsonString());
        }
    }

    private async Task<Dictionary<string, string>> IdsAsync(Browser owner, Browser agent)
    {
        var departments = await owner.GetJsonAsync<JsonArray>("/api/v1/departments");
        var positions = await owner.GetJsonAsync<JsonArray>("/api/v1/positions");
        var people = await owner.GetJsonAsync<JsonArray>("/api/v1/people");
        var protocol = await app.ProtocolIdAsync(ProtocolScenarios.DemoReturns);
        var customer = await agent.PostJsonAsync("/api/v1/customers", new { name = "Cliente de barrido" });
        await customer.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var contact = await agent.PostJsonAsync("/api/v1/contacts",
            new { id = Guid.NewGuid(), channel = "Phone", reason = "quiero devolver unos zapatos", protocolId = protocol });
        await contact.ShouldHaveStatusAsync(HttpStatusCode.Created);
        return new Dictionary<string, string>
        {
            ["departments"] = departments[0]!["id"]!.ToString(),
            ["positions"] = positions[0]!["id"]!.ToString(),
            ["people"] = people.First(p => p!["role"]!.ToString() == "Agent")!["id"]!.ToString(),
            ["protocols"] = protocol.ToString(),
            ["customers"] = JsonNode.Parse(await customer.Content.ReadAsStringAsync())!["id"]!.ToString(),
            ["contacts"] = JsonNode.Parse(await contact.Content.ReadAsStringAsync())!["id"]!.ToString(),
        };
    }

    [Fact]
    public async Task Every_api_body_with_nulls_wrong_types_megabyte_strings_and_long_words_gets_an_answer_below_500()
    {
        var owner = await SignInAsync(Demo.Owner);
        var manager = await SignInAsync(Demo.Manager);
        var agent = await SignInAsync(Demo.Agent);
        var ids = await IdsAsync(owner, agent);
        var operations = 0;

        foreach (var (path, item) in OpenApi["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (operation!["requestBody"]?["content"]?["application/json"]?["schema"] is not { } schema) continue;
                operations++;
                var tag = operation["tags"]![0]!.ToString();
                var client = tag switch { "Protocols" => manager, "Contacts" or "Customers" => agent, _ => owner };
                var resource = path.Split('/')[3];
                var url = path.Replace("{id}", ids.GetValueOrDefault(resource, Guid.NewGuid().ToString()))
                    .Replace("{number}", "1");
                // The plausible body must bind, or the hostile values in it would never reach the code behind.
                var plausible = Valid(schema)!.ToJsonString();
                using (var response = await client.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url)
                           { Content = new StringContent(plausible, Encoding.UTF8, "application/json") }))
                {
                    var answer = await response.Content.ReadAsStringAsync();
                    var problem = response.StatusCode == HttpStatusCode.BadRequest ? JsonNode.Parse(answer)?["errors"]?.AsObject() : null;
                    foreach (var (field, messages) in problem ?? [])
                        if (messages!.AsArray().Any(m => m!.ToString() == Text.Es("Binding.InvalidField", field)))
                            _failures.Add($"the plausible body of {method} {path} does not bind at {field}: {plausible}");
                }
                foreach (var (label, json) in HostileBodies(schema))
                    await SendAsync(client.Client, new HttpMethod(method.ToUpperInvariant()), url,
                        new StringContent(json, Encoding.UTF8, "application/json"), label);
            }
        }

        operations.ShouldBeGreaterThan(20, "the sweep read the OpenAPI document");
        _sent.ShouldBeGreaterThan(operations * 10, "each body got every kind of hostile value");
        await ShouldHaveSurvivedAsync();
    }

    // ---------------------------------------------------------------- the form posts

    public static TheoryData<string, string> Forms => new()
    {
        { "", "/account/signup" },
        { "", "/account/signin" },
        { "", "/account/forgot-password" },
        { Demo.Agent, "/contacts/new" },
        { Demo.Agent, "/customers/new" },
        { Demo.Owner, "/departments" },
        { Demo.Owner, "/positions" },
        { Demo.Admin, "/settings/hours" },
        { Demo.Admin, "/settings" },
        { Demo.Admin, "/settings/api-tokens" },
        { Demo.Manager, "/protocols/new" },
        { Demo.Manager, "/protocols/transfer" },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task Every_form_with_missing_fields_wrong_types_megabyte_strings_and_long_words_gets_an_answer_below_500(string who, string url)
    {
        var browser = who.Length == 0 ? app.NewBrowser() : await SignInAsync(who);
        var page = await browser.GetPageAsync(url);
        page.ShouldHaveStatus(HttpStatusCode.OK, url);
        var forms = page.Document.QuerySelectorAll("form[method='post']").ToList();
        forms.ShouldNotBeEmpty(url);

        foreach (var form in forms)
        {
            var action = form.GetAttribute("action") is { Length: > 0 } a ? a : url;
            var fields = Page.FieldsOf(form);
            var token = fields.Where(f => f.Key == AntiforgeryField).ToList();
            var names = fields.Where(f => f.Key != AntiforgeryField).Select(f => f.Key).Distinct().ToList();
            if (names.Count == 0) names = ["Input.Name"];
            var variants = new (string Label, Func<string, string?> Value)[]
            {
                ("missing", _ => null),
                ("wrong types", _ => "\u0001not-a-guid-or-number\u0000"),
                ("a 1 MB word", _ => LongWord),
                ("64 KB of words", _ => LongText[..(64 * 1024)]),
            };
            foreach (var (label, value) in variants)
            {
                var posted = token.Concat(names.Select(n => (n, value(n))).Where(p => p.Item2 is not null)
                    .Select(p => new KeyValuePair<string, string>(p.n, p.Item2!))).ToList();
                // Sent as multipart, the way a browser sends the upload form and any form with a file.
                HttpContent content = form.GetAttribute("enctype") == "multipart/form-data"
                    ? Multipart(posted)
                    : new FormUrlEncodedContent(posted);
                await SendAsync(browser.Client, HttpMethod.Post, action, content, $"{label} ({string.Join(", ", names.Take(8))})");
            }
        }

        await ShouldHaveSurvivedAsync();
    }

    private static MultipartFormDataContent Multipart(IEnumerable<KeyValuePair<string, string>> fields)
    {
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields) content.Add(new StringContent(value), name);
        return content;
    }

    // ---------------------------------------------------------------- the uploads

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] ZipOf(params (string Name, byte[] Bytes)[] entries)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, bytes) in entries)
            {
                using var stream = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                stream.Write(bytes);
            }
        return memory.ToArray();
    }

    /// <summary>Files meant to hurt a parser. (Front matter nested tens of thousands deep is the parsers' own fuzz corpus.)</summary>
    private static IEnumerable<(string Label, string Name, byte[] Bytes)> HostileFiles()
    {
        var valid = ApiTestKit.DemoFileTitled(ProtocolScenarios.DemoReturns);
        yield return ("empty", "vacio.md", []);
        yield return ("binary", "ruido.md", [.. Enumerable.Range(0, 70_000).Select(i => (byte)(i * 7919 % 256))]);
        yield return ("not UTF-8", "latin1.md", [0x2D, 0x2D, 0x2D, 0x0A, 0xE9, 0xE8, 0xFF, 0xFE, 0x0A]);
        yield return ("a 1 MB line", "linea.md", Bytes("---\ntitle: " + LongWord[..(900 * 1024)] + "\n---\n"));
        yield return ("a 1 MB word in the body", "palabra.md", Bytes(valid + "\n" + LongWord[..(900 * 1024)] + "\n"));
        yield return ("front matter nested 200 deep", "anidado.md", Bytes("---\ntitle: " + new string('[', 200) + new string(']', 200) + "\n---\n"));
        yield return ("only a fence", "valla.md", Bytes("---\n"));
        yield return ("unclosed quotes", "comillas.md", Bytes("---\ntitle: \"sin cerrar\nsteps:\n  - key: 'a\n---\n"));
        yield return ("a truncated zip", "roto.zip", ZipOf(("a.md", Bytes(valid)))[..40]);
        yield return ("a zip of nothing", "nada.zip", ZipOf());
        yield return ("a zip escaping its folder", "fuga.zip", ZipOf(("../../fuera.md", Bytes(valid)), ("/abs.md", Bytes(valid))));
        yield return ("a zip of 600 files", "muchos.zip", ZipOf([.. Enumerable.Range(0, 600).Select(i => ($"p{i}.md", Bytes("x")))]));
        yield return ("a zip bomb", "bomba.zip", ZipOf(("bomba.md", new byte[64 * 1024 * 1024])));
        yield return ("a zip inside a zip", "dentro.zip", ZipOf(("otro.zip", ZipOf(("a.md", Bytes(valid))))));
    }

    [Fact]
    public async Task Every_upload_of_a_hostile_file_gets_an_answer_below_500_and_imports_nothing()
    {
        var manager = await SignInAsync(Demo.Manager);
        var before = await manager.GetJsonAsync<JsonArray>("/api/v1/protocols");

        foreach (var (label, name, bytes) in HostileFiles())
        {
            var type = name.EndsWith(".zip", StringComparison.Ordinal) ? "application/zip" : "text/markdown";
            await SendAsync(manager.Client, HttpMethod.Post, $"/api/v1/protocols/import?name={Uri.EscapeDataString(name)}",
                new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue(type) } }, label);

            var multipart = new MultipartFormDataContent { { new ByteArrayContent(bytes), "files", name } };
            await SendAsync(manager.Client, HttpMethod.Post, "/api/v1/protocols/import", multipart, label + " (multipart)");

            var token = await manager.GetAntiforgeryTokenAsync("/protocols/transfer");
            var upload = new MultipartFormDataContent
            {
                { new StringContent(token), AntiforgeryField },
                { new ByteArrayContent(bytes), "files", name },
                { new ByteArrayContent(bytes), "files", "..\\..\\" + name },
            };
            await SendAsync(manager.Client, HttpMethod.Post, "/protocols/transfer", upload, label + " (upload page)");
        }

        await ShouldHaveSurvivedAsync();
        (await manager.GetJsonAsync<JsonArray>("/api/v1/protocols")).Count.ShouldBe(before.Count, "nothing hostile was imported");
    }

    [Fact]
    public async Task Every_hostile_file_sent_as_a_step_image_gets_an_answer_below_500_and_stores_nothing()
    {
        var manager = await SignInAsync(Demo.Manager);
        var before = await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(
            Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.IgnoreQueryFilters(db.MediaFiles)));
        var images = new (string Label, string Name, byte[] Bytes)[]
        {
            ("svg", "logo.png", Bytes(Pauta.Tests.Shared.TestImages.Svg)),
            ("a png claiming 8000×8000 over a few bytes", "big.png", Pauta.Tests.Shared.TestImages.PngWith(8000, 8000, Pauta.Tests.Shared.TestImages.RgbRows(2, 2))),
            // 48 MB of pixels deflated to a few hundred kB, behind a header that declares a quarter of that.
            ("a png bomb", "bomb.png", Pauta.Tests.Shared.TestImages.PngWith(2000, 2000, Pauta.Tests.Shared.TestImages.RgbRows(8000, 2000))),
        };

        foreach (var (label, name, bytes) in HostileFiles().Concat(images))
        {
            var multipart = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", name } };
            await SendAsync(manager.Client, HttpMethod.Post, "/api/v1/media", multipart, label + " (image)");
            await SendAsync(manager.Client, HttpMethod.Post, "/api/v1/media",
                new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } }, label + " (image body)");
        }

        await ShouldHaveSurvivedAsync();
        (await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(
            Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.IgnoreQueryFilters(db.MediaFiles)))).ShouldBe(before, "nothing hostile was stored");
    }
}

public sealed class HostileSweepOnSqlite(SqliteApp app) : HostileSweepTests(app), IClassFixture<SqliteApp>;

public sealed class HostileSweepOnPostgres(PostgresApp app) : HostileSweepTests(app), IClassFixture<PostgresApp>;
