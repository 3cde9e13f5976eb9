using Pauta.Core.Audit;
using Pauta.Data.Entities;

namespace Pauta.Data.Contacts;

/// <summary>
/// The audit entries of a written batch: one per Appended request (duplicates and conflicts add nothing), shaped by
/// <see cref="ContactAudit"/>, numbered per organisation in batch order from the index the head reserved.
/// </summary>
internal static class ContactAuditRows
{
    /// <summary>The appended requests' positions in the batch, per organisation, organisations in a fixed order (so two writers lock heads alike).</summary>
    public static IEnumerable<(Guid Organisation, List<int> Rows)> Appended(IReadOnlyList<ContactAppend> batch, AppendResult[] results) =>
        Enumerable.Range(0, batch.Count).Where(i => results[i].Status == AppendStatus.Appended)
            .GroupBy(i => batch[i].OrganisationId).OrderBy(g => g.Key).Select(g => (g.Key, g.ToList()));

    public static IEnumerable<AuditEntry> Entries(IReadOnlyList<ContactAppend> batch, AppendResult[] results, List<int> rows, long first,
        DateTime recordedAt)
    {
        var id = new DateTimeOffset(SqliteBatchStore.Utc(recordedAt));
        for (var k = 0; k < rows.Count; k++)
        {
            var a = batch[rows[k]];
            var salt = AuditRecord.NewSalt();
            var record = ContactAudit.Entry(first + k, a.ContactId, results[rows[k]].Sequence, a.Type,
                new DateTimeOffset(SqliteBatchStore.Utc(a.At)), a.ActorUserId, a.CustomerId, salt, a.Data);
            yield return new AuditEntry
            {
                OrganisationId = a.OrganisationId,
                Id = Guid.CreateVersion7(id),
                At = record.At.UtcDateTime,
                ActorUserId = record.ActorUserId,
                Action = record.Action,
                EntityType = record.EntityType,
                EntityId = record.EntityId,
                Details = record.Details,
                LeafIndex = record.Index,
                LeafHash = record.LeafHash(),
                SubjectId = record.SubjectId,
                PersonalSalt = salt,
                PersonalCommitment = record.PersonalCommitment,
            };
        }
    }
}
