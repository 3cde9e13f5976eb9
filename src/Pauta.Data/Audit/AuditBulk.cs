using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using Pauta.Core.Audit;

namespace Pauta.Data.Audit;

/// <summary>
/// Fills an organisation's log fast with generated entries ("bench.entry", no actor, no personal part), numbered from
/// its head and hashed like any entry: for benchmarks and tests of the stored tree at millions of entries. Not used by
/// the app; real entries come through SaveChanges and the contact writer.
/// </summary>
public static class AuditBulk
{
    private const int PerTransaction = 50_000;

    /// <summary>Appends <paramref name="count"/> entries at <paramref name="at"/> (and on, a microsecond apart); answers the first index.</summary>
    public static async Task<long> AppendAsync(PautaDbContext db, Guid organisation, long count, DateTimeOffset at, CancellationToken ct = default)
    {
        long first = -1;
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            for (long done = 0; done < count; done += PerTransaction)
            {
                var n = (int)Math.Min(PerTransaction, count - done);
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                var start = await AuditHead.ReserveAsync(db.Database.GetDbConnection(), tx.GetDbTransaction(), db.DatabaseProvider, organisation, n, ct);
                if (first < 0) first = start;
                var rows = Enumerable.Range(0, n).Select(i =>
                {
                    var index = start + i;
                    var record = new AuditRecord(index, AuditRecord.Truncate(at.AddTicks(index * 10)), null, "bench.entry", "bench",
                        index.ToString(CultureInfo.InvariantCulture), null, "generated", null);
                    return (Record: record, Hash: record.LeafHash());
                });
                switch (db.DatabaseProvider)
                {
                    case DatabaseProvider.Sqlite:
                        InsertSqlite((SqliteConnection)db.Database.GetDbConnection(), (SqliteTransaction)tx.GetDbTransaction(), organisation, rows);
                        break;
                    case DatabaseProvider.Postgres:
                        await CopyPostgresAsync((NpgsqlConnection)db.Database.GetDbConnection(), organisation, rows, ct);
                        break;
                }
                await tx.CommitAsync(ct);
            }
        }
        finally { await db.Database.CloseConnectionAsync(); }
        return first;
    }

    private static void InsertSqlite(SqliteConnection c, SqliteTransaction tx, Guid organisation, IEnumerable<(AuditRecord Record, byte[] Hash)> rows)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = """
            INSERT INTO "AuditEntries" ("OrganisationId", "Id", "At", "Action", "EntityType", "EntityId", "Details", "LeafIndex", "LeafHash")
            VALUES ($o, $id, $at, $action, $type, $entity, $details, $index, $hash)
            """;
        var o = cmd.Parameters.Add("$o", SqliteType.Text); var id = cmd.Parameters.Add("$id", SqliteType.Text);
        var at = cmd.Parameters.Add("$at", SqliteType.Text); var action = cmd.Parameters.Add("$action", SqliteType.Text);
        var type = cmd.Parameters.Add("$type", SqliteType.Text); var entity = cmd.Parameters.Add("$entity", SqliteType.Text);
        var details = cmd.Parameters.Add("$details", SqliteType.Text); var index = cmd.Parameters.Add("$index", SqliteType.Integer);
        var hash = cmd.Parameters.Add("$hash", SqliteType.Blob);
        cmd.Prepare();
        o.Value = organisation.ToString().ToUpperInvariant();
        foreach (var (r, h) in rows)
        {
            id.Value = Guid.CreateVersion7(r.At).ToString().ToUpperInvariant();
            at.Value = r.At.UtcDateTime.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture);
            action.Value = r.Action; type.Value = r.EntityType; entity.Value = r.EntityId; details.Value = r.Details;
            index.Value = r.Index; hash.Value = h;
            cmd.ExecuteNonQuery();
        }
    }

    private static async Task CopyPostgresAsync(NpgsqlConnection c, Guid organisation, IEnumerable<(AuditRecord Record, byte[] Hash)> rows, CancellationToken ct)
    {
        await using var copy = await c.BeginBinaryImportAsync("""
            COPY "AuditEntries" ("OrganisationId", "Id", "At", "Action", "EntityType", "EntityId", "Details", "LeafIndex", "LeafHash") FROM STDIN (FORMAT BINARY)
            """, ct);
        foreach (var (r, h) in rows)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(organisation, NpgsqlDbType.Uuid, ct);
            await copy.WriteAsync(Guid.CreateVersion7(r.At), NpgsqlDbType.Uuid, ct);
            await copy.WriteAsync(r.At.UtcDateTime, NpgsqlDbType.TimestampTz, ct);
            await copy.WriteAsync(r.Action, NpgsqlDbType.Varchar, ct);
            await copy.WriteAsync(r.EntityType, NpgsqlDbType.Varchar, ct);
            await copy.WriteAsync(r.EntityId, NpgsqlDbType.Varchar, ct);
            await copy.WriteAsync(r.Details, NpgsqlDbType.Varchar, ct);
            await copy.WriteAsync(r.Index, NpgsqlDbType.Bigint, ct);
            await copy.WriteAsync(h, NpgsqlDbType.Bytea, ct);
        }
        await copy.CompleteAsync(ct);
    }
}
