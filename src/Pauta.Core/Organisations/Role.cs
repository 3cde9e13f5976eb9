namespace Pauta.Core.Organisations;

/// <summary>A member's role in one organisation. The order is not a hierarchy; see <see cref="Permissions"/>.</summary>
public enum Role
{
    Owner = 0,
    Admin = 1,
    Manager = 2,
    Supervisor = 3,
    Agent = 4,
}

/// <summary>Things a member may be allowed to do. The matrix lives in <see cref="Permissions"/> and docs/roles.md.</summary>
public enum Permission
{
    ViewHome,
    ViewOrgChart,
    ManageOrganisation,
    ManageBusinessHours,
    ManageDepartments,
    ManagePositions,
    ViewPeople,
    InvitePeople,
    ChangeRoles,
    AssignAdminRole,
    TransferOwnership,
    RemovePeople,
    IssuePasswordResetLinks,
    ReadProtocols,
    SuggestProtocolChanges,
    AuthorProtocols,
    ApproveProtocols,
    ManageApiTokens,
    ViewBoard,
    /// <summary>Start contacts and follow them live; every role serves customers.</summary>
    HandleContacts,
    /// <summary>See every contact of the organisation in the history, not just one's own.</summary>
    ViewAllContacts,
    /// <summary>Erase a customer's personal data on their request (habeas data, GDPR article 17; docs/audit.md, "Erasure").</summary>
    EraseCustomers,
    /// <summary>Take courses, quizzes and acknowledge versions; every role is trained.</summary>
    TakeTraining,
    /// <summary>Create courses, set their quiz and gate, assign them (docs/training.md).</summary>
    ManageTraining,
    /// <summary>See everyone's training records: the people × protocols matrix, its CSV and the xAPI statements.</summary>
    ViewTrainingRecords,
    /// <summary>Let one agent take one contact on a protocol the training gate blocks for them, with a reason.</summary>
    AllowUntrainedContact,
    /// <summary>Read the organisation's audit log, its checkpoints and proofs, export its bundle and verify it (docs/audit.md).</summary>
    ViewAudit,
    /// <summary>The insights dashboards, their drill-down to contacts and CSV; a supervisor sees only their team (docs/insights.md).</summary>
    ViewInsights,
    /// <summary>Set the alert rules that raise items on the supervisor board and the managers' home.</summary>
    ManageInsightAlerts,
}

public static class Permissions
{
    /// <summary>
    /// The role × permission matrix. An exhaustive switch on the role means a new role
    /// cannot be added without deciding what it may do.
    /// </summary>
    public static bool Has(Role role, Permission permission) => role switch
    {
        Role.Owner => true,
        Role.Admin => permission is not (Permission.TransferOwnership or Permission.AssignAdminRole),
        Role.Manager => permission is Permission.ViewHome or Permission.ViewOrgChart or Permission.ViewPeople or Permission.ReadProtocols
            or Permission.SuggestProtocolChanges or Permission.AuthorProtocols or Permission.ApproveProtocols or Permission.ViewBoard
            or Permission.HandleContacts or Permission.ViewAllContacts or Permission.TakeTraining or Permission.ManageTraining
            or Permission.ViewTrainingRecords or Permission.AllowUntrainedContact or Permission.ViewInsights or Permission.ManageInsightAlerts,
        Role.Supervisor => permission is Permission.ViewHome or Permission.ViewOrgChart or Permission.ViewPeople or Permission.ReadProtocols
            or Permission.SuggestProtocolChanges or Permission.ViewBoard or Permission.HandleContacts or Permission.ViewAllContacts
            or Permission.TakeTraining or Permission.ViewTrainingRecords or Permission.AllowUntrainedContact or Permission.ViewInsights,
        Role.Agent => permission is Permission.ViewHome or Permission.ViewOrgChart or Permission.ReadProtocols or Permission.SuggestProtocolChanges
            or Permission.HandleContacts or Permission.TakeTraining,
    };

    /// <summary>
    /// Whether <paramref name="actor"/> may give <paramref name="target"/> the role <paramref name="newRole"/>.
    /// Nobody changes the owner's role here (ownership moves only by transfer), and only the owner makes admins.
    /// </summary>
    public static bool CanAssign(Role actor, Role targetCurrent, Role newRole)
    {
        if (!Has(actor, Permission.ChangeRoles)) return false;
        if (targetCurrent == Role.Owner || newRole == Role.Owner) return false;
        if ((targetCurrent == Role.Admin || newRole == Role.Admin) && !Has(actor, Permission.AssignAdminRole)) return false;
        return true;
    }

    /// <summary>Roles an invitation may grant: never Owner; Admin only by the owner.</summary>
    public static bool CanInvite(Role actor, Role invited) =>
        Has(actor, Permission.InvitePeople) && invited != Role.Owner &&
        (invited != Role.Admin || Has(actor, Permission.AssignAdminRole));
}

/// <summary>Role names as protocols write them (an escalation target or a responsibility may name a role: "Manager").</summary>
public static class RoleNames
{
    /// <summary>The role <paramref name="name"/> names, in any case; null for anything else (a position, a number, blank).</summary>
    public static Role? Parse(string? name)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed) || !char.IsAsciiLetter(trimmed[0])) return null;
        return Enum.TryParse<Role>(trimmed, ignoreCase: true, out var role) && Enum.IsDefined(role) ? role : null;
    }
}
