using System.Text.Json.Serialization;
using Pauta.Core.Organisations;
using Pauta.Core.Protocols;

namespace Pauta.Core.Contacts;

/// <summary>How a contact ended. Values are stored: never renumber.</summary>
public enum ContactOutcome
{
    Resolved = 0,
    NotResolved = 1,
    /// <summary>Passed on to someone else; only possible after an escalation.</summary>
    Escalated = 2,
    /// <summary>Someone must come back to the customer by a due date.</summary>
    NeedsFollowUp = 3,
}

/// <summary>The service-level clocks a contact may run, one per target the protocol sets for its channel. Values are stored.</summary>
public enum ContactClock
{
    /// <summary>From receipt until the agent first answers the customer.</summary>
    FirstResponse = 0,
    /// <summary>From receipt until the contact is closed.</summary>
    Resolution = 1,
    /// <summary>From receipt until receipt is acknowledged (acuse de recibo, the case number given).</summary>
    Acknowledgement = 2,
    /// <summary>From receipt until the substantive answer is given (respuesta de fondo), which may come before the close.</summary>
    Answer = 3,
}

/// <summary>What happened to a clock; one per <see cref="ServiceLevels.ClockEvent"/> kind. Values are stored.</summary>
public enum ClockChange
{
    Activated = 0,
    Paused = 1,
    Resumed = 2,
    Fulfilled = 3,
    Breached = 4,
    /// <summary>One of the target's warnings was reached (see <see cref="Protocols.TargetWarning"/>).</summary>
    Warned = 5,
    /// <summary>The term was extended, once, with a reason.</summary>
    Extended = 6,
}

/// <summary>
/// One recorded fact about a contact. A contact is nothing but its events, in the order recorded, replayed
/// against the protocol version it is pinned to (see <see cref="GuidedRun.Replay"/>). Events are never changed
/// or removed: going back a step is itself an event. Step events name the step the agent acted on, so an action
/// from a stale browser tab is refused instead of landing on another step.
/// </summary>
/// <remarks>
/// The JSON discriminators are the stored format: never rename one; add a new event instead. The actor is
/// <see cref="ContactActors.System"/> for what the server records by itself (a breached clock).
/// </remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(Started), "started")]
[JsonDerivedType(typeof(StepCompleted), "stepCompleted")]
[JsonDerivedType(typeof(AnswerChosen), "answerChosen")]
[JsonDerivedType(typeof(StepSkipped), "stepSkipped")]
[JsonDerivedType(typeof(ChecklistTicked), "checklistTicked")]
[JsonDerivedType(typeof(WentBack), "wentBack")]
[JsonDerivedType(typeof(PlanEntered), "planEntered")]
[JsonDerivedType(typeof(PlanLeft), "planLeft")]
[JsonDerivedType(typeof(NoteSaved), "noteSaved")]
[JsonDerivedType(typeof(Escalated), "escalated")]
[JsonDerivedType(typeof(TakenOver), "takenOver")]
[JsonDerivedType(typeof(ReturnedWithGuidance), "returnedWithGuidance")]
[JsonDerivedType(typeof(WaitingOnCustomer), "waitingOnCustomer")]
[JsonDerivedType(typeof(CustomerResponded), "customerResponded")]
[JsonDerivedType(typeof(ClockRecorded), "clock")]
[JsonDerivedType(typeof(Closed), "closed")]
[JsonDerivedType(typeof(FieldsSaved), "fieldsSaved")]
public abstract record ContactEvent(DateTimeOffset At, Guid ActorUserId)
{
    /// <summary>
    /// The agent starts the contact on one channel, with the reason in the customer's words. The actor becomes its agent.
    /// <paramref name="SubChannel"/> says which kind of electronic contact it is (chat, e-mail…), when said.
    /// <paramref name="ReceivedAt"/> is when the request arrived, when that was before the start (a letter received
    /// yesterday): the clocks count from it; <paramref name="ReceivedReason"/> says why it was entered late.
    /// </summary>
    public sealed record Started(
        DateTimeOffset At, Guid ActorUserId, Channels Channel, string Reason, string CustomerLanguage,
        Protocols.SubChannels SubChannel = Protocols.SubChannels.None, DateTimeOffset? ReceivedAt = null, string? ReceivedReason = null)
        : ContactEvent(At, ActorUserId);

    /// <summary>The current step (not a question with answers) is done; the run moves on along the flow.</summary>
    public sealed record StepCompleted(DateTimeOffset At, Guid ActorUserId, string StepKey) : ContactEvent(At, ActorUserId);

    /// <summary>The current question step is answered; the run moves where the answer leads.</summary>
    public sealed record AnswerChosen(DateTimeOffset At, Guid ActorUserId, string StepKey, int AnswerIndex) : ContactEvent(At, ActorUserId);

    /// <summary>The current step is passed over; a required step needs a reason.</summary>
    public sealed record StepSkipped(DateTimeOffset At, Guid ActorUserId, string StepKey, string? Reason) : ContactEvent(At, ActorUserId);

    /// <summary>One checklist item of the current step ticked or unticked.</summary>
    public sealed record ChecklistTicked(DateTimeOffset At, Guid ActorUserId, string StepKey, int Index, bool Ticked) : ContactEvent(At, ActorUserId);

    /// <summary>
    /// Back to the previous step of the current flow, undoing how it was resolved. <paramref name="FromStepKey"/> is
    /// the step the agent was on, or null when the main flow had finished.
    /// </summary>
    public sealed record WentBack(DateTimeOffset At, Guid ActorUserId, string? FromStepKey) : ContactEvent(At, ActorUserId);

    /// <summary>The agent switches into a contingency plan; the step they were on waits for them.</summary>
    public sealed record PlanEntered(DateTimeOffset At, Guid ActorUserId, string PlanKey) : ContactEvent(At, ActorUserId);

    /// <summary>The agent leaves the plan they are in before its end, back to the step they were on.</summary>
    public sealed record PlanLeft(DateTimeOffset At, Guid ActorUserId, string PlanKey) : ContactEvent(At, ActorUserId);

    /// <summary>The whole note, field by field, as saved; it replaces the previous one.</summary>
    public sealed record NoteSaved(DateTimeOffset At, Guid ActorUserId, IReadOnlyDictionary<string, string> Fields) : ContactEvent(At, ActorUserId)
    {
        // Records compare collections by reference; a note is equal to its stored copy field by field.
        public bool Equals(NoteSaved? other) =>
            other is not null && At == other.At && ActorUserId == other.ActorUserId &&
            Fields.Count == other.Fields.Count &&
            Fields.All(f => other.Fields.TryGetValue(f.Key, out var value) && value == f.Value);

        public override int GetHashCode() => HashCode.Combine(At, ActorUserId, Fields.Count);
    }

    /// <summary>
    /// Values of the protocol's contact fields (<see cref="Protocols.ContactField"/>), by key, in their stored form; each
    /// replaces the field's previous value, and an empty value clears it. Fields not named keep their value.
    /// </summary>
    public sealed record FieldsSaved(DateTimeOffset At, Guid ActorUserId, IReadOnlyDictionary<string, string> Values) : ContactEvent(At, ActorUserId)
    {
        public bool Equals(FieldsSaved? other) =>
            other is not null && At == other.At && ActorUserId == other.ActorUserId &&
            Values.Count == other.Values.Count &&
            Values.All(f => other.Values.TryGetValue(f.Key, out var value) && value == f.Value);

        public override int GetHashCode() => HashCode.Combine(At, ActorUserId, Values.Count);
    }

    /// <summary>
    /// The contact goes up the line to <paramref name="Target"/> (a role or position name). <paramref name="RuleKey"/>
    /// names the protocol's rule when one applies; <paramref name="Automatic"/> when a rule fired by itself (a flow
    /// answer, a breached clock) rather than someone pressing escalate.
    /// </summary>
    public sealed record Escalated(DateTimeOffset At, Guid ActorUserId, string? RuleKey, string Target, string Reason, bool Automatic)
        : ContactEvent(At, ActorUserId);

    /// <summary>The actor (a supervisor) takes the contact over and handles it from now on.</summary>
    public sealed record TakenOver(DateTimeOffset At, Guid ActorUserId) : ContactEvent(At, ActorUserId);

    /// <summary>A supervisor hands the contact back to its agent with guidance on how to go on.</summary>
    public sealed record ReturnedWithGuidance(DateTimeOffset At, Guid ActorUserId, string Guidance) : ContactEvent(At, ActorUserId);

    /// <summary>The contact waits on the customer (a document, a call back); the clocks pause.</summary>
    public sealed record WaitingOnCustomer(DateTimeOffset At, Guid ActorUserId) : ContactEvent(At, ActorUserId);

    /// <summary>The customer is back; the clocks run again.</summary>
    public sealed record CustomerResponded(DateTimeOffset At, Guid ActorUserId) : ContactEvent(At, ActorUserId);

    /// <summary>
    /// One service-level clock event, recorded explicitly so every report replays exactly.
    /// <paramref name="Target"/> and <paramref name="Kind"/> are set on <see cref="ClockChange.Activated"/> only.
    /// </summary>
    /// <remarks>
    /// Format-2 fields, absent from older stored events: <paramref name="Calendar"/> (Activated: the calendar reference the
    /// target counts on), <paramref name="Unit"/> (Activated: the unit the target was written in, for display; the target
    /// itself is always the counted time), <paramref name="CountFrom"/> (Activated: when the request arrived, if before
    /// <paramref name="At"/>), <paramref name="WarningIndex"/> (Warned: which of the target's warnings),
    /// <paramref name="Extension"/> (Extended: counted time added) and <paramref name="Reason"/> (Extended).
    /// </remarks>
    public sealed record ClockRecorded(
        DateTimeOffset At, Guid ActorUserId, ContactClock Clock, ClockChange Change,
        TimeSpan Target = default, ServiceClock Kind = ServiceClock.Business,
        string? Calendar = null, Protocols.TargetUnit Unit = Protocols.TargetUnit.Seconds, DateTimeOffset? CountFrom = null,
        int WarningIndex = 0, TimeSpan Extension = default, string? Reason = null)
        : ContactEvent(At, ActorUserId)
    {
        public ServiceLevels.ClockEvent ToClockEvent() => Change switch
        {
            ClockChange.Activated => new ServiceLevels.ClockEvent.Activated(At, Target, Kind, CountFrom, Unit),
            ClockChange.Paused => new ServiceLevels.ClockEvent.Paused(At),
            ClockChange.Resumed => new ServiceLevels.ClockEvent.Resumed(At),
            ClockChange.Fulfilled => new ServiceLevels.ClockEvent.Fulfilled(At),
            ClockChange.Breached => new ServiceLevels.ClockEvent.Breached(At),
            ClockChange.Warned => new ServiceLevels.ClockEvent.Warned(At, WarningIndex),
            ClockChange.Extended => new ServiceLevels.ClockEvent.Extended(At, Extension),
        };
    }

    /// <summary>
    /// The contact ends. <paramref name="OverrideReason"/> is set when required steps were still open and the agent
    /// closed anyway; <paramref name="OverriddenSteps"/> then names them (as <see cref="StepRef"/> text) so overrides can
    /// be counted and read without replaying. <paramref name="FollowUpDue"/> is set exactly when the outcome is
    /// <see cref="ContactOutcome.NeedsFollowUp"/>.
    /// </summary>
    public sealed record Closed(
        DateTimeOffset At, Guid ActorUserId, ContactOutcome Outcome, string? OverrideReason,
        IReadOnlyList<string> OverriddenSteps, DateOnly? FollowUpDue)
        : ContactEvent(At, ActorUserId)
    {
        public bool Equals(Closed? other) =>
            other is not null && At == other.At && ActorUserId == other.ActorUserId && Outcome == other.Outcome &&
            OverrideReason == other.OverrideReason && FollowUpDue == other.FollowUpDue &&
            OverriddenSteps.SequenceEqual(other.OverriddenSteps);

        public override int GetHashCode() => HashCode.Combine(At, ActorUserId, Outcome, OverrideReason, FollowUpDue);
    }
}

/// <summary>The stored name of each kind of event (its JSON discriminator), e.g. for an events table's type column.</summary>
public static class ContactEventTypes
{
    private static readonly Dictionary<Type, string> NameByType = typeof(ContactEvent)
        .GetCustomAttributes(typeof(JsonDerivedTypeAttribute), inherit: false)
        .Cast<JsonDerivedTypeAttribute>()
        .ToDictionary(a => a.DerivedType, a => (string)a.TypeDiscriminator!);

    private static readonly Dictionary<string, Type> TypeByName = NameByType.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>Every stored name, one per kind of event.</summary>
    public static IReadOnlyCollection<string> Names => TypeByName.Keys;

    public static string NameOf(ContactEvent e) => NameByType[e.GetType()];

    /// <summary>The event type stored under <paramref name="name"/>, or null for a name this version does not know.</summary>
    public static Type? TypeOf(string name) => TypeByName.GetValueOrDefault(name);
}

public static class ContactActors
{
    /// <summary>The actor of what the server records by itself, such as a breach found by the background service.</summary>
    public static readonly Guid System = Guid.Empty;
}
