using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pauta.Core.Organisations;
using Pauta.Data.Contacts;
using Pauta.Data.Entities;
using Pauta.Web.Tests.Infrastructure;

namespace Pauta.Web.Tests.Contacts;

/// <summary>
/// The durable contact event writer on a real database: one row per action, idempotent by action id, checked
/// against the contact's last sequence, the projection columns written with the row, and many requests per commit.
/// </summary>
public abstract class ContactEventWriterTests(PautaApp app)
{
    private sealed record Demo(Guid Organisation, Guid Agent, Guid Protocol, int Version);

    private Demo? _demo;

    private async Task<Demo> DemoAsync()
    {
        if (_demo is not null) return _demo;
        var organisation = await app.OrganisationOfAsync(Infrastructure.Demo.Agent);
        return _demo = await app.WithDbAsync(async db =>
        {
            var agent = await db.Users.Where(u => u.Email == Infrastructure.Demo.Agent).Select(u => u.Id).SingleAsync();
            var protocol = await db.Protocols.Where(p => p.PublishedVersion > 0).OrderBy(p => p.Title)
                .Select(p => new { p.Id, p.PublishedVersion }).FirstAsync();
            return new Demo(organisation, agent, protocol.Id, protocol.PublishedVersion);
        }, organisation);
    }

    private static readonly DateTime At = new(2026, 11, 24, 9, 30, 0, DateTimeKind.Utc);

    private static ContactProjection Open(Demo d, DateTime? resolutionDue = null) =>
        new(d.Agent, ContactStatus.Open, null, null, false, false, At.AddMinutes(2), resolutionDue ?? At.AddMinutes(30));

    private static ContactAppend Start(Demo d, Guid? contactId = null, Guid? actionId = null, Guid? protocol = null)
    {
        var id = contactId ?? Guid.NewGuid();
        var contact = new Contact
        {
            OrganisationId = d.Organisation, Id = id, Channel = Channels.Phone, Reason = "Quiero devolver un pedido",
            ProtocolId = protocol ?? d.Protocol, ProtocolVersion = d.Version, AgentUserId = d.Agent, HandlerUserId = d.Agent, StartedAt = At,
        };
        return new ContactAppend(d.Organisation, id, actionId ?? Guid.NewGuid(), 0, "contact.started", """[{"type":"started"}]""", At,
            d.Agent, Open(d), contact);
    }

    private static ContactAppend Step(Demo d, Guid contactId, int expected, Guid? actionId = null, ContactProjection? projection = null, Guid? organisation = null) =>
        new(organisation ?? d.Organisation, contactId, actionId ?? Guid.NewGuid(), expected, "step.completed",
            $$"""[{"type":"step.completed","n":{{expected}}}]""", At.AddSeconds(expected), d.Agent, projection ?? Open(d));

    private IContactEventWriter Writer => app.Services.GetRequiredService<IContactEventWriter>();

    /// <summary>A writer of its own, so its counters and its disposal concern this test only.</summary>
    private ContactEventWriter NewWriter() => new(app.Provider, app.ConnectionString);

    private Task<List<ContactEvent>> EventsAsync(Guid contactId) => app.WithDbAsync(db =>
        db.ContactEvents.IgnoreQueryFilters().Where(e => e.ContactId == contactId).OrderBy(e => e.Sequence).ToListAsync());

    private Task<Contact?> ContactAsync(Guid contactId) => app.WithDbAsync(db =>
        db.Contacts.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(c => c.Id == contactId));

    private async Task<Guid> StartedContactAsync(Demo d)
    {
        var start = Start(d);
        (await Writer.AppendAsync(start)).Status.ShouldBe(AppendStatus.Appended);
        return start.ContactId;
    }

    [Fact]
    public void The_app_registers_one_writer_for_the_process()
    {
        Writer.ShouldBeOfType<ContactEventWriter>();
        Writer.ShouldBeSameAs(app.Services.GetRequiredService<IContactEventWriter>());
    }

    [Fact]
    public async Task A_start_inserts_the_contact_and_its_first_event()
    {
        var d = await DemoAsync();
        var start = Start(d);

        var result = await Writer.AppendAsync(start);

        result.ShouldBe(new AppendResult(AppendStatus.Appended, 1, start.ContactId));
        var contact = (await ContactAsync(start.ContactId)).ShouldNotBeNull();
        contact.OrganisationId.ShouldBe(d.Organisation);
        contact.Reason.ShouldBe("Quiero devolver un pedido");
        contact.Channel.ShouldBe(Channels.Phone);
        contact.ProtocolId.ShouldBe(d.Protocol);
        contact.ProtocolVersion.ShouldBe(d.Version);
        contact.StartedAt.ShouldBe(At);
        contact.LastSequence.ShouldBe(1);
        contact.UpdatedAt.ShouldBe(At);
        contact.ResolutionDueAt.ShouldBe(At.AddMinutes(30));
        var events = await EventsAsync(start.ContactId);
        events.Count.ShouldBe(1);
        events[0].Id.ShouldBe(start.ActionId);
        events[0].Sequence.ShouldBe(1);
        events[0].Type.ShouldBe("contact.started");
        events[0].Data.ShouldBe("""[{"type":"started"}]""");
        events[0].ActorUserId.ShouldBe(d.Agent);
        events[0].At.ShouldBe(At);
        events[0].RecordedAt.Kind.ShouldBe(DateTimeKind.Utc);
    }

    [Fact]
    public async Task Sequential_appends_take_the_next_sequence_and_update_the_projection()
    {
        var d = await DemoAsync();
        var id = await StartedContactAsync(d);

        (await Writer.AppendAsync(Step(d, id, 1))).ShouldBe(new AppendResult(AppendStatus.Appended, 2, id));
        (await Writer.AppendAsync(Step(d, id, 2))).ShouldBe(new AppendResult(AppendStatus.Appended, 3, id));
        var closedAt = At.AddMinutes(7);
        var closing = new ContactProjection(d.Agent, ContactStatus.Closed, ContactOutcome.Escalated, closedAt, true, true, null, null);
        (await Writer.AppendAsync(Step(d, id, 3, projection: closing))).ShouldBe(new AppendResult(AppendStatus.Appended, 4, id));

        (await EventsAsync(id)).Select(e => e.Sequence).ShouldBe([1, 2, 3, 4]);
        var contact = (await ContactAsync(id)).ShouldNotBeNull();
        contact.LastSequence.ShouldBe(4);
        contact.Status.ShouldBe(ContactStatus.Closed);
        contact.Outcome.ShouldBe(ContactOutcome.Escalated);
        contact.ClosedAt.ShouldBe(closedAt);
        contact.Escalated.ShouldBeTrue();
        contact.Breached.ShouldBeTrue();
        contact.FirstResponseDueAt.ShouldBeNull();
        contact.ResolutionDueAt.ShouldBeNull();
        contact.UpdatedAt.ShouldBe(At.AddSeconds(3));
    }

    [Fact]
    public async Task A_retried_action_is_a_duplicate_and_writes_nothing_twice()
    {
        var d = await DemoAsync();
        var start = Start(d);
        (await Writer.AppendAsync(start)).Status.ShouldBe(AppendStatus.Appended);
        (await Writer.AppendAsync(start)).ShouldBe(new AppendResult(AppendStatus.Duplicate, 1, start.ContactId));

        var step = Step(d, start.ContactId, 1);
        (await Writer.AppendAsync(step)).ShouldBe(new AppendResult(AppendStatus.Appended, 2, start.ContactId));
        // The retry carries the expected sequence it was decided on, which is stale by now: still a duplicate.
        (await Writer.AppendAsync(step)).ShouldBe(new AppendResult(AppendStatus.Duplicate, 2, start.ContactId));
        // The same action id named with another contact still answers with the first one's contact.
        (await Writer.AppendAsync(step with { ContactId = Guid.NewGuid() })).ShouldBe(new AppendResult(AppendStatus.Duplicate, 2, start.ContactId));

        (await EventsAsync(start.ContactId)).Count.ShouldBe(2);
        (await ContactAsync(start.ContactId))!.LastSequence.ShouldBe(2);
    }

    [Fact]
    public async Task A_stale_expected_sequence_is_a_conflict_and_writes_nothing()
    {
        var d = await DemoAsync();
        var id = await StartedContactAsync(d);
        (await Writer.AppendAsync(Step(d, id, 1))).Status.ShouldBe(AppendStatus.Appended);
        var before = await ContactAsync(id);

        var stale = Step(d, id, 1, projection: new ContactProjection(d.Agent, ContactStatus.Closed, ContactOutcome.Resolved, At, false, false, null, null));
        (await Writer.AppendAsync(stale)).ShouldBe(new AppendResult(AppendStatus.Conflict, 2, id));
        (await Writer.AppendAsync(Step(d, id, 7))).ShouldBe(new AppendResult(AppendStatus.Conflict, 2, id));

        (await EventsAsync(id)).Count.ShouldBe(2);
        var after = (await ContactAsync(id)).ShouldNotBeNull();
        after.Status.ShouldBe(ContactStatus.Open);
        after.LastSequence.ShouldBe(2);
        after.UpdatedAt.ShouldBe(before!.UpdatedAt);
        // The conflicting action was not stored, so it can be decided again on the current state and appended.
        (await Writer.AppendAsync(stale with { ExpectedSequence = 2 })).ShouldBe(new AppendResult(AppendStatus.Appended, 3, id));
    }

    [Fact]
    public async Task A_start_whose_contact_exists_is_a_conflict()
    {
        var d = await DemoAsync();
        var id = await StartedContactAsync(d);
        (await Writer.AppendAsync(Start(d, contactId: id))).ShouldBe(new AppendResult(AppendStatus.Conflict, 1, id));
        (await EventsAsync(id)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_start_whose_new_contact_does_not_match_the_append_is_refused_before_anything_is_written()
    {
        var d = await DemoAsync();
        var start = Start(d);
        await Should.ThrowAsync<ArgumentException>(() => Writer.AppendAsync(start with { ContactId = Guid.NewGuid() }));
        await Should.ThrowAsync<ArgumentException>(() => Writer.AppendAsync(start with { ExpectedSequence = 3 }));
        (await ContactAsync(start.ContactId)).ShouldBeNull();
    }

    [Fact]
    public async Task Appends_to_a_missing_contact_or_another_organisations_contact_are_conflicts_and_write_nothing()
    {
        var d = await DemoAsync();
        var id = await StartedContactAsync(d);
        var owner = Infrastructure.Demo.NewEmail("owner");
        await app.SignUpAsync($"Otra {Guid.NewGuid():N}", owner);
        var other = await app.OrganisationOfAsync(owner);

        var missing = Guid.NewGuid();
        (await Writer.AppendAsync(Step(d, missing, 0))).ShouldBe(new AppendResult(AppendStatus.Conflict, 0, missing));
        (await Writer.AppendAsync(Step(d, id, 1, organisation: other))).ShouldBe(new AppendResult(AppendStatus.Conflict, 0, id));

        (await EventsAsync(id)).Count.ShouldBe(1);
        (await EventsAsync(missing)).ShouldBeEmpty();
        (await ContactAsync(id))!.LastSequence.ShouldBe(1);
        (await app.WithDbAsync(db => db.ContactEvents.IgnoreQueryFilters().CountAsync(e => e.OrganisationId == other))).ShouldBe(0);
    }

    [Fact]
    public async Task Concurrent_appends_to_many_contacts_are_all_durable_in_fewer_commits()
    {
        var d = await DemoAsync();
        await using var writer = NewWriter();
        var starts = Enumerable.Range(0, 64).Select(_ => Start(d)).ToList();
        (await Task.WhenAll(starts.Select(s => writer.AppendAsync(s)))).ShouldAllBe(r => r.Status == AppendStatus.Appended && r.Sequence == 1);
        var commitsBefore = writer.CommitCount;

        var steps = starts.Select(s => Step(d, s.ContactId, 1)).ToList();
        var results = await Task.WhenAll(steps.Select(s => Task.Run(() => writer.AppendAsync(s))));

        results.ShouldAllBe(r => r.Status == AppendStatus.Appended && r.Sequence == 2);
        results.Select(r => r.ContactId).ShouldBe(steps.Select(s => s.ContactId));
        var ids = starts.Select(s => s.ContactId).ToList();
        var stored = await app.WithDbAsync(db => db.ContactEvents.IgnoreQueryFilters().Where(e => ids.Contains(e.ContactId)).ToListAsync());
        stored.Count.ShouldBe(128);
        stored.Where(e => e.Sequence == 2).Select(e => e.Id).OrderBy(x => x).ShouldBe(steps.Select(s => s.ActionId).OrderBy(x => x));
        (await app.WithDbAsync(db => db.Contacts.IgnoreQueryFilters().CountAsync(c => ids.Contains(c.Id) && c.LastSequence == 2))).ShouldBe(64);
        // Group commit: requests that arrived while a commit was under way shared the next one.
        writer.AnsweredCount.ShouldBe(128);
        commitsBefore.ShouldBeLessThan(64);
        (writer.CommitCount - commitsBefore).ShouldBeLessThan(64);
    }

    [Fact]
    public async Task Of_concurrent_appends_to_one_contact_on_the_same_sequence_exactly_one_wins()
    {
        var d = await DemoAsync();
        var id = await StartedContactAsync(d);
        (await Writer.AppendAsync(Step(d, id, 1))).Status.ShouldBe(AppendStatus.Appended);

        var attempts = Enumerable.Range(0, 20).Select(_ => Step(d, id, 2)).ToList();
        var results = await Task.WhenAll(attempts.Select(a => Task.Run(() => Writer.AppendAsync(a))));

        results.Count(r => r.Status == AppendStatus.Appended).ShouldBe(1);
        results.Single(r => r.Status == AppendStatus.Appended).Sequence.ShouldBe(3);
        results.Where(r => r.Status != AppendStatus.Appended).ShouldAllBe(r => r.Status == AppendStatus.Conflict && r.Sequence == 3);
        var events = await EventsAsync(id);
        events.Select(e => e.Sequence).ShouldBe([1, 2, 3]);
        events[2].Id.ShouldBe(attempts[Array.FindIndex(results, r => r.Status == AppendStatus.Appended)].ActionId);
    }

    [Fact]
    public async Task Requests_queued_together_are_answered_in_order_a_retry_as_a_duplicate_and_a_rival_as_a_conflict()
    {
        var d = await DemoAsync();
        await using var writer = NewWriter();
        var start = Start(d);
        var step = Step(d, start.ContactId, 1);
        // Queued together (so mostly taken in one batch): start, its retry, the step, its retry, and a rival on the same sequence.
        var tasks = new[] { start, start, step, step, Step(d, start.ContactId, 1) }.Select(a => writer.AppendAsync(a)).ToList();
        var results = await Task.WhenAll(tasks);

        results[0].ShouldBe(new AppendResult(AppendStatus.Appended, 1, start.ContactId));
        results[1].ShouldBe(new AppendResult(AppendStatus.Duplicate, 1, start.ContactId));
        results[2].ShouldBe(new AppendResult(AppendStatus.Appended, 2, start.ContactId));
        results[3].ShouldBe(new AppendResult(AppendStatus.Duplicate, 2, start.ContactId));
        results[4].ShouldBe(new AppendResult(AppendStatus.Conflict, 2, start.ContactId));
        (await EventsAsync(start.ContactId)).Select(e => e.Id).ShouldBe([start.ActionId, step.ActionId]);
    }

    [Fact]
    public async Task A_batch_of_every_kind_is_answered_as_if_each_request_were_written_alone_in_order()
    {
        var d = await DemoAsync();
        var a = await StartedContactAsync(d);
        var b = await StartedContactAsync(d);
        var c = await StartedContactAsync(d);
        var e = await StartedContactAsync(d);
        (await Writer.AppendAsync(Step(d, c, 1))).Status.ShouldBe(AppendStatus.Appended);
        var storedOnE = Step(d, e, 1);
        (await Writer.AppendAsync(storedOnE)).Status.ShouldBe(AppendStatus.Appended);
        var missing = Guid.NewGuid();
        var start = Start(d);
        var stepA = Step(d, a, 1);
        var stepB = Step(d, b, 1);
        var secondOnA = Step(d, a, 2);
        var onStart = Step(d, start.ContactId, 1);
        var batch = new List<ContactAppend>
        {
            stepA,                                            // 0: appended
            stepB,                                            // 1: appended
            Step(d, c, 1),                                    // 2: stale, a conflict
            Step(d, e, 1, actionId: storedOnE.ActionId),      // 3: stored before, a duplicate
            Step(d, missing, 0),                              // 4: no such contact, a conflict
            start,                                            // 5: a start
            secondOnA,                                        // 6: a's next step, after 0
            Step(d, b, 1),                                    // 7: a rival of 1, a conflict
            onStart,                                          // 8: the new contact's first step, after 5
            Step(d, c, 9, actionId: stepB.ActionId),          // 9: 1's action id again, a duplicate
        };
        // On PostgreSQL the first five are one set-based statement; the rest go one by one after it, in order.
        Pauta.Data.Contacts.PostgresBatchStore.Split(batch).Set.ShouldBe([0, 1, 2, 3, 4]);

        AppendResult[] results;
        await using (var store = ContactEventWriter.StoreFor(app.Provider, app.ConnectionString))
            results = await store.WriteAsync(batch, At);

        results.ShouldBe([
            new AppendResult(AppendStatus.Appended, 2, a),
            new AppendResult(AppendStatus.Appended, 2, b),
            new AppendResult(AppendStatus.Conflict, 2, c),
            new AppendResult(AppendStatus.Duplicate, 2, e),
            new AppendResult(AppendStatus.Conflict, 0, missing),
            new AppendResult(AppendStatus.Appended, 1, start.ContactId),
            new AppendResult(AppendStatus.Appended, 3, a),
            new AppendResult(AppendStatus.Conflict, 2, b),
            new AppendResult(AppendStatus.Appended, 2, start.ContactId),
            new AppendResult(AppendStatus.Duplicate, 2, b),
        ]);
        (await EventsAsync(a)).Select(x => x.Id).Skip(1).ShouldBe([stepA.ActionId, secondOnA.ActionId]);
        (await EventsAsync(b)).Select(x => x.Id).Skip(1).ShouldBe([stepB.ActionId]);
        (await EventsAsync(c)).Count.ShouldBe(2);
        (await EventsAsync(e)).Count.ShouldBe(2);
        (await EventsAsync(missing)).ShouldBeEmpty();
        (await EventsAsync(start.ContactId)).Select(x => x.Id).ShouldBe([start.ActionId, onStart.ActionId]);
        var stored = (await EventsAsync(a))[1];
        (stored.Type, stored.Data, stored.ActorUserId, stored.At).ShouldBe((stepA.Type, stepA.Data, stepA.ActorUserId, stepA.At));
        stored.RecordedAt.ShouldBe(At);
        var rowA = (await ContactAsync(a))!;
        (rowA.LastSequence, rowA.HandlerUserId, rowA.ResolutionDueAt, rowA.UpdatedAt).ShouldBe((3, d.Agent, At.AddMinutes(30), secondOnA.At));
        (await ContactAsync(b))!.LastSequence.ShouldBe(2);
        // Every appended action is in the organisation's audit log once: a 1 + 2, b 1 + 1, the new contact 2.
        var audited = new[] { a, b, start.ContactId }.Select(x => x.ToString("D")).ToList();
        (await app.WithDbAsync(db => db.AuditEntries.IgnoreQueryFilters()
            .CountAsync(x => x.OrganisationId == d.Organisation && x.EntityType == "contact" && audited.Contains(x.EntityId)))).ShouldBe(7);
    }

    [Fact]
    public async Task A_request_that_fails_in_the_database_does_not_fail_the_others_in_its_batch()
    {
        var d = await DemoAsync();
        await using var writer = NewWriter();
        var good = Enumerable.Range(0, 30).Select(_ => Start(d)).ToList();
        // A start pinned to a protocol that does not exist: the foreign key refuses it.
        var bad = Start(d, protocol: Guid.NewGuid());
        var requests = good.Take(15).Append(bad).Concat(good.Skip(15)).ToList();

        var tasks = requests.Select(a => writer.AppendAsync(a)).ToList();
        await Should.ThrowAsync<System.Data.Common.DbException>(() => tasks[15]);
        var results = await Task.WhenAll(tasks.Where((_, i) => i != 15));

        results.ShouldAllBe(r => r.Status == AppendStatus.Appended && r.Sequence == 1);
        var ids = good.Select(g => g.ContactId).ToList();
        (await app.WithDbAsync(db => db.ContactEvents.IgnoreQueryFilters().CountAsync(e => ids.Contains(e.ContactId)))).ShouldBe(30);
        (await ContactAsync(bad.ContactId)).ShouldBeNull();
        (await EventsAsync(bad.ContactId)).ShouldBeEmpty();
        // The writer goes on after the failure.
        (await writer.AppendAsync(Step(d, good[0].ContactId, 1))).Status.ShouldBe(AppendStatus.Appended);
    }

    [Fact]
    public async Task An_action_id_written_by_another_node_meanwhile_is_answered_as_a_duplicate()
    {
        var d = await DemoAsync();
        var id = await StartedContactAsync(d);
        var step = Step(d, id, 1);
        // Another web node's writer stored the action first.
        await using (var otherNode = NewWriter())
            (await otherNode.AppendAsync(step)).Status.ShouldBe(AppendStatus.Appended);

        (await Writer.AppendAsync(step)).ShouldBe(new AppendResult(AppendStatus.Duplicate, 2, id));
        (await EventsAsync(id)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Disposing_the_writer_answers_what_was_queued_and_refuses_what_comes_after()
    {
        var d = await DemoAsync();
        var writer = NewWriter();
        var starts = Enumerable.Range(0, 40).Select(_ => Start(d)).ToList();
        var tasks = starts.Select(s => writer.AppendAsync(s)).ToList();

        await writer.DisposeAsync();

        tasks.ShouldAllBe(t => t.IsCompletedSuccessfully);
        tasks.ShouldAllBe(t => t.Result.Status == AppendStatus.Appended);
        var ids = starts.Select(s => s.ContactId).ToList();
        (await app.WithDbAsync(db => db.ContactEvents.IgnoreQueryFilters().CountAsync(e => ids.Contains(e.ContactId)))).ShouldBe(40);
        await Should.ThrowAsync<ObjectDisposedException>(() => writer.AppendAsync(Start(d)));
    }

    [Fact]
    public async Task A_caller_that_gives_up_while_queued_is_cancelled_and_the_others_are_written()
    {
        var d = await DemoAsync();
        await using var writer = NewWriter();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => writer.AppendAsync(Start(d), cancelled.Token));

        // Cancelling after the request was queued: it is either cancelled before being taken (nothing written) or
        // written and answered; never half-written, and the rest of the batch is unaffected.
        using var late = new CancellationTokenSource();
        var starts = Enumerable.Range(0, 20).Select(_ => Start(d)).ToList();
        var tasks = starts.Select((s, i) => writer.AppendAsync(s, i == 10 ? late.Token : default)).ToList();
        await late.CancelAsync();
        await Task.WhenAll(tasks.Where((_, i) => i != 10));
        var written = await EventsAsync(starts[10].ContactId);
        try
        {
            (await tasks[10]).Status.ShouldBe(AppendStatus.Appended);
            written.Count.ShouldBe(1);
        }
        catch (OperationCanceledException)
        {
            written.ShouldBeEmpty();
            (await ContactAsync(starts[10].ContactId)).ShouldBeNull();
        }
        var ids = starts.Where((_, i) => i != 10).Select(s => s.ContactId).ToList();
        (await app.WithDbAsync(db => db.ContactEvents.IgnoreQueryFilters().CountAsync(e => ids.Contains(e.ContactId)))).ShouldBe(19);
    }
}

public sealed class ContactEventWriterOnSqlite(SqliteApp app) : ContactEventWriterTests(app), IClassFixture<SqliteApp>;

public sealed class ContactEventWriterOnPostgres(PostgresApp app) : ContactEventWriterTests(app), IClassFixture<PostgresApp>
{
    /// <summary>
    /// Another node (or the writer's other lane) appends the same action while this writer's statement waits for the
    /// contact's row: the statement's reads predate that commit, so without a second look it would answer a Conflict
    /// that names the sequence it expected. It answers what is stored: a Duplicate at the committed sequence, and a
    /// rival on the old sequence a Conflict naming the new one.
    /// </summary>
    [Fact]
    public async Task A_row_committed_while_the_batch_waits_for_it_is_read_again_before_answering()
    {
        var organisation = await app.OrganisationOfAsync(Infrastructure.Demo.Agent);
        var (agent, protocol, version) = await app.DemoAgentAndProtocolAsync(organisation);
        var at = new DateTime(2026, 11, 24, 9, 30, 0, DateTimeKind.Utc);
        var open = new ContactProjection(agent, ContactStatus.Open, null, null, false, false, null, at.AddMinutes(30));
        ContactAppend StartOf(Guid id) => new(organisation, id, Guid.NewGuid(), 0, "contact.started", "[]", at, agent, open, new Contact
        {
            OrganisationId = organisation, Id = id, Channel = Channels.Phone, Reason = "Quiero devolver un pedido", ProtocolId = protocol,
            ProtocolVersion = version, AgentUserId = agent, HandlerUserId = agent, StartedAt = at,
        });
        var (x, y) = (Guid.NewGuid(), Guid.NewGuid());
        await using var writer = new ContactEventWriter(app.Provider, app.ConnectionString);
        (await writer.AppendAsync(StartOf(x))).Status.ShouldBe(AppendStatus.Appended);
        (await writer.AppendAsync(StartOf(y))).Status.ShouldBe(AppendStatus.Appended);
        var step = new ContactAppend(organisation, x, Guid.NewGuid(), 1, "step.completed", "[]", at, agent, open);

        // "Another node" writes the step on x and holds its transaction open.
        await using var other = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await other.OpenAsync();
        await using var tx = await other.BeginTransactionAsync();
        await using (var cmd = new Npgsql.NpgsqlCommand("""
            UPDATE "Contacts" SET "LastSequence" = 2 WHERE "OrganisationId" = @o AND "Id" = @c;
            INSERT INTO "ContactEvents" ("OrganisationId", "ContactId", "Sequence", "Id", "Type", "At", "ActorUserId", "Data", "RecordedAt")
            VALUES (@o, @c, 2, @a, 'step.completed', @at, NULL, '[]', @at)
            """, other, tx))
        {
            cmd.Parameters.AddWithValue("o", organisation);
            cmd.Parameters.AddWithValue("c", x);
            cmd.Parameters.AddWithValue("a", step.ActionId);
            cmd.Parameters.AddWithValue("at", at);
            await cmd.ExecuteNonQueryAsync();
        }
        // This writer gets the same step (a retry), a rival on the same sequence, and a step on y, in one batch.
        var rival = step with { ActionId = Guid.NewGuid() };
        var onY = new ContactAppend(organisation, y, Guid.NewGuid(), 1, "step.completed", "[]", at, agent, open);
        var tasks = new[] { step, rival, onY }.Select(a => writer.AppendAsync(a)).ToList();
        // Once the writer waits for x's row lock, the other node commits.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        await using (var probe = new Npgsql.NpgsqlConnection(app.ConnectionString))
        {
            await probe.OpenAsync();
            await using var waiting = new Npgsql.NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()", probe);
            while ((long)(await waiting.ExecuteScalarAsync())! == 0)
            {
                waited.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30), "the writer should wait for the contact row another transaction holds");
                await Task.Delay(20);
            }
        }
        await tx.CommitAsync();

        var results = await Task.WhenAll(tasks);
        results[0].ShouldBe(new AppendResult(AppendStatus.Duplicate, 2, x));
        results[1].ShouldBe(new AppendResult(AppendStatus.Conflict, 2, x));
        results[2].ShouldBe(new AppendResult(AppendStatus.Appended, 2, y));
        (await app.WithDbAsync(db => db.ContactEvents.IgnoreQueryFilters().CountAsync(e => e.ContactId == x))).ShouldBe(2);
    }
}
