using Npgsql;
using NpgsqlTypes;
using Pauta.Data.Audit;
using Pauta.Data.Entities;

namespace Pauta.Data.Contacts;

/// <summary>
/// PostgreSQL: the whole batch goes in one round trip (<see cref="NpgsqlBatch"/>) and one transaction. The steps of
/// a batch on contacts that already exist (nearly all of it under load) are one set-based statement
/// (<see cref="Steps"/>: the requests as arrays, unnested into rows; data-modifying CTEs look for the action ids,
/// update the contacts whose sequence matches and that found nothing, insert the events of the contacts that changed,
/// and answer one row per request). The rest, starts and any request whose contact or action id already came earlier
/// in the batch, are one statement each (<see cref="Update"/>, <see cref="Start"/>), run after it in batch order, each
/// seeing the ones before: so a second request for the same contact or action id in the batch is a Conflict or
/// Duplicate, exactly as when every request was its own statement. Taking a request out of order is safe because
/// a set-based request shares neither its contact nor its action id with any request before it in the batch.
/// </summary>
internal sealed class PostgresBatchStore : IBatchStore
{
    private readonly string _connectionString;
    private NpgsqlConnection? _connection;

    public PostgresBatchStore(string connectionString)
    {
        // Two statements run thousands of times a second: let Npgsql prepare them once per connection.
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        if (b.MaxAutoPrepare == 0) b.MaxAutoPrepare = 8;
        _connectionString = b.ToString();
    }

    private const string Found = """
        dup AS (SELECT "Sequence", "ContactId" FROM "ContactEvents" WHERE "OrganisationId" = $1 AND "Id" = $3)
        """;

    private const string Event = """
        ev AS (INSERT INTO "ContactEvents" ("OrganisationId", "ContactId", "Sequence", "Id", "Type", "At", "ActorUserId", "Data", "RecordedAt")
               SELECT $1, $2, $4 + 1, $3, $5, $7, $8, $6, $9 FROM changed RETURNING 1)
        SELECT (SELECT "Sequence" FROM dup), (SELECT "ContactId" FROM dup), (SELECT count(*)::int FROM ev),
               CASE WHEN NOT EXISTS (SELECT 1 FROM ev)
                    THEN (SELECT "LastSequence" FROM "Contacts" WHERE "OrganisationId" = $1 AND "Id" = $2) END
        """;

    private const string Update = $"""
        WITH {Found},
        changed AS (UPDATE "Contacts" SET "HandlerUserId" = $10, "Status" = $11, "Outcome" = $12, "ClosedAt" = $13, "Escalated" = $14,
                        "Breached" = $15, "FirstResponseDueAt" = $16, "ResolutionDueAt" = $17, "NextClockDueAt" = $18,
                        "LastSequence" = $4 + 1, "UpdatedAt" = $7
                    WHERE "OrganisationId" = $1 AND "Id" = $2 AND "LastSequence" = $4 AND NOT EXISTS (SELECT 1 FROM dup)
                    RETURNING 1),
        {Event}
        """;

    private const string Start = $"""
        WITH {Found},
        changed AS (INSERT INTO "Contacts" ("OrganisationId", "Id", "HandlerUserId", "Status", "Outcome", "ClosedAt", "Escalated", "Breached",
                        "FirstResponseDueAt", "ResolutionDueAt", "NextClockDueAt", "LastSequence", "UpdatedAt",
                        "Channel", "CustomerId", "Reason", "ProtocolId", "ProtocolVersion", "AgentUserId", "StartedAt",
                        "ReceivedAt", "SiteId", "SubChannel")
                    SELECT $1, $2, $10, $11, $12, $13, $14, $15, $16, $17, $18, $4 + 1, $7, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28
                    WHERE NOT EXISTS (SELECT 1 FROM dup)
                    ON CONFLICT DO NOTHING
                    RETURNING 1),
        {Event}
        """;

    /// <summary>
    /// The steps of many contacts in one statement. Each input row is one request ($1…$17 are arrays of the same
    /// length, n its position); the answer has one row per request in that order: the stored action's sequence and
    /// contact when the action id was stored already, whether the event was appended, and otherwise the contact's
    /// sequence now (a Conflict). All CTEs see the same snapshot, which is right since no two rows share a contact or an
    /// action id. A concurrent writer's unique action id fails the statement, as it failed the one-per-request form.
    /// </summary>
    private const string Steps = """
        WITH i AS (SELECT * FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) WITH ORDINALITY
                       AS t(org, contact, action, expected, type, data, at, actor, handler, status, outcome, closed, escalated, breached,
                            first_due, resolution_due, next_due, n)),
        dup AS (SELECT i.n, e."Sequence", e."ContactId" FROM i JOIN "ContactEvents" e ON e."OrganisationId" = i.org AND e."Id" = i.action),
        changed AS (UPDATE "Contacts" c SET "HandlerUserId" = i.handler, "Status" = i.status, "Outcome" = i.outcome, "ClosedAt" = i.closed,
                        "Escalated" = i.escalated, "Breached" = i.breached, "FirstResponseDueAt" = i.first_due,
                        "ResolutionDueAt" = i.resolution_due, "NextClockDueAt" = i.next_due, "LastSequence" = i.expected + 1, "UpdatedAt" = i.at
                    FROM i
                    WHERE c."OrganisationId" = i.org AND c."Id" = i.contact AND c."LastSequence" = i.expected
                      AND NOT EXISTS (SELECT 1 FROM dup WHERE dup.n = i.n)
                    RETURNING i.n),
        ev AS (INSERT INTO "ContactEvents" ("OrganisationId", "ContactId", "Sequence", "Id", "Type", "At", "ActorUserId", "Data", "RecordedAt")
               SELECT i.org, i.contact, i.expected + 1, i.action, i.type, i.at, i.actor, i.data, $18 FROM i JOIN changed ON changed.n = i.n
               RETURNING 1)
        SELECT dup."Sequence", dup."ContactId", (changed.n IS NOT NULL)::int,
               CASE WHEN changed.n IS NULL THEN c."LastSequence" END
        FROM i LEFT JOIN dup ON dup.n = i.n LEFT JOIN changed ON changed.n = i.n
               LEFT JOIN "Contacts" c ON c."OrganisationId" = i.org AND c."Id" = i.contact
        ORDER BY i.n
        """;

    /// <summary>The fewest steps in a batch worth one set-based statement; fewer go one statement each.</summary>
    internal const int MinSetBased = 2;

    public async Task<AppendResult[]> WriteAsync(IReadOnlyList<ContactAppend> batch, DateTime recordedAt)
    {
        var connection = await OpenAsync().ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await using var cmd = new NpgsqlBatch(connection, tx);
        // Durable whatever the server's default: the commit waits for the WAL flush (and standbys, if configured).
        cmd.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL synchronous_commit TO on"));
        var (set, alone) = Split(batch);
        if (set.Count > 0) cmd.BatchCommands.Add(StepsCommand(batch, set, recordedAt));
        foreach (var i in alone) cmd.BatchCommands.Add(Command(batch[i], recordedAt));

        var results = new AppendResult[batch.Count];
        await using (var r = await cmd.ExecuteReaderAsync().ConfigureAwait(false))
        {
            var first = true;
            if (set.Count > 0)
            {
                first = false;
                foreach (var i in set)
                {
                    if (!await r.ReadAsync().ConfigureAwait(false)) throw new InvalidOperationException("Missing row in the batch.");
                    results[i] = Result(r, batch[i]);
                }
            }
            foreach (var i in alone)
            {
                if (!first && !await r.NextResultAsync().ConfigureAwait(false)) throw new InvalidOperationException("Missing result in the batch.");
                first = false;
                if (!await r.ReadAsync().ConfigureAwait(false)) throw new InvalidOperationException("Missing row in the batch.");
                results[i] = Result(r, batch[i]);
            }
        }
        var audit = new List<AuditEntry>();
        foreach (var (organisation, rows) in ContactAuditRows.Appended(batch, results))
        {
            var first = await AuditHead.ReserveAsync(connection, tx, DatabaseProvider.Postgres, organisation, rows.Count).ConfigureAwait(false);
            audit.AddRange(ContactAuditRows.Entries(batch, results, rows, first, recordedAt));
        }
        if (audit.Count > 0) await InsertAuditAsync(connection, tx, audit).ConfigureAwait(false);
        await tx.CommitAsync().ConfigureAwait(false);
        return results;
    }

    private static AppendResult Result(NpgsqlDataReader r, ContactAppend a)
    {
        if (!r.IsDBNull(0)) return new AppendResult(AppendStatus.Duplicate, r.GetInt32(0), r.GetGuid(1));
        if (r.GetInt32(2) == 1) return new AppendResult(AppendStatus.Appended, a.ExpectedSequence + 1, a.ContactId);
        var now = r.IsDBNull(3) ? (int?)null : r.GetInt32(3);
        if (a.NewContact is null ? now == a.ExpectedSequence : now is null)
            throw new StaleReadException("A contact row changed while the statement waited for it.");
        return new AppendResult(AppendStatus.Conflict, now ?? 0, a.ContactId);
    }

    /// <summary>
    /// Which requests go in the set-based statement (steps on existing contacts whose contact and action id no earlier
    /// request of the batch has) and which alone, in batch order. Fewer than <see cref="MinSetBased"/> set-based ones go alone.
    /// </summary>
    internal static (List<int> Set, List<int> Alone) Split(IReadOnlyList<ContactAppend> batch)
    {
        var set = new List<int>(batch.Count);
        var alone = new List<int>();
        var contacts = new HashSet<(Guid, Guid)>();
        var actions = new HashSet<(Guid, Guid)>();
        for (var i = 0; i < batch.Count; i++)
        {
            var a = batch[i];
            // Both keys are remembered whatever the path, so a later request on either goes alone, after this one.
            var newContact = contacts.Add((a.OrganisationId, a.ContactId));
            var newAction = actions.Add((a.OrganisationId, a.ActionId));
            if (a.NewContact is null && newContact && newAction) set.Add(i);
            else alone.Add(i);
        }
        if (set.Count >= MinSetBased) return (set, alone);
        return ([], Enumerable.Range(0, batch.Count).ToList());
    }

    private static NpgsqlBatchCommand StepsCommand(IReadOnlyList<ContactAppend> batch, List<int> set, DateTime recordedAt)
    {
        var n = set.Count;
        var org = new Guid[n]; var contact = new Guid[n]; var action = new Guid[n]; var expected = new int[n];
        var type = new string[n]; var data = new string[n]; var at = new DateTime[n]; var actor = new Guid?[n];
        var handler = new Guid[n]; var status = new int[n]; var outcome = new int?[n]; var closed = new DateTime?[n];
        var escalated = new bool[n]; var breached = new bool[n]; var firstDue = new DateTime?[n]; var resolutionDue = new DateTime?[n];
        var nextDue = new DateTime?[n];
        for (var k = 0; k < n; k++)
        {
            var a = batch[set[k]];
            var p = a.Projection;
            org[k] = a.OrganisationId; contact[k] = a.ContactId; action[k] = a.ActionId; expected[k] = a.ExpectedSequence;
            type[k] = a.Type; data[k] = a.Data; at[k] = SqliteBatchStore.Utc(a.At); actor[k] = a.ActorUserId;
            handler[k] = p.HandlerUserId; status[k] = (int)p.Status; outcome[k] = p.Outcome is { } o ? (int)o : null;
            closed[k] = Utc(p.ClosedAt); escalated[k] = p.Escalated; breached[k] = p.Breached;
            firstDue[k] = Utc(p.FirstResponseDueAt); resolutionDue[k] = Utc(p.ResolutionDueAt); nextDue[k] = Utc(p.NextClockDueAt);
        }
        var c = new NpgsqlBatchCommand(Steps);
        var q = c.Parameters;
        q.Add(Array(NpgsqlDbType.Uuid, org));                // $1
        q.Add(Array(NpgsqlDbType.Uuid, contact));            // $2
        q.Add(Array(NpgsqlDbType.Uuid, action));             // $3
        q.Add(Array(NpgsqlDbType.Integer, expected));        // $4
        q.Add(Array(NpgsqlDbType.Varchar, type));            // $5
        q.Add(Array(NpgsqlDbType.Varchar, data));            // $6
        q.Add(Array(NpgsqlDbType.TimestampTz, at));          // $7
        q.Add(Array(NpgsqlDbType.Uuid, actor));              // $8
        q.Add(Array(NpgsqlDbType.Uuid, handler));            // $9
        q.Add(Array(NpgsqlDbType.Integer, status));          // $10
        q.Add(Array(NpgsqlDbType.Integer, outcome));         // $11
        q.Add(Array(NpgsqlDbType.TimestampTz, closed));      // $12
        q.Add(Array(NpgsqlDbType.Boolean, escalated));       // $13
        q.Add(Array(NpgsqlDbType.Boolean, breached));        // $14
        q.Add(Array(NpgsqlDbType.TimestampTz, firstDue));    // $15
        q.Add(Array(NpgsqlDbType.TimestampTz, resolutionDue)); // $16
        q.Add(Array(NpgsqlDbType.TimestampTz, nextDue));     // $17
        q.Add(Instant(recordedAt));                          // $18
        return c;
    }

    private static NpgsqlParameter Array<T>(NpgsqlDbType element, T[] values) =>
        new NpgsqlParameter<T[]> { NpgsqlDbType = NpgsqlDbType.Array | element, TypedValue = values };

    private static DateTime? Utc(DateTime? d) => d is { } v ? SqliteBatchStore.Utc(v) : null;

    private const string InsertAudit = """
        INSERT INTO "AuditEntries" ("OrganisationId", "Id", "At", "ActorUserId", "Action", "EntityType", "EntityId", "Details",
            "LeafIndex", "LeafHash", "SubjectId", "PersonalSalt", "PersonalCommitment")
        SELECT * FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
        """;

    /// <summary>The batch's audit entries in one statement (arrays unnested into rows).</summary>
    private static async Task InsertAuditAsync(NpgsqlConnection connection, NpgsqlTransaction tx, List<AuditEntry> rows)
    {
        await using var cmd = new NpgsqlCommand(InsertAudit, connection, tx);
        var q = cmd.Parameters;
        q.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid, Value = rows.Select(r => r.OrganisationId).ToArray() });
        q.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid, Value = rows.Select(r => r.Id).ToArray() });
        q.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, Value = rows.Select(r => r.At).ToArray() });
        q.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid, Value = rows.Select(r => r.ActorUserId).ToArray() });
        q.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar, Value = rows.Select(r => r.Action).ToArray() });
        q.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar, Value = rows.Select(r => r.EntityType).ToArray() });
        q.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar, Value = rows.Select(r => r.EntityId).ToArray() });
        q.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar, Value = rows.Select(r => r.Details).ToArray() });
        q.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, Value = rows.Select(r => r.LeafIndex!.Value).ToArray() });
        q.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea, Value = rows.Select(r => r.LeafHash!).ToArray() });
        q.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid, Value = rows.Select(r => r.SubjectId).ToArray() });
        q.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea, Value = rows.Select(r => r.PersonalSalt!).ToArray() });
        q.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea, Value = rows.Select(r => r.PersonalCommitment!).ToArray() });
        await cmd.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private static NpgsqlBatchCommand Command(ContactAppend a, DateTime recordedAt)
    {
        var p = a.Projection;
        var c = new NpgsqlBatchCommand(a.NewContact is null ? Update : Start);
        var q = c.Parameters;
        q.Add(new NpgsqlParameter<Guid> { NpgsqlDbType = NpgsqlDbType.Uuid, TypedValue = a.OrganisationId });           // $1
        q.Add(new NpgsqlParameter<Guid> { NpgsqlDbType = NpgsqlDbType.Uuid, TypedValue = a.ContactId });                // $2
        q.Add(new NpgsqlParameter<Guid> { NpgsqlDbType = NpgsqlDbType.Uuid, TypedValue = a.ActionId });                 // $3
        q.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = a.ExpectedSequence });       // $4
        q.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Varchar, TypedValue = a.Type });                // $5
        q.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Varchar, TypedValue = a.Data });                // $6
        q.Add(Instant(a.At));                                                                                           // $7
        q.Add(Nullable(a.ActorUserId));                                                                                 // $8
        q.Add(Instant(recordedAt));                                                                                     // $9
        q.Add(new NpgsqlParameter<Guid> { NpgsqlDbType = NpgsqlDbType.Uuid, TypedValue = p.HandlerUserId });            // $10
        q.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = (int)p.Status });            // $11
        q.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = p.Outcome is { } o ? (int)o : DBNull.Value }); // $12
        q.Add(Instant(p.ClosedAt));                                                                                     // $13
        q.Add(new NpgsqlParameter<bool> { NpgsqlDbType = NpgsqlDbType.Boolean, TypedValue = p.Escalated });             // $14
        q.Add(new NpgsqlParameter<bool> { NpgsqlDbType = NpgsqlDbType.Boolean, TypedValue = p.Breached });              // $15
        q.Add(Instant(p.FirstResponseDueAt));                                                                           // $16
        q.Add(Instant(p.ResolutionDueAt));                                                                              // $17
        q.Add(Instant(p.NextClockDueAt));                                                                               // $18
        if (a.NewContact is { } n)
        {
            q.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = (int)n.Channel });       // $19
            q.Add(Nullable(n.CustomerId));                                                                              // $20
            q.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Varchar, TypedValue = n.Reason });          // $21
            q.Add(new NpgsqlParameter<Guid> { NpgsqlDbType = NpgsqlDbType.Uuid, TypedValue = n.ProtocolId });           // $22
            q.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = n.ProtocolVersion });    // $23
            q.Add(new NpgsqlParameter<Guid> { NpgsqlDbType = NpgsqlDbType.Uuid, TypedValue = n.AgentUserId });          // $24
            q.Add(Instant(n.StartedAt));                                                                                // $25
            q.Add(Instant(n.ReceivedAt));                                                                               // $26
            q.Add(Nullable(n.SiteId));                                                                                  // $27
            q.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = (int)n.SubChannel });    // $28
        }
        return c;
    }

    private static NpgsqlParameter Instant(DateTime d) =>
        new NpgsqlParameter<DateTime> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = SqliteBatchStore.Utc(d) };

    private static NpgsqlParameter Instant(DateTime? d) =>
        new() { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = d is { } v ? SqliteBatchStore.Utc(v) : DBNull.Value };

    private static NpgsqlParameter Nullable(Guid? g) =>
        new() { NpgsqlDbType = NpgsqlDbType.Uuid, Value = g is { } v ? v : DBNull.Value };

    private async Task<NpgsqlConnection> OpenAsync()
    {
        if (_connection is not null) return _connection;
        var connection = new NpgsqlConnection(_connectionString);
        try { await connection.OpenAsync().ConfigureAwait(false); }
        catch { await connection.DisposeAsync().ConfigureAwait(false); throw; }
        return _connection = connection;
    }

    public async ValueTask ResetAsync()
    {
        if (_connection is null) return;
        var c = _connection;
        _connection = null;
        try { await c.DisposeAsync().ConfigureAwait(false); }
        catch (Exception) { /* a broken connection may fail to close; it is dropped either way */ }
    }

    public ValueTask DisposeAsync() => ResetAsync();
}
