using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Pauta.Data.Entities;

namespace Pauta.Data.Audit;

/// <summary>
/// Entries written before the log existed have no index. At start-up each organisation's are numbered once, in
/// <see cref="AuditEntry.Id"/> order, after whatever its log already holds, in one transaction per organisation.
/// </summary>
public static class AuditLegacy
{
    /// <summary>Numbers every unnumbered entry; answers how many.</summary>
    public static async Task<int> NumberAsync(PautaDbContext db, CancellationToken ct = default)
    {
        if (!await AnyUnnumberedAsync(db, ct)) return 0;
        var organisations = await db.AuditEntries.IgnoreQueryFilters([PautaDbContext.TenantFilter])
            .Where(a => a.LeafIndex == null).Select(a => a.OrganisationId).Distinct().ToListAsync(ct);
        var numbered = 0;
        foreach (var organisation in organisations)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var rows = await db.AuditEntries.IgnoreQueryFilters([PautaDbContext.TenantFilter]).AsNoTracking()
                .Where(a => a.OrganisationId == organisation && a.LeafIndex == null).OrderBy(a => a.Id).ToListAsync(ct);
            if (rows.Count == 0) continue;
            var first = await AuditHead.ReserveAsync(db.Database.GetDbConnection(), tx.GetDbTransaction(), db.DatabaseProvider, organisation,
                rows.Count, ct);
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                var index = first + i;
                row.LeafIndex = index;
                var hash = AuditLeaf.Record(row).LeafHash();
                await db.AuditEntries.IgnoreQueryFilters([PautaDbContext.TenantFilter])
                    .Where(a => a.OrganisationId == organisation && a.Id == row.Id && a.LeafIndex == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.LeafIndex, index).SetProperty(a => a.LeafHash, hash), ct);
            }
            await tx.CommitAsync(ct);
            numbered += rows.Count;
        }
        return numbered;
    }

    /// <summary>
    /// Every start asks; almost always the answer is no. One plain command on the partial index instead of a LINQ query,
    /// which would cost the start its compilation (about 150 ms of a restart's CPU on this machine).
    /// </summary>
    private static async Task<bool> AnyUnnumberedAsync(PautaDbContext db, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened) await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1 FROM \"AuditEntries\" WHERE \"LeafIndex\" IS NULL LIMIT 1";
            return await command.ExecuteScalarAsync(ct) is not null;
        }
        finally
        {
            if (opened) await db.Database.CloseConnectionAsync();
        }
    }
}
