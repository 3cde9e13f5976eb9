using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Pauta.Core.Audit;
using Pauta.Core.Organisations;
using Pauta.Data;
using Pauta.Data.Audit;
using Pauta.Web.Features.Audit;
using Microsoft.Extensions.DependencyInjection;
using Pauta.Web.Tests.Contacts;
using Pauta.Web.Features.Insights;
using Pauta.Data.Tenancy;
using Pauta.Web.Tests.Infrastructure;
using Pauta.Web.Tests.Protocols;
using static Pauta.Web.Tests.Infrastructure.Browser;

namespace Pauta.Web.Tests.Customers;

public sealed record ErasureResultDto(Guid CustomerId, bool AlreadyErased, int Contacts, int Events, int Surveys, int FollowUps, int AuditEntries);

/// <summary>
/// Erasing a customer on their request (habeas data, GDPR article 17): their personal text is gone from every column of
/// every table and from what the API and pages give out, their contacts still replay and render, the audit log still
/// hashes to the root it had, and nobody outside the owners and admins of their organisation can erase them or learn
/// that they exist.
/// </summary>
public abstract class ErasureTests(PautaApp app)
{
    /// <summary>ASCII only, so the stored JSON (which escapes other letters) holds it as typed, and unique to the test.</summary>
    private static string Token() => "Xq" + Guid.NewGuid().ToString("N")[..10];

    private sealed record Story(Guid Customer, Guid Contact, string[] Personal);

    /// <summary>
    /// A customer with an e-mail and phone, edited once, and a contact that stores their words everywhere a contact can: the
    /// reason, a note, an escalation, guidance, an override, a follow-up, and a survey with a comment and a low-score reason.
    /// </summary>
    private async Task<Story> CustomerWithAHistoryAsync()
    {
        var t = Token();
        var (name, email, phone, newPhone) = ($"Ximena {t}", $"{t}@example.com", $"+34 611 {Random.Shared.Next(100, 999)} {Random.Shared.Next(100, 999)}", $"699{t[2..8].GetHashCode() & 0xFFFFF:D7}");
        var (reason, note, escalation, guidance, why, comment, low) =
            ($"reason {t}", $"note {t}", $"escalation {t}", $"guidance {t}", $"override {t}", $"comment {t}", $"low {t}");

        var agent = await app.SignInAsync(Demo.Agent);
        var created = await agent.PostJsonAsync("/api/v1/customers", new { name, email, phone });
        await created.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var customer = (await created.Content.ReadFromJsonAsync<CustomerDto>(Json))!;
        await (await agent.PutJsonAsync($"/api/v1/customers/{customer.Id}", new { name, email, phone = newPhone, version = customer.Version }))
            .ShouldHaveStatusAsync(HttpStatusCode.OK);

        var protocolId = await app.ProtocolIdAsync(ProtocolScenarios.DemoReturns);
        var contactId = Guid.NewGuid();
        var c = await ContactAsync(await agent.PostJsonAsync("/api/v1/contacts",
            new { id = contactId, channel = Channels.Phone, reason, protocolId, customerId = customer.Id }), HttpStatusCode.Created);
        c = await DoAsync(agent, c, "Complete", new { stepKey = "saludo" });
        var skipped = $"skip {t}";
        c = await DoAsync(agent, c, "Skip", new { stepKey = c.Current!.Key, reason = skipped });
        c = await DoAsync(agent, c, "Note", new { note = new Dictionary<string, string> { ["Motivo del contacto"] = note } });
        c = await DoAsync(agent, c, "Escalate", new { target = "Supervisor", reason = escalation });
        var supervisor = await app.SignInAsync(Demo.Supervisor);
        c = await DoAsync(supervisor, c, "TakeOver");
        c = await DoAsync(supervisor, c, "Return", new { guidance });
        c = await DoAsync(agent, c, "Close", new { outcome = "NeedsFollowUp", overrideReason = why, followUpDue = "2030-01-15" });
        c.Closed.ShouldBeTrue();

        var link = await agent.PostJsonAsync($"/api/v1/contacts/{contactId}/survey", new { });
        await link.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var path = (await link.Content.ReadFromJsonAsync<SurveyLinkDto>())!.Path;
        (await app.NewBrowser().SubmitAsync(path, Form(("Input.Score", "2"), ("Input.Comment", comment), ("Input.Reason", low))))
            .ShouldHaveStatus(HttpStatusCode.OK);

        return new Story(customer.Id, contactId, [name, t, email, phone, newPhone, reason, skipped, note, escalation, guidance, why, comment, low]);
    }

    private static object Act(ContactDto c, string kind, object? extra = null)
    {
        var body = new Dictionary<string, object?> { ["actionId"] = Guid.NewGuid(), ["version"] = c.Version, ["kind"] = kind };
        if (extra is not null)
            foreach (var p in extra.GetType().GetProperties()) body[p.Name] = p.GetValue(extra);
        return body;
    }

    private static async Task<ContactDto> ContactAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        response.StatusCode.ShouldBe(status, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ContactDto>(Json))!;
    }

    private static async Task<ContactDto> DoAsync(Browser who, ContactDto c, string kind, object? extra = null) =>
        await ContactAsync(await who.PostJsonAsync($"/api/v1/contacts/{c.Id}/actions", Act(c, kind, extra)));

    /// <summary>
    /// Every text, JSON and binary value of every table of the database (the schema is read, not listed by hand), of every
    /// organisation, that contains one of <paramref name="needles"/>: "table.column: needle".
    /// </summary>
    private Task<List<string>> ScanAsync(IReadOnlyList<string> needles) => app.WithDbAsync(async db =>
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = app.Provider == DatabaseProvider.Sqlite
                ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        tables.Count.ShouldBeGreaterThan(20);
        var found = new List<string>();
        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            await using DbDataReader reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var text = reader.IsDBNull(i) ? null : reader.GetValue(i) switch
                    {
                        string s => s,
                        byte[] b => Encoding.UTF8.GetString(b) + " " + Encoding.Latin1.GetString(b),
                        System.Collections.IEnumerable e => string.Join(" ", e.Cast<object>()),
                        var v => v.ToString(),
                    };
                    if (text is null) continue;
                    found.AddRange(needles.Where(n => text.Contains(n, StringComparison.OrdinalIgnoreCase)).Select(n => $"{table}.{reader.GetName(i)}: {n}"));
                }
        }
        return found;
    });

    /// <summary>The organisation's audit log as its rows hash it: every leaf recomputed with <see cref="AuditRecord"/>, in log order.</summary>
    private Task<List<byte[]>> LeavesAsync(Guid organisation) => app.WithDbAsync(async db =>
    {
        var rows = await db.AuditEntries.AsNoTracking().ToListAsync();
        // Rows the log numbered are in index order; rows from before numbering keep their (time-ordered) id order.
        var ordered = rows.OrderBy(r => r.LeafIndex ?? long.MaxValue).ThenBy(r => r.Id).ToList();
        var leaves = new List<byte[]>();
        for (var i = 0; i < ordered.Count; i++)
        {
            var r = ordered[i];
            var leaf = new AuditRecord(r.LeafIndex ?? i, new DateTimeOffset(r.At), r.ActorUserId, r.Action, r.EntityType, r.EntityId, r.SubjectId,
                r.Details, r.PersonalCommitment).LeafHash();
            if (r.LeafHash is not null) leaf.ShouldBe(r.LeafHash, $"the stored leaf hash of entry {i} is the one its row gives");
            leaves.Add(leaf);
        }
        return leaves;
    }, organisation);

    [Fact]
    public async Task After_erasure_no_table_holds_the_customers_personal_text_and_the_audit_log_hashes_to_the_same_root()
    {
        var story = await CustomerWithAHistoryAsync();
        var organisation = await app.OrganisationOfAsync(Demo.Owner);
        var before = await ScanAsync(story.Personal);
        foreach (var where in new[] { "Customers.Name", "Customers.Email", "Contacts.Reason", "ContactEvents.Data", "SurveyInvitations.Comment",
                     "SurveyInvitations.LowScoreReason", "FollowUps.Note", "AuditEntries.Personal" })
            before.ShouldContain(f => f.StartsWith(where + ":"), $"the story stores personal text in {where}, so the scan can see it");
        before.ShouldNotContain(f => f.StartsWith("AuditEntries.Details:"), "customer audit entries keep personal text out of the hashed details");
        var leavesBefore = await LeavesAsync(organisation);
        var committed = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.SubjectId == story.Customer)
            .Select(a => new { a.Id, a.Personal, a.PersonalSalt, a.PersonalCommitment }).ToListAsync(), organisation);
        committed.Count.ShouldBeGreaterThanOrEqualTo(3, "created, updated, the survey answer (and each contact action)");
        foreach (var a in committed.Where(a => a.Personal is not null))
            AuditRecord.Commit(a.PersonalSalt!, a.Personal!).ShouldBe(a.PersonalCommitment, "the entry commits to its personal text");

        // The insights' facts hold a skip reason as typed: they must lose it with the erasure too.
        using (var scope = app.Services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<Tenant>().Set(organisation);
            await scope.ServiceProvider.GetRequiredService<InsightsProjector>().RefreshAsync([story.Contact], CancellationToken.None);
        }
        (await ScanAsync(story.Personal)).ShouldContain(place => place.StartsWith("ContactStepFacts.", StringComparison.Ordinal));

        await app.Services.GetRequiredService<AuditCheckpointWorker>().TickAsync(CancellationToken.None);
        var owner = await app.SignInAsync(Demo.Owner);
        var response = await owner.DeleteAsync($"/api/v1/customers/{story.Customer}/personal-data");
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var result = (await response.Content.ReadFromJsonAsync<ErasureResultDto>(Json))!;
        result.ShouldBe(new ErasureResultDto(story.Customer, false, 1, result.Events, 1, 2, committed.Count(a => a.Personal is not null || a.PersonalSalt is not null)));
        result.Events.ShouldBeGreaterThanOrEqualTo(5);

        (await ScanAsync(story.Personal)).ShouldBeEmpty();

        // The log: every entry that was there hashes as before (the commitments stay), and one entry records the erasure.
        var leavesAfter = await LeavesAsync(organisation);
        leavesAfter.Count.ShouldBe(leavesBefore.Count + 1);
        MerkleTree.Root(leavesAfter.Take(leavesBefore.Count).ToList()).ShouldBe(MerkleTree.Root(leavesBefore));
        var after = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.SubjectId == story.Customer)
            .Select(a => new { a.Id, a.Personal, a.PersonalSalt, a.PersonalCommitment }).ToListAsync(), organisation);
        after.Select(a => (a.Id, Commitment: Convert.ToHexString(a.PersonalCommitment ?? []))).ShouldBe(
            committed.Select(a => (a.Id, Commitment: Convert.ToHexString(a.PersonalCommitment ?? []))), ignoreOrder: true);
        after.ShouldAllBe(a => a.Personal == null && a.PersonalSalt == null);
        var erased = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == "customer.erased" && a.EntityId == story.Customer.ToString()), organisation);
        (erased.Personal, erased.SubjectId).ShouldBe((null, null));

        // The rows still verify against the checkpoint signed before the erasure, and a new bundle verifies and holds none of it.
        (await app.WithDbAsync(db => new AuditVerification(db).VerifyAsync(), organisation)).Ok.ShouldBeTrue();
        await app.Services.GetRequiredService<AuditCheckpointWorker>().TickAsync(CancellationToken.None);
        var export = await owner.GetAsync("/api/v1/audit/export");
        await export.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var bundle = await export.Content.ReadAsByteArrayAsync();
        var verified = AuditBundleVerifier.Verify(new MemoryStream(bundle));
        verified.Ok.ShouldBeTrue(verified.Reason);
        verified.Entries.ShouldBe(leavesAfter.Count + 1, "every entry, and the export's own entry (an export is on record)");
        foreach (var personal in story.Personal) Encoding.UTF8.GetString(bundle).ShouldNotContain(personal, Case.Insensitive);

        // Erasing again changes nothing and adds no entry (the log holds the export's entry since).
        var beforeAgain = (await LeavesAsync(organisation)).Count;
        var again = await owner.DeleteAsync($"/api/v1/customers/{story.Customer}/personal-data");
        (await again.Content.ReadFromJsonAsync<ErasureResultDto>(Json))!.ShouldBe(new ErasureResultDto(story.Customer, true, 0, 0, 0, 0, 0));
        (await LeavesAsync(organisation)).Count.ShouldBe(beforeAgain);
    }

    [Fact]
    public async Task What_the_api_and_pages_give_out_after_erasure_holds_none_of_it_and_the_contact_still_replays_and_renders()
    {
        var story = await CustomerWithAHistoryAsync();
        var supervisor = await app.SignInAsync(Demo.Supervisor);
        var before = await supervisor.GetJsonAsync<ContactDto>($"/api/v1/contacts/{story.Contact}");

        var admin = await app.SignInAsync(Demo.Admin);
        await (await admin.DeleteAsync($"/api/v1/customers/{story.Customer}/personal-data")).ShouldHaveStatusAsync(HttpStatusCode.OK);

        var exports = new List<string>();
        foreach (var url in new[]
                 {
                     $"/api/v1/contacts/{story.Contact}", $"/api/v1/contacts/{story.Contact}/actions", $"/api/v1/contacts/{story.Contact}?at=3",
                     "/api/v1/contacts?status=Closed", $"/api/v1/customers/{story.Customer}", $"/api/v1/customers/{story.Customer}/contacts",
                     "/api/v1/customers?max=200",
                 })
        {
            var response = await supervisor.GetAsync(url);
            await response.ShouldHaveStatusAsync(HttpStatusCode.OK, url);
            exports.Add(await response.Content.ReadAsStringAsync());
        }
        foreach (var url in new[] { $"/contacts/{story.Contact}", $"/contacts/{story.Contact}?at=2", "/contacts", $"/customers/{story.Customer}", "/customers", "/" })
        {
            var page = await supervisor.GetPageAsync(url);
            page.ShouldHaveStatus(HttpStatusCode.OK, url);
            exports.Add(page.Html);
        }
        foreach (var text in exports)
            foreach (var personal in story.Personal)
                text.ShouldNotContain(personal, Case.Insensitive);

        // The contact replays to the same path, clocks and outcome; the page says what was erased, in the reader's language.
        var now = await supervisor.GetJsonAsync<ContactDto>($"/api/v1/contacts/{story.Contact}");
        (now.Closed, now.Outcome, now.Version, now.Escalated, now.FirstResponse, now.Resolution).ShouldBe(
            (before.Closed, before.Outcome, before.Version, before.Escalated, before.FirstResponse, before.Resolution));
        now.Timeline.Select(t => (t.At, t.Actor, t.Kind, t.Step, t.Subject)).ShouldBe(before.Timeline.Select(t => (t.At, t.Actor, t.Kind, t.Step, t.Subject)));
        now.Customer.ShouldBe("");
        var contactPage = await supervisor.GetPageAsync($"/contacts/{story.Contact}");
        contactPage.Document.Body!.TextContent.ShouldContain(Text.Es("Customers.Erased"));
        contactPage.Document.QuerySelector("#reason")!.TextContent.ShouldContain(Text.Es("Customers.ErasedText"));
        var customerPage = await supervisor.GetPageAsync($"/customers/{story.Customer}");
        customerPage.Document.QuerySelector("h1")!.TextContent.ShouldBe(Text.Es("Customers.Erased"));
        customerPage.Document.QuerySelector("#customer-erased").ShouldNotBeNull();
        customerPage.Document.QuerySelector("#new-contact-for-customer").ShouldBeNull();

        // An erased customer is no one to start a contact with, and cannot be given personal data back by an edit.
        var protocolId = await app.ProtocolIdAsync(ProtocolScenarios.DemoReturns);
        await (await supervisor.PostJsonAsync("/api/v1/contacts",
                new { id = Guid.NewGuid(), channel = Channels.Phone, reason = "otra vez", protocolId, customerId = story.Customer }))
            .ShouldBeValidationProblemAsync("customerId");
        var erased = await supervisor.GetJsonAsync<CustomerDto>($"/api/v1/customers/{story.Customer}");
        await (await supervisor.PutJsonAsync($"/api/v1/customers/{story.Customer}", new { name = "Ximena", version = erased.Version }))
            .ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_customer_with_an_open_contact_is_not_erased_until_it_is_closed()
    {
        var agent = await app.SignInAsync(Demo.Agent);
        var name = $"Ximena {Token()}";
        var customer = (await (await agent.PostJsonAsync("/api/v1/customers", new { name })).Content.ReadFromJsonAsync<CustomerDto>(Json))!;
        var protocolId = await app.ProtocolIdAsync(ProtocolScenarios.DemoReturns);
        var c = await ContactAsync(await agent.PostJsonAsync("/api/v1/contacts",
            new { id = Guid.NewGuid(), channel = Channels.Phone, reason = $"open {name}", protocolId, customerId = customer.Id }), HttpStatusCode.Created);

        var owner = await app.SignInAsync(Demo.Owner);
        var refused = await (await owner.DeleteAsync($"/api/v1/customers/{customer.Id}/personal-data")).ShouldBeValidationProblemAsync("");
        refused.Errors![""].Single().ShouldBe(Text.Es("Customers.EraseOpenContacts", 1));
        (await owner.GetJsonAsync<CustomerDto>($"/api/v1/customers/{customer.Id}")).Name.ShouldBe(name, "nothing was erased");
        (await agent.GetJsonAsync<ContactDto>($"/api/v1/contacts/{c.Id}")).Reason.ShouldBe($"open {name}");

        await DoAsync(agent, c, "Close", new { outcome = "Resolved", overrideReason = "fin" });
        await (await owner.DeleteAsync($"/api/v1/customers/{customer.Id}/personal-data")).ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await owner.GetJsonAsync<CustomerDto>($"/api/v1/customers/{customer.Id}")).Name.ShouldBe("");
    }

    [Fact]
    public async Task On_the_customer_page_an_owner_erases_after_typing_the_name_and_other_roles_and_api_tokens_cannot()
    {
        var agent = await app.SignInAsync(Demo.Agent);
        var name = $"Ximena Núñez {Token()}";
        var customer = (await (await agent.PostJsonAsync("/api/v1/customers", new { name, email = "xn@example.com" })).Content.ReadFromJsonAsync<CustomerDto>(Json))!;
        (await agent.GetPageAsync($"/customers/{customer.Id}")).Document.QuerySelector("#erase-customer").ShouldBeNull();
        (await (await app.SignInAsync(Demo.Manager)).GetPageAsync($"/customers/{customer.Id}")).Document.QuerySelector("#erase-customer").ShouldBeNull();
        await (await agent.DeleteAsync($"/api/v1/customers/{customer.Id}/personal-data")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await agent.SubmitAsync($"/customers/{customer.Id}", Form(("EraseConfirmation", name)), $"/customers/{customer.Id}?handler=Erase"))
            .ShouldHaveStatus(HttpStatusCode.Forbidden);

        var owner = await app.SignInAsync(Demo.Owner);
        // Not even the owner's own token with every scope: erasure is a person's deliberate act, signed in.
        var token = await owner.CreateTokenAsync("Read, Write, Audit");
        await (await app.WithToken(token.Secret).DeleteAsync($"/api/v1/customers/{customer.Id}/personal-data")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var page = await owner.GetPageAsync($"/customers/{customer.Id}");
        var form = page.Document.QuerySelector("#erase-customer form")!;
        form.TextContent.ShouldContain(name);
        var wrong = await owner.PostFormAsync(form.GetAttribute("action")!, With(page.FormFields("#erase-customer form"), "EraseConfirmation", "Ximena"));
        wrong.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
        wrong.FieldError("EraseConfirmation").ShouldBe(Text.Es("Customers.EraseMismatch"));
        (await owner.GetJsonAsync<CustomerDto>($"/api/v1/customers/{customer.Id}")).Name.ShouldBe(name);

        var done = await owner.PostFormAsync(form.GetAttribute("action")!, With(page.FormFields("#erase-customer form"), "EraseConfirmation", name.ToUpperInvariant().Replace("Ú", "U")));
        done.ShouldHaveStatus(HttpStatusCode.Redirect);
        var after = await owner.GetPageAsync(done.Location!);
        after.Document.QuerySelector("h1")!.TextContent.ShouldBe(Text.Es("Customers.Erased"));
        after.Document.Body!.TextContent.ShouldContain(Text.Es("Customers.ErasedDone", 0, 0, 0, 0, 1));
        after.Html.ShouldNotContain("xn@example.com");
        after.Document.QuerySelector("#erase-customer").ShouldBeNull();
    }

    [Fact]
    public async Task Another_organisation_cannot_erase_a_customer_or_learn_that_the_id_exists()
    {
        var agent = await app.SignInAsync(Demo.Agent);
        var name = $"Ximena {Token()}";
        var customer = (await (await agent.PostJsonAsync("/api/v1/customers", new { name })).Content.ReadFromJsonAsync<CustomerDto>(Json))!;

        var other = await app.SignUpAsync($"Otra {Token()}", Demo.NewEmail("owner"));
        var theirs = await other.DeleteAsync($"/api/v1/customers/{customer.Id}/personal-data");
        var unknown = await other.DeleteAsync($"/api/v1/customers/{Guid.NewGuid()}/personal-data");
        theirs.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        static string WithoutTrace(string body) => System.Text.RegularExpressions.Regex.Replace(body, "\"traceId\":\"[^\"]*\"", "");
        WithoutTrace(await theirs.Content.ReadAsStringAsync()).ShouldBe(WithoutTrace(await unknown.Content.ReadAsStringAsync()),
            "the same answer as for an id that exists nowhere");
        var form = Form(("EraseConfirmation", name), (AntiforgeryField, await other.GetAntiforgeryTokenAsync("/customers/new")));
        (await other.PostFormAsync($"/customers/{customer.Id}?handler=Erase", form)).ShouldHaveStatus(HttpStatusCode.NotFound);

        (await agent.GetJsonAsync<CustomerDto>($"/api/v1/customers/{customer.Id}")).Name.ShouldBe(name, "nothing was erased");
        var organisation = await app.OrganisationOfAsync(Demo.Agent);
        (await app.WithDbAsync(db => db.AuditEntries.IgnoreQueryFilters().CountAsync(a => a.Action == "customer.erased" && a.EntityId == customer.Id.ToString())))
            .ShouldBe(0);
        organisation.ShouldNotBe(Guid.Empty);
    }
}

public sealed class ErasureOnSqlite(SqliteApp app) : ErasureTests(app), IClassFixture<SqliteApp>;

public sealed class ErasureOnPostgres(PostgresApp app) : ErasureTests(app), IClassFixture<PostgresApp>;
