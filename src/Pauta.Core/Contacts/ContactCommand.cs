using Pauta.Core.Organisations;

namespace Pauta.Core.Contacts;

/// <summary>
/// What someone asks the run to do. <see cref="GuidedRun.Decide"/> checks it against the contact and answers with
/// the events to record (the asked-for one and its consequences: clock events, an automatic escalation) or with
/// the problems that refuse it. <see cref="At"/> is the server's time of the request.
/// </summary>
public abstract record ContactCommand(DateTimeOffset At, Guid ActorUserId)
{
    /// <summary>
    /// <paramref name="ReceivedAt"/>: when the request arrived, if before now (bounded by <see cref="RunLimits"/>; needs
    /// <paramref name="ReceivedReason"/>). <paramref name="SubChannel"/>: which kind of electronic contact, when known.
    /// </summary>
    public sealed record Start(
        DateTimeOffset At, Guid ActorUserId, Channels Channel, string Reason, string CustomerLanguage,
        Protocols.SubChannels SubChannel = Protocols.SubChannels.None, DateTimeOffset? ReceivedAt = null, string? ReceivedReason = null)
        : ContactCommand(At, ActorUserId);

    /// <summary>Fills (or clears, with an empty value) some of the protocol's contact fields.</summary>
    public sealed record SaveFields(DateTimeOffset At, Guid ActorUserId, IReadOnlyDictionary<string, string> Values) : ContactCommand(At, ActorUserId);

    /// <summary>Extends a clock's term by its target's <see cref="Protocols.ServiceTarget.ExtendableBy"/>, once, with a reason.</summary>
    public sealed record ExtendClock(DateTimeOffset At, Guid ActorUserId, ContactClock Clock, string Reason) : ContactCommand(At, ActorUserId);

    /// <summary>The agent gave what a clock measures outside the steps (the acknowledgement sent, the answer given).</summary>
    public sealed record RecordMilestone(DateTimeOffset At, Guid ActorUserId, ContactClock Clock) : ContactCommand(At, ActorUserId);

    /// <summary>The background service found a clock's warning reached (see <see cref="ContactClockStates.WarningsDue"/>).</summary>
    public sealed record RecordWarning(DateTimeOffset At, Guid ActorUserId, ContactClock Clock, int WarningIndex) : ContactCommand(At, ActorUserId);

    public sealed record CompleteStep(DateTimeOffset At, Guid ActorUserId, string StepKey) : ContactCommand(At, ActorUserId);

    public sealed record ChooseAnswer(DateTimeOffset At, Guid ActorUserId, string StepKey, int AnswerIndex) : ContactCommand(At, ActorUserId);

    public sealed record SkipStep(DateTimeOffset At, Guid ActorUserId, string StepKey, string? Reason) : ContactCommand(At, ActorUserId);

    public sealed record TickChecklist(DateTimeOffset At, Guid ActorUserId, string StepKey, int Index, bool Ticked) : ContactCommand(At, ActorUserId);

    /// <summary><paramref name="FromStepKey"/> is the step the agent sees, or null when the main flow has finished.</summary>
    public sealed record GoBack(DateTimeOffset At, Guid ActorUserId, string? FromStepKey) : ContactCommand(At, ActorUserId);

    public sealed record EnterPlan(DateTimeOffset At, Guid ActorUserId, string PlanKey) : ContactCommand(At, ActorUserId);

    public sealed record LeavePlan(DateTimeOffset At, Guid ActorUserId, string PlanKey) : ContactCommand(At, ActorUserId);

    public sealed record SaveNote(DateTimeOffset At, Guid ActorUserId, IReadOnlyDictionary<string, string> Fields) : ContactCommand(At, ActorUserId);

    /// <summary>
    /// Escalate by a rule of the protocol (<paramref name="RuleKey"/>; its target is used and its detail is the default
    /// reason) or to a named <paramref name="Target"/> with a reason.
    /// </summary>
    public sealed record Escalate(DateTimeOffset At, Guid ActorUserId, string? RuleKey, string? Target, string? Reason)
        : ContactCommand(At, ActorUserId);

    public sealed record TakeOver(DateTimeOffset At, Guid ActorUserId) : ContactCommand(At, ActorUserId);

    public sealed record ReturnWithGuidance(DateTimeOffset At, Guid ActorUserId, string Guidance) : ContactCommand(At, ActorUserId);

    public sealed record WaitOnCustomer(DateTimeOffset At, Guid ActorUserId) : ContactCommand(At, ActorUserId);

    public sealed record CustomerResponds(DateTimeOffset At, Guid ActorUserId) : ContactCommand(At, ActorUserId);

    /// <summary>The agent answered the customer outside the steps (a holding reply to an e-mail).</summary>
    public sealed record RecordFirstResponse(DateTimeOffset At, Guid ActorUserId) : ContactCommand(At, ActorUserId);

    /// <summary>The background service found a clock run out (see <see cref="ContactClockStates.BreachesDue"/>).</summary>
    public sealed record RecordBreach(DateTimeOffset At, Guid ActorUserId, ContactClock Clock) : ContactCommand(At, ActorUserId);

    public sealed record Close(
        DateTimeOffset At, Guid ActorUserId, ContactOutcome Outcome, string? OverrideReason = null, DateOnly? FollowUpDue = null)
        : ContactCommand(At, ActorUserId);
}
