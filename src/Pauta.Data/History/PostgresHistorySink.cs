using Npgsql;
using NpgsqlTypes;
using Pauta.Data.Contacts;
using Pauta.Data.Entities;

namespace Pauta.Data.History;

/// <summary>PostgreSQL: binary COPY per table, one transaction per batch.</summary>
internal sealed class PostgresHistorySink : HistorySinkBase, IHistorySink
{
    private readonly NpgsqlConnection _c;

    private PostgresHistorySink(NpgsqlConnection connection) : base(connection) => _c = connection;

    public static async Task<PostgresHistorySink> OpenAsync(string connectionString, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        return new PostgresHistorySink(connection);
    }

    protected override object Id(Guid id) => id;

    private static string Copy(string table, params string[] columns) =>
        $"""COPY "{table}" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) FROM STDIN (FORMAT BINARY)""";

    private static DateTime Utc(DateTime d) => SqliteBatchStore.Utc(d);

    private static async Task Write<T>(NpgsqlBinaryImporter w, T? value, NpgsqlDbType type, CancellationToken ct)
    {
        if (value is null) await w.WriteNullAsync(ct);
        else await w.WriteAsync(value, type, ct);
    }

    public async Task WriteCustomersAsync(IReadOnlyList<Customer> customers, CancellationToken ct)
    {
        await using var tx = await _c.BeginTransactionAsync(ct);
        await using (var w = await _c.BeginBinaryImportAsync(Copy("Customers", "OrganisationId", "Id", "Name", "Email", "Phone", "Language", "CreatedAt", "Version"), ct))
        {
            foreach (var c in customers)
            {
                await w.StartRowAsync(ct);
                await w.WriteAsync(c.OrganisationId, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(c.Id, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(c.Name, NpgsqlDbType.Varchar, ct);
                await Write(w, c.Email, NpgsqlDbType.Varchar, ct);
                await Write(w, c.Phone, NpgsqlDbType.Varchar, ct);
                await Write(w, c.Language, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(Utc(c.CreatedAt), NpgsqlDbType.TimestampTz, ct);
                await w.WriteAsync(c.Version, NpgsqlDbType.Integer, ct);
            }
            await w.CompleteAsync(ct);
        }
        await tx.CommitAsync(ct);
    }

    public async Task WriteAsync(HistoryBatch batch, IReadOnlyList<AuditNode> nodes, long? auditSize, CancellationToken ct)
    {
        await using var tx = await _c.BeginTransactionAsync(ct);
        await using (var w = await _c.BeginBinaryImportAsync(Copy("Contacts", "OrganisationId", "Id", "Channel", "CustomerId", "Reason", "ProtocolId",
                         "ProtocolVersion", "AgentUserId", "HandlerUserId", "StartedAt", "Status", "Outcome", "ClosedAt", "Escalated", "Breached",
                         "FirstResponseDueAt", "ResolutionDueAt", "LastSequence", "UpdatedAt"), ct))
        {
            foreach (var c in batch.Contacts)
            {
                await w.StartRowAsync(ct);
                await w.WriteAsync(c.OrganisationId, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(c.Id, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync((int)c.Channel, NpgsqlDbType.Integer, ct);
                await Write(w, c.CustomerId, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(c.Reason, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(c.ProtocolId, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(c.ProtocolVersion, NpgsqlDbType.Integer, ct);
                await w.WriteAsync(c.AgentUserId, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(c.HandlerUserId, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(Utc(c.StartedAt), NpgsqlDbType.TimestampTz, ct);
                await w.WriteAsync((int)c.Status, NpgsqlDbType.Integer, ct);
                await Write(w, c.Outcome is { } o ? (int?)o : null, NpgsqlDbType.Integer, ct);
                await Write(w, c.ClosedAt is { } closed ? Utc(closed) : (DateTime?)null, NpgsqlDbType.TimestampTz, ct);
                await w.WriteAsync(c.Escalated, NpgsqlDbType.Boolean, ct);
                await w.WriteAsync(c.Breached, NpgsqlDbType.Boolean, ct);
                await Write(w, c.FirstResponseDueAt is { } f ? Utc(f) : (DateTime?)null, NpgsqlDbType.TimestampTz, ct);
                await Write(w, c.ResolutionDueAt is { } r ? Utc(r) : (DateTime?)null, NpgsqlDbType.TimestampTz, ct);
                await w.WriteAsync(c.LastSequence, NpgsqlDbType.Integer, ct);
                await w.WriteAsync(Utc(c.UpdatedAt), NpgsqlDbType.TimestampTz, ct);
            }
            await w.CompleteAsync(ct);
        }
        await using (var w = await _c.BeginBinaryImportAsync(Copy("ContactEvents", "OrganisationId", "ContactId", "Sequence", "Id", "Type", "At",
                         "ActorUserId", "Data", "RecordedAt"), ct))
        {
            foreach (var e in batch.Events)
            {
                await w.StartRowAsync(ct);
                await w.WriteAsync(e.OrganisationId, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(e.ContactId, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(e.Sequence, NpgsqlDbType.Integer, ct);
                await w.WriteAsync(e.Id, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(e.Type, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(Utc(e.At), NpgsqlDbType.TimestampTz, ct);
                await Write(w, e.ActorUserId, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(e.Data, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(Utc(e.RecordedAt), NpgsqlDbType.TimestampTz, ct);
            }
            await w.CompleteAsync(ct);
        }
        await using (var w = await _c.BeginBinaryImportAsync(Copy("SurveyInvitations", "OrganisationId", "Id", "ContactId", "TokenHash", "Language",
                         "CreatedAt", "ExpiresAt", "AnsweredAt", "Score", "Comment", "LowScoreReason"), ct))
        {
            foreach (var s in batch.Surveys)
            {
                await w.StartRowAsync(ct);
                await w.WriteAsync(s.OrganisationId, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(s.Id, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(s.ContactId, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(s.TokenHash, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(s.Language, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(Utc(s.CreatedAt), NpgsqlDbType.TimestampTz, ct);
                await w.WriteAsync(Utc(s.ExpiresAt), NpgsqlDbType.TimestampTz, ct);
                await Write(w, s.AnsweredAt is { } a ? Utc(a) : (DateTime?)null, NpgsqlDbType.TimestampTz, ct);
                await Write(w, s.Score, NpgsqlDbType.Integer, ct);
                await Write(w, s.Comment, NpgsqlDbType.Varchar, ct);
                await Write(w, s.LowScoreReason, NpgsqlDbType.Varchar, ct);
            }
            await w.CompleteAsync(ct);
        }
        await using (var w = await _c.BeginBinaryImportAsync(Copy("FollowUps", "OrganisationId", "Id", "ContactId", "AssignedUserId", "Kind", "DueAt",
                         "Note", "DoneAt", "Version"), ct))
        {
            foreach (var f in batch.FollowUps)
            {
                await w.StartRowAsync(ct);
                await w.WriteAsync(f.OrganisationId, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(f.Id, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(f.ContactId, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(f.AssignedUserId, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync((int)f.Kind, NpgsqlDbType.Integer, ct);
                await w.WriteAsync(Utc(f.DueAt), NpgsqlDbType.TimestampTz, ct);
                await w.WriteAsync(f.Note, NpgsqlDbType.Varchar, ct);
                await Write(w, f.DoneAt is { } d ? Utc(d) : (DateTime?)null, NpgsqlDbType.TimestampTz, ct);
                await w.WriteAsync(f.Version, NpgsqlDbType.Integer, ct);
            }
            await w.CompleteAsync(ct);
        }
        if (auditSize is { } size)
        {
            await using (var w = await _c.BeginBinaryImportAsync(Copy("AuditEntries", "OrganisationId", "Id", "At", "ActorUserId", "Action", "EntityType",
                             "EntityId", "Details", "LeafIndex", "LeafHash", "SubjectId", "Personal", "PersonalSalt", "PersonalCommitment"), ct))
            {
                foreach (var a in batch.Audit)
                {
                    await w.StartRowAsync(ct);
                    await w.WriteAsync(a.OrganisationId, NpgsqlDbType.Uuid, ct);
                    await w.WriteAsync(a.Id, NpgsqlDbType.Uuid, ct);
                    await w.WriteAsync(Utc(a.At), NpgsqlDbType.TimestampTz, ct);
                    await Write(w, a.ActorUserId, NpgsqlDbType.Uuid, ct);
                    await w.WriteAsync(a.Action, NpgsqlDbType.Varchar, ct);
                    await w.WriteAsync(a.EntityType, NpgsqlDbType.Varchar, ct);
                    await w.WriteAsync(a.EntityId, NpgsqlDbType.Varchar, ct);
                    await w.WriteAsync(a.Details, NpgsqlDbType.Varchar, ct);
                    await Write(w, a.LeafIndex, NpgsqlDbType.Bigint, ct);
                    await Write(w, a.LeafHash, NpgsqlDbType.Bytea, ct);
                    await Write(w, a.SubjectId, NpgsqlDbType.Uuid, ct);
                    await Write(w, a.Personal, NpgsqlDbType.Varchar, ct);
                    await Write(w, a.PersonalSalt, NpgsqlDbType.Bytea, ct);
                    await Write(w, a.PersonalCommitment, NpgsqlDbType.Bytea, ct);
                }
                await w.CompleteAsync(ct);
            }
            await using (var w = await _c.BeginBinaryImportAsync(Copy("AuditNodes", "OrganisationId", "Level", "Index", "Hash"), ct))
            {
                foreach (var n in nodes)
                {
                    await w.StartRowAsync(ct);
                    await w.WriteAsync(n.OrganisationId, NpgsqlDbType.Uuid, ct);
                    await w.WriteAsync(n.Level, NpgsqlDbType.Integer, ct);
                    await w.WriteAsync(n.Index, NpgsqlDbType.Bigint, ct);
                    await w.WriteAsync(n.Hash, NpgsqlDbType.Bytea, ct);
                }
                await w.CompleteAsync(ct);
            }
            if (batch.Audit.Count > 0)
            {
                await using var head = new NpgsqlCommand("""
                    INSERT INTO "AuditLogHeads" ("OrganisationId", "Size") VALUES ($1, $2)
                    ON CONFLICT ("OrganisationId") DO UPDATE SET "Size" = excluded."Size"
                    """, _c, tx);
                head.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = batch.Audit[0].OrganisationId });
                head.Parameters.Add(new NpgsqlParameter<long> { TypedValue = size });
                await head.ExecuteNonQueryAsync(ct);
            }
        }
        await tx.CommitAsync(ct);
    }
}
