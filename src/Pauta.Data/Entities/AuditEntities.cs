using Pauta.Data.Tenancy;

namespace Pauta.Data.Entities;

/// <summary>
/// One entry of the organisation's append-only audit log (ADR-010): who did what, numbered 0..n-1 per organisation by
/// <see cref="LeafIndex"/>, and hashed as a leaf of the organisation's Merkle tree (<c>Pauta.Core.Audit.AuditRecord</c>).
/// The index and hash are assigned in the same transaction as the change the entry describes.
/// </summary>
/// <remarks>
/// Rows are only ever inserted (the SaveChanges guard refuses updates and deletes). The one sanctioned change is the
/// erasure of a customer, which clears <see cref="Personal"/> and <see cref="PersonalSalt"/> and leaves the commitment.
/// </remarks>
public class AuditEntry : ITenantOwned, IAppendOnly
{
    public Guid OrganisationId { get; set; }
    /// <summary>A version-7 GUID: ordered by time.</summary>
    public Guid Id { get; set; }
    /// <summary>Microsecond precision (see <c>AuditRecord.Truncate</c>), so both databases give back the hashed value.</summary>
    public DateTime At { get; set; }
    public Guid? ActorUserId { get; set; }
    public string Action { get; set; } = "";
    public string EntityType { get; set; } = "";
    public string EntityId { get; set; } = "";
    /// <summary>What changed, never personal data of a customer (that goes to <see cref="Personal"/>).</summary>
    public string Details { get; set; } = "";
    /// <summary>Position in the organisation's log, 0-based, gap-free. Null only on rows written before the log existed, until start-up numbers them.</summary>
    public long? LeafIndex { get; set; }
    /// <summary>RFC 9162 leaf hash of the canonical entry (32 bytes).</summary>
    public byte[]? LeafHash { get; set; }
    /// <summary>The customer the entry is about, if any: erasing that customer clears the entry's personal part.</summary>
    public Guid? SubjectId { get; set; }
    /// <summary>Personal text (a customer's name, what they said); only its salted commitment is hashed into the log.</summary>
    public string? Personal { get; set; }
    public byte[]? PersonalSalt { get; set; }
    /// <summary>SHA-256(salt ‖ personal); for a contact action, over the stored event's data.</summary>
    public byte[]? PersonalCommitment { get; set; }
}

/// <summary>The size of an organisation's audit log: the counter appends take their indices from, locked by the appending transaction.</summary>
public class AuditLogHead : ITenantOwned
{
    public Guid OrganisationId { get; set; }
    public long Size { get; set; }
}

/// <summary>
/// The hash of a perfect subtree of the audit Merkle tree: at <see cref="Level"/> (8 or 16) it covers leaves
/// [Index·2^Level, (Index+1)·2^Level). Stored so proofs and roots need few reads at millions of entries.
/// </summary>
public class AuditNode : ITenantOwned, IAppendOnly
{
    public Guid OrganisationId { get; set; }
    public int Level { get; set; }
    public long Index { get; set; }
    public byte[] Hash { get; set; } = [];
}

/// <summary>A signed statement of the log's size and root at an instant; see docs/audit.md for the signed text.</summary>
public class AuditCheckpoint : ITenantOwned, IAppendOnly
{
    public Guid OrganisationId { get; set; }
    public long Size { get; set; }
    public byte[] Root { get; set; } = [];
    public DateTime At { get; set; }
    public string KeyId { get; set; } = "";
    /// <summary>ECDSA P-256 with SHA-256 over the checkpoint text, IEEE P1363 format (64 bytes).</summary>
    public byte[] Signature { get; set; } = [];
}

/// <summary>An organisation's checkpoint signing key (ECDSA P-256). The private key is kept protected by ASP.NET Core data protection.</summary>
public class AuditSigningKey : ITenantOwned
{
    public Guid OrganisationId { get; set; }
    /// <summary>Hex of the first 8 bytes of SHA-256 of <see cref="PublicKey"/>.</summary>
    public string KeyId { get; set; } = "";
    /// <summary>SubjectPublicKeyInfo (DER).</summary>
    public byte[] PublicKey { get; set; } = [];
    public string ProtectedPrivateKey { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}
