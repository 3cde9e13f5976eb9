using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pauta.Core.Audit;
using Pauta.Web.Features.Audit;
using Pauta.Web.Tests.Infrastructure;
using Pauta.Web.Tests.Protocols;

namespace Pauta.Web.Tests.Audit;

/// <summary>
/// The audit API and page: owners and admins read the log, its checkpoint and proofs that verify against it, and export
/// a bundle that verifies offline; others are refused; bad parameters name their field; another organisation's sizes and
/// indices do not exist for a caller.
/// </summary>
public abstract class AuditApiTests(PautaApp app)
{
    private Task SignAsync() => app.Services.GetRequiredService<AuditCheckpointWorker>().TickAsync(CancellationToken.None);

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    /// <summary>The owner, speaking <paramref name="language"/> (chosen with the language switch: a person's own choice wins over the browser's).</summary>
    private async Task<Browser> OwnerSpeakingAsync(string language)
    {
        var owner = await app.SignInAsync(Infrastructure.Demo.Owner);
        await owner.SubmitAsync("/", Browser.Form(("language", language), ("returnUrl", "/")), "/account/language");
        return owner;
    }

    private static byte[] Hex(JsonElement e) => Convert.FromHexString(e.GetString()!);

    [Fact]
    public async Task Proofs_from_the_api_verify_against_the_signed_checkpoint()
    {
        var owner = await app.SignInAsync(Infrastructure.Demo.Owner);
        await SignAsync();
        var checkpoint = await JsonAsync(await owner.GetAsync("/api/v1/audit/checkpoints/latest"));
        var size = checkpoint.GetProperty("size").GetInt64();
        size.ShouldBeGreaterThan(10);
        var root = Hex(checkpoint.GetProperty("root"));
        var text = checkpoint.GetProperty("signedText").GetString()!;
        using (var key = AuditSignature.ImportPublicKey(Convert.FromBase64String(checkpoint.GetProperty("publicKey").GetString()!)))
            AuditSignature.Verify(key, AuditCheckpointText.Parse(System.Text.Encoding.UTF8.GetBytes(text)),
                Convert.FromBase64String(checkpoint.GetProperty("signature").GetString()!)).ShouldBeTrue();

        foreach (var index in new[] { 0, size / 2, size - 1 })
        {
            var proof = await JsonAsync(await owner.GetAsync($"/api/v1/audit/proofs/inclusion?index={index}&size={size}"));
            Hex(proof.GetProperty("root")).ShouldBe(root);
            MerkleProofs.VerifyInclusion(index, size, Hex(proof.GetProperty("leafHash")),
                proof.GetProperty("proof").EnumerateArray().Select(Hex).ToList(), root).ShouldBeTrue($"inclusion of {index}");
        }
        var consistency = await JsonAsync(await owner.GetAsync($"/api/v1/audit/proofs/consistency?from=3&to={size}"));
        MerkleProofs.VerifyConsistency(3, size, Hex(consistency.GetProperty("fromRoot")), root,
            consistency.GetProperty("proof").EnumerateArray().Select(Hex).ToList()).ShouldBeTrue();
    }

    [Fact]
    public async Task The_exported_bundle_verifies_offline()
    {
        var admin = await app.SignInAsync(Infrastructure.Demo.Admin);
        await SignAsync();

        var response = await admin.GetAsync("/api/v1/audit/export");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe(AuditApi.BundleContentType);
        response.Content.Headers.ContentDisposition!.FileName!.ShouldStartWith("audit-");
        var bundle = await response.Content.ReadAsByteArrayAsync();

        var result = AuditBundleVerifier.Verify(new MemoryStream(bundle));
        result.Ok.ShouldBeTrue(result.Reason);
        result.Checkpoints.ShouldBeGreaterThanOrEqualTo(1);
        result.Entries.ShouldBeGreaterThan(10);
    }

    [Fact]
    public async Task A_scripted_run_leaves_an_entry_for_every_audit_worthy_change_and_export()
    {
        var owner = await app.SignInAsync(Infrastructure.Demo.Owner);
        var agent = await app.SignInAsync(Infrastructure.Demo.Agent);
        var organisation = await app.OrganisationOfAsync(Infrastructure.Demo.Owner);
        var before = await app.WithDbAsync(db => new Pauta.Data.Audit.AuditLog(db).SizeAsync(), organisation);

        // People and settings: a department made, renamed, removed; an API token made and revoked.
        var made = await owner.PostJsonAsync("/api/v1/departments", new { name = "Auditoría " + Guid.NewGuid().ToString("N")[..6] });
        made.StatusCode.ShouldBe(HttpStatusCode.Created, await made.Content.ReadAsStringAsync());
        var department = JsonDocument.Parse(await made.Content.ReadAsStringAsync()).RootElement;
        var id = department.GetProperty("id").GetGuid();
        (await owner.PutJsonAsync($"/api/v1/departments/{id}", new { name = "Auditoría renombrada", version = department.GetProperty("version").GetInt32() }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await owner.DeleteAsync($"/api/v1/departments/{id}")).IsSuccessStatusCode.ShouldBeTrue();
        var token = await owner.CreateTokenAsync("Read");
        (await owner.PostAsync($"/api/v1/api-tokens/{token.Token.Id}/revoke")).IsSuccessStatusCode.ShouldBeTrue();
        // A contact: its actions go through the group-commit writer.
        var protocol = await app.ProtocolIdAsync(ProtocolScenarios.DemoReturns);
        (await agent.PostJsonAsync("/api/v1/contacts", new { id = Guid.NewGuid(), channel = "Phone", reason = "Quiero devolver unos zapatos", protocolId = protocol }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        // Exports: one protocol, all of them, the training records, the audit bundle.
        (await owner.GetAsync($"/protocols/{protocol}/export.md")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await owner.GetAsync("/protocols/export.zip")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await owner.GetAsync("/training/matrix?format=csv")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await owner.GetAsync("/training/xapi/export")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await SignAsync();
        (await owner.GetAsync("/api/v1/audit/export")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var actions = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.LeafIndex >= before).OrderBy(e => e.LeafIndex)
            .Select(e => e.Action).ToListAsync(), organisation);
        actions.ShouldContain(a => a.StartsWith("contact.", StringComparison.Ordinal), string.Join(", ", actions));
        actions.Where(a => !a.StartsWith("contact.", StringComparison.Ordinal)).Distinct().ShouldBe(
        [
            "department.created", "department.renamed", "department.deleted", "api-token.created", "api-token.revoked",
            "export.protocol", "export.protocols", "export.training-matrix", "export.xapi", "export.audit-bundle",
        ], ignoreOrder: true);
        foreach (var action in actions.Where(a => !a.StartsWith("contact.", StringComparison.Ordinal)))
            AuditActions.Known.ShouldContain(action, "every action has its words on the audit page");
    }

    [Theory]
    [InlineData(Infrastructure.Demo.Manager)]
    [InlineData(Infrastructure.Demo.Supervisor)]
    [InlineData(Infrastructure.Demo.Agent)]
    public async Task Only_owners_and_admins_read_the_audit_log(string email)
    {
        var someone = await app.SignInAsync(email);
        foreach (var url in new[] { "/api/v1/audit/entries", "/api/v1/audit/checkpoints/latest", "/api/v1/audit/proofs/inclusion?index=0&size=1",
                     "/api/v1/audit/proofs/consistency?from=1&to=1", "/api/v1/audit/export" })
            (await someone.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.Forbidden, url);
        (await someone.GetAsync("/audit")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_token_with_the_audit_scope_reads_the_log_and_nothing_else_and_other_tokens_do_not_read_it()
    {
        var owner = await app.SignInAsync(Infrastructure.Demo.Owner);
        await SignAsync();
        var audit = app.WithToken((await owner.CreateTokenAsync("Audit")).Secret);
        var readWrite = app.WithToken((await owner.CreateTokenAsync("Read, Write")).Secret);

        (await audit.GetAsync("/api/v1/audit/entries")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await audit.GetAsync("/api/v1/audit/checkpoints/latest")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await audit.GetAsync("/api/v1/protocols")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await audit.PostAsync("/api/v1/protocols/import?name=x.md", new StringContent("x"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await readWrite.GetAsync("/api/v1/audit/entries")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_entry_written_with_a_token_names_the_token_and_still_verifies()
    {
        var owner = await app.SignInAsync(Infrastructure.Demo.Owner);
        var token = await owner.CreateTokenAsync("Read");
        var client = app.WithToken(token.Secret);
        (await client.GetAsync("/api/v1/protocols/export")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await SignAsync();

        var organisation = await app.OrganisationOfAsync(Infrastructure.Demo.Owner);
        var entry = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.Action == "export.protocols")
            .OrderByDescending(e => e.LeafIndex).FirstAsync(), organisation);
        entry.Details.ShouldEndWith($" [api token {token.Token.Id}]");
        entry.LeafHash.ShouldBe(Pauta.Data.Audit.AuditLeaf.Record(entry).LeafHash());
        (await app.WithDbAsync(db => new Pauta.Data.Audit.AuditVerification(db).VerifyAsync(), organisation)).Ok.ShouldBeTrue();
    }

    [Theory]
    [InlineData("/api/v1/audit/proofs/inclusion?size=5", "index")]
    [InlineData("/api/v1/audit/proofs/inclusion?index=x&size=5", "index")]
    [InlineData("/api/v1/audit/proofs/inclusion?index=-1&size=5", "index")]
    [InlineData("/api/v1/audit/proofs/inclusion?index=5&size=5", "index")]
    [InlineData("/api/v1/audit/proofs/inclusion?index=0&size=0", "size")]
    [InlineData("/api/v1/audit/proofs/inclusion?index=0&size=99999999999999999999", "size")]
    [InlineData("/api/v1/audit/proofs/consistency?from=0&to=5", "from")]
    [InlineData("/api/v1/audit/proofs/consistency?from=6&to=5", "to")]
    [InlineData("/api/v1/audit/proofs/consistency?from=1", "to")]
    [InlineData("/api/v1/audit/entries?from=2026-13-01", "from")]
    [InlineData("/api/v1/audit/entries?actor=carmen", "actor")]
    [InlineData("/api/v1/audit/entries?page=0", "page")]
    public async Task Bad_parameters_are_a_400_naming_the_field(string url, string field)
    {
        var owner = await app.SignInAsync(Infrastructure.Demo.Owner);
        var response = await owner.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, url);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ShouldContain(field);
    }

    [Fact]
    public async Task Another_organisation_sees_nothing_of_the_demo_log()
    {
        var demo = await app.SignInAsync(Infrastructure.Demo.Owner);
        await SignAsync();
        var demoSize = (await JsonAsync(await demo.GetAsync("/api/v1/audit/checkpoints/latest"))).GetProperty("size").GetInt64();
        var other = await app.SignUpAsync($"Otra {Guid.NewGuid():N}"[..20], Infrastructure.Demo.NewEmail("owner-b"));
        await SignAsync();
        var otherSize = (await JsonAsync(await other.GetAsync("/api/v1/audit/checkpoints/latest"))).GetProperty("size").GetInt64();
        otherSize.ShouldBeLessThan(demoSize);

        (await other.GetAsync($"/api/v1/audit/proofs/inclusion?index={demoSize - 1}&size={demoSize}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.GetAsync($"/api/v1/audit/proofs/consistency?from=1&to={demoSize}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var entries = await JsonAsync(await other.GetAsync("/api/v1/audit/entries"));
        entries.GetProperty("total").GetInt32().ShouldBe((int)otherSize);
        var demoEntries = await JsonAsync(await demo.GetAsync("/api/v1/audit/entries?action=protocol."));
        var demoProtocol = demoEntries.GetProperty("items")[0].GetProperty("entityId").GetString();
        (await JsonAsync(await other.GetAsync($"/api/v1/audit/entries?entity={demoProtocol}"))).GetProperty("total").GetInt32().ShouldBe(0);
        var bundle = await (await other.GetAsync("/api/v1/audit/export")).Content.ReadAsByteArrayAsync();
        var result = AuditBundleVerifier.Verify(new MemoryStream(bundle));
        result.Ok.ShouldBeTrue(result.Reason);
        result.Entries.ShouldBe(otherSize + 1, "its own log, and the export is itself its last entry");
        result.OrganisationId.ShouldNotBe(await app.OrganisationOfAsync(Infrastructure.Demo.Owner));
    }

    [Fact]
    public async Task The_entries_filter_by_action_prefix_and_person_newest_first()
    {
        var owner = await app.SignInAsync(Infrastructure.Demo.Owner);
        var all = await JsonAsync(await owner.GetAsync("/api/v1/audit/entries"));
        var indices = all.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("index").GetInt64()).ToList();
        indices.ShouldBe(indices.OrderByDescending(i => i).ToList());
        var published = await JsonAsync(await owner.GetAsync("/api/v1/audit/entries?action=protocol.published"));
        published.GetProperty("total").GetInt32().ShouldBeGreaterThan(0);
        published.GetProperty("items").EnumerateArray().ShouldAllBe(i => i.GetProperty("action").GetString() == "protocol.published");
        var actor = published.GetProperty("items")[0].GetProperty("actorUserId").GetString();
        var byActor = await JsonAsync(await owner.GetAsync($"/api/v1/audit/entries?actor={actor}"));
        byActor.GetProperty("items").EnumerateArray().ShouldAllBe(i => i.GetProperty("actorUserId").GetString() == actor);
    }

    [Theory]
    [InlineData("es", "Protocolo publicado", "entradas verificadas hasta el punto de control")]
    [InlineData("en", "Protocol published", "entries verified up to the checkpoint")]
    public async Task The_audit_page_lists_translated_actions_and_verifies_in_words(string language, string published, string verified)
    {
        var owner = await OwnerSpeakingAsync(language);
        await SignAsync();
        var page = await owner.GetPageAsync("/audit?action=protocol.published");
        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Document.QuerySelector("#audit-entries tbody")!.TextContent.ShouldContain(published);
        page.Document.QuerySelector("a[href='/audit']").ShouldNotBeNull("the nav link");

        var after = await owner.SubmitAsync("/audit", [], action: "/audit?handler=Verify");
        after.Status.ShouldBe(HttpStatusCode.OK);
        after.Document.QuerySelector("#audit-verification")!.TextContent.ShouldContain(verified);
    }

    [Fact]
    public async Task The_audit_page_says_which_entry_no_longer_matches()
    {
        var owner = await OwnerSpeakingAsync("en");
        await SignAsync();
        var organisation = await app.OrganisationOfAsync(Infrastructure.Demo.Owner);
        var details = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.LeafIndex == 4).Select(e => e.Details).SingleAsync(), organisation);
        await app.WithDbAsync(db => db.Database.ExecuteSqlAsync(
            $"""UPDATE "AuditEntries" SET "Details" = {"forged"} WHERE "OrganisationId" = {organisation} AND "LeafIndex" = {4L}"""));
        try
        {
            var after = await owner.SubmitAsync("/audit", [], action: "/audit?handler=Verify");
            after.Document.QuerySelector("#audit-verification")!.TextContent.ShouldContain("Entry 4 does not match the checkpoint of");
        }
        finally
        {
            // Put the row back so the other tests of this class see a whole log.
            await app.WithDbAsync(db => db.Database.ExecuteSqlAsync(
                $"""UPDATE "AuditEntries" SET "Details" = {details} WHERE "OrganisationId" = {organisation} AND "LeafIndex" = {4L}"""));
        }
        var again = await owner.SubmitAsync("/audit", [], action: "/audit?handler=Verify");
        again.Document.QuerySelector("#audit-verification")!.TextContent.ShouldContain("entries verified");
    }
}

public sealed class AuditApiOnSqlite(SqliteAuditApp app) : AuditApiTests(app), IClassFixture<SqliteAuditApp>;

public sealed class AuditApiOnPostgres(PostgresAuditApp app) : AuditApiTests(app), IClassFixture<PostgresAuditApp>;
