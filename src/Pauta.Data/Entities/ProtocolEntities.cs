using Pauta.Core.Protocols;
using Pauta.Data.Tenancy;

namespace Pauta.Data.Entities;

/// <summary>
/// A protocol of the organisation: its working draft and the pointers to its published versions.
/// The draft is kept as the canonical protocol file text (docs/protocol-format.md), so what is stored,
/// exported and imported are the same bytes.
/// </summary>
public class ProtocolRecord : ITenantOwned, IVersioned
{
    public Guid OrganisationId { get; set; }
    public Guid Id { get; set; }
    /// <summary>The draft's title when there is a draft, else the latest version's; kept for lists.</summary>
    public string Title { get; set; } = "";
    public string DepartmentName { get; set; } = "";
    public DraftState DraftState { get; set; }
    /// <summary>The draft as protocol file text; null when <see cref="DraftState"/> is None.</summary>
    public string? DraftText { get; set; }
    /// <summary>The version the draft started from; null for a protocol never published.</summary>
    public int? DraftBaseVersion { get; set; }
    public Guid? DraftAuthorUserId { get; set; }
    public Guid? SubmittedByUserId { get; set; }
    public DateTime? SubmittedAt { get; set; }
    public Guid? ApprovedByUserId { get; set; }
    public DateTime? ApprovedAt { get; set; }
    /// <summary>The member accountable for keeping it true; re-verifies it on the review cadence.</summary>
    public Guid? OwnerMemberId { get; set; }
    /// <summary>Number of the latest published version; 0 when never published.</summary>
    public int PublishedVersion { get; set; }
    public DateTime? LastVerifiedAt { get; set; }
    /// <summary>When the owner must re-verify it next; null without a cadence.</summary>
    public DateTime? ReviewDueAt { get; set; }
    public DateTime? ArchivedAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int Version { get; set; }
}

/// <summary>A published version: immutable once written (the SaveChanges guard refuses updates and deletes).</summary>
public class ProtocolVersion : ITenantOwned, IAppendOnly
{
    public Guid OrganisationId { get; set; }
    public Guid ProtocolId { get; set; }
    public int Number { get; set; }
    public string Title { get; set; } = "";
    public string DepartmentName { get; set; } = "";
    /// <summary>The protocol as canonical file text.</summary>
    public string Text { get; set; } = "";
    public ChangeSize ChangeSize { get; set; }
    public string ChangeSummary { get; set; } = "";
    public Guid? AuthorUserId { get; set; }
    public Guid? ApprovedByUserId { get; set; }
    public Guid PublishedByUserId { get; set; }
    public DateTime PublishedAt { get; set; }
}

public enum SuggestionStatus
{
    Open = 0,
    Accepted = 1,
    Declined = 2,
}

/// <summary>An employee's proposal to change a protocol or one step of it.</summary>
public class ProtocolSuggestion : ITenantOwned, IVersioned
{
    public Guid OrganisationId { get; set; }
    public Guid Id { get; set; }
    public Guid ProtocolId { get; set; }
    /// <summary>The version the suggester was reading.</summary>
    public int VersionNumber { get; set; }
    /// <summary>The step it is about; null for the protocol as a whole.</summary>
    public string? StepKey { get; set; }
    public string Text { get; set; } = "";
    public Guid SuggestedByUserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public SuggestionStatus Status { get; set; }
    public Guid? DecidedByUserId { get; set; }
    public DateTime? DecidedAt { get; set; }
    public string? DecisionReason { get; set; }
    /// <summary>The version that published the accepted change; set when that version is published.</summary>
    public int? PublishedInVersion { get; set; }
    public int Version { get; set; }
}

/// <summary>
/// The searchable text of a protocol's latest published version, one row per protocol. The database keeps
/// its own full-text index over it (an FTS5 table on SQLite, a tsvector with unaccent on PostgreSQL),
/// created by the migrations.
/// </summary>
public class ProtocolSearchEntry : ITenantOwned
{
    public Guid OrganisationId { get; set; }
    public Guid ProtocolId { get; set; }
    public int VersionNumber { get; set; }
    public string Language { get; set; } = "es";
    public string Title { get; set; } = "";
    /// <summary>Purpose, scope, terms, steps, scripts and plans as plain text, in reading order.</summary>
    public string Body { get; set; } = "";
}

[Flags]
public enum ApiScopes
{
    None = 0,
    Read = 1,
    Write = 2,
    /// <summary>Reading the audit log, its proofs and its bundle (GET only), for a token whose creator may (docs/audit.md).</summary>
    Audit = 4,
}

/// <summary>A per-organisation API token. Only the SHA-256 of the secret is kept; the prefix lets people tell tokens apart.</summary>
public class ApiToken : ITenantOwned
{
    public Guid OrganisationId { get; set; }
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    /// <summary>The first characters of the token, shown in lists.</summary>
    public string Prefix { get; set; } = "";
    public string TokenHash { get; set; } = "";
    public ApiScopes Scopes { get; set; }
    public Guid CreatedByUserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}
