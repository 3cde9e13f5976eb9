using Pauta.Core.Contacts;
using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using Pauta.Core.ServiceLevels;

namespace Pauta.Core.Insights;

/// <summary>How a contact's service-level clock ended up, as far as its recorded events tell. Values are stored.</summary>
public enum ClockResult
{
    /// <summary>The protocol sets no target for the contact's channel: the clock never ran.</summary>
    None = 0,
    /// <summary>Running or paused and not run out yet.</summary>
    Pending = 1,
    /// <summary>Fulfilled before it ran out.</summary>
    Met = 2,
    /// <summary>Ran out: fulfilled late, breached, or past its due instant at the contact's last event.</summary>
    Missed = 3,
}

/// <summary>One clock of one contact: the result and, when fulfilled, the counted time it took (business or calendar time, as its target).</summary>
public sealed record ClockFact(ClockResult Result, TimeSpan? Taken);

/// <summary>What the customer said afterwards: the survey score and the service recovery it opened, if any.</summary>
public sealed record CustomerFeedback(int? Score, DateTimeOffset? RecoveryDueAt, DateTimeOffset? RecoveryDoneAt)
{
    public static readonly CustomerFeedback None = new(null, null, null);

    public bool RecoveryOpened => RecoveryDueAt is not null;

    /// <summary>Done by its due instant (inclusive).</summary>
    public bool RecoveryOnTime => RecoveryDoneAt is { } done && RecoveryDueAt is { } due && done <= due;
}

/// <summary>
/// One step of one contact. <see cref="Reached"/>: the step was the current one at some moment. <see cref="Resolution"/>:
/// how it was last resolved on the standing path (going back undoes a resolution). <see cref="Overridden"/>: required and
/// still open when the contact was closed with an override (such a step may never have been reached).
/// <see cref="TimeOn"/>: the wall time the step was the current one, over every visit, up to the close (or the contact's
/// last event while it is open).
/// </summary>
public sealed record StepFact(string Step, bool Reached, StepResolution? Resolution, string? SkipReason, int? AnswerIndex, bool Overridden,
    TimeSpan TimeOn);

/// <summary>
/// Everything the insights count about one contact, worked out from its recorded events replayed against its pinned
/// protocol version with the same code the live run and clocks use (<see cref="GuidedRun"/>, <see cref="ContactClocks"/>),
/// so a clock at the contact and the reports never disagree. A pure function of the events, the protocol, the calendar,
/// the zone and the feedback: recomputing it gives the same fact, which is what keeps the rollups idempotent.
/// </summary>
/// <param name="Day">The organisation-local day the contact started on.</param>
/// <param name="Events">How many events were applied.</param>
/// <param name="EscalationReasons">Distinct, ordered: the rule key of each escalation, "manual" for one without a rule.</param>
/// <param name="PlansEntered">Distinct, ordered: the contingency plans the contact entered.</param>
/// <param name="Steps">Ordered by step reference.</param>
public sealed record ContactFact(
    DateTimeOffset StartedAt, DateOnly Day, Channels Channel, Guid AgentUserId, int Events,
    bool IsClosed, DateTimeOffset? ClosedAt, ContactOutcome? Outcome,
    ClockFact FirstResponse, ClockFact Resolution,
    IReadOnlyList<string> EscalationReasons, IReadOnlyList<string> PlansEntered, bool Overridden, int TakeOvers,
    CustomerFeedback Feedback, IReadOnlyList<StepFact> Steps)
{
    public const string ManualEscalation = "manual";

    public bool Escalated => EscalationReasons.Count > 0;

    public bool Equals(ContactFact? other) =>
        other is not null && StartedAt == other.StartedAt && Day == other.Day && Channel == other.Channel &&
        AgentUserId == other.AgentUserId && Events == other.Events && IsClosed == other.IsClosed && ClosedAt == other.ClosedAt &&
        Outcome == other.Outcome && FirstResponse == other.FirstResponse && Resolution == other.Resolution &&
        EscalationReasons.SequenceEqual(other.EscalationReasons) && PlansEntered.SequenceEqual(other.PlansEntered) &&
        Overridden == other.Overridden && TakeOvers == other.TakeOvers && Feedback == other.Feedback && Steps.SequenceEqual(other.Steps);

    public override int GetHashCode() => HashCode.Combine(StartedAt, AgentUserId, Events, ClosedAt, Feedback);
}

public static class ContactFacts
{
    /// <summary>
    /// The facts of one contact; null for a contact with no Started event (nothing to count).
    /// <paramref name="calendar"/> is what the clocks count on (the organisation's, or always open without hours);
    /// <paramref name="zone"/> is the organisation's time zone, which decides the contact's local day.
    /// </summary>
    /// <exception cref="InvalidContactHistoryException">The events cannot have happened (as on every replay).</exception>
    public static ContactFact? Of(Protocol protocol, IEnumerable<ContactEvent> events, BusinessCalendar calendar, TimeZoneInfo zone,
        CustomerFeedback? feedback = null)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(zone);

        var state = GuidedRun.New(protocol);
        var reached = new Dictionary<StepRef, TimeSpan>();
        var plans = new SortedSet<string>(StringComparer.Ordinal);
        var takeOvers = 0;
        StepRef? current = null;
        var since = default(DateTimeOffset);

        foreach (var e in events)
        {
            state = GuidedRun.Apply(state, e);
            switch (e)
            {
                case ContactEvent.PlanEntered p: plans.Add(p.PlanKey); break;
                case ContactEvent.TakenOver: takeOvers++; break;
            }
            var next = state.IsClosed ? null : state.Current;
            if (next == current) continue;
            if (current is { } left) reached[left] += e.At - since;
            if (next is { } entered) reached.TryAdd(entered, TimeSpan.Zero);
            current = next;
            since = e.At;
        }
        if (!state.IsStarted) return null;
        var last = state.LastEventAt!.Value;
        if (current is { } still) reached[still] += last - since;

        var clocks = ContactClocks.At(state, calendar, last);
        var overridden = new HashSet<string>(state.OverriddenSteps, StringComparer.Ordinal);
        var steps = new SortedDictionary<string, StepFact>(StringComparer.Ordinal);
        foreach (var (step, time) in reached)
        {
            var resolution = state.LastResolution(step);
            var key = step.ToString();
            steps[key] = new StepFact(key, true, resolution?.Resolution, resolution?.SkipReason, resolution?.AnswerIndex, overridden.Contains(key), time);
        }
        foreach (var key in overridden)
            if (!steps.ContainsKey(key)) steps[key] = new StepFact(key, false, null, null, null, true, TimeSpan.Zero);

        var started = state.StartedAt!.Value;
        return new ContactFact(
            started, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(started, zone).DateTime), state.Channel, state.AgentUserId, state.Version,
            state.IsClosed, state.ClosedAt, state.Outcome,
            ClockOf(clocks.FirstResponse, last), ClockOf(clocks.Resolution, last),
            state.Escalations.Select(x => x.RuleKey ?? ContactFact.ManualEscalation).Distinct().Order(StringComparer.Ordinal).ToList(),
            [.. plans], state.OverrideReason is not null, takeOvers,
            feedback ?? CustomerFeedback.None, [.. steps.Values]);
    }

    /// <summary>The clock as the contact's page shows it at the last event: a clock past its due instant has run out.</summary>
    internal static ClockFact ClockOf(ServiceClockState? clock, DateTimeOffset asOf) => clock switch
    {
        null => new ClockFact(ClockResult.None, null),
        { Status: ClockStatus.Fulfilled } => new ClockFact(ClockResult.Met, clock.Elapsed),
        { Status: ClockStatus.FulfilledLate } => new ClockFact(ClockResult.Missed, clock.Elapsed),
        { Status: ClockStatus.Breached } => new ClockFact(ClockResult.Missed, null),
        { DueAt: { } due } when due <= asOf => new ClockFact(ClockResult.Missed, null),
        _ => new ClockFact(ClockResult.Pending, null),
    };
}
