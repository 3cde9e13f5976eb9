using Microsoft.EntityFrameworkCore;
using Pauta.Core.Audit;

namespace Pauta.Data.Audit;

/// <summary>
/// Streams the current organisation's audit bundle (docs/audit.md): its public key, every entry of the log (those after
/// the last checkpoint are hashed but not yet signed) and every checkpoint signed with that key, each right after the
/// entry that completes it. Personal text never leaves: an entry carries only the salted commitment.
/// </summary>
public sealed class AuditExport(PautaDbContext db)
{
    private const int Chunk = 5000;

    /// <summary>False when the organisation has no signing key yet (no checkpoint was ever signed).</summary>
    public async Task<bool> CanExportAsync(CancellationToken ct = default) => await db.AuditSigningKeys.AnyAsync(ct);

    /// <summary>Writes the bundle; answers the number of entries written.</summary>
    public async Task<long> WriteAsync(Stream stream, CancellationToken ct = default)
    {
        var organisation = db.TenantId ?? throw new InvalidOperationException("Export needs an organisation in scope.");
        var key = await db.AuditSigningKeys.AsNoTracking().OrderBy(k => k.CreatedAt).ThenBy(k => k.KeyId).FirstOrDefaultAsync(ct)
            ?? throw new InvalidOperationException("The organisation has no audit signing key yet.");
        var checkpoints = await db.AuditCheckpoints.AsNoTracking().Where(c => c.KeyId == key.KeyId).OrderBy(c => c.Size).ToListAsync(ct);
        var size = await new AuditLog(db).SizeAsync(ct);
        await using var writer = new AuditBundleWriter(stream, new AuditBundleHeader(organisation, key.PublicKey, key.KeyId));
        var pending = new Queue<Entities.AuditCheckpoint>(checkpoints.Where(c => c.Size <= size));
        async Task FlushCheckpoints(long written)
        {
            while (pending.Count > 0 && pending.Peek().Size == written)
            {
                var c = pending.Dequeue();
                await writer.WriteCheckpointAsync(new AuditBundleCheckpoint(c.Size, c.Root, new DateTimeOffset(c.At, TimeSpan.Zero), c.KeyId, c.Signature), ct);
            }
        }
        await FlushCheckpoints(0);
        long next = 0;
        while (next < size)
        {
            var from = next;
            var rows = await db.AuditEntries.AsNoTracking().Where(a => a.LeafIndex >= from && a.LeafIndex < size)
                .OrderBy(a => a.LeafIndex).Take(Chunk).ToListAsync(ct);
            if (rows.Count == 0) break;
            foreach (var row in rows)
            {
                if (row.LeafIndex != next) throw new AuditLogException($"Entry {next} of the audit log is missing.");
                await writer.WriteEntryAsync(AuditLeaf.Record(row), ct);
                next++;
                await FlushCheckpoints(next);
            }
        }
        await writer.CompleteAsync(ct);
        return next;
    }
}
