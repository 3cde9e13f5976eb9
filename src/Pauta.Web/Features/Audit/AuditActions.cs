namespace Pauta.Web.Features.Audit;

/// <summary>
/// The stored action names the audit page says in words ("Audit.Action.&lt;name&gt;"), and the families (the part before the
/// first dot) it names the rest by ("Audit.Family.&lt;family&gt;": e.g. every "contact.&lt;event&gt;"). A new action without its
/// own text is still shown, by its family.
/// </summary>
public static class AuditActions
{
    public static readonly string[] Known =
    [
        "api-token.created",
        "api-token.revoked",
        "customer.created",
        "customer.erased",
        "customer.updated",
        "department.created",
        "department.deleted",
        "department.renamed",
        "export.audit-bundle",
        "export.protocol",
        "export.protocols",
        "export.training-matrix",
        "export.xapi",
        "followup.done",
        "followup.recovery-opened",
        "holiday.added",
        "holiday.removed",
        "hours.updated",
        "invitation.accepted",
        "invitation.created",
        "invitation.revoked",
        "media.uploaded",
        "note-template.reset",
        "note-template.updated",
        "organisation.created",
        "organisation.updated",
        "ownership.transferred",
        "person.removed",
        "person.reset-link",
        "person.updated",
        "position.created",
        "position.deleted",
        "position.updated",
        "protocol.approved",
        "protocol.archived",
        "protocol.created",
        "protocol.draft-started",
        "protocol.edited",
        "protocol.imported",
        "protocol.published",
        "protocol.restored",
        "protocol.returned",
        "protocol.submitted",
        "protocol.verified",
        "suggestion.accepted",
        "suggestion.created",
        "suggestion.declined",
        "survey.answered",
        "training.acknowledged",
        "training.attempt.failed",
        "training.attempt.passed",
        "training.attempt.started",
        "training.course.created",
        "training.course.settings",
        "training.gate-override.granted",
        "training.rule.added",
        "training.rule.removed",
        "training.settings.updated",
    ];

    public static readonly string[] Families = ["api-token", "contact", "customer", "department", "export", "followup", "holiday", "hours", "import", "invitation", "media", "note-template", "organisation", "ownership", "person", "position", "protocol", "suggestion", "survey", "training"];
}
