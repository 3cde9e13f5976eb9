using System.Net;
using Microsoft.EntityFrameworkCore;
using Pauta.Core.Audit;
using Pauta.Core.Contacts;
using Pauta.Data.Contacts;
using Pauta.Data.Entities;
using Pauta.Web.Features.Demo;
using Pauta.Web.Tests.Infrastructure;

namespace Pauta.Web.Tests.History;

/// <summary>
/// The demo organisation's generated past (DemoSeeder, HistoryWriter): a few thousand closed contacts over the 90 days
/// before the seed, stored as the app stores contacts, so the app's own readers (contact page, replay, history list,
/// board, customer page) read them without error, and their actions are in the audit log as the app would log them.
/// </summary>
public abstract class GeneratedHistoryTests(PautaApp app)
{
    private Task<Guid> OrganisationAsync() => app.OrganisationOfAsync(Demo.Agent);

    [Fact]
    public async Task The_demo_starts_with_thousands_of_closed_contacts_over_the_last_ninety_days()
    {
        var organisation = await OrganisationAsync();
        var (count, open, first, last, versions, surveys, answered) = await app.WithDbAsync(async db => (
            await db.Contacts.CountAsync(c => c.Reason != "" && c.StartedAt < app.UtcNow),
            await db.Contacts.CountAsync(c => c.Status == ContactStatus.Open),
            await db.Contacts.MinAsync(c => c.StartedAt),
            await db.Contacts.MaxAsync(c => c.ClosedAt),
            await db.Contacts.Select(c => new { c.ProtocolId, c.ProtocolVersion }).Distinct().CountAsync(),
            await db.SurveyInvitations.CountAsync(),
            await db.SurveyInvitations.CountAsync(s => s.Score != null)), organisation);
        count.ShouldBeGreaterThanOrEqualTo(2000);
        open.ShouldBe(0);
        first.ShouldBeGreaterThanOrEqualTo(app.UtcNow.AddDays(-DemoSeeder.PastContactDays - 1));
        first.ShouldBeLessThan(app.UtcNow.AddDays(-DemoSeeder.PastContactDays + 3));
        last!.Value.ShouldBeLessThan(app.UtcNow);
        // The salon booking protocol's v2 came ten days before the seed: both versions have contacts.
        versions.ShouldBeGreaterThan(11);
        surveys.ShouldBeGreaterThan(count / 4);
        answered.ShouldBeGreaterThan(surveys / 3);
    }

    [Fact]
    public async Task Each_stored_history_replays_to_its_contact_row()
    {
        var organisation = await OrganisationAsync();
        await app.WithDbAsync(async db =>
        {
            var rows = await db.Contacts.AsNoTracking().OrderBy(c => c.Id).Take(300).ToListAsync();
            var ids = rows.Select(r => r.Id).ToList();
            var events = (await db.ContactEvents.AsNoTracking().Where(e => ids.Contains(e.ContactId)).ToListAsync()).ToLookup(e => e.ContactId);
            var versions = await db.ProtocolVersions.AsNoTracking().ToDictionaryAsync(v => (v.ProtocolId, v.Number), v => v.Text);
            var calendar = await Pauta.Data.History.OrganisationCalendars.ForClocksAsync(db, default);
            foreach (var row in rows)
            {
                var stored = events[row.Id].OrderBy(e => e.Sequence).ToList();
                stored.Select(e => e.Sequence).ShouldBe(Enumerable.Range(1, row.LastSequence));
                stored[0].Id.ShouldBe(row.Id);
                var protocol = Pauta.Data.Protocols.ProtocolFile.Parse("p.md", versions[(row.ProtocolId, row.ProtocolVersion)]).Protocol!;
                var state = GuidedRun.Replay(protocol, stored.SelectMany(e => ContactEventJson.Read(e.Data)));
                foreach (var e in stored) e.Type.ShouldBe(ContactEventJson.TypeOf(ContactEventJson.Read(e.Data)));
                var expected = ContactProjections.Of(state, ContactClocks.At(state, calendar, state.ClosedAt!.Value));
                new ContactProjection(row.HandlerUserId, row.Status, row.Outcome, row.ClosedAt, row.Escalated, row.Breached,
                    row.FirstResponseDueAt, row.ResolutionDueAt).ShouldBe(expected);
                row.Reason.ShouldBe(state.Reason);
                row.AgentUserId.ShouldBe(state.AgentUserId);
                row.StartedAt.ShouldBe(state.StartedAt!.Value.UtcDateTime);
            }
        }, organisation);
    }

    [Fact]
    public async Task A_generated_contact_opens_in_the_apps_own_pages_and_api()
    {
        var organisation = await OrganisationAsync();
        // The richest history: escalated, breached, answered a survey, with a customer.
        var contact = await app.WithDbAsync(db => db.Contacts.AsNoTracking()
            .Where(c => c.Escalated && c.Breached && c.CustomerId != null && db.SurveyInvitations.Any(s => s.ContactId == c.Id && s.Score != null))
            .OrderByDescending(c => c.LastSequence).FirstAsync(), organisation);
        using var manager = await app.SignInAsync(Demo.Manager);

        (await manager.GetPageAsync($"/contacts/{contact.Id}")).ShouldHaveStatus(HttpStatusCode.OK);
        (await manager.GetAsync($"/api/v1/contacts/{contact.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        for (var at = 1; at <= contact.LastSequence; at++)
            (await manager.GetAsync($"/api/v1/contacts/{contact.Id}?at={at}")).StatusCode.ShouldBe(HttpStatusCode.OK, $"the replay at {at}");
        (await manager.GetAsync($"/api/v1/contacts/{contact.Id}/actions")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await manager.GetPageAsync($"/customers/{contact.CustomerId}")).ShouldHaveStatus(HttpStatusCode.OK);

        var day = DateOnly.FromDateTime(contact.StartedAt).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var page = await manager.GetPageAsync($"/contacts?from={day}&to={day}");
        page.ShouldHaveStatus(HttpStatusCode.OK);
        page.Document.QuerySelectorAll("#history tbody tr").Length.ShouldBeGreaterThan(0);
        (await manager.GetPageAsync("/board")).ShouldHaveStatus(HttpStatusCode.OK);

        using var supervisor = await app.SignInAsync(Demo.Supervisor);
        (await supervisor.GetPageAsync("/")).ShouldHaveStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Every_generated_action_is_in_the_audit_log_as_the_app_logs_it_and_the_stored_subtrees_hash_their_leaves()
    {
        var organisation = await OrganisationAsync();
        await app.WithDbAsync(async db =>
        {
            var entries = await db.AuditEntries.AsNoTracking().Where(a => a.LeafIndex != null).OrderBy(a => a.LeafIndex).ToListAsync();
            var head = await db.AuditLogHeads.AsNoTracking().SingleAsync();
            entries.Select(e => e.LeafIndex!.Value).ShouldBe(Enumerable.Range(0, (int)head.Size).Select(i => (long)i));

            var contactEntries = entries.Where(e => e.EntityType == ContactAudit.EntityType).ToList();
            (await db.ContactEvents.CountAsync()).ShouldBe(contactEntries.Count);
            var sample = contactEntries.Take(500).ToList();
            var ids = sample.Select(e => Guid.Parse(e.EntityId)).Distinct().ToList();
            var rows = (await db.ContactEvents.AsNoTracking().Where(e => ids.Contains(e.ContactId)).ToListAsync())
                .ToDictionary(e => (e.ContactId, e.Sequence));
            var customers = await db.Contacts.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.CustomerId);
            foreach (var e in sample)
            {
                var contactId = Guid.Parse(e.EntityId);
                var row = rows[(contactId, int.Parse(e.Details[1..], System.Globalization.CultureInfo.InvariantCulture))];
                var record = ContactAudit.Entry(e.LeafIndex!.Value, contactId, row.Sequence, row.Type, new DateTimeOffset(e.At, TimeSpan.Zero),
                    row.ActorUserId, customers[contactId], e.PersonalSalt, row.Data);
                e.LeafHash.ShouldBe(record.LeafHash());
                e.SubjectId.ShouldBe(customers[contactId]);
            }

            var nodes = await db.AuditNodes.AsNoTracking().Where(n => n.Level == 8).OrderBy(n => n.Index).ToListAsync();
            nodes.Count.ShouldBe((int)(head.Size >> 8));
            foreach (var n in nodes.Take(20))
                n.Hash.ShouldBe(MerkleTree.Root(entries.Skip((int)n.Index * 256).Take(256).Select(x => x.LeafHash!).ToList()));
        }, organisation);
    }

    [Fact(Skip = "For the lead: enable once auditlog (AuditVerification over the stored log) is merged; the generated log must verify.")]
    public Task The_generated_audit_log_verifies_against_the_apps_own_verification() =>
        throw new NotImplementedException("Call Features/Audit AuditVerification for the demo organisation and assert it reports no problem.");
}

public sealed class GeneratedHistoryOnSqlite(SqliteApp app) : GeneratedHistoryTests(app), IClassFixture<SqliteApp>;

public sealed class GeneratedHistoryOnPostgres(PostgresApp app) : GeneratedHistoryTests(app), IClassFixture<PostgresApp>;
