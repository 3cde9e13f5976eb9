using Pauta.Core.Audit;
using Pauta.Data.Entities;

namespace Pauta.Data.Audit;

/// <summary>A stored row as the leaf it is hashed as: the one mapping from <see cref="AuditEntry"/> to <see cref="AuditRecord"/>.</summary>
public static class AuditLeaf
{
    public static AuditRecord Record(AuditEntry e) => new(
        e.LeafIndex ?? throw new InvalidOperationException("An audit entry without an index is in no tree yet."),
        new DateTimeOffset(DateTime.SpecifyKind(e.At, DateTimeKind.Utc)),
        e.ActorUserId, e.Action, e.EntityType, e.EntityId, e.SubjectId, e.Details, e.PersonalCommitment);
}
