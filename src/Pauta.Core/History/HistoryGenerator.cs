using System.Globalization;
using System.Security.Cryptography;
using Pauta.Core.Contacts;
using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using Pauta.Core.ServiceLevels;

namespace Pauta.Core.History;

/// <summary>
/// Realistic past contacts for demos and benchmarks (`pauta demo generate`, the demo organisation's first run): every
/// contact is run through <see cref="GuidedRun.Decide"/> the way people would have run it in the app (answers choosing
/// branches, checklists, skips with reasons, contingency plans, escalations and take-overs, waiting on the customer,
/// breaches recorded when the clocks ran out, closes with overrides), so each history is one the app could have stored.
/// </summary>
/// <remarks>
/// Deterministic: contact <c>i</c> depends only on the options and <c>i</c> (its own random stream is seeded from
/// <see cref="HistoryOptions.Seed"/> and <c>i</c>), so contacts can be made in parallel and in any order. No I/O.
/// </remarks>
public sealed class HistoryGenerator
{
    private readonly HistoryOptions options;
    private readonly OpenPeriod[] periods;
    private readonly double[] periodEnds;
    private readonly double[] protocolWeights;
    private readonly HistoryPerson[] agents;
    private readonly HistoryPerson[] supervisors;
    private readonly GeneratedCustomer[] customers;

    public HistoryGenerator(HistoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Contacts < 0) throw new ArgumentOutOfRangeException(nameof(options), "The number of contacts cannot be negative.");
        if (options.To <= options.From) throw new ArgumentException("The history must end after it starts.", nameof(options));
        this.options = options;
        agents = options.People.Where(p => p.Role == Role.Agent).ToArray();
        if (agents.Length == 0) agents = options.People.Where(p => p.Role is Role.Supervisor or Role.Manager).ToArray();
        if (agents.Length == 0) throw new ArgumentException("A history needs at least one agent.", nameof(options));
        supervisors = options.People.Where(p => p.Role is Role.Supervisor or Role.Manager).ToArray();
        if (supervisors.Length == 0) supervisors = options.People.Where(p => p.Role is Role.Owner or Role.Admin).ToArray();

        var usable = options.Protocols.Where(p => p.Versions.Count > 0 && p.Versions.Any(v => v.Protocol.Steps.Count > 0 && ChannelsOf(v.Protocol).Length > 0)).ToList();
        if (usable.Count == 0) throw new ArgumentException("A history needs at least one published protocol with steps and a channel.", nameof(options));
        Protocols = usable;
        protocolWeights = Cumulative(usable.Select(p => Math.Max(p.Weight, 0.0001)));

        // Contacts start uniformly over the open time between From and To.
        var list = new List<OpenPeriod>();
        var calendar = options.Calendar;
        for (var date = calendar.LocalDate(options.From).AddDays(-1); date <= calendar.LocalDate(options.To); date = date.AddDays(1))
        {
            foreach (var p in calendar.OpenPeriodsOn(date))
            {
                var start = p.Start < options.From ? options.From : p.Start;
                var end = p.End > options.To ? options.To : p.End;
                if (end > start) list.Add(new OpenPeriod(start, end));
            }
        }
        if (list.Count == 0) throw new ArgumentException("The organisation is never open between the history's start and end.", nameof(options));
        periods = list.OrderBy(p => p.Start).ToArray();
        periodEnds = Cumulative(periods.Select(p => p.Length.TotalSeconds));

        customers = Enumerable.Range(0, Math.Max(options.Customers, 0)).Select(MakeCustomer).ToArray();
    }

    public IReadOnlyList<HistoryProtocol> Protocols { get; }

    /// <summary>The customers contacts come from, each made once.</summary>
    public IReadOnlyList<GeneratedCustomer> Customers => customers;

    /// <summary>Every contact, in index order.</summary>
    public IEnumerable<GeneratedContact> All()
    {
        for (var i = 0; i < options.Contacts; i++) yield return Contact(i);
    }

    /// <summary>Contact number <paramref name="index"/>: the same for the same options, whatever else was generated.</summary>
    public GeneratedContact Contact(int index)
    {
        var rng = new SeededRandom(options.Seed, index, 0x5eed);
        // A contact that would still be running at the end of the history starts again elsewhere (the last resort
        // starts in the first half of the range, where every contact has time to finish).
        for (var attempt = 0; ; attempt++)
        {
            var contact = new Run(this, rng, index, attempt >= 20).Generate();
            if (contact is not null) return contact;
            if (attempt > 40) throw new InvalidOperationException($"Contact {index} cannot fit before the end of the history.");
        }
    }

    // ---------------------------------------------------------------- choosing

    private static Channels[] ChannelsOf(Protocol protocol) =>
        ChannelList.Each.Where(c => (protocol.Channels & c) == c).ToArray();

    private static double[] Cumulative(IEnumerable<double> weights)
    {
        var sum = 0.0;
        return weights.Select(w => sum += w).ToArray();
    }

    private static int Pick(double[] cumulative, Random rng)
    {
        var r = rng.NextDouble() * cumulative[^1];
        var i = Array.BinarySearch(cumulative, r);
        i = i < 0 ? ~i : i + 1;
        return Math.Min(i, cumulative.Length - 1);
    }

    private static T Pick<T>(IReadOnlyList<T> items, Random rng) => items[rng.Next(items.Count)];

    private DateTimeOffset StartInstant(Random rng, bool early)
    {
        var total = periodEnds[^1] * (early ? 0.5 : 1);
        var r = rng.NextDouble() * total;
        var i = Array.BinarySearch(periodEnds, r);
        i = i < 0 ? ~i : i;
        i = Math.Min(i, periods.Length - 1);
        var before = i == 0 ? 0 : periodEnds[i - 1];
        var at = periods[i].Start + TimeSpan.FromSeconds(Math.Max(0, r - before));
        return Whole(at < periods[i].End ? at : periods[i].Start);
    }

    /// <summary>Instants with whole milliseconds: what a browser-driven app records, and exact in both databases.</summary>
    private static DateTimeOffset Whole(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);

    /// <summary>A version-7 GUID at <paramref name="at"/> with its random part from <paramref name="rng"/>: ordered by time, reproducible.</summary>
    internal static Guid NewId(DateTimeOffset at, Random rng)
    {
        Span<byte> b = stackalloc byte[16];
        rng.NextBytes(b);
        var ms = at.ToUnixTimeMilliseconds();
        for (var k = 0; k < 6; k++) b[k] = (byte)(ms >> (8 * (5 - k)));
        b[6] = (byte)(0x70 | (b[6] & 0x0F));
        b[8] = (byte)(0x80 | (b[8] & 0x3F));
        return new Guid(b, bigEndian: true);
    }

    /// <summary>A number in [0, 1) fixed by a text (a step's key): how prone a step is to being skipped, how well a branch goes.</summary>
    private static double Propensity(string text, int salt)
    {
        var h = (uint)salt * 2654435761u;
        foreach (var c in text) h = (h ^ c) * 16777619u;
        return (h % 10_000) / 10_000.0;
    }

    private GeneratedCustomer MakeCustomer(int k)
    {
        var rng = new SeededRandom(options.Seed, k, 0xc057);
        var first = Pick(Texts.FirstNames, rng);
        var last = $"{Pick(Texts.Surnames, rng)} {Pick(Texts.Surnames, rng)}";
        var name = $"{first} {last}";
        var created = Whole(options.From - TimeSpan.FromDays(30 + rng.Next(700)));
        var slug = Slug(first) + "." + Slug(last.Split(' ')[0]) + k.ToString(CultureInfo.InvariantCulture);
        return new GeneratedCustomer(NewId(created, rng), name,
            rng.NextDouble() < 0.7 ? $"{slug}@example.com" : null,
            rng.NextDouble() < 0.6 ? $"+34 6{rng.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture)}" : null,
            rng.NextDouble() < options.OtherLanguageRate ? Other(options.Language) : null,
            created);
    }

    private static string Other(string language) => language == "es" ? "en" : "es";

    private static string Slug(string s) => new(Pauta.Core.Customers.CustomerNames.Key(s).Where(char.IsAsciiLetterOrDigit).ToArray());

    // ---------------------------------------------------------------- one contact

    /// <summary>One attempt at one contact: the people involved act in turn until it is closed.</summary>
    private sealed class Run(HistoryGenerator g, Random rng, int index, bool early)
    {
        private readonly HistoryOptions o = g.options;
        private readonly List<GeneratedAction> actions = [];
        private ContactState state = null!;
        private DateTimeOffset now;
        private DateTimeOffset? nextBreach;
        private HistoryPerson agent = null!;
        private HistoryPerson supervisor = null!;
        private Channels channel;
        private int version;
        private double branchEffect;
        private Guid contactId;

        public GeneratedContact? Generate()
        {
            var protocol = g.Protocols[Pick(g.protocolWeights, rng)];
            now = g.StartInstant(rng, early);
            // Pinned to the version published last before the start; a contact before the first version takes the first.
            var pinned = protocol.Versions.Where(v => v.PublishedAt <= now).MaxBy(v => v.Number)
                ?? protocol.Versions.MinBy(v => v.Number)!;
            if (pinned.Protocol.Steps.Count == 0 || ChannelsOf(pinned.Protocol).Length == 0) pinned = protocol.Versions.First(v => v.Protocol.Steps.Count > 0);
            version = pinned.Number;

            var fromDepartment = protocol.DepartmentId is { } d ? g.agents.Where(a => a.DepartmentId == d).ToArray() : [];
            agent = fromDepartment.Length > 0 && rng.NextDouble() < 0.85 ? Pick(fromDepartment, rng) : Pick(g.agents, rng);
            var nearby = g.supervisors.Where(s => s.DepartmentId == agent.DepartmentId).ToArray();
            supervisor = g.supervisors.Length == 0 ? agent : nearby.Length > 0 && rng.NextDouble() < 0.8 ? Pick(nearby, rng) : Pick(g.supervisors, rng);

            var channels = ChannelsOf(pinned.Protocol);
            channel = PickChannel(channels);
            var customer = g.customers.Length > 0 && rng.NextDouble() >= o.AnonymousRate ? g.customers[rng.Next(g.customers.Length)] : null;
            var language = customer?.Language ?? (rng.NextDouble() < o.OtherLanguageRate ? Other(o.Language) : o.Language);
            var reasons = protocol.Reasons is { Count: > 0 } r ? r : [pinned.Protocol.Purpose.Length > 0 ? pinned.Protocol.Purpose : pinned.Protocol.Title];
            var reason = Pick(reasons, rng);

            state = GuidedRun.New(pinned.Protocol);
            // The start's action id is the contact's id, as the app stores it.
            var id = contactId = NewId(now, rng);
            Act(new ContactCommand.Start(now, agent.UserId, channel, reason, language), required: true);
            FirstMove();
            Walk();
            if (!state.IsClosed) return null;
            var closedAt = state.ClosedAt!.Value;
            if (closedAt >= o.To) return null;

            var followUps = new List<GeneratedFollowUp>();
            if (state.FollowUpDue is { } due)
            {
                var dueAt = TimeZoneInfo.ConvertTimeToUtc(due.ToDateTime(new TimeOnly(23, 59)), o.Calendar.TimeZone);
                var doneAt = o.Calendar.AddBusinessTime(closedAt, TimeSpan.FromHours(2 + rng.NextDouble() * 10));
                followUps.Add(new GeneratedFollowUp(actions[^1].Id, false, agent.UserId, closedAt, Whole(dueAt),
                    state.Note.Values.LastOrDefault(v => v.Length > 0) ?? state.Reason,
                    doneAt < o.To && rng.NextDouble() < o.FollowUpDoneRate ? Whole(doneAt) : null));
            }
            var survey = Survey(closedAt, language, followUps);
            return new GeneratedContact(index, id, protocol.ProtocolId, version, pinned.Protocol, channel, state.Reason, agent.UserId,
                customer, actions, state, survey, followUps);
        }

        private Channels PickChannel(Channels[] channels)
        {
            var weights = Cumulative(channels.Select(c => c switch
            {
                Channels.InPerson => 0.4,
                Channels.Phone => 0.3,
                Channels.Electronic => 0.28,
                _ => 0.02,
            }));
            return channels[Pick(weights, rng)];
        }

        private bool Slow => channel is Channels.Electronic or Channels.Print;

        /// <summary>Time passes before the next move: seconds in person and on the phone, business minutes to hours in writing.</summary>
        private void Pass(double seconds)
        {
            var gap = TimeSpan.FromSeconds(Math.Max(1, seconds));
            now = Whole(Slow ? o.Calendar.AddBusinessTime(now, gap) : now + gap);
        }

        private double StepSeconds() => Slow ? 60 + rng.NextDouble() * 600 : 5 + rng.NextDouble() * rng.NextDouble() * 60 * (1 - agent.Skill * 0.5);

        private void FirstMove()
        {
            // In writing the first reply comes after business minutes or hours (sometimes a holding reply first); in person,
            // within seconds (a busy shop floor makes some customers wait past the target).
            if (Slow)
            {
                Pass(rng.NextDouble() < 0.85 ? 300 + rng.NextDouble() * 9000 : 9000 + rng.NextDouble() * 20_000);
                if (rng.NextDouble() < 0.3) Act(new ContactCommand.RecordFirstResponse(now, agent.UserId));
            }
            else Pass(rng.NextDouble() < 0.9 ? 2 + rng.NextDouble() * 8 : 10 + rng.NextDouble() * 60);
        }

        private void Walk()
        {
            var enterPlanAt = state.Protocol.ContingencyPlans.Count > 0 && rng.NextDouble() < o.PlanRate ? rng.Next(1, 5) : -1;
            var escalateAt = rng.NextDouble() < o.EscalateRate ? rng.Next(1, 6) : -1;
            var waitAt = rng.NextDouble() < o.WaitRate * (Slow ? 3 : 0.6) ? rng.Next(1, 6) : -1;
            var closeEarlyAt = rng.NextDouble() < o.OverrideRate ? rng.Next(2, 6) : -1;
            var moves = 0;
            while (!state.IsClosed)
            {
                if (actions.Count >= o.MaxActions) { Close(early: true); break; }
                // An escalation waits for a supervisor while the agent still handles the contact (one who took it over goes on).
                if (state.AwaitingSupervisor && state.HandlerUserId == agent.UserId && supervisor.UserId != agent.UserId) { Supervise(); continue; }
                moves++;
                if (moves == closeEarlyAt && state.CurrentStep is not null) { Close(early: true); break; }
                if (moves == enterPlanAt && state.OpenPlans.Count == 0)
                {
                    Act(new ContactCommand.EnterPlan(now, state.HandlerUserId, Pick(state.Protocol.ContingencyPlans, rng).Key));
                    Pass(StepSeconds() / 2);
                }
                if (moves == escalateAt) { Escalate(); continue; }
                if (moves == waitAt && !state.IsWaitingOnCustomer) { Wait(); continue; }
                if (state.CurrentStep is null) { Close(early: false); break; }
                Step();
            }
        }

        private void Step()
        {
            var step = state.CurrentStep!;
            var at = state.Current!.Value;
            var handler = state.HandlerUserId;
            if (state.CurrentPlanKey is { } plan && rng.NextDouble() < 0.15)
            {
                Act(new ContactCommand.LeavePlan(now, handler, plan), required: true);
                Pass(StepSeconds() / 3);
                return;
            }
            if (step.Answers.Count > 0)
            {
                // The first answers are the common case; later ones (exceptions, escalating answers) rarer.
                var weights = Cumulative(step.Answers.Select((a, i) => (a.EscalationRuleKey is null ? 1.0 : 0.35) / (1 + i * 0.6)));
                var answer = Pick(weights, rng);
                branchEffect += (Propensity(at.StepKey + "#" + answer, 7) - 0.5) * 0.6;
                Act(new ContactCommand.ChooseAnswer(now, handler, at.StepKey, answer), required: true);
            }
            else
            {
                var skipChance = o.SkipRate * (0.2 + 2.8 * Propensity(at.ToString(), 3)) * (version > 1 ? 0.8 : 1) * (1 - agent.Skill);
                if (rng.NextDouble() < skipChance)
                {
                    Act(new ContactCommand.SkipStep(now, handler, at.StepKey, Pick(Texts.SkipReasons, rng)), required: true);
                }
                else
                {
                    for (var i = 0; i < step.Checklist.Count; i++)
                    {
                        if (rng.NextDouble() >= o.TickRate) continue;
                        Act(new ContactCommand.TickChecklist(now, handler, at.StepKey, i, true));
                        Pass(Slow ? 5 + rng.NextDouble() * 30 : 1 + rng.NextDouble() * 3);
                    }
                    Act(new ContactCommand.CompleteStep(now, handler, at.StepKey), required: true);
                }
            }
            Pass(StepSeconds());
            if (rng.NextDouble() < o.GoBackRate && state.CanGoBack)
            {
                Act(new ContactCommand.GoBack(now, state.HandlerUserId, state.Current?.StepKey));
                Pass(StepSeconds() / 3);
            }
        }

        private void Escalate()
        {
            var rules = state.Protocol.EscalationRules.Where(r => !string.IsNullOrWhiteSpace(r.Target) && r.Key is not null).ToList();
            var command = rules.Count > 0 && rng.NextDouble() < 0.7
                ? new ContactCommand.Escalate(now, state.HandlerUserId, Pick(rules, rng).Key, null, null)
                : new ContactCommand.Escalate(now, state.HandlerUserId, null, Pick(Texts.Targets, rng), Pick(Texts.EscalationReasons, rng));
            Act(command);
            Pass(StepSeconds() / 2);
        }

        /// <summary>The supervisor answers an escalation: takes the contact over (and maybe hands it back later) or returns it with guidance.</summary>
        private void Supervise()
        {
            Pass(Slow ? 600 + rng.NextDouble() * 3600 : 20 + rng.NextDouble() * 120);
            if (rng.NextDouble() < o.TakeOverRate)
            {
                Act(new ContactCommand.TakeOver(now, supervisor.UserId), required: true);
                Pass(StepSeconds());
                if (rng.NextDouble() < 0.35 && !state.IsClosed)
                {
                    Act(new ContactCommand.ReturnWithGuidance(now, supervisor.UserId, Pick(Texts.Guidance, rng)), required: true);
                    Pass(StepSeconds());
                }
                return;
            }
            Act(new ContactCommand.ReturnWithGuidance(now, supervisor.UserId, Pick(Texts.Guidance, rng)), required: true);
            Pass(StepSeconds());
        }

        private void Wait()
        {
            Act(new ContactCommand.WaitOnCustomer(now, state.HandlerUserId), required: true);
            // The customer comes back with the receipt, the photo, the reference: business hours in writing, minutes in person.
            var gap = Slow ? 1800 + rng.NextDouble() * 40_000 : 60 + rng.NextDouble() * 600;
            var gapSpan = TimeSpan.FromSeconds(gap);
            now = Whole(Slow ? o.Calendar.AddBusinessTime(now, gapSpan) : now + gapSpan);
            Act(new ContactCommand.CustomerResponds(now, state.HandlerUserId), required: true);
            Pass(StepSeconds() / 2);
        }

        private void Close(bool early)
        {
            var handler = state.HandlerUserId;
            // Contact fields (the appointment, the case number) are filled before closing, as the agent would; no random
            // draw, so a history of protocols without fields is the same as before fields existed.
            if (state.Protocol.Fields.Count > 0)
            {
                var values = state.Protocol.Fields
                    .GroupBy(f => f.Key, StringComparer.OrdinalIgnoreCase)
                    .ToDictionary(g => g.Key, g => ContactFieldValues.MadeUpSample(g.First()) ?? $"C-{contactId.ToString()[..8]}", StringComparer.OrdinalIgnoreCase);
                Act(new ContactCommand.SaveFields(now, handler, values));
            }
            if (rng.NextDouble() < o.NoteRate && o.NoteFields.Count > 0)
            {
                var note = new Dictionary<string, string>(StringComparer.Ordinal);
                for (var i = 0; i < o.NoteFields.Count; i++)
                    note[o.NoteFields[i]] = i == 0 ? state.Reason : rng.NextDouble() < 0.8 ? Pick(Texts.NoteTexts, rng) : "";
                Act(new ContactCommand.SaveNote(now, handler, note), required: true);
                Pass(Slow ? 60 : 10 + rng.NextDouble() * 30);
            }
            var r = rng.NextDouble();
            ContactOutcome outcome;
            if (state.Escalations.Count > 0 && r < 0.4) outcome = ContactOutcome.Escalated;
            else if (r < (early ? 0.5 : o.FollowUpRate)) outcome = ContactOutcome.NeedsFollowUp;
            else if (r < (early ? 0.8 : o.FollowUpRate + o.NotResolvedRate)) outcome = ContactOutcome.NotResolved;
            else outcome = ContactOutcome.Resolved;
            DateOnly? due = outcome == ContactOutcome.NeedsFollowUp ? o.Calendar.LocalDate(now).AddDays(rng.Next(1, 4)) : null;
            var overrideReason = state.Overridable.Count > 0 ? Pick(Texts.OverrideReasons, rng) : null;
            Act(new ContactCommand.Close(now, handler, outcome, overrideReason, due), required: true);
        }

        private GeneratedSurvey? Survey(DateTimeOffset closedAt, string language, List<GeneratedFollowUp> followUps)
        {
            if (rng.NextDouble() >= o.SurveyRate) return null;
            var created = Whole(closedAt + TimeSpan.FromSeconds(1 + rng.Next(90)));
            if (created >= o.To) return null;
            Span<byte> token = stackalloc byte[32];
            rng.NextBytes(token);
            var hash = Convert.ToHexStringLower(SHA256.HashData(token));
            var expires = created + TimeSpan.FromDays(7);
            var id = NewId(created, rng);
            var answeredAt = Whole(created + TimeSpan.FromMinutes(5 + rng.NextDouble() * rng.NextDouble() * 4000));
            if (rng.NextDouble() >= o.SurveyAnsweredRate || answeredAt >= o.To || answeredAt >= expires)
                return new GeneratedSurvey(id, hash, language, created, expires, null, null, null, null);

            var score = Score();
            var lowReason = score <= SurveyRules.LowScore ? Pick(Texts.LowScoreReasons, rng) : null;
            var comment = rng.NextDouble() < 0.3 ? Pick(score >= 4 ? Texts.GoodComments : Texts.BadComments, rng) : null;
            if (lowReason is not null)
            {
                // A low score opens a service recovery for a supervisor, due within four business hours of the answer.
                var due = o.Calendar.AddBusinessTime(answeredAt, SurveyRules.RecoveryTarget);
                var onTime = rng.NextDouble() < o.RecoveryOnTimeRate;
                var doneAt = o.Calendar.AddBusinessTime(answeredAt, TimeSpan.FromMinutes(onTime ? 20 + rng.NextDouble() * 200 : 250 + rng.NextDouble() * 600));
                followUps.Add(new GeneratedFollowUp(NewId(answeredAt, rng), true, RecoveryAssignee(), answeredAt, Whole(due), $"CSAT {score}: {lowReason}",
                    doneAt < o.To && rng.NextDouble() < o.FollowUpDoneRate ? Whole(doneAt) : null));
            }
            return new GeneratedSurvey(id, hash, language, created, expires, answeredAt, score, comment, lowReason);
        }

        /// <summary>Satisfaction: mostly good, worse when unresolved, late or escalated; a little better with skilled agents and later versions.</summary>
        private int Score()
        {
            var mean = 4.1 + agent.Skill + o.VersionEffect * (version - 1) + branchEffect;
            if (state.Outcome is ContactOutcome.NotResolved) mean -= 1.4;
            if (state.Outcome is ContactOutcome.Resolved) mean += 0.2;
            if (state.Escalations.Count > 0) mean -= 0.3;
            if (state.OverrideReason is not null) mean -= 0.5;
            if (state.Timeline.Any(t => t.Kind == TimelineKind.ClockBreached)) mean -= 0.6;
            // Box–Muller: a normal spread around the mean.
            var u = 1 - rng.NextDouble();
            var noise = Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * rng.NextDouble());
            return (int)Math.Clamp(Math.Round(mean + noise * 0.9), 1, 5);
        }

        /// <summary>As the app assigns a recovery: a supervisor or manager who handled the contact, else one of the agent's department, else any.</summary>
        private Guid RecoveryAssignee()
        {
            var handler = o.People.FirstOrDefault(p => p.UserId == state.HandlerUserId && p.UserId != agent.UserId && p.Role is Role.Supervisor or Role.Manager);
            return (handler
                ?? o.People.FirstOrDefault(p => p.Role == Role.Supervisor && p.DepartmentId == agent.DepartmentId && agent.DepartmentId != null)
                ?? o.People.FirstOrDefault(p => p.Role == Role.Supervisor)
                ?? o.People.FirstOrDefault(p => p.Role == Role.Manager)
                ?? o.People.First(p => p.Role == Role.Owner)).UserId;
        }

        /// <summary>
        /// Decides one command at <see cref="now"/> as the app would, after recording every breach the background worker
        /// would have found before it. A refused optional move changes nothing; a refused required one is a bug here.
        /// </summary>
        private void Act(ContactCommand command, bool required = false)
        {
            RecordBreachesBefore(command.At);
            if (state.IsClosed) return;
            var decision = GuidedRun.Decide(state, command);
            if (!decision.IsAccepted)
            {
                if (required) throw new InvalidOperationException($"The generated {command.GetType().Name} was refused: {decision.Problems[0]}.");
                return;
            }
            Record(decision);
        }

        private void Record(RunDecision decision)
        {
            if (decision.Events.Count == 0) return;
            state = decision.State;
            actions.Add(new GeneratedAction(actions.Count == 0 ? contactId : NewId(decision.Events[0].At, rng), decision.Events));
            // When a breach falls due depends only on the clocks' own events: worked out again only when they change.
            if (state.IsClosed) nextBreach = null;
            else if (decision.Events.Any(e => e is ContactEvent.ClockRecorded))
                nextBreach = ContactClocks.At(state, o.Calendar, state.LastEventAt!.Value).NextBreachDueAt;
        }

        private void RecordBreachesBefore(DateTimeOffset at)
        {
            while (nextBreach is { } due && due <= at && !state.IsClosed)
            {
                // The worker notices within a second of the due instant.
                var when = Whole(due + TimeSpan.FromMilliseconds(rng.Next(50, 900)));
                if (when > at) when = at;
                var clocks = ContactClocks.At(state, o.Calendar, when).BreachesDue(when);
                if (clocks.Count == 0) { nextBreach = null; break; }
                foreach (var clock in clocks)
                {
                    var decision = GuidedRun.Decide(state, new ContactCommand.RecordBreach(when, ContactActors.System, clock));
                    if (!decision.IsAccepted) throw new InvalidOperationException($"A due breach was refused: {decision.Problems[0]}.");
                    Record(decision);
                }
            }
        }
    }
}
