using Pauta.Core.Insights;
using Pauta.Data.Tenancy;

namespace Pauta.Data.Entities;

/// <summary>A threshold a manager set on the insights (docs/insights.md, "Alerts"); <see cref="ProtocolId"/> null watches every protocol.</summary>
public class InsightAlertRule : ITenantOwned
{
    public Guid OrganisationId { get; set; }
    public Guid Id { get; set; }
    public InsightAlertKind Kind { get; set; }
    /// <summary>A percentage (attainment) or a count (overrides), as <see cref="InsightAlertRules.Range"/> allows.</summary>
    public int Threshold { get; set; }
    public Guid? ProtocolId { get; set; }
    public Guid CreatedByUserId { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// One raised alert: a rule crossed for one subject (the rule as a whole, or one step) in one local period. It shows on
/// the supervisor board and the managers' home until somebody acknowledges it; <see cref="ResolvedAt"/> notes that the
/// value went back within the threshold in the meantime.
/// </summary>
public class InsightAlert : ITenantOwned
{
    public Guid OrganisationId { get; set; }
    public Guid Id { get; set; }
    public Guid RuleId { get; set; }
    /// <summary>"" for a rule over the whole protocol (or all); a step reference for a rule per step.</summary>
    public string Subject { get; set; } = "";
    /// <summary>The subject as people read it (a step's title), kept as it was when raised.</summary>
    public string SubjectTitle { get; set; } = "";
    /// <summary>The protocol and version the subject belongs to, when it is a step.</summary>
    public Guid? ProtocolId { get; set; }
    public int? ProtocolVersion { get; set; }
    public DateTime WindowStart { get; set; }
    public DateTime WindowEnd { get; set; }
    /// <summary>The measure at the last evaluation: met of of (attainment), or the count in <see cref="Met"/> (overrides).</summary>
    public int Met { get; set; }
    public int Of { get; set; }
    public DateTime RaisedAt { get; set; }
    public DateTime? ResolvedAt { get; set; }
    public DateTime? AcknowledgedAt { get; set; }
    public Guid? AcknowledgedByUserId { get; set; }
}
