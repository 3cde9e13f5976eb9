using System.Globalization;
using Microsoft.Data.Sqlite;
using Pauta.Data.Audit;
using Pauta.Data.Entities;

namespace Pauta.Data.Contacts;

/// <summary>
/// SQLite: statements prepared once per connection, run one request after another inside BEGIN IMMEDIATE (the
/// write lock is taken at once, waiting up to busy_timeout for the app's other writers). Values are bound the way
/// EF Core stores them: GUIDs as upper-case text, instants as "yyyy-MM-dd HH:mm:ss.FFFFFFF" UTC text.
/// </summary>
internal sealed class SqliteBatchStore(string connectionString) : IBatchStore
{
    private const string DateFormat = @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF";

    private SqliteConnection? _connection;
    private Statements? _s;

    public async Task<AppendResult[]> WriteAsync(IReadOnlyList<ContactAppend> batch, DateTime recordedAt)
    {
        var s = await OpenAsync().ConfigureAwait(false);
        using var tx = _connection!.BeginTransaction(deferred: false);
        s.Enlist(tx);
        var results = new AppendResult[batch.Count];
        var recorded = Text(recordedAt);
        for (var i = 0; i < batch.Count; i++) results[i] = Write(s, batch[i], recorded);
        foreach (var (organisation, rows) in ContactAuditRows.Appended(batch, results))
        {
            var first = AuditHead.Reserve(_connection, tx, DatabaseProvider.Sqlite, organisation, rows.Count);
            foreach (var row in ContactAuditRows.Entries(batch, results, rows, first, recordedAt)) InsertAudit(s, row);
        }
        tx.Commit();
        return results;
    }

    private static AppendResult Write(Statements s, ContactAppend a, string recordedAt)
    {
        var org = Text(a.OrganisationId);
        var contact = Text(a.ContactId);
        var next = a.ExpectedSequence + 1;

        s.FindAction.Parameters[0].Value = org;
        s.FindAction.Parameters[1].Value = Text(a.ActionId);
        using (var r = s.FindAction.ExecuteReader())
            if (r.Read()) return new AppendResult(AppendStatus.Duplicate, r.GetInt32(0), Guid.Parse(r.GetString(1)));

        var p = a.Projection;
        int changed;
        if (a.NewContact is { } c)
        {
            var q = s.InsertContact.Parameters;
            q["$o"].Value = org; q["$c"].Value = contact; q["$channel"].Value = (int)c.Channel;
            q["$customer"].Value = c.CustomerId is { } cu ? Text(cu) : DBNull.Value; q["$reason"].Value = c.Reason;
            q["$protocol"].Value = Text(c.ProtocolId); q["$version"].Value = c.ProtocolVersion; q["$agent"].Value = Text(c.AgentUserId);
            q["$started"].Value = Text(c.StartedAt);
            q["$received"].Value = Nullable(c.ReceivedAt); q["$site"].Value = c.SiteId is { } site ? Text(site) : DBNull.Value;
            q["$sub"].Value = (int)c.SubChannel;
            Project(q, p, next, a.At);
            changed = s.InsertContact.ExecuteNonQuery();
        }
        else
        {
            var q = s.UpdateContact.Parameters;
            q["$o"].Value = org; q["$c"].Value = contact; q["$expected"].Value = a.ExpectedSequence;
            Project(q, p, next, a.At);
            changed = s.UpdateContact.ExecuteNonQuery();
        }
        if (changed == 0)
        {
            s.LastSequence.Parameters[0].Value = org;
            s.LastSequence.Parameters[1].Value = contact;
            var last = s.LastSequence.ExecuteScalar();
            return new AppendResult(AppendStatus.Conflict, last is long l ? (int)l : 0, a.ContactId);
        }

        var e = s.InsertEvent.Parameters;
        e["$o"].Value = org; e["$c"].Value = contact; e["$seq"].Value = next; e["$id"].Value = Text(a.ActionId);
        e["$type"].Value = a.Type; e["$at"].Value = Text(a.At); e["$actor"].Value = a.ActorUserId is { } u ? Text(u) : DBNull.Value;
        e["$data"].Value = a.Data; e["$recorded"].Value = recordedAt;
        s.InsertEvent.ExecuteNonQuery();
        return new AppendResult(AppendStatus.Appended, next, a.ContactId);
    }

    private static void InsertAudit(Statements s, AuditEntry row)
    {
        var q = s.InsertAudit.Parameters;
        q["$o"].Value = Text(row.OrganisationId); q["$id"].Value = Text(row.Id); q["$at"].Value = Text(row.At);
        q["$actor"].Value = row.ActorUserId is { } u ? Text(u) : DBNull.Value; q["$action"].Value = row.Action;
        q["$type"].Value = row.EntityType; q["$entity"].Value = row.EntityId; q["$details"].Value = row.Details;
        q["$index"].Value = row.LeafIndex!.Value; q["$hash"].Value = row.LeafHash!;
        q["$subject"].Value = row.SubjectId is { } c ? Text(c) : DBNull.Value;
        q["$salt"].Value = row.PersonalSalt!; q["$commitment"].Value = row.PersonalCommitment!;
        s.InsertAudit.ExecuteNonQuery();
    }

    private static void Project(SqliteParameterCollection q, ContactProjection p, int lastSequence, DateTime at)
    {
        q["$handler"].Value = Text(p.HandlerUserId); q["$status"].Value = (int)p.Status;
        q["$outcome"].Value = p.Outcome is { } o ? (int)o : DBNull.Value;
        q["$closed"].Value = Nullable(p.ClosedAt); q["$escalated"].Value = p.Escalated ? 1 : 0; q["$breached"].Value = p.Breached ? 1 : 0;
        q["$frd"].Value = Nullable(p.FirstResponseDueAt); q["$rd"].Value = Nullable(p.ResolutionDueAt);
        q["$next"].Value = Nullable(p.NextClockDueAt);
        q["$last"].Value = lastSequence; q["$updated"].Value = Text(at);
    }

    private static string Text(Guid g) => g.ToString().ToUpperInvariant();
    private static string Text(DateTime d) => Utc(d).ToString(DateFormat, CultureInfo.InvariantCulture);
    private static object Nullable(DateTime? d) => d is { } v ? Text(v) : DBNull.Value;

    /// <summary>As <see cref="PautaDbContext.UtcConverter"/> stores instants.</summary>
    internal static DateTime Utc(DateTime d) => d.Kind == DateTimeKind.Utc ? d : DateTime.SpecifyKind(d.ToUniversalTime(), DateTimeKind.Utc);

    private async Task<Statements> OpenAsync()
    {
        if (_s is not null) return _s;
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync().ConfigureAwait(false);
            using (var pragma = connection.CreateCommand())
            {
                // Durable commits (fsync of the WAL at every commit), WAL so readers never wait for this writer,
                // and a wait instead of SQLITE_BUSY while another connection holds the write lock.
                pragma.CommandText = "PRAGMA busy_timeout=5000; PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;";
                pragma.ExecuteNonQuery();
            }
            _s = new Statements(connection);
            _connection = connection;
            return _s;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask ResetAsync()
    {
        _s?.Dispose();
        _s = null;
        if (_connection is not null) await _connection.DisposeAsync().ConfigureAwait(false);
        _connection = null;
    }

    public ValueTask DisposeAsync() => ResetAsync();

    private sealed class Statements : IDisposable
    {
        public readonly SqliteCommand FindAction, InsertContact, UpdateContact, LastSequence, InsertEvent, InsertAudit;

        private const string Projection = "$handler, $status, $outcome, $closed, $escalated, $breached, $frd, $rd, $next, $last, $updated";

        public Statements(SqliteConnection c)
        {
            FindAction = Prepare(c, """SELECT "Sequence", "ContactId" FROM "ContactEvents" WHERE "OrganisationId" = $o AND "Id" = $a""", "$o", "$a");
            InsertContact = Prepare(c, $"""
                INSERT INTO "Contacts" ("OrganisationId", "Id", "Channel", "CustomerId", "Reason", "ProtocolId", "ProtocolVersion", "AgentUserId",
                    "StartedAt", "ReceivedAt", "SiteId", "SubChannel",
                    "HandlerUserId", "Status", "Outcome", "ClosedAt", "Escalated", "Breached", "FirstResponseDueAt", "ResolutionDueAt",
                    "NextClockDueAt", "LastSequence", "UpdatedAt")
                VALUES ($o, $c, $channel, $customer, $reason, $protocol, $version, $agent, $started, $received, $site, $sub, {Projection})
                ON CONFLICT DO NOTHING
                """, "$o", "$c", "$channel", "$customer", "$reason", "$protocol", "$version", "$agent", "$started", "$received", "$site", "$sub",
                "$handler", "$status", "$outcome", "$closed", "$escalated", "$breached", "$frd", "$rd", "$next", "$last", "$updated");
            UpdateContact = Prepare(c, """
                UPDATE "Contacts" SET "HandlerUserId" = $handler, "Status" = $status, "Outcome" = $outcome, "ClosedAt" = $closed,
                    "Escalated" = $escalated, "Breached" = $breached, "FirstResponseDueAt" = $frd, "ResolutionDueAt" = $rd,
                    "NextClockDueAt" = $next, "LastSequence" = $last, "UpdatedAt" = $updated
                WHERE "OrganisationId" = $o AND "Id" = $c AND "LastSequence" = $expected
                """, "$o", "$c", "$expected",
                "$handler", "$status", "$outcome", "$closed", "$escalated", "$breached", "$frd", "$rd", "$next", "$last", "$updated");
            LastSequence = Prepare(c, """SELECT "LastSequence" FROM "Contacts" WHERE "OrganisationId" = $o AND "Id" = $c""", "$o", "$c");
            InsertEvent = Prepare(c, """
                INSERT INTO "ContactEvents" ("OrganisationId", "ContactId", "Sequence", "Id", "Type", "At", "ActorUserId", "Data", "RecordedAt")
                VALUES ($o, $c, $seq, $id, $type, $at, $actor, $data, $recorded)
                """, "$o", "$c", "$seq", "$id", "$type", "$at", "$actor", "$data", "$recorded");
            InsertAudit = Prepare(c, """
                INSERT INTO "AuditEntries" ("OrganisationId", "Id", "At", "ActorUserId", "Action", "EntityType", "EntityId", "Details",
                    "LeafIndex", "LeafHash", "SubjectId", "Personal", "PersonalSalt", "PersonalCommitment")
                VALUES ($o, $id, $at, $actor, $action, $type, $entity, $details, $index, $hash, $subject, NULL, $salt, $commitment)
                """, "$o", "$id", "$at", "$actor", "$action", "$type", "$entity", "$details", "$index", "$hash", "$subject", "$salt", "$commitment");
        }

        private static SqliteCommand Prepare(SqliteConnection c, string sql, params string[] names)
        {
            var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            foreach (var n in names) cmd.Parameters.Add(new SqliteParameter(n, DBNull.Value));
            cmd.Prepare();
            return cmd;
        }

        public void Enlist(SqliteTransaction tx)
        {
            FindAction.Transaction = InsertContact.Transaction = UpdateContact.Transaction = LastSequence.Transaction = InsertEvent.Transaction =
                InsertAudit.Transaction = tx;
        }

        public void Dispose()
        {
            FindAction.Dispose(); InsertContact.Dispose(); UpdateContact.Dispose(); LastSequence.Dispose(); InsertEvent.Dispose(); InsertAudit.Dispose();
        }
    }
}
