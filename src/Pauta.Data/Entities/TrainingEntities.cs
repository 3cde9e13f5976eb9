using Pauta.Core.Training;
using Pauta.Data.Tenancy;

namespace Pauta.Data.Entities;

// Training (docs/training.md, ADR-009). The lessons are not stored: they are the published protocol version itself,
// read through PublishedProtocols, so a course can never drift from the version it teaches.

/// <summary>
/// The course of one protocol: how its quiz is delivered, and which published version it teaches now. Created from a
/// published version in one action; it follows the protocol's later versions (a minor one changes the lessons and asks
/// nobody again, a major one re-assigns).
/// </summary>
public class Course : ITenantOwned, IVersioned
{
    public Guid OrganisationId { get; set; }
    public Guid Id { get; set; }
    /// <summary>One course per protocol.</summary>
    public Guid ProtocolId { get; set; }
    /// <summary>The published version the lessons come from now.</summary>
    public int VersionNumber { get; set; }
    /// <summary>Lower-case hex SHA-256 of that version's canonical file text (UTF-8).</summary>
    public string ContentHash { get; set; } = "";
    /// <summary>Quiz attempts allowed per version; null means unlimited.</summary>
    public int? AttemptsAllowed { get; set; }
    /// <summary>Minutes to wait after a failed attempt before the next one.</summary>
    public int WaitMinutes { get; set; }
    /// <summary>Questions drawn from the pool for each attempt; null means all of them.</summary>
    public int? QuestionsPerAttempt { get; set; }
    public bool ShuffleOptions { get; set; } = true;
    /// <summary>The gate for this protocol; null follows the organisation's <see cref="Organisation.TrainingGate"/>.</summary>
    public GateMode? Gate { get; set; }
    public Guid CreatedByUserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int Version { get; set; }
}

/// <summary>
/// A standing rule "everyone in this role / department / position, or this person, takes this course, due N days after
/// being assigned". People who match it later (invited, moved) get an assignment from it; people who stop matching lose
/// their pending ones.
/// </summary>
public class CourseRule : ITenantOwned
{
    public Guid OrganisationId { get; set; }
    public Guid Id { get; set; }
    public Guid CourseId { get; set; }
    public Guid ProtocolId { get; set; }
    public AssignmentTarget Target { get; set; }
    /// <summary>The role's number for <see cref="AssignmentTarget.Role"/>; else the department, position or member id.</summary>
    public string TargetKey { get; set; } = "";
    public int DueInDays { get; set; }
    public Guid CreatedByUserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? RemovedAt { get; set; }
}

/// <summary>
/// One person's duty to be trained on one major version of a protocol, by a date. Done when they acknowledge that
/// version (or a later one); removed when no rule reaches them any more while it was still pending.
/// </summary>
public class TrainingAssignment : ITenantOwned, IVersioned
{
    public Guid OrganisationId { get; set; }
    public Guid Id { get; set; }
    public Guid MemberId { get; set; }
    public Guid ProtocolId { get; set; }
    public Guid CourseId { get; set; }
    /// <summary>The rule that made it; null for a one-off assignment to a person.</summary>
    public Guid? RuleId { get; set; }
    /// <summary>The major version to be trained on.</summary>
    public int ForVersion { get; set; }
    /// <summary>The version last acknowledged when it was assigned: the lesson opens on what changed since then.</summary>
    public int? PreviousVersion { get; set; }
    public DateTime AssignedAt { get; set; }
    public DateTime DueAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    public DateTime? RemovedAt { get; set; }
    /// <summary>The last reminder sent (in the app and by e-mail), so a reminder goes once per stage.</summary>
    public DateTime? RemindedAt { get; set; }
    /// <summary>When the reminder worker looks at it next (ReminderPlan); null once it is completed or removed.</summary>
    public DateTime? NextReminderAt { get; set; }
    public int Version { get; set; }
}

/// <summary>A lesson a person finished, in one version of a course.</summary>
public class LessonProgress : ITenantOwned
{
    public Guid OrganisationId { get; set; }
    public Guid MemberId { get; set; }
    public Guid ProtocolId { get; set; }
    public int VersionNumber { get; set; }
    /// <summary>The step key, or a fixed key for the overview and the changes.</summary>
    public string LessonKey { get; set; } = "";
    public DateTime CompletedAt { get; set; }
}

/// <summary>
/// One quiz attempt on one version. The questions drawn and the order of their options are stored when it starts
/// (<see cref="Paper"/>), so grading uses exactly what was shown, from the version it came from.
/// </summary>
public class QuizAttempt : ITenantOwned, IVersioned
{
    public Guid OrganisationId { get; set; }
    public Guid Id { get; set; }
    public Guid MemberId { get; set; }
    public Guid ProtocolId { get; set; }
    public int VersionNumber { get; set; }
    public DateTime StartedAt { get; set; }
    /// <summary>JSON: the drawn question indexes of the version's assessment and each one's option order.</summary>
    public string Paper { get; set; } = "";
    public DateTime? SubmittedAt { get; set; }
    /// <summary>JSON: the chosen option per drawn question, as the original option index.</summary>
    public string? Answers { get; set; }
    public int? ScorePercent { get; set; }
    public bool? Passed { get; set; }
    public int Version { get; set; }
}

/// <summary>"Read and understood": who, when, which exact version and content, and the quiz result it rests on. Append-only.</summary>
public class TrainingAcknowledgement : ITenantOwned, IAppendOnly
{
    public Guid OrganisationId { get; set; }
    public Guid Id { get; set; }
    public Guid MemberId { get; set; }
    public Guid ProtocolId { get; set; }
    public int VersionNumber { get; set; }
    public string ContentHash { get; set; } = "";
    /// <summary>The passed attempt it rests on; null when the version has no assessment.</summary>
    public Guid? QuizAttemptId { get; set; }
    public int? ScorePercent { get; set; }
    public DateTime At { get; set; }
}

/// <summary>A supervisor's leave for one agent to take one contact on a protocol the gate blocks for them. Used once.</summary>
public class GateOverride : ITenantOwned, IVersioned
{
    public Guid OrganisationId { get; set; }
    public Guid Id { get; set; }
    public Guid AgentMemberId { get; set; }
    public Guid ProtocolId { get; set; }
    /// <summary>The major version the agent had not passed.</summary>
    public int VersionNumber { get; set; }
    public Guid GrantedByUserId { get; set; }
    public string Reason { get; set; } = "";
    public DateTime GrantedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public Guid? UsedByContactId { get; set; }
    public DateTime? UsedAt { get; set; }
    public int Version { get; set; }
}

/// <summary>When a person should next refresh a protocol: a spaced-repetition memory model, moved by live work.</summary>
public class RefresherSchedule : ITenantOwned, IVersioned
{
    public Guid OrganisationId { get; set; }
    public Guid MemberId { get; set; }
    public Guid ProtocolId { get; set; }
    /// <summary>Days after which recall falls to the target (FSRS stability).</summary>
    public double Stability { get; set; }
    /// <summary>FSRS difficulty, 1 to 10.</summary>
    public double Difficulty { get; set; }
    public int Reviews { get; set; }
    public DateTime? LastReviewAt { get; set; }
    public DateTime DueAt { get; set; }
    /// <summary>Why it was brought forward, when live work moved it (e.g. "skips:saludo"); null when it is the model's date.</summary>
    public string? BroughtForwardBy { get; set; }
    public int Version { get; set; }
}

/// <summary>Size limits of training data, shared by the configuration and the validation that reports them.</summary>
public static class TrainingLimits
{
    public const int MaxReasonLength = 500;
    public const int MaxPaperLength = 8000;
    public const int MaxLessonKeyLength = 100;
    public const int MaxDueInDays = 365;
    public const int MaxAttempts = 20;
    public const int MaxWaitMinutes = 7 * 24 * 60;
}
