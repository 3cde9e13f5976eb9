using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Pauta.Core.Protocols;
using Pauta.Web.Tests.Infrastructure;
using Pauta.Web.Tests.Protocols;
using static Pauta.Web.Tests.Infrastructure.Browser;

namespace Pauta.Web.Tests;

/// <summary>
/// Input meant to hurt: limits are checked before any work, broken bodies get a 400 that says why, nulls are named,
/// credentials are looked at before content types, and an address a browser reads as another site is never a link.
/// </summary>
public abstract class HostileInputTests(PautaApp app)
{
    /// <summary>A megabyte of one word: the suggester used to spend about half an hour on it.</summary>
    private static readonly string MegabyteWord = string.Concat(Enumerable.Repeat("devolucionaaaa", 75_000));

    private Task<int> ContactCountAsync() => app.WithDbAsync(db => db.Contacts.IgnoreQueryFilters().CountAsync());

    private Task<int> ProtocolCountAsync() => app.WithDbAsync(db => db.Protocols.IgnoreQueryFilters().CountAsync());

    [Fact]
    public async Task A_megabyte_reason_is_refused_beside_the_field_before_any_suggestion_and_no_contact_starts()
    {
        var before = await ContactCountAsync();
        var agent = await app.SignInAsync(Demo.Agent);
        var returns = await app.ProtocolIdAsync(ProtocolScenarios.DemoReturns);
        var form = (await agent.GetPageAsync("/contacts/new")).Document.QuerySelector("#start-contact")!;

        var fields = Page.FieldsOf(form);
        fields.RemoveAll(f => f.Key is "Input.Channel" or "Input.Reason" or "Input.OtherProtocolId" or "Input.ProtocolId");
        fields.AddRange(Form(("Input.Channel", "Phone"), ("Input.Reason", MegabyteWord), ("Input.OtherProtocolId", returns.ToString())));
        var page = await agent.PostFormAsync("/contacts/new", fields);

        page.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
        page.FieldError("Input.Reason").ShouldBe(Text.Es("Field.TooLong", 2000));
        page.Document.QuerySelector("#suggestion-0").ShouldBeNull("no suggestion is worked out for a reason that cannot be used");

        var api = await agent.PostJsonAsync("/api/v1/contacts",
            new { id = Guid.NewGuid(), channel = "Phone", reason = MegabyteWord, protocolId = returns });
        (await api.ShouldBeValidationProblemAsync("reason")).Errors!["reason"].ShouldBe([Text.Es("Field.TooLong", 2000)]);

        var suggestions = await agent.GetAsync($"/api/v1/contacts/suggestions?reason={new string('a', 2001)}");
        (await suggestions.ShouldBeValidationProblemAsync("reason")).Errors!["reason"].ShouldBe([Text.Es("Field.TooLong", 2000)]);
        (await agent.GetAsync("/api/v1/contacts/suggestions?reason=quiero%20devolver")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await ContactCountAsync()).ShouldBe(before);
    }

    private static HttpContent Multipart(string contentType, string body)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    public static TheoryData<string, string> BrokenMultiparts => new()
    {
        { "multipart/form-data", "--x\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.md\"\r\n\r\nhola\r\n--x--\r\n" },
        { "multipart/form-data; boundary=", "--\r\n\r\n" },
        { "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.md\"\r\n\r\nhola" },
        { "multipart/form-data; boundary=x", "no framing at all" },
        { "multipart/form-data; boundary=x", "--x\r\nbroken header without colon\r\n\r\nhola\r\n--x--\r\n" },
    };

    [Theory]
    [MemberData(nameof(BrokenMultiparts))]
    public async Task A_multipart_body_without_a_boundary_or_with_broken_framing_gets_400_and_imports_nothing(string contentType, string body)
    {
        var before = await ProtocolCountAsync();
        var manager = await app.SignInAsync(Demo.Manager);

        var api = await manager.Client.PostAsync("/api/v1/protocols/import", Multipart(contentType, body));
        var problem = await api.ShouldBeProblemAsync(HttpStatusCode.BadRequest, contentType);
        problem.Title.ShouldBe(Text.Es("Error.BadRequest"));

        // The upload page: the same body (the antiforgery token cannot even be read from it) is a 400 page, not a 500.
        var page = await manager.Client.PostAsync("/protocols/transfer", Multipart(contentType, body));
        page.StatusCode.ShouldBe(HttpStatusCode.BadRequest, contentType);

        (await ProtocolCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Credentials_are_checked_before_the_content_type()
    {
        var admin = await app.SignInAsync(Demo.Admin);
        var readOnly = app.WithToken((await admin.CreateTokenAsync("Read")).Secret);
        var readWrite = app.WithToken((await admin.CreateTokenAsync("Read, Write")).Secret);
        var anonymous = app.NewBrowser().Client;
        HttpContent Plain() => new StringContent("hola", Encoding.UTF8, "text/plain");
        HttpContent Json() => new StringContent("{\"title\": \"x\"}", Encoding.UTF8, "application/json");

        // Nobody: 401 whatever was sent, before anyone looks at what it is.
        foreach (var (url, content) in new[] { ("/api/v1/protocols", Plain()), ("/api/v1/departments", Plain()), ("/api/v1/protocols/import", Json()) })
        {
            var problem = await (await anonymous.PostAsync(url, content)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, url);
            problem.Title.ShouldNotBeNullOrWhiteSpace();
        }
        await (await anonymous.PutAsync("/api/v1/me", Json())).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "a method the route does not map");

        // A read-only token may not write: 403 before its body is read, whatever its content type.
        await (await readOnly.PostAsync("/api/v1/protocols", Plain())).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await readOnly.PostAsync("/api/v1/protocols/import", Json())).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await readOnly.PostAsync("/api/v1/protocols", new StringContent("{ broken", Encoding.UTF8, "application/json")))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        // Someone who may write still learns that the content type is wrong.
        (await readWrite.PostAsync("/api/v1/protocols", Plain())).StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        await (await readWrite.PostAsync("/api/v1/protocols/import", Json())).ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    public static TheoryData<string, string> NullProtocolFields => new()
    {
        { "{\"title\": null, \"steps\": []}", "title" },
        { "{\"title\": \"Nulos\", \"steps\": null}", "steps" },
        { "{\"title\": \"Nulos\", \"steps\": [null]}", "steps[0]" },
        { "{\"title\": \"Nulos\", \"steps\": [{\"key\": \"a\", \"stage\": \"Opening\", \"title\": null, \"instruction\": \"x\"}]}", "steps[0].title" },
        { "{\"title\": \"Nulos\", \"steps\": [{\"key\": \"a\", \"stage\": \"Opening\", \"title\": \"t\", \"checklist\": [null]}]}", "steps[0].checklist[0]" },
        { "{\"title\": \"Nulos\", \"terms\": [{\"name\": null, \"definition\": \"d\"}]}", "terms[0].name" },
        { "{\"title\": \"Nulos\", \"contingencyPlans\": [{\"key\": \"p\", \"name\": \"n\", \"trigger\": \"t\", \"steps\": null}]}", "contingencyPlans[0].steps" },
    };

    [Theory]
    [MemberData(nameof(NullProtocolFields))]
    public async Task Null_in_a_protocol_field_gets_400_naming_the_field_on_create_and_on_draft_save(string json, string field)
    {
        var before = await ProtocolCountAsync();
        var manager = await app.SignInAsync(Demo.Manager);

        var created = await manager.Client.PostAsync("/api/v1/protocols", new StringContent(json, Encoding.UTF8, "application/json"));
        var problem = await created.ShouldBeValidationProblemAsync(field);
        problem.Errors![field].ShouldBe([Text.Es("Validation.Required", field)]);
        (await ProtocolCountAsync()).ShouldBe(before);

        var id = await app.ProtocolIdAsync(ProtocolScenarios.DemoComplaints);
        var draft = $"{{\"version\": 0, \"protocol\": {json}}}";
        var saved = await manager.Client.PutAsync($"/api/v1/protocols/{id}/draft", new StringContent(draft, Encoding.UTF8, "application/json"));
        await saved.ShouldBeValidationProblemAsync("protocol." + field);
        (await manager.GetAsync($"/api/v1/protocols/{id}/draft")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "no draft was started");
    }

    [Fact]
    public async Task A_mistyped_json_field_is_named_in_the_400()
    {
        var manager = await app.SignInAsync(Demo.Manager);
        var response = await manager.Client.PostAsync("/api/v1/protocols",
            new StringContent("{\"title\": \"Tipos\", \"steps\": [{\"key\": \"a\", \"stage\": \"Opening\", \"required\": \"sí\"}]}", Encoding.UTF8, "application/json"));
        await response.ShouldBeValidationProblemAsync("steps[0].required");
    }

    [Fact]
    public async Task An_image_address_a_browser_reads_as_another_site_is_shown_as_text_never_as_an_image_or_link()
    {
        var id = await app.ProtocolIdAsync(ProtocolScenarios.DemoComplaints);
        string[] hostile = ["/\\evil.example/x.png", "/\t/evil.example/y.png", "//evil.example/z.png"];
        await app.PublishEditAsync(id, p => p with
        {
            Steps = [p.Steps[0] with { Images = [.. hostile, "/img/ok.png"], VideoUrl = "/\\evil.example/v.mp4" }, .. p.Steps.Skip(1)],
        }, "Imágenes");
        var agent = await app.SignInAsync(Demo.Agent);

        var page = await agent.GetPageAsync($"/protocols/{id}");

        page.ShouldHaveStatus(HttpStatusCode.OK);
        var media = page.Document.QuerySelector("ul.media")!;
        media.QuerySelectorAll("img").Select(i => i.GetAttribute("src")).ShouldBe(["/img/ok.png"]);
        page.Document.QuerySelectorAll("a[href], img[src]")
            .Select(e => e.GetAttribute("href") ?? e.GetAttribute("src") ?? "")
            .ShouldAllBe(u => !u.Contains("evil.example"));
        media.TextContent.ShouldContain("/\\evil.example/x.png");
        page.Document.QuerySelector("p.video").ShouldBeNull();
    }
}

public sealed class HostileInputOnSqlite(SqliteApp app) : HostileInputTests(app), IClassFixture<SqliteApp>;

public sealed class HostileInputOnPostgres(PostgresApp app) : HostileInputTests(app), IClassFixture<PostgresApp>;
