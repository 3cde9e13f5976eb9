using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Pauta.Web.Tests.Infrastructure;
using static Pauta.Web.Tests.Infrastructure.Browser;

namespace Pauta.Web.Tests.Protocols;

/// <summary>
/// Per-organisation API tokens: made and revoked by admins, shown once, kept as a hash, scoped read or write, acting as
/// their creator and never beyond what the creator may do today.
/// </summary>
public abstract class ApiTokenTests(ClockedApp app)
{
    private static string Sha256(string s) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)));

    [Fact]
    public async Task A_token_made_on_the_page_is_shown_once_stored_only_as_its_hash_and_reads_protocols()
    {
        var owner = await app.SignInAsync(Demo.Owner);
        var page = await owner.SubmitAsync("/settings/api-tokens", Form(("Name", "Repositorio de protocolos"), ("Scopes", "Read")));
        page.ShouldHaveStatus(HttpStatusCode.OK);
        var secret = page.Document.QuerySelector("#token-secret")?.GetAttribute("value");
        secret.ShouldNotBeNull(page.ToString());
        secret.ShouldMatch("^pauta_[a-z2-9]{8}_[A-Za-z0-9_-]{43}$");
        Convert.FromBase64String(secret[15..].Replace('-', '+').Replace('_', '/') + "=").Length.ShouldBe(32);
        page.Response.Headers.CacheControl?.NoStore.ShouldBeTrue();

        var stored = await app.WithDbAsync(db => db.ApiTokens.IgnoreQueryFilters().SingleAsync(t => t.Name == "Repositorio de protocolos"));
        stored.TokenHash.ShouldBe(Sha256(secret));
        stored.Prefix.ShouldBe(secret[..14]);
        stored.Scopes.ShouldBe(Pauta.Data.Entities.ApiScopes.Read);
        (await app.WithDbAsync(db => db.ApiTokens.IgnoreQueryFilters().AnyAsync(t => t.TokenHash.Contains(secret.Substring(15, 20)))))
            .ShouldBeFalse();

        var again = await owner.GetPageAsync("/settings/api-tokens");
        again.Html.ShouldNotContain(secret);
        var row = again.Document.QuerySelectorAll("#api-tokens tbody tr").Single(r => r.TextContent.Contains("Repositorio de protocolos"));
        row.TextContent.ShouldContain(secret[..14]);
        row.TextContent.ShouldContain("Lectura");
        row.TextContent.ShouldNotContain("Escritura");
        row.TextContent.ShouldContain("Nunca");

        using var api = app.WithToken(secret);
        var list = await api.GetJsonAsync<List<ProtocolSummaryDto>>("/api/v1/protocols");
        list.Count.ShouldBe(17);
        var one = await api.GetJsonAsync<VersionDto>($"/api/v1/protocols/{list[0].Id}");
        one.Number.ShouldBe(1);
        (await app.WithDbAsync(db => db.AuditEntries.IgnoreQueryFilters()
            .AnyAsync(a => a.Action == "api-token.created" && a.EntityId == stored.Id.ToString()))).ShouldBeTrue();
    }

    [Fact]
    public async Task A_read_only_token_is_refused_every_change_with_403()
    {
        var owner = await app.SignInAsync(Demo.Owner);
        var token = await owner.CreateTokenAsync("Read");
        using var api = app.WithToken(token.Secret);
        var id = (await api.GetJsonAsync<List<ProtocolSummaryDto>>("/api/v1/protocols"))[0].Id;
        var before = await api.GetJsonAsync<List<ProtocolSummaryDto>>("/api/v1/protocols");

        var attempts = new List<(string What, Func<Task<HttpResponseMessage>> Call)>
        {
            ("create", () => api.PostJsonAsync("/api/v1/protocols", new { title = "Nuevo", department = "Tiendas" })),
            ("import", () => api.ImportMarkdownAsync("nuevo.md", ApiTestKit.DemoFileTitled("Importado con lectura"))),
            ("save draft", () => api.PutAsJsonAsync($"/api/v1/protocols/{id}/draft", new { protocol = new { title = "X" }, version = 0 }, Json)),
            ("archive", () => api.PostAsync($"/api/v1/protocols/{id}/archive", null)),
            ("publish", () => api.PostJsonAsync($"/api/v1/protocols/{id}/publish", new { changeSize = "Minor", changeSummary = "x", version = 0 })),
            ("create department", () => api.PostJsonAsync("/api/v1/departments", new { name = "Hackeo" })),
        };
        foreach (var (what, call) in attempts)
            await (await call()).ShouldBeProblemAsync(HttpStatusCode.Forbidden, what);

        (await api.GetJsonAsync<List<ProtocolSummaryDto>>("/api/v1/protocols")).ShouldBe(before);
        var me = await api.GetJsonAsync<MeDto>("/api/v1/me");
        me.Role.ShouldBe("Agent");
    }

    [Fact]
    public async Task Unknown_malformed_and_revoked_tokens_get_a_401_problem()
    {
        var owner = await app.SignInAsync(Demo.Owner);
        var token = await owner.CreateTokenAsync();
        using (var works = app.WithToken(token.Secret))
            (await works.GetAsync("/api/v1/protocols")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var revoke = await owner.PostAsync($"/api/v1/api-tokens/{token.Token.Id}/revoke");
        await revoke.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await revoke.Content.ReadFromJsonAsync<TokenDto>(Json))!.RevokedAt.ShouldNotBeNull();

        var unknown = token.Secret[..15] + new string('A', 43);
        foreach (var presented in new[] { token.Secret, unknown, "not-a-token", "pauta_", token.Secret + "x", "" })
        {
            using var api = app.WithToken(presented.Length == 0 ? "x" : presented);
            var response = await api.GetAsync("/api/v1/protocols");
            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, presented);
            problem.Title.ShouldNotBeNullOrWhiteSpace();
            response.Headers.WwwAuthenticate.ToString().ShouldContain("Bearer");
        }
        (await app.WithDbAsync(db => db.AuditEntries.IgnoreQueryFilters()
            .AnyAsync(a => a.Action == "api-token.revoked" && a.EntityId == token.Token.Id.ToString()))).ShouldBeTrue();
    }

    [Fact]
    public async Task A_token_cannot_list_mint_or_revoke_tokens_and_only_admins_manage_them()
    {
        var owner = await app.SignInAsync(Demo.Owner);
        var token = await owner.CreateTokenAsync();
        using var api = app.WithToken(token.Secret);
        await (await api.GetAsync("/api/v1/api-tokens")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await api.PostJsonAsync("/api/v1/api-tokens", new { name = "hijo", scopes = "Read" })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await api.PostAsync($"/api/v1/api-tokens/{token.Token.Id}/revoke", null)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        foreach (var who in new[] { Demo.Manager, Demo.Agent })
        {
            var person = await app.SignInAsync(who);
            (await person.GetPageAsync("/settings/api-tokens")).ShouldHaveStatus(HttpStatusCode.Forbidden, who);
            await (await person.GetAsync("/api/v1/api-tokens")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, who);
            await (await person.PostJsonAsync("/api/v1/api-tokens", new { name = "mío", scopes = "Read" })).ShouldBeProblemAsync(HttpStatusCode.Forbidden, who);
        }
        var tokens = await owner.GetJsonAsync<List<TokenDto>>("/api/v1/api-tokens");
        tokens.ShouldNotContain(t => t.Name == "hijo" || t.Name == "mío");
        tokens.Single(t => t.Id == token.Token.Id).RevokedAt.ShouldBeNull();
    }

    [Fact]
    public async Task A_token_needs_a_name_and_a_scope()
    {
        var owner = await app.SignInAsync(Demo.Owner);
        await (await owner.PostJsonAsync("/api/v1/api-tokens", new { name = "", scopes = "None" })).ShouldBeValidationProblemAsync("name", "scopes");
        await (await owner.PostJsonAsync("/api/v1/api-tokens", new { name = new string('x', 101), scopes = "Read" })).ShouldBeValidationProblemAsync("name");
        var page = await owner.SubmitAsync("/settings/api-tokens", Form(("Name", "Sin permisos")));
        page.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
        page.FieldError("Scopes").ShouldNotBeNullOrWhiteSpace();
        page.Document.QuerySelector("#token-secret").ShouldBeNull();
    }

    [Fact]
    public async Task Last_used_is_written_at_most_once_a_minute()
    {
        var owner = await app.SignInAsync(Demo.Owner);
        var token = await owner.CreateTokenAsync("Read");
        Task<DateTime?> LastUsed() => app.WithDbAsync(db => db.ApiTokens.IgnoreQueryFilters().Where(t => t.Id == token.Token.Id)
            .Select(t => t.LastUsedAt).SingleAsync());
        using var api = app.WithToken(token.Secret);

        (await LastUsed()).ShouldBeNull();
        (await api.GetAsync("/api/v1/me")).EnsureSuccessStatusCode();
        var first = await LastUsed();
        first.ShouldNotBeNull();
        first.Value.ShouldBe(app.Clock.GetUtcNow().UtcDateTime, TimeSpan.FromMilliseconds(1));

        app.Clock.Advance(TimeSpan.FromSeconds(40));
        (await api.GetAsync("/api/v1/me")).EnsureSuccessStatusCode();
        (await LastUsed()).ShouldBe(first);

        app.Clock.Advance(TimeSpan.FromSeconds(30));
        (await api.GetAsync("/api/v1/me")).EnsureSuccessStatusCode();
        (await LastUsed())!.Value.ShouldBe(app.Clock.GetUtcNow().UtcDateTime, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task A_write_token_acts_as_its_creator_and_audits_with_its_id()
    {
        var owner = await app.SignInAsync(Demo.Owner);
        var me = await owner.GetJsonAsync<MeDto>("/api/v1/me");
        var token = await owner.CreateTokenAsync();
        using var api = app.WithToken(token.Secret);
        var asToken = await api.GetJsonAsync<MeDto>("/api/v1/me");
        asToken.UserId.ShouldBe(me.UserId);
        asToken.OrganisationId.ShouldBe(me.OrganisationId);
        asToken.Role.ShouldBe("Manager");

        var imported = await api.ImportMarkdownAsync("auditado.md", ApiTestKit.DemoFileTitled("Protocolo auditado por token"));
        await imported.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var id = (await imported.Content.ReadFromJsonAsync<ImportResultDto>(Json))!.Imported.Single().Id;
        var entry = await app.WithDbAsync(db => db.AuditEntries.IgnoreQueryFilters().SingleAsync(a => a.EntityId == id.ToString()));
        entry.Action.ShouldBe("protocol.imported");
        entry.ActorUserId.ShouldBe(me.UserId);
        entry.Details.ShouldContain(token.Token.Id.ToString());
    }

    [Fact]
    public async Task A_token_narrows_when_its_creator_is_demoted_and_dies_when_the_creator_leaves()
    {
        var admin = await app.SignInAsync(Demo.Admin);
        var token = await admin.CreateTokenAsync();
        using var api = app.WithToken(token.Secret);
        await (await api.ImportMarkdownAsync("antes.md", ApiTestKit.DemoFileTitled("Importado antes de degradar"))).ShouldHaveStatusAsync(HttpStatusCode.OK);

        var owner = await app.SignInAsync(Demo.Owner);
        var jorge = (await owner.GetJsonAsync<List<PersonDto>>("/api/v1/people")).Single(p => p.Email == Demo.Admin);
        await (await owner.PutJsonAsync($"/api/v1/people/{jorge.Id}", new { role = "Agent", version = jorge.Version })).ShouldHaveStatusAsync(HttpStatusCode.OK);

        await (await api.ImportMarkdownAsync("despues.md", ApiTestKit.DemoFileTitled("Importado después de degradar"))).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await api.GetAsync("/api/v1/protocols")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await (await owner.DeleteAsync($"/api/v1/people/{jorge.Id}")).ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        await (await api.GetAsync("/api/v1/protocols")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_opens_no_pages_and_a_cookie_still_works_on_the_api()
    {
        var owner = await app.SignInAsync(Demo.Owner);
        var token = await owner.CreateTokenAsync();
        using var api = app.WithToken(token.Secret);
        var page = await api.GetAsync("/protocols/transfer");
        page.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        Assertions.LocalPath(page.Headers.Location?.OriginalString).ShouldBe("/account/signin");

        (await owner.GetJsonAsync<List<ProtocolSummaryDto>>("/api/v1/protocols")).Count.ShouldBeGreaterThanOrEqualTo(17);
        using var anonymous = app.CreateClient();
        await (await anonymous.GetAsync("/api/v1/protocols")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Tokens_of_another_organisation_are_invisible_and_cannot_be_revoked()
    {
        var owner = await app.SignInAsync(Demo.Owner);
        var token = await owner.CreateTokenAsync();
        var b = await app.SignUpAsync($"Otra {Guid.NewGuid():N}"[..20], Demo.NewEmail("owner-b"));
        (await b.GetJsonAsync<List<TokenDto>>("/api/v1/api-tokens")).ShouldBeEmpty();
        await (await b.PostAsync($"/api/v1/api-tokens/{token.Token.Id}/revoke")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        using var api = app.WithToken(token.Secret);
        (await api.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

public sealed class ApiTokensOnSqlite(SqliteClockedApp app) : ApiTokenTests(app), IClassFixture<SqliteClockedApp>;

public sealed class ApiTokensOnPostgres(PostgresClockedApp app) : ApiTokenTests(app), IClassFixture<PostgresClockedApp>;
