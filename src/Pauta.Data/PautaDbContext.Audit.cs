using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage;
using Pauta.Core.Audit;
using Pauta.Data.Audit;
using Pauta.Data.Entities;

namespace Pauta.Data;

/// <summary>
/// Numbering of audit entries in the writing transaction (ADR-010 item 1): a save that adds entries reserves their
/// indices from the organisation's head inside the same transaction (the caller's, or one opened here and committed
/// after the save), numbers them in <see cref="AuditEntry.Id"/> order and hashes each as its leaf.
/// </summary>
public abstract partial class PautaDbContext
{
    private const string AuditSavepoint = "pauta_audit";

    public DatabaseProvider DatabaseProvider => Database.ProviderName switch
    {
        "Microsoft.EntityFrameworkCore.Sqlite" => DatabaseProvider.Sqlite,
        "Npgsql.EntityFrameworkCore.PostgreSQL" => DatabaseProvider.Postgres,
        var other => throw new NotSupportedException($"No audit numbering for the provider {other}."),
    };

    private List<AuditEntry> PendingAuditEntries() => ChangeTracker.Entries<AuditEntry>()
        .Where(e => e.State == EntityState.Added).Select(e => e.Entity).OrderBy(e => e.Id).ToList();

    private int SaveNumbered(bool accept)
    {
        var entries = PendingAuditEntries();
        if (entries.Count == 0) return base.SaveChanges(accept);
        if (Database.CurrentTransaction is { } current)
        {
            current.CreateSavepoint(AuditSavepoint);
            try
            {
                NumberAuditEntries(entries, current);
                var saved = base.SaveChanges(accept);
                current.ReleaseSavepoint(AuditSavepoint);
                return saved;
            }
            catch
            {
                // The head moves back with the failed save, so a retry in the same transaction leaves no gap.
                current.RollbackToSavepoint(AuditSavepoint);
                throw;
            }
        }
        return Database.CreateExecutionStrategy().Execute(() =>
        {
            using var tx = Database.BeginTransaction();
            NumberAuditEntries(entries, tx);
            var saved = base.SaveChanges(accept);
            tx.Commit();
            return saved;
        });
    }

    private async Task<int> SaveNumberedAsync(bool accept, CancellationToken ct)
    {
        var entries = PendingAuditEntries();
        if (entries.Count == 0) return await base.SaveChangesAsync(accept, ct);
        if (Database.CurrentTransaction is { } current)
        {
            await current.CreateSavepointAsync(AuditSavepoint, ct);
            try
            {
                await NumberAuditEntriesAsync(entries, current, ct);
                var saved = await base.SaveChangesAsync(accept, ct);
                await current.ReleaseSavepointAsync(AuditSavepoint, ct);
                return saved;
            }
            catch
            {
                await current.RollbackToSavepointAsync(AuditSavepoint, CancellationToken.None);
                throw;
            }
        }
        return await Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            await using var tx = await Database.BeginTransactionAsync(token);
            await NumberAuditEntriesAsync(entries, tx, token);
            var saved = await base.SaveChangesAsync(accept, token);
            await tx.CommitAsync(token);
            return saved;
        }, ct);
    }

    private void NumberAuditEntries(List<AuditEntry> entries, IDbContextTransaction tx)
    {
        var organisation = entries[0].OrganisationId;
        var first = NewLogHead(organisation, entries.Count)
            ? 0
            : AuditHead.Reserve(Database.GetDbConnection(), tx.GetDbTransaction(), DatabaseProvider, organisation, entries.Count);
        Assign(entries, first);
    }

    private async Task NumberAuditEntriesAsync(List<AuditEntry> entries, IDbContextTransaction tx, CancellationToken ct)
    {
        var organisation = entries[0].OrganisationId;
        var first = NewLogHead(organisation, entries.Count)
            ? 0
            : await AuditHead.ReserveAsync(Database.GetDbConnection(), tx.GetDbTransaction(), DatabaseProvider, organisation, entries.Count, ct);
        Assign(entries, first);
    }

    /// <summary>
    /// An organisation created in this same save has no head row yet, and its row cannot be referenced before EF inserts
    /// it: its log starts here at 0 with a head row EF inserts after the organisation. Nobody else can append to it
    /// before this transaction commits.
    /// </summary>
    private bool NewLogHead(Guid organisation, int count)
    {
        if (!ChangeTracker.Entries<Organisation>().Any(o => o.State == EntityState.Added && o.Entity.Id == organisation)) return false;
        var head = ChangeTracker.Entries<AuditLogHead>().FirstOrDefault(h => h.Entity.OrganisationId == organisation);
        if (head is null) AuditLogHeads.Add(new AuditLogHead { OrganisationId = organisation, Size = count });
        else head.Entity.Size = count;
        return true;
    }

    private static void Assign(List<AuditEntry> entries, long first)
    {
        if (entries.Any(e => e.OrganisationId != entries[0].OrganisationId))
            throw new InvalidOperationException("One save numbers the audit entries of one organisation.");
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            e.At = AuditRecord.Truncate(new DateTimeOffset(DateTime.SpecifyKind(e.At, DateTimeKind.Utc))).UtcDateTime;
            e.LeafIndex = first + i;
            e.LeafHash = AuditLeaf.Record(e).LeafHash();
        }
    }
}
