namespace Pauta.Core.Protocols;

/// <summary>
/// What happened to a protocol, as a stable integer code in blocks of 100 (1000s: the protocol's lifecycle, 1100s: its
/// suggestions). A code never changes meaning and is never reused; new events take the next free number of their block.
/// </summary>
/// <remarks>
/// The audit table is shared by every feature and stores a short action name, and rows already written carry the names
/// below. So the code is the identity in code, and its name (<see cref="ProtocolAudit.Name"/>) is the stored form:
/// old rows stay readable and queryable as they are, and no call site can write a free-form string any more.
/// </remarks>
public enum ProtocolAuditCode
{
    Created = 1000,
    Imported = 1001,
    DraftStarted = 1002,
    Edited = 1003,
    Submitted = 1004,
    Approved = 1005,
    Returned = 1006,
    Published = 1007,
    Archived = 1008,
    Restored = 1009,
    Verified = 1010,

    SuggestionCreated = 1100,
    SuggestionAccepted = 1101,
    SuggestionDeclined = 1102,
}

/// <summary>One audit record a lifecycle move writes: what happened and the short detail shown beside it.</summary>
public sealed record ProtocolAuditEntry(ProtocolAuditCode Code, string Details)
{
    public string Action => ProtocolAudit.Name(Code);
}

public static class ProtocolAudit
{
    /// <summary>The stored action name of a code. Never change one: stored rows and reports match on it.</summary>
    public static string Name(ProtocolAuditCode code) => code switch
    {
        ProtocolAuditCode.Created => "protocol.created",
        ProtocolAuditCode.Imported => "protocol.imported",
        ProtocolAuditCode.DraftStarted => "protocol.draft-started",
        ProtocolAuditCode.Edited => "protocol.edited",
        ProtocolAuditCode.Submitted => "protocol.submitted",
        ProtocolAuditCode.Approved => "protocol.approved",
        ProtocolAuditCode.Returned => "protocol.returned",
        ProtocolAuditCode.Published => "protocol.published",
        ProtocolAuditCode.Archived => "protocol.archived",
        ProtocolAuditCode.Restored => "protocol.restored",
        ProtocolAuditCode.Verified => "protocol.verified",
        ProtocolAuditCode.SuggestionCreated => "suggestion.created",
        ProtocolAuditCode.SuggestionAccepted => "suggestion.accepted",
        ProtocolAuditCode.SuggestionDeclined => "suggestion.declined",
    };

    /// <summary>The code of a stored action name; null for names that are not a protocol's.</summary>
    public static ProtocolAuditCode? FromName(string name) =>
        Enum.GetValues<ProtocolAuditCode>().Select(c => (ProtocolAuditCode?)c).FirstOrDefault(c => Name(c!.Value) == name);
}
