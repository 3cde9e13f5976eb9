using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;
using Pauta.Core.Audit;
using Pauta.Core.History;
using Pauta.Core.ServiceLevels;
using Pauta.Data.Entities;

namespace Pauta.Data.History;

/// <param name="Contacts">Contacts written.</param>
/// <param name="Events">Contact action rows written.</param>
/// <param name="AuditEntries">Audit entries appended to the organisation's log (0 when audit was off).</param>
public sealed record HistoryWriteResult(int Contacts, long Events, long AuditEntries, TimeSpan Elapsed)
{
    public double ContactsPerSecond => Elapsed.TotalSeconds > 0 ? Contacts / Elapsed.TotalSeconds : Contacts;
}

/// <summary>
/// Writes a generated history into an organisation in bulk: SQLite through statements prepared once and run in big
/// transactions, PostgreSQL through binary COPY. The rows are <see cref="HistoryRows"/>: exactly the app's. Contacts are
/// generated in parallel while the previous batch is written.
/// </summary>
/// <remarks>
/// The audit entries are appended after the log's current size (<see cref="AuditLogHead"/>), with the stored subtree
/// nodes (levels 8 and 16) of every subtree they complete, and the head moved on; see <see cref="AppendAudit"/>. The
/// organisation's other writers must be quiet meanwhile (a generator run is an operator's task, like a migration).
/// </remarks>
public static class HistoryWriter
{
    public const int BatchSize = 2000;

    public static async Task<HistoryWriteResult> WriteAsync(
        DatabaseProvider provider, string connectionString, Guid organisationId, HistoryGenerator generator, int contacts,
        BusinessCalendar calendar, bool audit = true, Action<int>? progress = null, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        await using IHistorySink sink = provider switch
        {
            DatabaseProvider.Sqlite => await SqliteHistorySink.OpenAsync(connectionString, ct),
            DatabaseProvider.Postgres => await PostgresHistorySink.OpenAsync(connectionString, ct),
            _ => throw new ArgumentOutOfRangeException(nameof(provider)),
        };

        await sink.WriteCustomersAsync(generator.Customers.Select(c => new Customer
        {
            OrganisationId = organisationId, Id = c.Id, Name = c.Name, Email = c.Email, Phone = c.Phone, Language = c.Language,
            CreatedAt = c.CreatedAt.UtcDateTime,
        }).ToList(), ct);

        var log = audit ? await AuditTail.LoadAsync(sink, organisationId, ct) : null;
        long events = 0, entries = 0;
        var next = log?.Size;
        Task<HistoryBatch>? pending = contacts > 0 ? Task.Run(() => Produce(0), ct) : null;

        HistoryBatch Produce(int start)
        {
            var count = Math.Min(BatchSize, contacts - start);
            var made = new GeneratedContact[count];
            Parallel.For(0, count, new ParallelOptions { CancellationToken = ct }, i => made[i] = generator.Contact(start + i));
            // Leaf indices in contact order, so the rows can be shaped in parallel.
            var firsts = new long?[count];
            for (var i = 0; i < count; i++)
            {
                firsts[i] = next;
                if (next is { } n) next = n + HistoryRows.AuditCount(made[i]);
            }
            var parts = new HistoryBatch[count];
            Parallel.For(0, count, new ParallelOptions { CancellationToken = ct }, i =>
            {
                parts[i] = new HistoryBatch();
                HistoryRows.Add(parts[i], organisationId, made[i], calendar, firsts[i]);
            });
            var batch = new HistoryBatch();
            foreach (var p in parts)
            {
                batch.Contacts.AddRange(p.Contacts); batch.Events.AddRange(p.Events); batch.Surveys.AddRange(p.Surveys);
                batch.FollowUps.AddRange(p.FollowUps); batch.Audit.AddRange(p.Audit);
            }
            return batch;
        }

        for (var start = 0; start < contacts; start += BatchSize)
        {
            var batch = await pending!;
            var following = start + BatchSize;
            pending = following < contacts ? Task.Run(() => Produce(following), ct) : null;
            var nodes = log is null ? [] : AppendAudit(log, batch.Audit);
            await sink.WriteAsync(batch, nodes, log?.Size, ct);
            events += batch.Events.Count;
            entries += batch.Audit.Count;
            progress?.Invoke(Math.Min(following, contacts));
        }
        return new HistoryWriteResult(contacts, events, entries, clock.Elapsed);
    }

    /// <summary>
    /// The log's bookkeeping for appended entries (ADR-010): the hash of every perfect subtree of 2^8 leaves they complete,
    /// and of 2^16 leaves (from its 256 level-8 nodes), as <c>auditlog</c> stores them for roots and proofs.
    /// </summary>
    private static List<AuditNode> AppendAudit(AuditTail log, IReadOnlyList<AuditEntry> appended)
    {
        var nodes = new List<AuditNode>();
        foreach (var e in appended)
        {
            if (e.LeafIndex != log.Size) throw new InvalidOperationException($"Audit entry {e.LeafIndex} does not follow the log's size {log.Size}.");
            log.Leaves.Add(e.LeafHash!);
            log.Size++;
            if (log.Leaves.Count < 256) continue;
            var level8 = MerkleTree.Root(log.Leaves);
            nodes.Add(new AuditNode { OrganisationId = e.OrganisationId, Level = 8, Index = (log.Size >> 8) - 1, Hash = level8 });
            log.Leaves.Clear();
            log.Level8.Add(level8);
            if (log.Level8.Count < 256) continue;
            nodes.Add(new AuditNode { OrganisationId = e.OrganisationId, Level = 16, Index = (log.Size >> 16) - 1, Hash = MerkleTree.Root(log.Level8) });
            log.Level8.Clear();
        }
        return nodes;
    }

    /// <summary>Where the organisation's log stands: its size, the leaves of its unfinished level-8 subtree and the nodes of its unfinished level-16 one.</summary>
    internal sealed class AuditTail
    {
        public long Size { get; set; }
        public List<byte[]> Leaves { get; } = [];
        public List<byte[]> Level8 { get; } = [];

        public static async Task<AuditTail> LoadAsync(IHistorySink sink, Guid organisationId, CancellationToken ct)
        {
            var tail = new AuditTail { Size = await sink.AuditSizeAsync(organisationId, ct) };
            tail.Leaves.AddRange(await sink.LeafHashesAsync(organisationId, tail.Size & ~255L, tail.Size, ct));
            tail.Level8.AddRange(await sink.NodesAsync(organisationId, 8, (tail.Size & ~65535L) >> 8, tail.Size >> 8, ct));
            if (tail.Leaves.Count != (int)(tail.Size & 255) || tail.Level8.Count != (int)((tail.Size >> 8) & 255))
                throw new InvalidOperationException("The organisation's audit log has gaps below its size; it cannot be appended to in bulk.");
            return tail;
        }
    }
}

/// <summary>One database's bulk path.</summary>
internal interface IHistorySink : IAsyncDisposable
{
    Task WriteCustomersAsync(IReadOnlyList<Customer> customers, CancellationToken ct);

    /// <summary>One batch in one transaction; moves the audit head to <paramref name="auditSize"/> when given.</summary>
    Task WriteAsync(HistoryBatch batch, IReadOnlyList<AuditNode> nodes, long? auditSize, CancellationToken ct);

    Task<long> AuditSizeAsync(Guid organisationId, CancellationToken ct);

    Task<List<byte[]>> LeafHashesAsync(Guid organisationId, long from, long to, CancellationToken ct);

    Task<List<byte[]>> NodesAsync(Guid organisationId, int level, long from, long to, CancellationToken ct);
}

/// <summary>Reads shared by both databases: plain ADO.NET with the provider's own way of binding a GUID.</summary>
internal abstract class HistorySinkBase(DbConnection connection) : IAsyncDisposable
{
    protected DbConnection Connection { get; } = connection;

    protected abstract object Id(Guid id);

    private DbCommand Command(string sql, params object[] values)
    {
        var cmd = Connection.CreateCommand();
        cmd.CommandText = sql;
        for (var i = 0; i < values.Length; i++)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "p" + i;
            p.Value = values[i];
            cmd.Parameters.Add(p);
        }
        return cmd;
    }

    public async Task<long> AuditSizeAsync(Guid organisationId, CancellationToken ct)
    {
        await using var cmd = Command("""SELECT "Size" FROM "AuditLogHeads" WHERE "OrganisationId" = @p0""", Id(organisationId));
        return await cmd.ExecuteScalarAsync(ct) is { } v and not DBNull ? Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    public Task<List<byte[]>> LeafHashesAsync(Guid organisationId, long from, long to, CancellationToken ct) => Hashes(
        """SELECT "LeafHash" FROM "AuditEntries" WHERE "OrganisationId" = @p0 AND "LeafIndex" >= @p1 AND "LeafIndex" < @p2 ORDER BY "LeafIndex" """,
        ct, Id(organisationId), from, to);

    public Task<List<byte[]>> NodesAsync(Guid organisationId, int level, long from, long to, CancellationToken ct) => Hashes(
        """SELECT "Hash" FROM "AuditNodes" WHERE "OrganisationId" = @p0 AND "Level" = @p1 AND "Index" >= @p2 AND "Index" < @p3 ORDER BY "Index" """,
        ct, Id(organisationId), level, from, to);

    private async Task<List<byte[]>> Hashes(string sql, CancellationToken ct, params object[] values)
    {
        var list = new List<byte[]>();
        await using var cmd = Command(sql, values);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) list.Add((byte[])r.GetValue(0));
        return list;
    }

    public virtual async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
