using Pauta.Core.Protocols;

namespace Pauta.Core.Contacts;

/// <summary>
/// A step of the contact's protocol: <paramref name="PlanKey"/> null for the main flow, else the contingency plan it
/// belongs to. Written "plan/step" for a plan step, which is how <see cref="ContactEvent.Closed.OverriddenSteps"/>
/// stores it (keys are slugs, so they hold no "/").
/// </summary>
public readonly record struct StepRef(string? PlanKey, string StepKey)
{
    public override string ToString() => PlanKey is null ? StepKey : $"{PlanKey}/{StepKey}";
}

/// <summary>How a step on the path was left behind. Values are stored: never renumber.</summary>
public enum StepResolution
{
    Completed = 0,
    Answered = 1,
    Skipped = 2,
}

/// <summary>One step the run has passed and that still stands (going back removes the last one of its flow).</summary>
public sealed record PathEntry(
    StepRef Step, StepResolution Resolution, DateTimeOffset At, Guid ActorUserId, int? AnswerIndex = null, string? SkipReason = null);

/// <summary>A step still to do: the current one, and those the flow certainly passes through after it.</summary>
public sealed record OpenStep(StepRef Ref, Step Step);

/// <summary>One escalation of the contact, manual or by rule.</summary>
public sealed record Escalation(DateTimeOffset At, Guid ActorUserId, string? RuleKey, string Target, string Reason, bool Automatic);

/// <summary>What a timeline entry tells. Values are stored in exports: never renumber.</summary>
public enum TimelineKind
{
    Started = 0,
    StepCompleted = 1,
    AnswerChosen = 2,
    StepSkipped = 3,
    ChecklistTicked = 4,
    ChecklistUnticked = 5,
    WentBack = 6,
    PlanEntered = 7,
    PlanLeft = 8,
    /// <summary>The plan's own flow ended and the run went back to where the agent was.</summary>
    PlanFinished = 9,
    /// <summary>The main flow reached its end; the contact can be closed.</summary>
    FlowFinished = 10,
    NoteSaved = 11,
    Escalated = 12,
    EscalatedAutomatically = 13,
    TakenOver = 14,
    ReturnedWithGuidance = 15,
    WaitingOnCustomer = 16,
    CustomerResponded = 17,
    ClockActivated = 18,
    ClockPaused = 19,
    ClockResumed = 20,
    ClockFulfilled = 21,
    ClockBreached = 22,
    Closed = 23,
    ClockWarned = 24,
    ClockExtended = 25,
    FieldsSaved = 26,
}

/// <summary>
/// One line of the contact's timeline, for its page and for audit. The web layer writes the sentence from
/// <see cref="Kind"/>; the other fields fill it in.
/// </summary>
/// <param name="Step">The step acted on; for going back or leaving a plan, the step the run returned to.</param>
/// <param name="Subject">
/// The step's title; the plan's name (plans); the target (escalations); the channel name (Started); the follow-up
/// due date as yyyy-MM-dd (Closed).
/// </param>
/// <param name="Detail">
/// The reason as the customer said it (Started); the answer's label; the skip, escalation or override reason; the
/// checklist item; the guidance; the note's filled fields (names joined with ", ").
/// </param>
public sealed record TimelineEntry(
    DateTimeOffset At,
    Guid ActorUserId,
    TimelineKind Kind,
    StepRef? Step = null,
    string? Subject = null,
    string? Detail = null,
    ContactClock? Clock = null,
    ContactOutcome? Outcome = null);
