using Pauta.Core.Insights;
using Pauta.Core.Organisations;
using Pauta.Data.Tenancy;

namespace Pauta.Data.Entities;

/// <summary>
/// The insights' facts about one contact (<see cref="ContactFact"/>), as of its <see cref="LastSequence"/>-th action and
/// the survey and recovery read with it. Rewritten whole whenever anything behind it changes; the columns serve the
/// drill-down's filters, <see cref="Counts"/> is exactly what the contact added to its <see cref="InsightCounter"/> row, so
/// it can be taken out again when the fact changes.
/// </summary>
public class ContactFactRow : ITenantOwned
{
    public Guid OrganisationId { get; set; }
    public Guid ContactId { get; set; }
    /// <summary>The organisation-local day the contact started on.</summary>
    public DateOnly Day { get; set; }
    public DateTime StartedAt { get; set; }
    public Guid ProtocolId { get; set; }
    public int ProtocolVersion { get; set; }
    public Channels Channel { get; set; }
    public Guid AgentUserId { get; set; }
    /// <summary>The agent's department when the fact was computed; <see cref="Guid.Empty"/> for none.</summary>
    public Guid DepartmentId { get; set; }
    public bool IsClosed { get; set; }
    public int? Outcome { get; set; }
    public ClockResult FirstResponse { get; set; }
    public ClockResult Resolution { get; set; }
    public bool Escalated { get; set; }
    public bool Overridden { get; set; }
    public bool ContingencyEntered { get; set; }
    public int? SurveyScore { get; set; }
    public DateTime? RecoveryDueAt { get; set; }
    public DateTime? RecoveryDoneAt { get; set; }
    /// <summary>The contact's last action the fact was computed from.</summary>
    public int LastSequence { get; set; }
    /// <summary>The contact's contribution to its counter row (<see cref="InsightCounts.ToText"/>).</summary>
    public string Counts { get; set; } = "";
}

/// <summary>What a contact is counted under besides its columns: an escalation reason or a contingency plan. Values are stored.</summary>
public enum ContactFactTagKind
{
    EscalationReason = 0,
    Plan = 1,
}

public class ContactFactTag : ITenantOwned
{
    public Guid OrganisationId { get; set; }
    public Guid ContactId { get; set; }
    public ContactFactTagKind Kind { get; set; }
    public string Key { get; set; } = "";
}

/// <summary>One step of one contact (<see cref="StepFact"/>), for adherence drill-down; <see cref="Counts"/> is its contribution to <see cref="InsightStepCounter"/>.</summary>
public class ContactStepFactRow : ITenantOwned
{
    public Guid OrganisationId { get; set; }
    public Guid ContactId { get; set; }
    /// <summary>The step as "step" or "plan/step".</summary>
    public string Step { get; set; } = "";
    public Guid ProtocolId { get; set; }
    public int ProtocolVersion { get; set; }
    public bool Reached { get; set; }
    /// <summary>A <see cref="Pauta.Core.Contacts.StepResolution"/>, null when the step stands unresolved.</summary>
    public int? Resolution { get; set; }
    /// <summary>The skip reason as grouped (<see cref="InsightCounts.SkipReasonKey"/>), when skipped.</summary>
    public string? SkipReason { get; set; }
    public int? AnswerIndex { get; set; }
    public bool Overridden { get; set; }
    public string Counts { get; set; } = "";
}

/// <summary>
/// The pre-aggregated counts of the contacts of one organisation-local day, protocol version, channel and agent (with the
/// agent's department): the sum of their <see cref="ContactFactRow.Counts"/>. Dashboards read these rows, never the facts.
/// </summary>
/// <remarks>
/// Each contact is counted twice: in its agent's row and in the row of <see cref="AllAgents"/> with the same day, version,
/// channel and department, which is what a query without an agent or team filter reads (a few agents' times fewer rows).
/// </remarks>
public class InsightCounter : ITenantOwned
{
    /// <summary>The agent of the rows that add up every agent's contacts (no user has this id).</summary>
    public static readonly Guid AllAgents = Guid.Empty;

    /// <summary>
    /// The department of the rows that add up a day × protocol version over every agent, channel and department (their
    /// <see cref="Channel"/> is <see cref="Channels.None"/>): what a query with no agent, team, channel or department
    /// reads, six times fewer rows than the all-agents level at two channels and three departments.
    /// </summary>
    public static readonly Guid AllDepartments = new("ffffffff-ffff-ffff-ffff-ffffffffffff");

    public Guid OrganisationId { get; set; }
    public DateOnly Day { get; set; }
    public Guid ProtocolId { get; set; }
    public int ProtocolVersion { get; set; }
    public Channels Channel { get; set; }
    public Guid AgentUserId { get; set; }
    public Guid DepartmentId { get; set; }
    /// <summary>The canonical sum (<see cref="InsightCounts.ToText"/>): what the projector adds to and takes from; the reader parses only its histograms and keyed counts.</summary>
    public string Counts { get; set; } = "";

    // The fixed numbers of <see cref="Counts"/> once more as integers, so the dashboards sum them in SQL (SUM … GROUP BY):
    // always equal to the numbers of the text (the projector writes both; the property test checks).
    public long Contacts { get; set; }
    public long Closed { get; set; }
    public long FirstResponseMet { get; set; }
    public long FirstResponseMissed { get; set; }
    public long FirstResponsePending { get; set; }
    public long ResolutionMet { get; set; }
    public long ResolutionMissed { get; set; }
    public long ResolutionPending { get; set; }
    public long Escalated { get; set; }
    public long Overridden { get; set; }
    public long ContingencyEntered { get; set; }
    public long TakenOver { get; set; }
    public long SurveyAnswers { get; set; }
    public long SurveySum { get; set; }
    public long SurveySumOfSquares { get; set; }
    public long RecoveriesOpened { get; set; }
    public long RecoveriesOnTime { get; set; }
    public long RecoveriesDone { get; set; }

    /// <summary>Copies the fixed numbers of <paramref name="sum"/> into the integer columns.</summary>
    public void SetNumbers(InsightCounts sum)
    {
        ArgumentNullException.ThrowIfNull(sum);
        Contacts = sum[InsightCounts.Contact.Contacts];
        Closed = sum[InsightCounts.Contact.Closed];
        FirstResponseMet = sum[InsightCounts.Contact.FirstResponseMet];
        FirstResponseMissed = sum[InsightCounts.Contact.FirstResponseMissed];
        FirstResponsePending = sum[InsightCounts.Contact.FirstResponsePending];
        ResolutionMet = sum[InsightCounts.Contact.ResolutionMet];
        ResolutionMissed = sum[InsightCounts.Contact.ResolutionMissed];
        ResolutionPending = sum[InsightCounts.Contact.ResolutionPending];
        Escalated = sum[InsightCounts.Contact.Escalated];
        Overridden = sum[InsightCounts.Contact.Overridden];
        ContingencyEntered = sum[InsightCounts.Contact.ContingencyEntered];
        TakenOver = sum[InsightCounts.Contact.TakenOver];
        SurveyAnswers = sum[InsightCounts.Contact.SurveyAnswers];
        SurveySum = sum[InsightCounts.Contact.SurveySum];
        SurveySumOfSquares = sum[InsightCounts.Contact.SurveySumOfSquares];
        RecoveriesOpened = sum[InsightCounts.Contact.RecoveriesOpened];
        RecoveriesOnTime = sum[InsightCounts.Contact.RecoveriesOnTime];
        RecoveriesDone = sum[InsightCounts.Contact.RecoveriesDone];
    }
}

/// <summary>
/// The same per step of the protocol version: the sum of the <see cref="ContactStepFactRow.Counts"/> of its contacts, also
/// once more under <see cref="InsightCounter.AllAgents"/>.
/// </summary>
public class InsightStepCounter : ITenantOwned
{
    public Guid OrganisationId { get; set; }
    public Guid ProtocolId { get; set; }
    public int ProtocolVersion { get; set; }
    public string Step { get; set; } = "";
    public DateOnly Day { get; set; }
    public Channels Channel { get; set; }
    public Guid AgentUserId { get; set; }
    public Guid DepartmentId { get; set; }
    public string Counts { get; set; } = "";
}
