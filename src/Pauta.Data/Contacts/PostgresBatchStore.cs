using Npgsql;
using NpgsqlTypes;
using Pauta.Data.Audit;
using Pauta.Data.Entities;

namespace Pauta.Data.Contacts;

/// <summary>
/// PostgreSQL: each request is one statement (data-modifying CTEs: look for the action id, update or insert the
/// contact only if that found nothing and the sequence matches, insert the event only if the contact changed) and
/// the whole batch goes in one round trip (<see cref="NpgsqlBatch"/>). Statements run in order and each sees the
/// ones before it, so a second request for the same contact or action id in the batch is a Conflict or Duplicate.
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

    public async Task<AppendResult[]> WriteAsync(IReadOnlyList<ContactAppend> batch, DateTime recordedAt)
    {
        var connection = await OpenAsync().ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await using var cmd = new NpgsqlBatch(connection, tx);
        // Durable whatever the server's default: the commit waits for the WAL flush (and standbys, if configured).
        cmd.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL synchronous_commit TO on"));
        foreach (var a in batch) cmd.BatchCommands.Add(Command(a, recordedAt));

        var results = new AppendResult[batch.Count];
        await using (var r = await cmd.ExecuteReaderAsync().ConfigureAwait(false))
        {
            for (var i = 0; i < batch.Count; i++)
            {
                if (i > 0 && !await r.NextResultAsync().ConfigureAwait(false)) throw new InvalidOperationException("Missing result in the batch.");
                if (!await r.ReadAsync().ConfigureAwait(false)) throw new InvalidOperationException("Missing row in the batch.");
                var a = batch[i];
                results[i] = !r.IsDBNull(0) ? new AppendResult(AppendStatus.Duplicate, r.GetInt32(0), r.GetGuid(1))
                    : r.GetInt32(2) == 1 ? new AppendResult(AppendStatus.Appended, a.ExpectedSequence + 1, a.ContactId)
                    : new AppendResult(AppendStatus.Conflict, r.IsDBNull(3) ? 0 : r.GetInt32(3), a.ContactId);
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
