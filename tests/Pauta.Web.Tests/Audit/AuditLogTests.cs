using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pauta.Core.Audit;
using Pauta.Core.Organisations;
using Pauta.Data;
using Pauta.Data.Audit;
using Pauta.Data.Contacts;
using Pauta.Data.Entities;
using Pauta.Tests.Shared;
using Pauta.Web.Features.Audit;
using Pauta.Web.Tests.Infrastructure;

namespace Pauta.Web.Tests.Audit;

/// <summary>
/// The audit log on a real database (ADR-010): entries numbered 0..n-1 in the writing transaction by EF saves and the
/// contact writer alike, roots and proofs over the stored subtrees equal to the tree over every leaf, signed
/// checkpoints, and a row changed in place found by the verification.
/// </summary>
public abstract class AuditLogTests(PautaApp app)
{
    private static readonly DateTimeOffset At = TestInstants.WorkingMorning;

    /// <summary>An organisation of its own, with an empty log, so a test owns every index.</summary>
    private async Task<Guid> NewOrganisationAsync()
    {
        var id = Guid.NewGuid();
        await app.WithDbAsync(async db =>
        {
            db.Organisations.Add(new Organisation { Id = id, Name = "Audit " + id.ToString("N")[..8], BrandName = "Audit" });
            await db.SaveChangesAsync();
        }, id);
        return id;
    }

    private Task<List<AuditEntry>> EntriesAsync(Guid organisation) => app.WithDbAsync(db =>
        db.AuditEntries.AsNoTracking().OrderBy(e => e.LeafIndex).ToListAsync(), organisation);

    private Task<long> HeadAsync(Guid organisation) => app.WithDbAsync(db => new AuditLog(db).SizeAsync(), organisation);

    private static void ShouldBeWholeLog(List<AuditEntry> entries, long head)
    {
        entries.Select(e => e.LeafIndex).ShouldBe(Enumerable.Range(0, entries.Count).Select(i => (long?)i), "indices 0..n-1, no gap, no repeat");
        head.ShouldBe(entries.Count);
        foreach (var e in entries) e.LeafHash.ShouldBe(AuditLeaf.Record(e).LeafHash(), $"leaf hash of entry {e.LeafIndex}");
    }

    [Fact]
    public async Task An_organisation_created_with_its_first_entry_starts_its_log_at_zero()
    {
        var id = Guid.NewGuid();
        await app.WithDbAsync(async db =>
        {
            db.Organisations.Add(new Organisation { Id = id, Name = "Born audited", BrandName = "B" });
            db.Audit(null, "organisation.created", "Organisation", id, "Born audited");
            db.Audit(null, "organisation.updated", "Organisation", id, "again");
            await db.SaveChangesAsync();
        }, id);

        ShouldBeWholeLog(await EntriesAsync(id), await HeadAsync(id));
        (await HeadAsync(id)).ShouldBe(2);
    }

    [Fact]
    public async Task Concurrent_saves_from_many_contexts_and_the_writer_number_the_log_without_gap_or_repeat()
    {
        var organisation = await app.OrganisationOfAsync(Infrastructure.Demo.Agent);
        var (agent, protocol, version) = await app.DemoAgentAndProtocolAsync(organisation);
        var before = await HeadAsync(organisation);
        var writer = app.Services.GetRequiredService<IContactEventWriter>();

        var saves = Enumerable.Range(0, 12).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; i < 8; i++)
                await app.WithDbAsync(async db =>
                {
                    db.Audit(agent, "test.concurrent", "Test", $"{worker}-{i}", "a");
                    db.Audit(agent, "test.concurrent", "Test", $"{worker}-{i}", "b");
                    await db.SaveChangesAsync();
                }, organisation);
        }));
        var appends = Enumerable.Range(0, 60).Select(_ => Task.Run(async () =>
        {
            var id = Guid.NewGuid();
            var contact = new Contact
            {
                OrganisationId = organisation, Id = id, Channel = Channels.Phone, Reason = "Quiero devolver un pedido", ProtocolId = protocol,
                ProtocolVersion = version, AgentUserId = agent, HandlerUserId = agent, StartedAt = At.UtcDateTime,
            };
            var open = new ContactProjection(agent, ContactStatus.Open, null, null, false, false, null, null);
            var start = await writer.AppendAsync(new ContactAppend(organisation, id, Guid.NewGuid(), 0, "started", """[{"type":"started"}]""",
                At.UtcDateTime, agent, open, contact));
            start.Status.ShouldBe(AppendStatus.Appended);
            // A retry of the same action is a duplicate and adds no entry.
            var step = Guid.NewGuid();
            (await writer.AppendAsync(new ContactAppend(organisation, id, step, 1, "step", "[]", At.UtcDateTime, agent, open))).Status.ShouldBe(AppendStatus.Appended);
            (await writer.AppendAsync(new ContactAppend(organisation, id, step, 1, "step", "[]", At.UtcDateTime, agent, open))).Status.ShouldBe(AppendStatus.Duplicate);
            // A stale action is a conflict and adds no entry.
            (await writer.AppendAsync(new ContactAppend(organisation, id, Guid.NewGuid(), 1, "step", "[]", At.UtcDateTime, agent, open))).Status.ShouldBe(AppendStatus.Conflict);
        }));
        await Task.WhenAll(saves.Concat(appends));

        var entries = await EntriesAsync(organisation);
        ShouldBeWholeLog(entries, await HeadAsync(organisation));
        (entries.Count - before).ShouldBe(12 * 8 * 2 + 60 * 2);
        entries.Count(e => e.Action == ContactAudit.ActionFor("started")).ShouldBeGreaterThanOrEqualTo(60);
        var contactEntry = entries.Last(e => e.Action == ContactAudit.ActionFor("step"));
        contactEntry.EntityType.ShouldBe(ContactAudit.EntityType);
        contactEntry.Details.ShouldBe("#2");
        contactEntry.PersonalCommitment.ShouldBe(AuditRecord.Commit(contactEntry.PersonalSalt!, "[]"));
    }

    [Fact]
    public async Task A_failed_save_leaves_no_entry_and_no_head_change()
    {
        var organisation = await NewOrganisationAsync();
        await app.WithDbAsync(async db => { db.Audit(null, "test.first", "Test", "1"); await db.SaveChangesAsync(); }, organisation);
        var department = Guid.NewGuid();
        await app.WithDbAsync(async db => { db.Departments.Add(new Department { Id = department, Name = "Uno" }); await db.SaveChangesAsync(); }, organisation);

        // The same primary key again: the save fails after the head was moved in its transaction.
        await Should.ThrowAsync<DbUpdateException>(() => app.WithDbAsync(async db =>
        {
            db.Audit(null, "test.failed", "Test", "2");
            db.Departments.Add(new Department { Id = department, Name = "Dos" });
            await db.SaveChangesAsync();
        }, organisation));
        // Inside a caller's transaction: the failed save is undone to its savepoint, the next save numbers from the same head.
        await app.WithDbAsync(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            db.Audit(null, "test.failed", "Test", "3");
            db.Departments.Add(new Department { Id = department, Name = "Tres" });
            await Should.ThrowAsync<DbUpdateException>(() => db.SaveChangesAsync());
            db.ChangeTracker.Clear();
            db.Audit(null, "test.second", "Test", "4");
            await db.SaveChangesAsync();
            await tx.CommitAsync();
        }, organisation);
        // A caller's transaction rolled back takes its entries and the head with it.
        await app.WithDbAsync(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            db.Audit(null, "test.rolled-back", "Test", "5");
            await db.SaveChangesAsync();
            await tx.RollbackAsync();
        }, organisation);

        var entries = await EntriesAsync(organisation);
        entries.Select(e => e.Action).ShouldBe(["test.first", "test.second"]);
        ShouldBeWholeLog(entries, await HeadAsync(organisation));
    }

    [Fact]
    public async Task Start_up_numbers_legacy_rows_once_in_id_order_after_the_log()
    {
        var organisation = await NewOrganisationAsync();
        await app.WithDbAsync(async db => { db.Audit(null, "test.numbered", "Test", "0"); await db.SaveChangesAsync(); }, organisation);
        var ids = new[] { Guid.CreateVersion7(At), Guid.CreateVersion7(At.AddSeconds(1)), Guid.CreateVersion7(At.AddSeconds(2)) };
        await app.WithDbAsync(async db =>
        {
            foreach (var (id, n) in ids.Select((id, n) => (id, n)).Reverse())
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO "AuditEntries" ("OrganisationId", "Id", "At", "Action", "EntityType", "EntityId", "Details")
                    VALUES ({organisation}, {id}, {At.UtcDateTime}, {"test.legacy"}, {"Test"}, {n.ToString()}, {""})
                    """);
        });

        (await app.WithDbAsync(db => AuditLegacy.NumberAsync(db))).ShouldBe(3);
        (await app.WithDbAsync(db => AuditLegacy.NumberAsync(db))).ShouldBe(0);

        var entries = await EntriesAsync(organisation);
        ShouldBeWholeLog(entries, await HeadAsync(organisation));
        entries.Skip(1).Select(e => e.Id).ShouldBe(ids);
    }

    [Fact]
    public async Task Roots_and_proofs_from_stored_subtrees_equal_the_tree_over_every_leaf()
    {
        var organisation = await NewOrganisationAsync();
        const int total = 65_536 + 300;
        await app.WithDbAsync(db => AuditBulk.AppendAsync(db, organisation, total, At));
        var leaves = (await EntriesAsync(organisation)).Select(e => e.LeafHash!).ToList();
        leaves.Count.ShouldBe(total);
        var memory = MerkleTree.InMemory(leaves);
        long[] sizes = [1, 2, 3, 7, 255, 256, 257, 511, 512, 513, 65_535, 65_536, 65_537, total];

        async Task Check(string stage)
        {
            foreach (var size in sizes)
            {
                var root = await app.WithDbAsync(db => new AuditLog(db).RootAsync(size), organisation);
                root.ShouldBe(MerkleTree.Root(leaves.Take((int)size).ToList()), $"{stage}: root of {size}");
                foreach (var index in new[] { 0, size / 2, size - 1 }.Distinct())
                {
                    var proof = await app.WithDbAsync(db => new AuditLog(db).InclusionProofAsync(index, size), organisation);
                    proof.ShouldBe(MerkleTree.InclusionProof(index, size, memory), $"{stage}: inclusion of {index} in {size}");
                    MerkleProofs.VerifyInclusion(index, size, leaves[(int)index], proof, root).ShouldBeTrue();
                }
                foreach (var old in new[] { 1, size / 3, size - 1 }.Where(o => o >= 1 && o <= size).Distinct())
                {
                    var proof = await app.WithDbAsync(db => new AuditLog(db).ConsistencyProofAsync(old, size), organisation);
                    proof.ShouldBe(MerkleTree.ConsistencyProof(old, size, memory), $"{stage}: consistency {old} → {size}");
                }
            }
        }

        await Check("no nodes");
        (await app.WithDbAsync(db => new AuditLog(db).WriteCompletedNodesAsync(600), organisation)).ShouldBe(2);
        await Check("two level-8 nodes");
        (await app.WithDbAsync(db => new AuditLog(db).WriteCompletedNodesAsync(total), organisation)).ShouldBe(256 - 2 + 1 + 1);
        await Check("every node");
        (await app.WithDbAsync(db => db.AuditNodes.CountAsync(n => n.Level == 16), organisation)).ShouldBe(1);
    }

    [Fact]
    public async Task The_worker_signs_a_checkpoint_when_the_log_grew_and_only_then()
    {
        var organisation = await NewOrganisationAsync();
        await app.WithDbAsync(async db => { for (var i = 0; i < 5; i++) db.Audit(null, "test.entry", "Test", i); await db.SaveChangesAsync(); }, organisation);
        var worker = app.Services.GetRequiredService<AuditCheckpointWorker>();

        await worker.TickAsync(CancellationToken.None);
        var first = await app.WithDbAsync(db => db.AuditCheckpoints.AsNoTracking().SingleAsync(), organisation);
        await worker.TickAsync(CancellationToken.None);
        (await app.WithDbAsync(db => db.AuditCheckpoints.CountAsync(), organisation)).ShouldBe(1, "nothing changed, nothing signed");
        await app.WithDbAsync(async db => { db.Audit(null, "test.entry", "Test", 5); await db.SaveChangesAsync(); }, organisation);
        await worker.TickAsync(CancellationToken.None);

        var checkpoints = await app.WithDbAsync(db => db.AuditCheckpoints.AsNoTracking().OrderBy(c => c.Size).ToListAsync(), organisation);
        checkpoints.Select(c => c.Size).ShouldBe([5L, 6L]);
        var key = await app.WithDbAsync(db => db.AuditSigningKeys.AsNoTracking().SingleAsync(), organisation);
        key.KeyId.ShouldBe(AuditSignature.KeyId(key.PublicKey));
        key.ProtectedPrivateKey.ShouldNotContain(Convert.ToBase64String(key.PublicKey));
        using var publicKey = AuditSignature.ImportPublicKey(key.PublicKey);
        var leaves = (await EntriesAsync(organisation)).Select(e => e.LeafHash!).ToList();
        foreach (var c in checkpoints)
        {
            c.KeyId.ShouldBe(key.KeyId);
            c.Root.ShouldBe(MerkleTree.Root(leaves.Take((int)c.Size).ToList()));
            AuditSignature.Verify(publicKey, new AuditTreeHead(organisation, c.Size, c.Root, new DateTimeOffset(c.At, TimeSpan.Zero)), c.Signature)
                .ShouldBeTrue();
        }
        first.Size.ShouldBe(5);
        (await app.WithDbAsync(db => new AuditVerification(db).VerifyAsync(), organisation)).ShouldBe(
            new AuditVerificationResult(AuditVerificationProblem.None, 6, 6, new DateTimeOffset(checkpoints[1].At, TimeSpan.Zero), null, null));
    }

    private async Task<Guid> SignedOrganisationAsync(int entries)
    {
        var organisation = await NewOrganisationAsync();
        await app.WithDbAsync(async db =>
        {
            for (var i = 0; i < entries; i++) db.Audit(null, "test.entry", "Test", i, $"entry {i}");
            await db.SaveChangesAsync();
        }, organisation);
        await app.Services.GetRequiredService<AuditCheckpointWorker>().TickAsync(CancellationToken.None);
        (await app.WithDbAsync(db => db.AuditCheckpoints.Select(c => c.Size).SingleAsync(), organisation)).ShouldBe(entries);
        return organisation;
    }

    [Fact]
    public async Task An_update_of_one_rows_details_is_reported_with_its_index()
    {
        var organisation = await SignedOrganisationAsync(300);
        (await app.WithDbAsync(db => new AuditVerification(db).VerifyAsync(), organisation)).Ok.ShouldBeTrue();

        await app.WithDbAsync(db => db.Database.ExecuteSqlAsync(
            $"""UPDATE "AuditEntries" SET "Details" = {"nothing happened"} WHERE "OrganisationId" = {organisation} AND "LeafIndex" = {211L}"""));

        var result = await app.WithDbAsync(db => new AuditVerification(db).VerifyAsync(), organisation);
        result.Problem.ShouldBe(AuditVerificationProblem.LeafMismatch);
        result.FirstBadIndex.ShouldBe(211);
    }

    [Fact]
    public async Task An_update_of_a_rows_details_and_its_leaf_hash_is_found_by_the_root_within_its_subtree()
    {
        var organisation = await SignedOrganisationAsync(300);
        var row = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(e => e.LeafIndex == 17), organisation);
        row.Details = "nothing happened";
        var forged = AuditLeaf.Record(row).LeafHash();

        await app.WithDbAsync(db => db.Database.ExecuteSqlAsync($"""
            UPDATE "AuditEntries" SET "Details" = {row.Details}, "LeafHash" = {forged} WHERE "OrganisationId" = {organisation} AND "LeafIndex" = {17L}
            """));

        var result = await app.WithDbAsync(db => new AuditVerification(db).VerifyAsync(), organisation);
        result.Problem.ShouldBe(AuditVerificationProblem.RootMismatch);
        result.FirstBadIndex.ShouldBe(0);
        result.LastBadIndex.ShouldBe(255, "entry 17 is in the first stored subtree, entries 0 to 255");
    }
}

/// <summary>The app with its checkpoint worker stopped, so the tests decide when subtrees are written and checkpoints signed.</summary>
public abstract class AuditApp(DatabaseProvider provider) : PautaApp(provider)
{
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting(AuditCheckpointWorker.EnabledSetting, "false");
    }
}

public sealed class SqliteAuditApp() : AuditApp(DatabaseProvider.Sqlite);

public sealed class PostgresAuditApp() : AuditApp(DatabaseProvider.Postgres);

public sealed class AuditLogOnSqlite(SqliteAuditApp app) : AuditLogTests(app), IClassFixture<SqliteAuditApp>;

public sealed class AuditLogOnPostgres(PostgresAuditApp app) : AuditLogTests(app), IClassFixture<PostgresAuditApp>;
