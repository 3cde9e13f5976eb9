using Pauta.Core.Common;
using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using Pauta.Core.ServiceLevels;

namespace Pauta.Core.Contacts;

/// <summary>
/// A contact as its events replay against its pinned protocol version: where the agent is (in the main flow or
/// inside contingency plans, each remembering where it was entered from), the path walked, the checklist, notes,
/// escalations, who handles it, the clocks' events, whether it is closed, and the timeline.
/// </summary>
/// <remarks>
/// Built only by <see cref="GuidedRun"/>. A published instance never changes: deciding or applying works on a copy,
/// so a state can be shared between requests and compared with a replay of the same events.
/// </remarks>
public sealed class ContactState
{
    private readonly RunProtocol run;
    private readonly List<Frame> frames;
    private readonly List<PathEntry> path;
    private readonly Dictionary<StepRef, bool[]> checklists;
    private readonly List<Escalation> escalations;
    private readonly List<TimelineEntry> timeline;
    private readonly List<ContactEvent.ClockRecorded>[] clocks;

    internal ContactState(Protocol protocol)
    {
        run = new RunProtocol(protocol);
        frames = [];
        path = [];
        checklists = [];
        escalations = [];
        timeline = [];
        clocks = [[], [], [], []];
    }

    private ContactState(ContactState other)
    {
        run = other.run;
        frames = other.frames.Select(f => f.Clone()).ToList();
        path = [.. other.path];
        checklists = other.checklists.ToDictionary(c => c.Key, c => (bool[])c.Value.Clone());
        escalations = [.. other.escalations];
        timeline = [.. other.timeline];
        clocks = other.clocks.Select(c => c.ToList()).ToArray();
        Version = other.Version;
        LastEventAt = other.LastEventAt;
        IsStarted = other.IsStarted;
        StartedAt = other.StartedAt;
        Channel = other.Channel;
        SubChannel = other.SubChannel;
        ReceivedAt = other.ReceivedAt;
        ReceivedReason = other.ReceivedReason;
        Reason = other.Reason;
        CustomerLanguage = other.CustomerLanguage;
        AgentUserId = other.AgentUserId;
        HandlerUserId = other.HandlerUserId;
        AwaitingSupervisor = other.AwaitingSupervisor;
        LastGuidance = other.LastGuidance;
        IsWaitingOnCustomer = other.IsWaitingOnCustomer;
        Note = other.Note;
        IsClosed = other.IsClosed;
        ClosedAt = other.ClosedAt;
        Outcome = other.Outcome;
        OverrideReason = other.OverrideReason;
        OverriddenSteps = other.OverriddenSteps;
        FollowUpDue = other.FollowUpDue;
    }

    internal ContactState Clone() => new(this);

    /// <summary>The protocol version the contact is pinned to.</summary>
    public Protocol Protocol => run.Protocol;

    /// <summary>How many events have been applied: the contact's version for optimistic concurrency.</summary>
    public int Version { get; private set; }

    public DateTimeOffset? LastEventAt { get; private set; }

    public bool IsStarted { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    public Channels Channel { get; private set; }

    /// <summary>Which kind of electronic contact it is (chat, e-mail…), when said; targets for it win over the channel's.</summary>
    public SubChannels SubChannel { get; private set; }

    /// <summary>When the request arrived, when that was before the start (a letter received yesterday); the clocks count from it.</summary>
    public DateTimeOffset? ReceivedAt { get; private set; }

    /// <summary>Why the request was entered after it arrived (personal: redacted on erasure).</summary>
    public string? ReceivedReason { get; private set; }

    /// <summary>Why the customer came, in their words.</summary>
    public string Reason { get; private set; } = "";

    /// <summary>The language scripts are shown in when the protocol has them ("es", "en").</summary>
    public string CustomerLanguage { get; private set; } = "";

    /// <summary>Who started the contact; a return with guidance hands it back to them.</summary>
    public Guid AgentUserId { get; private set; }

    /// <summary>Who may move the contact on now: the agent, or whoever took it over.</summary>
    public Guid HandlerUserId { get; private set; }

    public bool IsTakenOver => IsStarted && HandlerUserId != AgentUserId;

    public IReadOnlyList<Escalation> Escalations => escalations;

    /// <summary>An escalation nobody has answered yet by taking the contact over or returning it with guidance.</summary>
    public bool AwaitingSupervisor { get; private set; }

    public string? LastGuidance { get; private set; }

    public bool IsWaitingOnCustomer { get; private set; }

    /// <summary>The last saved note, field by field.</summary>
    public IReadOnlyDictionary<string, string> Note { get; private set; } = new Dictionary<string, string>();

    public bool IsClosed { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public ContactOutcome? Outcome { get; private set; }

    /// <summary>Set when the contact was closed with required steps still open.</summary>
    public string? OverrideReason { get; private set; }

    public IReadOnlyList<string> OverriddenSteps { get; private set; } = [];

    public DateOnly? FollowUpDue { get; private set; }

    /// <summary>The step the agent is on, in the innermost open plan or the main flow; null once the main flow has finished.</summary>
    public StepRef? Current => IsStarted && Top.Current is { } i ? new StepRef(Top.PlanKey, Top.Steps[i].Key) : null;

    public Step? CurrentStep => IsStarted && Top.Current is { } i ? Top.Steps[i] : null;

    /// <summary>The contingency plans the agent is inside, outermost first; the last is the one they are working in.</summary>
    public IReadOnlyList<string> OpenPlans => frames.Skip(1).Select(f => f.PlanKey!).ToList();

    public string? CurrentPlanKey => IsStarted ? Top.PlanKey : null;

    /// <summary>The main flow reached its end and no plan is open: only closing (or going back) remains.</summary>
    public bool IsFlowFinished => IsStarted && frames.Count == 1 && frames[0].Current is null;

    /// <summary>The stage of the step the agent is on; once the flow has finished, the stage of its last step.</summary>
    public Stage Stage
    {
        get
        {
            if (!IsStarted) return run.Protocol.Steps.Count > 0 ? run.Protocol.Steps[0].Stage : Stage.Opening;
            if (Top.Current is { } i) return Top.Steps[i].Stage;
            var main = frames[0];
            return main.Path.Count > 0 ? main.Steps[main.Path[^1].Index].Stage : Stage.Solution;
        }
    }

    /// <summary>Every step passed that still stands, main flow and plans, in the order they were passed.</summary>
    public IReadOnlyList<PathEntry> Path => path;

    /// <summary>Whether the flow the agent is in has a step to go back to.</summary>
    public bool CanGoBack => IsStarted && !IsClosed && Top.Path.Count > 0;

    /// <summary>
    /// The steps still ahead, certainly: from the current step along the flow until it ends, loops, or reaches a
    /// question (included; where it leads depends on the answer), then the same from the step each open plan was
    /// entered from, innermost first. Steps after an unanswered question are not counted because no one knows yet
    /// which of them the contact will need.
    /// </summary>
    public IReadOnlyList<OpenStep> StepsAhead
    {
        get
        {
            var ahead = new List<OpenStep>();
            for (var f = frames.Count - 1; f >= 0; f--)
            {
                var frame = frames[f];
                var seen = new HashSet<int>();
                var next = frame.Current;
                while (next is { } i && seen.Add(i))
                {
                    var step = frame.Steps[i];
                    ahead.Add(new OpenStep(new StepRef(frame.PlanKey, step.Key), step));
                    if (step.Answers.Count > 0) break;
                    var edges = frame.Flow.EdgesFrom(i);
                    next = edges.Count == 0 ? null : edges[0].To;
                }
            }
            return ahead;
        }
    }

    /// <summary>The close gate: required steps among <see cref="StepsAhead"/>. Closing with any needs an override reason.</summary>
    public IReadOnlyList<OpenStep> OpenRequiredSteps => StepsAhead.Where(s => s.Step.Required).ToList();

    public IReadOnlyList<TimelineEntry> Timeline => timeline;

    /// <summary>Ticks of a step's checklist, one per item; all false for a step never ticked.</summary>
    public IReadOnlyList<bool> Checklist(StepRef step) =>
        checklists.TryGetValue(step, out var ticks) ? Array.AsReadOnly(ticks) : new bool[FindStep(step)?.Checklist.Count ?? 0];

    /// <summary>How a step was last resolved on the standing path, or null when it is not on it.</summary>
    public PathEntry? LastResolution(StepRef step) => path.LastOrDefault(p => p.Step == step);

    /// <summary>The protocol's step a reference names, or null.</summary>
    public Step? FindStep(StepRef step) => run.StepsOf(step.PlanKey)?.FirstOrDefault(s => s.Key == step.StepKey);

    /// <summary>The clock's events as recorded, for <see cref="ServiceClockState.Replay"/>; empty without a service level.</summary>
    public IReadOnlyList<ClockEvent> ClockEvents(ContactClock clock) =>
        IsKnown(clock) ? clocks[(int)clock].Select(c => c.ToClockEvent()).ToList() : [];

    public bool HasClock(ContactClock clock) => IsKnown(clock) && clocks[(int)clock].Count > 0;

    /// <summary>The calendar reference the clock's activation recorded (see <see cref="CalendarRefs"/>); null counts on the site's hours.</summary>
    public string? ClockCalendar(ContactClock clock) =>
        IsKnown(clock) ? clocks[(int)clock].FirstOrDefault(c => c.Change == ClockChange.Activated)?.Calendar : null;

    /// <summary>Whether the clock's term was extended (it may be, once).</summary>
    public bool ClockExtended(ContactClock clock) => IsKnown(clock) && clocks[(int)clock].Any(c => c.Change == ClockChange.Extended);

    internal bool ClockWarned(ContactClock clock, int index) =>
        clocks[(int)clock].Any(c => c.Change == ClockChange.Warned && c.WarningIndex == index);

    internal bool ClockFulfilled(ContactClock clock) => clocks[(int)clock].Any(c => c.Change == ClockChange.Fulfilled);

    internal bool ClockPaused(ContactClock clock) =>
        clocks[(int)clock].LastOrDefault(c => c.Change is ClockChange.Paused or ClockChange.Resumed)?.Change == ClockChange.Paused;

    internal bool ClockBreached(ContactClock clock) => clocks[(int)clock].Any(c => c.Change == ClockChange.Breached);

    private static bool IsKnown(ContactClock clock) =>
        clock is ContactClock.FirstResponse or ContactClock.Resolution or ContactClock.Acknowledgement or ContactClock.Answer;

    internal RunProtocol Run => run;

    private Frame Top => frames[^1];

    // ---- Checking: what may happen next. Shared by Decide and Replay, so recorded history is held to the same rules. ----

    /// <summary>Why the contact cannot take the event now; empty when it can.</summary>
    internal IReadOnlyList<Problem> Check(ContactEvent e)
    {
        if (LastEventAt is { } last && e.At < last) return [new Problem("", RunCodes.OutOfOrder, e.At, last)];
        if (e is ContactEvent.Started started) return CheckStarted(started);
        if (Preconditions(e.ActorUserId, handlerOnly: IsHandlerOnly(e)) is { } basic) return [basic];

        Problem? problem = e switch
        {
            ContactEvent.StepCompleted c => NotCurrent(c.StepKey)
                ?? (CurrentStep!.Answers.Count > 0 ? new Problem("stepKey", RunCodes.AnswerRequired, c.StepKey) : null),
            ContactEvent.AnswerChosen a => NotCurrent(a.StepKey)
                ?? (CurrentStep!.Answers.Count == 0 ? new Problem("stepKey", RunCodes.NotAQuestion, a.StepKey) : null)
                ?? (a.AnswerIndex < 0 || a.AnswerIndex >= CurrentStep.Answers.Count
                    ? new Problem("answerIndex", RunCodes.AnswerUnknown, a.AnswerIndex) : null),
            ContactEvent.StepSkipped s => NotCurrent(s.StepKey)
                ?? (CurrentStep!.Answers.Count > 0 ? new Problem("stepKey", RunCodes.QuestionCannotBeSkipped, s.StepKey) : null)
                ?? (CurrentStep.Required && string.IsNullOrWhiteSpace(s.Reason) ? new Problem("reason", RunCodes.ReasonRequired) : null),
            ContactEvent.ChecklistTicked t => NotCurrent(t.StepKey)
                ?? (t.Index < 0 || t.Index >= CurrentStep!.Checklist.Count ? new Problem("index", RunCodes.ChecklistItemUnknown, t.Index) : null),
            ContactEvent.WentBack b => CheckWentBack(b),
            ContactEvent.PlanEntered p => CheckPlanEntered(p),
            ContactEvent.PlanLeft p => Top.PlanKey == p.PlanKey ? null : new Problem("planKey", RunCodes.NotInPlan, p.PlanKey),
            ContactEvent.NoteSaved n => n.Fields.Keys.Any(string.IsNullOrWhiteSpace) ? new Problem("fields", RunCodes.NoteFieldNameRequired) : null,
            ContactEvent.Escalated x => CheckEscalated(x),
            ContactEvent.TakenOver t => t.ActorUserId == ContactActors.System ? new Problem("", RunCodes.SystemCannotTakeOver)
                : t.ActorUserId == HandlerUserId ? new Problem("", RunCodes.AlreadyHandling) : null,
            ContactEvent.ReturnedWithGuidance r => string.IsNullOrWhiteSpace(r.Guidance) ? new Problem("guidance", RunCodes.GuidanceRequired)
                : (IsTakenOver && r.ActorUserId == HandlerUserId)
                  || (AwaitingSupervisor && r.ActorUserId != HandlerUserId && r.ActorUserId != ContactActors.System) ? null
                : new Problem("", RunCodes.NothingToReturn),
            ContactEvent.WaitingOnCustomer => IsWaitingOnCustomer ? new Problem("", RunCodes.AlreadyWaiting) : null,
            ContactEvent.CustomerResponded => IsWaitingOnCustomer ? null : new Problem("", RunCodes.NotWaiting),
            ContactEvent.ClockRecorded c => CheckClock(c),
            ContactEvent.Closed => null,
            _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "Unknown contact event."),
        };
        if (problem is not null) return [problem];
        return e is ContactEvent.Closed closed ? CheckClosed(closed) : [];
    }

    /// <summary>Started, not closed, and (for what only the handler may do) acted on by the handler.</summary>
    internal Problem? Preconditions(Guid actor, bool handlerOnly)
    {
        if (!IsStarted) return new Problem("", RunCodes.NotStarted);
        if (IsClosed) return new Problem("", RunCodes.Closed);
        if (handlerOnly && actor != HandlerUserId) return new Problem("", RunCodes.NotHandler);
        return null;
    }

    // Escalations check their actor themselves; take-overs and returns are by someone other than the handler;
    // clock events are consequences of accepted commands or recorded by the server.
    private static bool IsHandlerOnly(ContactEvent e) =>
        e is not (ContactEvent.Escalated or ContactEvent.TakenOver or ContactEvent.ReturnedWithGuidance or ContactEvent.ClockRecorded);

    private IReadOnlyList<Problem> CheckStarted(ContactEvent.Started e)
    {
        if (IsStarted) return [new Problem("", RunCodes.AlreadyStarted)];
        if (run.Protocol.Steps.Count == 0) return [new Problem("", RunCodes.ProtocolEmpty)];
        var problems = new List<Problem>();
        if (!ChannelList.Each.Contains(e.Channel)) problems.Add(new Problem("channel", RunCodes.ChannelUnknown, e.Channel));
        else if ((run.Protocol.Channels & e.Channel) != e.Channel) problems.Add(new Problem("channel", RunCodes.ChannelNotCovered, e.Channel));
        if (string.IsNullOrWhiteSpace(e.Reason)) problems.Add(new Problem("reason", "Field.Required"));
        if (string.IsNullOrWhiteSpace(e.CustomerLanguage)) problems.Add(new Problem("customerLanguage", "Field.Required"));
        if (e.ReceivedAt is { } received && received > e.At) problems.Add(new Problem("receivedAt", RunCodes.ReceivedAfterStart));
        if (e.SubChannel != SubChannels.None && (e.Channel != Channels.Electronic || !SubChannelList.Each.Contains(e.SubChannel)))
            problems.Add(new Problem("subChannel", RunCodes.SubChannelUnknown, e.SubChannel));
        return problems;
    }

    private Problem? NotCurrent(string stepKey)
    {
        if (Top.Current is not { } i) return new Problem("stepKey", RunCodes.FlowFinished, stepKey);
        var current = Top.Steps[i].Key;
        return current == stepKey ? null : new Problem("stepKey", RunCodes.StepNotCurrent, stepKey, current);
    }

    private Problem? CheckWentBack(ContactEvent.WentBack e)
    {
        var current = Top.Current is { } i ? Top.Steps[i].Key : null;
        if (e.FromStepKey != current) return new Problem("stepKey", RunCodes.StepNotCurrent, e.FromStepKey ?? "", current ?? "");
        return Top.Path.Count == 0 ? new Problem("stepKey", RunCodes.NothingToGoBackTo) : null;
    }

    private Problem? CheckPlanEntered(ContactEvent.PlanEntered e)
    {
        if (run.Plan(e.PlanKey) is not { } plan) return new Problem("planKey", RunCodes.PlanUnknown, e.PlanKey);
        if (plan.Plan.Steps.Count == 0) return new Problem("planKey", RunCodes.PlanEmpty, e.PlanKey);
        // One plan can hold another (an upset customer while the till is down), but not itself: leaving it would be ambiguous.
        return frames.Any(f => f.PlanKey == e.PlanKey) ? new Problem("planKey", RunCodes.PlanAlreadyOpen, e.PlanKey) : null;
    }

    private Problem? CheckEscalated(ContactEvent.Escalated e)
    {
        if (!e.Automatic && e.ActorUserId != HandlerUserId && e.ActorUserId != ContactActors.System)
            return new Problem("", RunCodes.NotHandler);
        if (e.RuleKey is not null && run.Rule(e.RuleKey) is null) return new Problem("ruleKey", RunCodes.RuleUnknown, e.RuleKey);
        if (string.IsNullOrWhiteSpace(e.Target)) return new Problem("target", RunCodes.TargetRequired);
        if (e.RuleKey is null && string.IsNullOrWhiteSpace(e.Reason)) return new Problem("reason", RunCodes.ReasonRequired);
        return null;
    }

    private Problem? CheckClock(ContactEvent.ClockRecorded e)
    {
        if (!IsKnown(e.Clock)) return new Problem("clock", RunCodes.ClockUnknown, e.Clock);
        var activated = clocks[(int)e.Clock].Count > 0;
        if (e.Change == ClockChange.Activated)
            return activated ? new Problem("clock", RunCodes.ClockAlreadyActivated, e.Clock)
                : e.Target < TimeSpan.Zero ? new Problem("clock", RunCodes.ClockTargetNegative, e.Clock)
                : e.CountFrom > e.At ? new Problem("receivedAt", RunCodes.ReceivedAfterStart) : null;
        if (!activated) return new Problem("clock", RunCodes.ClockNotActivated, e.Clock);
        if (ClockFulfilled(e.Clock)) return new Problem("clock", RunCodes.ClockStopped, e.Clock);
        return e.Change switch
        {
            ClockChange.Paused => ClockPaused(e.Clock) ? new Problem("clock", RunCodes.ClockAlreadyPaused, e.Clock) : null,
            ClockChange.Resumed => ClockPaused(e.Clock) ? null : new Problem("clock", RunCodes.ClockNotPaused, e.Clock),
            ClockChange.Breached => ClockBreached(e.Clock) ? new Problem("clock", RunCodes.ClockAlreadyBreached, e.Clock) : null,
            ClockChange.Fulfilled => null,
            ClockChange.Warned => ClockBreached(e.Clock) ? new Problem("clock", RunCodes.ClockAlreadyBreached, e.Clock)
                : e.WarningIndex < 0 ? new Problem("warningIndex", RunCodes.WarningUnknown, e.WarningIndex)
                : ClockWarned(e.Clock, e.WarningIndex) ? new Problem("warningIndex", RunCodes.WarningAlreadyRecorded, e.WarningIndex) : null,
            ClockChange.Extended => ClockExtended(e.Clock) ? new Problem("clock", RunCodes.ClockAlreadyExtended, e.Clock)
                : ClockBreached(e.Clock) ? new Problem("clock", RunCodes.ClockAlreadyBreached, e.Clock)
                : e.Extension <= TimeSpan.Zero ? new Problem("clock", RunCodes.ClockNotExtendable, e.Clock)
                : string.IsNullOrWhiteSpace(e.Reason) ? new Problem("reason", RunCodes.ReasonRequired) : null,
            _ => new Problem("clock", RunCodes.ClockUnknown, e.Clock),
        };
    }

    private List<Problem> CheckClosed(ContactEvent.Closed e)
    {
        var problems = new List<Problem>();
        if (!Enum.IsDefined(e.Outcome)) return [new Problem("outcome", RunCodes.OutcomeUnknown, e.Outcome)];
        if (e.Outcome == ContactOutcome.NeedsFollowUp && e.FollowUpDue is null) problems.Add(new Problem("followUpDue", RunCodes.FollowUpDueRequired));
        if (e.Outcome != ContactOutcome.NeedsFollowUp && e.FollowUpDue is not null) problems.Add(new Problem("followUpDue", RunCodes.FollowUpDueNotExpected));
        if (e.Outcome == ContactOutcome.Escalated && escalations.Count == 0) problems.Add(new Problem("outcome", RunCodes.NotEscalated));

        var open = OpenRequiredSteps;
        if (open.Count > 0 && string.IsNullOrWhiteSpace(e.OverrideReason))
        {
            problems.Add(new Problem("overrideReason", RunCodes.RequiredStepsOpen,
                string.Join(", ", open.Select(s => TitleOf(s.Step))), string.Join(", ", open.Select(s => s.Ref.ToString()))));
        }
        else if (e.OverrideReason is not null && !open.Select(s => s.Ref.ToString()).SequenceEqual(e.OverriddenSteps))
        {
            // Only a tampered or mis-merged history gets here: Decide records exactly the steps it overrode.
            problems.Add(new Problem("overrideReason", RunCodes.OverrideMismatch, string.Join(", ", e.OverriddenSteps)));
        }
        return problems;
    }

    // ---- Applying: the event is known to be valid. ----

    internal void Mutate(ContactEvent e)
    {
        switch (e)
        {
            case ContactEvent.Started s:
                IsStarted = true;
                StartedAt = s.At;
                Channel = s.Channel;
                SubChannel = s.SubChannel;
                ReceivedAt = s.ReceivedAt;
                ReceivedReason = s.ReceivedReason;
                Reason = s.Reason;
                CustomerLanguage = s.CustomerLanguage;
                AgentUserId = HandlerUserId = s.ActorUserId;
                frames.Add(new Frame(null, run.Protocol.Steps, run.MainFlow) { Current = 0 });
                Log(e, TimelineKind.Started, subject: s.Channel.ToString(), detail: s.Reason);
                break;
            case ContactEvent.StepCompleted:
                Resolve(e, StepResolution.Completed, null, null);
                break;
            case ContactEvent.AnswerChosen a:
                Resolve(e, StepResolution.Answered, a.AnswerIndex, null);
                break;
            case ContactEvent.StepSkipped s:
                Resolve(e, StepResolution.Skipped, null, string.IsNullOrWhiteSpace(s.Reason) ? null : s.Reason);
                break;
            case ContactEvent.ChecklistTicked t:
            {
                var step = CurrentStep!;
                var at = Current!.Value;
                if (!checklists.TryGetValue(at, out var ticks)) checklists[at] = ticks = new bool[step.Checklist.Count];
                ticks[t.Index] = t.Ticked;
                Log(e, t.Ticked ? TimelineKind.ChecklistTicked : TimelineKind.ChecklistUnticked, at, TitleOf(step), step.Checklist[t.Index]);
                break;
            }
            case ContactEvent.WentBack:
            {
                var frame = Top;
                var (index, entry) = frame.Path[^1];
                frame.Path.RemoveAt(frame.Path.Count - 1);
                path.RemoveAt(path.FindLastIndex(p => ReferenceEquals(p, entry)));
                frame.Current = index;
                Log(e, TimelineKind.WentBack, entry.Step, TitleOf(frame.Steps[index]));
                break;
            }
            case ContactEvent.PlanEntered p:
            {
                var (plan, flow) = run.Plan(p.PlanKey)!.Value;
                frames.Add(new Frame(plan.Key, plan.Steps, flow) { Current = 0 });
                Log(e, TimelineKind.PlanEntered, Current, NameOf(plan));
                break;
            }
            case ContactEvent.PlanLeft p:
                frames.RemoveAt(frames.Count - 1);
                Log(e, TimelineKind.PlanLeft, Current, NameOf(run.Plan(p.PlanKey)!.Value.Plan));
                break;
            case ContactEvent.NoteSaved n:
                Note = new Dictionary<string, string>(n.Fields);
                Log(e, TimelineKind.NoteSaved, detail: string.Join(", ", n.Fields.Where(f => !string.IsNullOrWhiteSpace(f.Value)).Select(f => f.Key)));
                break;
            case ContactEvent.Escalated x:
                escalations.Add(new Escalation(x.At, x.ActorUserId, x.RuleKey, x.Target, x.Reason, x.Automatic));
                AwaitingSupervisor = true;
                Log(e, x.Automatic ? TimelineKind.EscalatedAutomatically : TimelineKind.Escalated, Current, x.Target, x.Reason);
                break;
            case ContactEvent.TakenOver t:
                HandlerUserId = t.ActorUserId;
                AwaitingSupervisor = false;
                Log(e, TimelineKind.TakenOver, Current);
                break;
            case ContactEvent.ReturnedWithGuidance r:
                HandlerUserId = AgentUserId;
                AwaitingSupervisor = false;
                LastGuidance = r.Guidance;
                Log(e, TimelineKind.ReturnedWithGuidance, Current, detail: r.Guidance);
                break;
            case ContactEvent.WaitingOnCustomer:
                IsWaitingOnCustomer = true;
                Log(e, TimelineKind.WaitingOnCustomer, Current);
                break;
            case ContactEvent.CustomerResponded:
                IsWaitingOnCustomer = false;
                Log(e, TimelineKind.CustomerResponded, Current);
                break;
            case ContactEvent.ClockRecorded c:
                clocks[(int)c.Clock].Add(c);
                var kind = c.Change switch
                {
                    ClockChange.Activated => TimelineKind.ClockActivated,
                    ClockChange.Paused => TimelineKind.ClockPaused,
                    ClockChange.Resumed => TimelineKind.ClockResumed,
                    ClockChange.Fulfilled => TimelineKind.ClockFulfilled,
                    ClockChange.Breached => TimelineKind.ClockBreached,
                    ClockChange.Warned => TimelineKind.ClockWarned,
                    ClockChange.Extended => TimelineKind.ClockExtended,
                };
                timeline.Add(new TimelineEntry(c.At, c.ActorUserId, kind, Detail: c.Change == ClockChange.Extended ? c.Reason : null, Clock: c.Clock));
                break;
            case ContactEvent.Closed c:
                IsClosed = true;
                ClosedAt = c.At;
                Outcome = c.Outcome;
                OverrideReason = c.OverrideReason;
                OverriddenSteps = [.. c.OverriddenSteps];
                FollowUpDue = c.FollowUpDue;
                timeline.Add(new TimelineEntry(c.At, c.ActorUserId, TimelineKind.Closed, Current,
                    c.FollowUpDue?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), c.OverrideReason, Outcome: c.Outcome));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "Unknown contact event.");
        }
        Version++;
        LastEventAt = e.At;
    }

    /// <summary>Records how the current step was left and moves along its flow; a plan whose flow ends returns to where it was entered.</summary>
    private void Resolve(ContactEvent e, StepResolution resolution, int? answerIndex, string? skipReason)
    {
        var frame = Top;
        var index = frame.Current!.Value;
        var step = frame.Steps[index];
        var at = new StepRef(frame.PlanKey, step.Key);
        var entry = new PathEntry(at, resolution, e.At, e.ActorUserId, answerIndex, skipReason);
        frame.Path.Add((index, entry));
        path.Add(entry);

        var edges = frame.Flow.EdgesFrom(index);
        var edge = answerIndex is { } a ? edges.First(x => x.AnswerIndex == a) : edges.FirstOrDefault();
        switch (resolution)
        {
            case StepResolution.Completed: Log(e, TimelineKind.StepCompleted, at, TitleOf(step)); break;
            case StepResolution.Answered: Log(e, TimelineKind.AnswerChosen, at, TitleOf(step), step.Answers[answerIndex!.Value].Label); break;
            case StepResolution.Skipped: Log(e, TimelineKind.StepSkipped, at, TitleOf(step), skipReason); break;
        }

        // A dangling key cannot pass the linter; were one here, the flow ends rather than the contact breaking.
        frame.Current = edge?.To;
        if (frame.Current is not null) return;
        if (frame.PlanKey is { } planKey)
        {
            frames.RemoveAt(frames.Count - 1);
            Log(e, TimelineKind.PlanFinished, Current, NameOf(run.Plan(planKey)!.Value.Plan));
        }
        else
        {
            Log(e, TimelineKind.FlowFinished);
        }
    }

    private void Log(ContactEvent e, TimelineKind kind, StepRef? step = null, string? subject = null, string? detail = null) =>
        timeline.Add(new TimelineEntry(e.At, e.ActorUserId, kind, step, subject, detail));

    internal static string TitleOf(Step step) => string.IsNullOrWhiteSpace(step.Title) ? step.Key : step.Title;

    private static string NameOf(ContingencyPlan plan) => string.IsNullOrWhiteSpace(plan.Name) ? plan.Key : plan.Name;

    /// <summary>One flow being walked: the main flow at the bottom, each open plan above the step it was entered from.</summary>
    private sealed class Frame(string? planKey, IReadOnlyList<Step> steps, ProtocolFlow flow)
    {
        public string? PlanKey { get; } = planKey;
        public IReadOnlyList<Step> Steps { get; } = steps;
        public ProtocolFlow Flow { get; } = flow;
        public int? Current { get; set; }

        /// <summary>The steps passed in this flow, with their positions (a draft may repeat a key, a position is exact).</summary>
        public List<(int Index, PathEntry Entry)> Path { get; private init; } = [];

        public Frame Clone() => new(PlanKey, Steps, Flow) { Current = Current, Path = [.. Path] };
    }
}

/// <summary>The pinned protocol with its flows worked out once; shared by every copy of a contact's state.</summary>
internal sealed class RunProtocol
{
    private readonly Dictionary<string, (ContingencyPlan Plan, ProtocolFlow Flow)> plans = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EscalationRule> rules = new(StringComparer.Ordinal);

    public RunProtocol(Protocol protocol)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        Protocol = protocol;
        MainFlow = ProtocolFlow.Of(protocol.Steps);
        // Duplicate keys cannot pass the linter; in a draft the first one wins, as in ProtocolFlow.
        foreach (var plan in protocol.ContingencyPlans)
            if (plan.Key is not null) plans.TryAdd(plan.Key, (plan, ProtocolFlow.Of(plan.Steps)));
        foreach (var rule in protocol.EscalationRules)
            if (rule.Key is not null) rules.TryAdd(rule.Key, rule);
    }

    public Protocol Protocol { get; }

    public ProtocolFlow MainFlow { get; }

    public (ContingencyPlan Plan, ProtocolFlow Flow)? Plan(string? key) =>
        key is not null && plans.TryGetValue(key, out var plan) ? plan : null;

    public EscalationRule? Rule(string? key) => key is not null && rules.TryGetValue(key, out var rule) ? rule : null;

    public IReadOnlyList<Step>? StepsOf(string? planKey) => planKey is null ? Protocol.Steps : Plan(planKey)?.Plan.Steps;
}
