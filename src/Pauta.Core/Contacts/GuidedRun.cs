using Pauta.Core.Common;
using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using Pauta.Core.ServiceLevels;

namespace Pauta.Core.Contacts;

/// <summary>What <see cref="GuidedRun.Decide"/> answers: the events to record and the state after them, or why not.</summary>
/// <param name="State">The state after <paramref name="Events"/>; the state asked about when refused.</param>
/// <param name="Events">What to append, in order; empty when refused or when there is nothing to change (a tick already set).</param>
/// <param name="Problems">Why the command is refused; empty when accepted.</param>
public sealed record RunDecision(ContactState State, IReadOnlyList<ContactEvent> Events, IReadOnlyList<Problem> Problems)
{
    public bool IsAccepted => Problems.Count == 0;
}

/// <summary>
/// The guided run of a contact through its pinned protocol version, as pure functions over events: decide what a
/// command records, replay what was recorded. Every rule is checked on replay as well, so a stored history that
/// breaks one is reported (<see cref="InvalidContactHistoryException"/>) rather than silently misread.
/// </summary>
/// <remarks>
/// Decisions made where the product left room:
/// <list type="bullet">
/// <item>The first response is the agent's first move on any step (completing, answering or skipping it, normally
/// the greeting on every channel) or <see cref="ContactCommand.RecordFirstResponse"/> for a reply given outside the
/// steps; closing fulfils it if it never happened, so no clock runs after a contact ends.</item>
/// <item>The resolution clock is fulfilled by closing with any outcome: it measures how long the contact took; the
/// outcome says whether it was resolved, and a follow-up carries its own due date.</item>
/// <item>Both clocks pause while waiting on the customer, including one already breached.</item>
/// <item>A question cannot be skipped: its answer decides the way on. Completing a step does not require its
/// checklist: the checklist guides, the close gate guards.</item>
/// <item>Going back works inside the flow the agent is in; at a plan's first step they leave the plan instead.
/// Going back does not undo an escalation or a clock event: those already reached people and reports.</item>
/// <item>Plans nest (the till fails while calming an upset customer); a plan already open cannot be entered again.</item>
/// <item>A command's time earlier than the last event (two servers' clocks) is recorded at the last event's time,
/// so history stays in order.</item>
/// </list>
/// </remarks>
public static class GuidedRun
{
    /// <summary>A contact not started yet, pinned to <paramref name="protocol"/>.</summary>
    public static ContactState New(Protocol protocol) => new(protocol);

    /// <summary>Replays recorded events in order.</summary>
    /// <exception cref="InvalidContactHistoryException">An event the contact could not have taken at that point.</exception>
    public static ContactState Replay(Protocol protocol, IEnumerable<ContactEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var state = new ContactState(protocol);
        var index = 0;
        foreach (var e in events)
        {
            ApplyInPlace(state, e, index++);
        }
        return state;
    }

    /// <summary>The state after one more recorded event; <paramref name="state"/> itself is unchanged.</summary>
    /// <exception cref="InvalidContactHistoryException">The event cannot follow this state.</exception>
    public static ContactState Apply(ContactState state, ContactEvent e)
    {
        ArgumentNullException.ThrowIfNull(state);
        var next = state.Clone();
        ApplyInPlace(next, e, state.Version);
        return next;
    }

    private static void ApplyInPlace(ContactState state, ContactEvent e, int index)
    {
        ArgumentNullException.ThrowIfNull(e);
        var problems = state.Check(e);
        if (problems.Count > 0) throw new InvalidContactHistoryException(problems[0], index, e);
        state.Mutate(e);
    }

    /// <summary>Checks a command against the contact and answers with the events it records, or the problems that refuse it.</summary>
    /// <param name="calendars">
    /// The calendars the contact's clocks count on, needed to place a term in days (business days of a legal calendar);
    /// null counts every target on an always-open calendar in UTC.
    /// </param>
    public static RunDecision Decide(ContactState state, ContactCommand command, ContactCalendars? calendars = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(command);

        var input = InputProblems(command).ToList();
        if (input.Count > 0) return new RunDecision(state, [], input);

        var draft = new Draft(state, command, calendars ?? ContactCalendars.Single(ContactClocks.AlwaysOpen));
        var problems = draft.Run();
        return problems.Count > 0 ? new RunDecision(state, [], problems) : new RunDecision(draft.State, draft.Events, []);
    }

    /// <summary>Lengths and lists that are policy at input time and never checked on replay (see <see cref="RunLimits"/>).</summary>
    private static IEnumerable<Problem> InputProblems(ContactCommand command)
    {
        switch (command)
        {
            case ContactCommand.Start s:
                if (Longer(s.Reason, RunLimits.MaxReasonLength)) yield return new Problem("reason", "Field.TooLong", RunLimits.MaxReasonLength);
                foreach (var p in OrganisationRules.CheckLanguage(s.CustomerLanguage, "customerLanguage")) yield return p;
                foreach (var p in ReceivedProblems(s)) yield return p;
                break;
            case ContactCommand.ExtendClock x:
                if (string.IsNullOrWhiteSpace(x.Reason)) yield return new Problem("reason", "Field.Required");
                else if (Longer(x.Reason, RunLimits.MaxReasonLength)) yield return new Problem("reason", "Field.TooLong", RunLimits.MaxReasonLength);
                break;
            case ContactCommand.SkipStep s when Longer(s.Reason, RunLimits.MaxReasonLength):
                yield return new Problem("reason", "Field.TooLong", RunLimits.MaxReasonLength);
                break;
            case ContactCommand.Escalate x:
                if (Longer(x.Target, RunLimits.MaxTargetLength)) yield return new Problem("target", "Field.TooLong", RunLimits.MaxTargetLength);
                if (Longer(x.Reason, RunLimits.MaxReasonLength)) yield return new Problem("reason", "Field.TooLong", RunLimits.MaxReasonLength);
                break;
            case ContactCommand.ReturnWithGuidance r when Longer(r.Guidance, RunLimits.MaxGuidanceLength):
                yield return new Problem("guidance", "Field.TooLong", RunLimits.MaxGuidanceLength);
                break;
            case ContactCommand.Close c when Longer(c.OverrideReason, RunLimits.MaxReasonLength):
                yield return new Problem("overrideReason", "Field.TooLong", RunLimits.MaxReasonLength);
                break;
            case ContactCommand.SaveNote n:
                if (n.Fields is null) { yield return new Problem("fields", RunCodes.NoteFieldNameRequired); break; }
                if (n.Fields.Count > RunLimits.MaxNoteFields) yield return new Problem("fields", RunCodes.NoteTooManyFields, RunLimits.MaxNoteFields);
                var fieldTooLong = false;
                foreach (var (name, value) in n.Fields)
                {
                    if (Longer(name, RunLimits.MaxNoteFieldNameLength)) { fieldTooLong = true; yield return new Problem("fields", "Field.TooLong", RunLimits.MaxNoteFieldNameLength); }
                    if (Longer(value, RunLimits.MaxNoteFieldLength)) { fieldTooLong = true; yield return new Problem($"fields[{name}]", "Field.TooLong", RunLimits.MaxNoteFieldLength); }
                }
                // Only when no single field says what is wrong: then it is the note as a whole.
                if (!fieldTooLong && n.Fields.Sum(f => (f.Key?.Trim().Length ?? 0) + (f.Value?.Trim().Length ?? 0)) > RunLimits.MaxNoteLength)
                    yield return new Problem("fields", "Field.TooLong", RunLimits.MaxNoteLength);
                break;
        }
    }

    private static bool Longer(string? text, int max) => RunLimits.IsTooLong(text, max);

    /// <summary>When a request may say it arrived: not after the start (a minute of skew allowed), not long before, and with a reason when late.</summary>
    private static IEnumerable<Problem> ReceivedProblems(ContactCommand.Start s)
    {
        if (Longer(s.ReceivedReason, RunLimits.MaxReceivedReasonLength))
            yield return new Problem("receivedReason", "Field.TooLong", RunLimits.MaxReceivedReasonLength);
        if (s.ReceivedAt is not { } received) yield break;
        if (received > s.At + RunLimits.ReceivedSkew) yield return new Problem("receivedAt", RunCodes.ReceivedAfterStart);
        else if (received < s.At.AddDays(-RunLimits.MaxReceivedDaysAgo))
            yield return new Problem("receivedAt", RunCodes.ReceivedTooLongAgo, RunLimits.MaxReceivedDaysAgo);
        else if (s.At - received > RunLimits.ReceivedReasonAfter && string.IsNullOrWhiteSpace(s.ReceivedReason))
            yield return new Problem("receivedReason", RunCodes.ReceivedReasonRequired, (int)RunLimits.ReceivedReasonAfter.TotalMinutes);
    }

    /// <summary>The arrival the contact records: only one before the start counts (a later one within the skew is the start itself).</summary>
    private static DateTimeOffset? ReceivedBefore(ContactCommand.Start s) => s.ReceivedAt is { } r && r < s.At ? r.ToUniversalTime() : null;

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>A copy of the state the command's events are tried on, in order, each checked as replay would check it.</summary>
    private sealed class Draft(ContactState original, ContactCommand command, ContactCalendars calendars)
    {
        // Two servers' clocks may disagree by a little; history must stay in order for the clocks to replay.
        private readonly DateTimeOffset at = original.LastEventAt is { } last && command.At < last ? last : command.At;
        private readonly Guid actor = command.ActorUserId;

        public ContactState State { get; } = original.Clone();

        public List<ContactEvent> Events { get; } = [];

        private RunProtocol Protocol => State.Run;

        public IReadOnlyList<Problem> Run() => command switch
        {
            ContactCommand.Start s => Then(
                Emit(new ContactEvent.Started(at, actor, s.Channel, s.Reason?.Trim() ?? "", s.CustomerLanguage?.Trim() ?? "",
                    s.SubChannel, ReceivedBefore(s), ReceivedBefore(s) is null ? null : Clean(s.ReceivedReason))),
                ActivateClocks),
            ContactCommand.CompleteStep c => CompleteStep(c),
            ContactCommand.ChooseAnswer c => ChooseAnswer(c),
            ContactCommand.SkipStep s => Then(Emit(new ContactEvent.StepSkipped(at, actor, s.StepKey, Clean(s.Reason))), FirstResponse),
            ContactCommand.TickChecklist t => Tick(t),
            ContactCommand.GoBack b => Emit(new ContactEvent.WentBack(at, actor, b.FromStepKey)),
            ContactCommand.EnterPlan p => Emit(new ContactEvent.PlanEntered(at, actor, p.PlanKey)),
            ContactCommand.LeavePlan p => Emit(new ContactEvent.PlanLeft(at, actor, p.PlanKey)),
            ContactCommand.SaveNote n => Emit(new ContactEvent.NoteSaved(at, actor, CleanNote(n.Fields))),
            ContactCommand.Escalate x => Escalate(x),
            ContactCommand.TakeOver => Emit(new ContactEvent.TakenOver(at, actor)),
            ContactCommand.ReturnWithGuidance r => Emit(new ContactEvent.ReturnedWithGuidance(at, actor, r.Guidance?.Trim() ?? "")),
            ContactCommand.WaitOnCustomer => Then(Emit(new ContactEvent.WaitingOnCustomer(at, actor)), () =>
            {
                foreach (var clock in Running()) Follow(new ContactEvent.ClockRecorded(at, actor, clock, ClockChange.Paused));
            }),
            ContactCommand.CustomerResponds => Then(Emit(new ContactEvent.CustomerResponded(at, actor)), () =>
            {
                foreach (var clock in Unfulfilled().Where(State.ClockPaused)) Follow(new ContactEvent.ClockRecorded(at, actor, clock, ClockChange.Resumed));
            }),
            ContactCommand.RecordFirstResponse => State.Preconditions(actor, handlerOnly: true) is { } p
                ? [p]
                : Emit(new ContactEvent.ClockRecorded(at, actor, ContactClock.FirstResponse, ClockChange.Fulfilled)),
            ContactCommand.RecordMilestone m => RecordMilestone(m),
            ContactCommand.RecordWarning w => RecordWarning(w),
            ContactCommand.ExtendClock x => ExtendClock(x),
            ContactCommand.RecordBreach b => Then(Emit(new ContactEvent.ClockRecorded(at, actor, b.Clock, ClockChange.Breached)), () =>
            {
                // "A target is missed" escalates by the protocol's rule for it, if it has one.
                var rule = Protocol.Protocol.EscalationRules.FirstOrDefault(r => r.Condition == EscalationCondition.TargetMissed && !string.IsNullOrWhiteSpace(r.Target));
                if (rule is not null) Follow(new ContactEvent.Escalated(at, actor, rule.Key, rule.Target, rule.Detail, Automatic: true));
            }),
            ContactCommand.Close c => Close(c),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown contact command."),
        };

        private IReadOnlyList<Problem> CompleteStep(ContactCommand.CompleteStep c)
        {
            var step = State.CurrentStep;
            return Then(Emit(new ContactEvent.StepCompleted(at, actor, c.StepKey)), () =>
            {
                FirstResponse();
                Fulfil(step?.Fulfils);
            });
        }

        private IReadOnlyList<Problem> ChooseAnswer(ContactCommand.ChooseAnswer c)
        {
            var step = State.CurrentStep;
            return Then(Emit(new ContactEvent.AnswerChosen(at, actor, c.StepKey, c.AnswerIndex)), () =>
            {
                FirstResponse();
                Fulfil(step?.Fulfils);
                // A rule with no target cannot pass the linter; were one here, there is nobody to escalate to.
                if (Protocol.Rule(step!.Answers[c.AnswerIndex].EscalationRuleKey) is { } rule && !string.IsNullOrWhiteSpace(rule.Target))
                    Follow(new ContactEvent.Escalated(at, actor, rule.Key, rule.Target, rule.Detail, Automatic: true));
            });
        }

        private IReadOnlyList<Problem> Tick(ContactCommand.TickChecklist t)
        {
            var e = new ContactEvent.ChecklistTicked(at, actor, t.StepKey, t.Index, t.Ticked);
            var problems = State.Check(e);
            if (problems.Count > 0) return problems;
            // Ticking what is already ticked changes nothing; recording it would only clutter the timeline.
            return State.Checklist(State.Current!.Value)[t.Index] == t.Ticked ? [] : Emit(e);
        }

        private IReadOnlyList<Problem> Escalate(ContactCommand.Escalate x)
        {
            if (Clean(x.RuleKey) is not { } ruleKey)
                return Emit(new ContactEvent.Escalated(at, actor, null, Clean(x.Target) ?? "", Clean(x.Reason) ?? "", Automatic: false));
            if (Protocol.Rule(ruleKey) is not { } rule) return [new Problem("ruleKey", RunCodes.RuleUnknown, ruleKey)];
            return Emit(new ContactEvent.Escalated(at, actor, rule.Key, rule.Target, Clean(x.Reason) ?? rule.Detail, Automatic: false));
        }

        private IReadOnlyList<Problem> Close(ContactCommand.Close c)
        {
            var open = State.OpenRequiredSteps;
            // An override reason only means something when there was something to override.
            var overrideReason = open.Count > 0 ? Clean(c.OverrideReason) : null;
            var closed = new ContactEvent.Closed(at, actor, c.Outcome, overrideReason,
                overrideReason is null ? [] : open.Select(s => s.Ref.ToString()).ToList(), c.FollowUpDue);
            var problems = State.Check(closed);
            if (problems.Count > 0) return problems;
            // Clocks stop before the contact closes: nothing may be recorded after the close.
            foreach (var clock in Unfulfilled()) Follow(new ContactEvent.ClockRecorded(at, actor, clock, ClockChange.Fulfilled));
            return Emit(closed);
        }

        /// <summary>One clock per target the protocol sets for the contact's channel and sub-channel, counting from the request's arrival.</summary>
        private void ActivateClocks()
        {
            var from = State.ReceivedAt ?? at;
            foreach (var target in ServiceTargets.For(Protocol.Protocol, State.Channel, State.SubChannel))
            {
                var (counted, kind) = DayTerms.Place(target, from, calendars.For(target.Calendar));
                // The site's hours are the default: a format-1 clock records exactly what it recorded before format 2.
                var calendar = target.Calendar == CalendarRefs.Site ? null : target.Calendar;
                Follow(new ContactEvent.ClockRecorded(at, actor, target.Clock, ClockChange.Activated, counted, kind,
                    calendar, target.Unit, State.ReceivedAt));
            }
        }

        private void FirstResponse()
        {
            if (State.HasClock(ContactClock.FirstResponse) && !State.ClockFulfilled(ContactClock.FirstResponse))
                Follow(new ContactEvent.ClockRecorded(at, actor, ContactClock.FirstResponse, ClockChange.Fulfilled));
        }

        /// <summary>A step that fulfils a clock (the acknowledgement sent, the answer given) stops it; resolution is the close's.</summary>
        private void Fulfil(ContactClock? clock)
        {
            if (clock is { } c && c != ContactClock.Resolution && State.HasClock(c) && !State.ClockFulfilled(c))
                Follow(new ContactEvent.ClockRecorded(at, actor, c, ClockChange.Fulfilled));
        }

        private ServiceTarget? TargetOf(ContactClock clock) =>
            ServiceTargets.For(Protocol.Protocol, State.Channel, State.SubChannel).FirstOrDefault(t => t.Clock == clock);

        private ServiceLevels.ServiceClockState? ClockNow(ContactClock clock) => ContactClocks.At(State, calendars, at)[clock];

        private IReadOnlyList<Problem> RecordMilestone(ContactCommand.RecordMilestone m)
        {
            if (State.Preconditions(actor, handlerOnly: true) is { } p) return [p];
            if (m.Clock == ContactClock.Resolution) return [new Problem("clock", RunCodes.ClockNotAMilestone, m.Clock)];
            return Emit(new ContactEvent.ClockRecorded(at, actor, m.Clock, ClockChange.Fulfilled));
        }

        private IReadOnlyList<Problem> RecordWarning(ContactCommand.RecordWarning w)
        {
            var e = new ContactEvent.ClockRecorded(at, actor, w.Clock, ClockChange.Warned, WarningIndex: w.WarningIndex);
            var problems = State.Check(e);
            if (problems.Count > 0) return problems;
            if (TargetOf(w.Clock) is not { } target || w.WarningIndex >= target.Warnings.Count)
                return [new Problem("warningIndex", RunCodes.WarningUnknown, w.WarningIndex)];
            if (ClockNow(w.Clock)?.Warnings.ElementAtOrDefault(w.WarningIndex)?.IsDue(at) != true)
                return [new Problem("warningIndex", RunCodes.WarningNotDue, w.WarningIndex)];
            return Then(Emit(e), () =>
            {
                // The warning's own rule, else the protocol's rule for a target at risk, as a breach escalates by its rule.
                var rules = Protocol.Protocol.EscalationRules;
                var rule = (Protocol.Rule(target.Warnings[w.WarningIndex].EscalationRuleKey) is { } own && !string.IsNullOrWhiteSpace(own.Target) ? own : null)
                    ?? rules.FirstOrDefault(r => r.Condition == EscalationCondition.TargetAtRisk && !string.IsNullOrWhiteSpace(r.Target));
                if (rule is not null) Follow(new ContactEvent.Escalated(at, actor, rule.Key, rule.Target, rule.Detail, Automatic: true));
            });
        }

        private IReadOnlyList<Problem> ExtendClock(ContactCommand.ExtendClock x)
        {
            if (State.Preconditions(actor, handlerOnly: true) is { } p) return [p];
            var reason = x.Reason.Trim();
            // A provisional extension of one tick: the same checks replay makes (activated, running, not extended, not breached).
            var problems = State.Check(new ContactEvent.ClockRecorded(at, actor, x.Clock, ClockChange.Extended, Extension: TimeSpan.FromTicks(1), Reason: reason));
            if (problems.Count > 0) return problems;
            if (TargetOf(x.Clock) is not { ExtendableBy: > 0 } target) return [new Problem("clock", RunCodes.ClockNotExtendable, x.Clock)];
            var clock = ClockNow(x.Clock)!;
            // An extension is given before the term expires (as the law asks); a term that ran out has its breach instead.
            if (clock.DueAt is { } ranOut && ranOut <= at) return [new Problem("clock", RunCodes.ClockRanOut, x.Clock)];
            var calendar = calendars.For(State.ClockCalendar(x.Clock));
            var due = clock.DueAt ?? (clock.Clock == ServiceClock.Business ? calendar.AddBusinessTime(at, clock.Remaining) : at + clock.Remaining);
            var by = DayTerms.Extension(target, due, calendar);
            if (by <= TimeSpan.Zero) return [new Problem("clock", RunCodes.ClockNotExtendable, x.Clock)];
            return Emit(new ContactEvent.ClockRecorded(at, actor, x.Clock, ClockChange.Extended, Extension: by, Reason: reason));
        }

        private IEnumerable<ContactClock> Unfulfilled() =>
            ContactClockStates.Each.Where(c => State.HasClock(c) && !State.ClockFulfilled(c)).ToList();

        private IEnumerable<ContactClock> Running() => Unfulfilled().Where(c => !State.ClockPaused(c)).ToList();

        private static Dictionary<string, string> CleanNote(IReadOnlyDictionary<string, string> fields)
        {
            var note = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, value) in fields) note[name?.Trim() ?? ""] = value?.Trim() ?? "";
            return note;
        }

        /// <summary>Records the event if the contact can take it; otherwise says why not and records nothing.</summary>
        private IReadOnlyList<Problem> Emit(ContactEvent e)
        {
            var problems = State.Check(e);
            if (problems.Count > 0) return problems;
            State.Mutate(e);
            Events.Add(e);
            return [];
        }

        /// <summary>Records a consequence of an accepted event; one that cannot follow is a bug in this class, not a refusal.</summary>
        private void Follow(ContactEvent e)
        {
            var problems = State.Check(e);
            if (problems.Count > 0) throw new InvalidOperationException($"The consequence {e.GetType().Name} was refused: {problems[0]}.");
            State.Mutate(e);
            Events.Add(e);
        }

        private static IReadOnlyList<Problem> Then(IReadOnlyList<Problem> problems, Action consequences)
        {
            if (problems.Count == 0) consequences();
            return problems;
        }
    }
}

/// <summary>A stored event the contact could not have taken at that point; <see cref="Code"/> is the rule it breaks.</summary>
public sealed class InvalidContactHistoryException(Problem problem, int index, ContactEvent e)
    : Exception($"Event {index} ({e.GetType().Name} at {e.At:O}) cannot be replayed: {problem}.")
{
    public Problem Problem { get; } = problem;

    public string Code => Problem.Code;

    /// <summary>The position of the offending event in the history.</summary>
    public int Index { get; } = index;
}
