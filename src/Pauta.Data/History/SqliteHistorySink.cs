using System.Globalization;
using Microsoft.Data.Sqlite;
using Pauta.Data.Contacts;
using Pauta.Data.Entities;

namespace Pauta.Data.History;

/// <summary>
/// SQLite: one statement per table, prepared once, run row by row inside one transaction per batch. Values are bound
/// the way EF Core stores them (as <see cref="SqliteBatchStore"/> does): GUIDs as upper-case text, instants as
/// "yyyy-MM-dd HH:mm:ss.FFFFFFF" UTC text.
/// </summary>
internal sealed class SqliteHistorySink : HistorySinkBase, IHistorySink
{
    private const string DateFormat = @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF";

    private readonly SqliteConnection _c;

    private SqliteHistorySink(SqliteConnection connection) : base(connection) => _c = connection;

    public static async Task<SqliteHistorySink> OpenAsync(string connectionString, CancellationToken ct)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        using (var pragma = connection.CreateCommand())
        {
            // A bulk load: WAL with NORMAL sync (durable at checkpoints, safe against corruption), a large page cache.
            pragma.CommandText = "PRAGMA busy_timeout=30000; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-262144;";
            await pragma.ExecuteNonQueryAsync(ct);
        }
        return new SqliteHistorySink(connection);
    }

    protected override object Id(Guid id) => Text(id);

    private static string Text(Guid g) => g.ToString().ToUpperInvariant();
    private static string Text(DateTime d) => SqliteBatchStore.Utc(d).ToString(DateFormat, CultureInfo.InvariantCulture);
    private static object Text(DateTime? d) => d is { } v ? Text(v) : DBNull.Value;
    private static object Text(Guid? g) => g is { } v ? Text(v) : DBNull.Value;
    private static object Value(object? v) => v ?? DBNull.Value;

    private SqliteCommand Prepare(SqliteTransaction tx, string table, params string[] columns)
    {
        var cmd = _c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"""INSERT INTO "{table}" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => "$" + i))})""";
        for (var i = 0; i < columns.Length; i++) cmd.Parameters.Add(new SqliteParameter("$" + i, DBNull.Value));
        cmd.Prepare();
        return cmd;
    }

    private static void Run(SqliteCommand cmd, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++) cmd.Parameters[i].Value = values[i] ?? DBNull.Value;
        cmd.ExecuteNonQuery();
    }

    public async Task WriteCustomersAsync(IReadOnlyList<Customer> customers, CancellationToken ct)
    {
        using var tx = _c.BeginTransaction();
        using (var cmd = Prepare(tx, "Customers", "OrganisationId", "Id", "Name", "Email", "Phone", "Language", "CreatedAt", "Version"))
            foreach (var c in customers)
                Run(cmd, Text(c.OrganisationId), Text(c.Id), c.Name, Value(c.Email), Value(c.Phone), Value(c.Language), Text(c.CreatedAt), c.Version);
        await tx.CommitAsync(ct);
    }

    public async Task WriteAsync(HistoryBatch batch, IReadOnlyList<AuditNode> nodes, long? auditSize, CancellationToken ct)
    {
        using var tx = _c.BeginTransaction();
        using (var cmd = Prepare(tx, "Contacts", "OrganisationId", "Id", "Channel", "CustomerId", "Reason", "ProtocolId", "ProtocolVersion",
                   "AgentUserId", "HandlerUserId", "StartedAt", "Status", "Outcome", "ClosedAt", "Escalated", "Breached", "FirstResponseDueAt",
                   "ResolutionDueAt", "LastSequence", "UpdatedAt"))
            foreach (var c in batch.Contacts)
                Run(cmd, Text(c.OrganisationId), Text(c.Id), (int)c.Channel, Text(c.CustomerId), c.Reason, Text(c.ProtocolId), c.ProtocolVersion,
                    Text(c.AgentUserId), Text(c.HandlerUserId), Text(c.StartedAt), (int)c.Status, c.Outcome is { } o ? (int)o : null,
                    Text(c.ClosedAt), c.Escalated ? 1 : 0, c.Breached ? 1 : 0, Text(c.FirstResponseDueAt), Text(c.ResolutionDueAt), c.LastSequence,
                    Text(c.UpdatedAt));
        using (var cmd = Prepare(tx, "ContactEvents", "OrganisationId", "ContactId", "Sequence", "Id", "Type", "At", "ActorUserId", "Data", "RecordedAt"))
            foreach (var e in batch.Events)
                Run(cmd, Text(e.OrganisationId), Text(e.ContactId), e.Sequence, Text(e.Id), e.Type, Text(e.At), Text(e.ActorUserId), e.Data, Text(e.RecordedAt));
        using (var cmd = Prepare(tx, "SurveyInvitations", "OrganisationId", "Id", "ContactId", "TokenHash", "Language", "CreatedAt", "ExpiresAt",
                   "AnsweredAt", "Score", "Comment", "LowScoreReason"))
            foreach (var s in batch.Surveys)
                Run(cmd, Text(s.OrganisationId), Text(s.Id), Text(s.ContactId), s.TokenHash, s.Language, Text(s.CreatedAt), Text(s.ExpiresAt),
                    Text(s.AnsweredAt), s.Score, s.Comment, s.LowScoreReason);
        using (var cmd = Prepare(tx, "FollowUps", "OrganisationId", "Id", "ContactId", "AssignedUserId", "Kind", "DueAt", "Note", "DoneAt", "Version"))
            foreach (var f in batch.FollowUps)
                Run(cmd, Text(f.OrganisationId), Text(f.Id), Text(f.ContactId), Text(f.AssignedUserId), (int)f.Kind, Text(f.DueAt), f.Note,
                    Text(f.DoneAt), f.Version);
        if (auditSize is { } size)
        {
            using (var cmd = Prepare(tx, "AuditEntries", "OrganisationId", "Id", "At", "ActorUserId", "Action", "EntityType", "EntityId", "Details",
                       "LeafIndex", "LeafHash", "SubjectId", "Personal", "PersonalSalt", "PersonalCommitment"))
                foreach (var a in batch.Audit)
                    Run(cmd, Text(a.OrganisationId), Text(a.Id), Text(a.At), Text(a.ActorUserId), a.Action, a.EntityType, a.EntityId, a.Details,
                        a.LeafIndex, a.LeafHash, Text(a.SubjectId), a.Personal, a.PersonalSalt, a.PersonalCommitment);
            using (var cmd = Prepare(tx, "AuditNodes", "OrganisationId", "Level", "Index", "Hash"))
                foreach (var n in nodes) Run(cmd, Text(n.OrganisationId), n.Level, n.Index, n.Hash);
            if (batch.Audit.Count > 0)
            {
                using var head = _c.CreateCommand();
                head.Transaction = tx;
                head.CommandText = """
                    INSERT INTO "AuditLogHeads" ("OrganisationId", "Size") VALUES ($o, $s)
                    ON CONFLICT ("OrganisationId") DO UPDATE SET "Size" = excluded."Size"
                    """;
                head.Parameters.AddWithValue("$o", Text(batch.Audit[0].OrganisationId));
                head.Parameters.AddWithValue("$s", size);
                head.ExecuteNonQuery();
            }
        }
        await tx.CommitAsync(ct);
    }
}
