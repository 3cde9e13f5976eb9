using System.Globalization;
using Pauta.Core.Contacts;
using Pauta.Core.Insights;
using Pauta.Data.Entities;
using Pauta.Web.Features.Protocols;
using Pauta.Web.Features.Training;
using ContactOutcome = Pauta.Core.Contacts.ContactOutcome;
using Counts = Pauta.Core.Insights.InsightCounts;

namespace Pauta.Web.Features.Insights;

/// <summary>
/// The filters of every insights query exactly as they arrive in a query string, so a bad value becomes a problem on its
/// field. <see cref="From"/>/<see cref="To"/> are days (yyyy-MM-dd) in the organisation's time zone, both inclusive;
/// a contact belongs to the local day it started on. <see cref="Team"/> is a supervisor's user id: the people whose
/// positions report (directly or further down) to that supervisor's position.
/// </summary>
public sealed record InsightsQuery(string? From = null, string? To = null, string? Department = null, string? Channel = null,
    string? Protocol = null, string? Version = null, string? Team = null, string? Agent = null);

/// <summary>
/// A parsed, valid filter. <see cref="From"/> and <see cref="To"/> are organisation-local days, both inclusive.
/// <see cref="DepartmentId"/> is the department of the contact's agent when the contact started.
/// <see cref="Version"/> needs <see cref="ProtocolId"/>.
/// </summary>
public sealed record InsightsFilter(DateOnly From, DateOnly To, Guid? DepartmentId = null, Channels? Channel = null,
    Guid? ProtocolId = null, int? Version = null, Guid? TeamSupervisorUserId = null, Guid? AgentUserId = null)
{
    /// <summary>The longest range one query may cover, so a query reads a bounded number of rollup rows.</summary>
    public const int MaxDays = 400;

    /// <summary>Parses the query; a missing range means the 30 days ending on <paramref name="today"/> (organisation-local).</summary>
    public static Outcome<InsightsFilter> Parse(InsightsQuery query, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(query);
        var problems = new List<Problem>();
        var from = Day(query.From, nameof(query.From), problems);
        var to = Day(query.To, nameof(query.To), problems);
        var department = Id(query.Department, nameof(query.Department), problems);
        Channels? channel = null;
        if (!string.IsNullOrWhiteSpace(query.Channel))
        {
            var match = ChannelList.Each.Where(c => string.Equals(c.ToString(), query.Channel.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
            if (match.Count == 1) channel = match[0];
            else problems.Add(new Problem(nameof(query.Channel), "Insights.BadChoice", query.Channel, string.Join(", ", ChannelList.Each)));
        }
        var protocol = Id(query.Protocol, nameof(query.Protocol), problems);
        int? version = null;
        if (!string.IsNullOrWhiteSpace(query.Version))
        {
            if (int.TryParse(query.Version.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v >= 1) version = v;
            else problems.Add(new Problem(nameof(query.Version), "Insights.BadNumber", query.Version, 1, int.MaxValue));
            if (string.IsNullOrWhiteSpace(query.Protocol)) problems.Add(new Problem(nameof(query.Version), "Insights.VersionNeedsProtocol"));
        }
        var team = Id(query.Team, nameof(query.Team), problems);
        var agent = Id(query.Agent, nameof(query.Agent), problems);

        var end = to ?? (from is { } f0 ? f0.AddDays(29) : today);
        if (end > today && to is null) end = today;
        var start = from ?? end.AddDays(-29);
        if (from is not null && to is not null && end < start) problems.Add(new Problem(nameof(query.To), "Insights.ToBeforeFrom"));
        else if (end.DayNumber - start.DayNumber + 1 > MaxDays) problems.Add(new Problem(nameof(query.To), "Insights.RangeTooLong", MaxDays));

        return problems.Count > 0
            ? Outcome<InsightsFilter>.Invalid(problems)
            : Outcome<InsightsFilter>.Ok(new InsightsFilter(start, end, department, channel, protocol, version, team, agent));
    }

    private static DateOnly? Day(string? text, string field, List<Problem> problems)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        problems.Add(new Problem(field, "Insights.BadDate", text));
        return null;
    }

    private static Guid? Id(string? text, string field, List<Problem> problems)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (Guid.TryParse(text.Trim(), out var id)) return id;
        problems.Add(new Problem(field, "Insights.BadId", text));
        return null;
    }
}

/// <summary>
/// What a number counts, for drill-down: the contacts behind it. The names are stable (they appear in links):
/// never rename one.
/// </summary>
public enum InsightMetric
{
    /// <summary>Every contact the filter matches.</summary>
    Contacts = 0,
    /// <summary>Contacts whose first-response clock had a target (ran).</summary>
    FirstResponseWithTarget = 1,
    /// <summary>First response given before its clock ran out.</summary>
    FirstResponseMet = 2,
    /// <summary>First-response clock ran out (fulfilled late, or breached and not fulfilled).</summary>
    FirstResponseMissed = 3,
    ResolutionWithTarget = 4,
    ResolutionMet = 5,
    ResolutionMissed = 6,
    /// <summary>Contacts escalated at least once; with <see cref="InsightsDrill.Reason"/>, by that reason key.</summary>
    Escalated = 7,
    /// <summary>Contacts that entered a contingency plan; with <see cref="InsightsDrill.Plan"/>, that plan.</summary>
    ContingencyEntered = 8,
    /// <summary>Contacts closed with required steps still open (the close gate overridden); with a step, naming it.</summary>
    CloseOverridden = 9,
    /// <summary>Contacts with an answered survey; with <see cref="InsightsDrill.Score"/>, that score.</summary>
    SurveyAnswered = 10,
    RecoveryOpened = 11,
    /// <summary>Service recoveries done by their due time.</summary>
    RecoveryClosedOnTime = 12,
    /// <summary>Service recoveries done after their due time, or still open past it.</summary>
    RecoveryLate = 13,
    /// <summary>Contacts that reached <see cref="InsightsDrill.Step"/> (needs protocol and version in the filter).</summary>
    StepReached = 14,
    StepCompleted = 15,
    /// <summary>Contacts that skipped the step; with <see cref="InsightsDrill.Reason"/>, with that reason.</summary>
    StepSkipped = 16,
    /// <summary>Contacts closed with the step still open and required.</summary>
    StepOverridden = 17,
    /// <summary>Contacts that chose answer <see cref="InsightsDrill.Answer"/> at question <see cref="InsightsDrill.Step"/>.</summary>
    BranchTaken = 18,
    /// <summary>Contacts still open.</summary>
    Open = 19,
    Closed = 20,
}

/// <summary>
/// One number to drill into: the metric, and what narrows it. <see cref="Step"/> is a step reference as
/// <see cref="StepRef.ToString"/> writes it ("step" or "plan/step"); <see cref="Reason"/> an escalation reason key or
/// a skip reason; <see cref="Day"/> one local day of a series.
/// </summary>
public sealed record InsightsDrill(InsightMetric Metric, string? Step = null, string? Reason = null, string? Plan = null,
    int? Answer = null, int? Score = null, DateOnly? Day = null);

/// <summary>A share with its parts: <see cref="Met"/> of <see cref="Of"/>; <see cref="Rate"/> is null when <see cref="Of"/> is 0.</summary>
public sealed record Attainment(int Met, int Of)
{
    public double? Rate => Of == 0 ? null : (double)Met / Of;
}

/// <summary>
/// A service-level clock over the contacts: attainment among those whose clock ran, and the counted (business or
/// calendar, as the target says) time to fulfilment. Percentiles come from a histogram whose buckets are at most 5 %
/// wide (docs/insights.md); null when nothing was fulfilled.
/// </summary>
public sealed record ClockSummary(Attainment Attainment, int Missed, int Fulfilled, TimeSpan? P50, TimeSpan? P90);

/// <summary>A mean with its sample size and 95 % interval (normal approximation with the sample's standard deviation; null below n = 2).</summary>
public sealed record MeanWithInterval(int N, double? Mean, double? Low, double? High);

/// <summary>How often contacts escalated for one reason: the rule key, or "manual" when someone pressed escalate with no rule.</summary>
public sealed record ReasonCount(string Reason, int Contacts);

/// <summary>The headline numbers over the filter.</summary>
/// <param name="Contacts">Contacts the filter matches (by local start day).</param>
/// <param name="Escalated">Contacts escalated at least once; <see cref="EscalationRate"/> over <paramref name="Contacts"/>.</param>
/// <param name="RecoveriesOnTime">Recoveries done by their due time, of the recoveries due or done.</param>
public sealed record InsightsSummary(
    int Contacts, int Open, int Closed,
    ClockSummary FirstResponse, ClockSummary Resolution,
    int Escalated, IReadOnlyList<ReasonCount> EscalationReasons,
    int ContingencyEntered, IReadOnlyList<ReasonCount> ContingencyPlans,
    int CloseOverridden,
    MeanWithInterval Satisfaction,
    int RecoveriesOpened, Attainment RecoveriesOnTime)
{
    public double? EscalationRate => Contacts == 0 ? null : (double)Escalated / Contacts;
}

/// <summary>One local day of the daily series.</summary>
public sealed record DailyPoint(DateOnly Day, int Contacts, Attainment FirstResponse, Attainment Resolution, int Escalated,
    int CloseOverridden, int SurveyAnswers, double? SatisfactionMean);

/// <summary>One reason a step was skipped, with how many contacts gave it (reasons compared trimmed, case kept as first seen).</summary>
public sealed record SkipReasonCount(string Reason, int Contacts);

/// <summary>
/// One step of one protocol version as the contacts walked it. A contact counts once per number even when it went back
/// and passed the step again: reached = it was current at some moment; completed/skipped = how it was last resolved on
/// the standing path; overridden = open and required at an overriding close. Time on step: from the step becoming
/// current to it being resolved (wall time, histogram percentiles).
/// </summary>
public sealed record StepAdherence(string Step, string Title, string? PlanKey, bool Required, int Order,
    int Reached, int Completed, int Skipped, IReadOnlyList<SkipReasonCount> SkipReasons, int Overridden,
    TimeSpan? TimeP50, TimeSpan? TimeP90)
{
    public double? SkipRate => Reached == 0 ? null : (double)Skipped / Reached;
    public double? CompletionRate => Reached == 0 ? null : (double)Completed / Reached;
}

/// <summary>Adherence of every step of one protocol version (main flow first, then each plan's steps).</summary>
public sealed record VersionAdherence(Guid ProtocolId, int Version, string Title, int Contacts, IReadOnlyList<StepAdherence> Steps);

/// <summary>Satisfaction of one group: a version, a flow branch or an agent.</summary>
public sealed record SatisfactionGroup(string Key, string Label, MeanWithInterval Satisfaction);

/// <summary>Which grouping of satisfaction is asked.</summary>
public enum SatisfactionBy
{
    Version = 0,
    /// <summary>Per (question step, answer) of the filter's protocol version: key "step#answerIndex".</summary>
    Branch = 1,
    Agent = 2,
}

/// <summary>One version's side of a comparison.</summary>
public sealed record VersionSide(int Version, int Contacts, ClockSummary FirstResponse, ClockSummary Resolution, int Escalated,
    int CloseOverridden, MeanWithInterval Satisfaction)
{
    public double? EscalationRate => Contacts == 0 ? null : (double)Escalated / Contacts;
    public double? OverrideRate => Contacts == 0 ? null : (double)CloseOverridden / Contacts;
}

/// <summary>Two versions of one protocol over the same filter (the filter's version is ignored).</summary>
public sealed record VersionComparison(Guid ProtocolId, string Title, VersionSide A, VersionSide B);

/// <summary>Training completion of one published protocol: people assigned by the one reader of who is trained.</summary>
public sealed record TrainingCompletion(Guid ProtocolId, string Title, int CurrentVersion, int People, int Trained)
{
    public double? Rate => People == 0 ? null : (double)Trained / People;
}

/// <summary>Employee suggestions created in the filter's range (protocol filter applies), by where they stand now.</summary>
public sealed record SuggestionCounts(int Opened, int Accepted, int Declined, int StillOpen);

/// <summary>One contact behind a number.</summary>
public sealed record DrillRow(Guid ContactId, DateTime StartedAt, Channels Channel, Guid AgentUserId, string Agent,
    Guid ProtocolId, string Protocol, int ProtocolVersion, bool IsClosed, ContactOutcome? Outcome, int? Score);

/// <summary>One page of the contacts behind a number, newest first; <paramref name="Total"/> counts them all.</summary>
public sealed record DrillPage(IReadOnlyList<DrillRow> Items, int Page, int PageSize, int Total)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// The one reader of insights: every dashboard number and the contacts behind it, read from the rollups
/// (<c>ContactFacts</c>, <c>ContactStepFacts</c>, <c>InsightCounters</c>) of the current organisation only (the tenant
/// filter of <see cref="PautaDbContext"/>). Needs the organisation's time zone to turn local days into instants.
/// </summary>
public sealed class InsightsReader(PautaDbContext db, TrainingStandings training, PublishedProtocols published)
{
    public const int DrillPageSize = 50;

    /// <summary>
    /// Every dashboard query by name, for benchmarks and smoke tests: each runs one reader method over
    /// <paramref name="filter"/>; adherence, branches, comparison and drill-downs use <paramref name="protocolId"/> and
    /// versions <paramref name="a"/> and <paramref name="b"/>.
    /// </summary>
    public static IReadOnlyList<(string Name, Func<InsightsReader, CancellationToken, Task> Run)> Queries(
        InsightsFilter filter, Guid protocolId, int a, int b) =>
    [
        ("summary", (r, ct) => r.SummaryAsync(filter, ct)),
        ("daily", (r, ct) => r.DailyAsync(filter, ct)),
        ("adherence", (r, ct) => r.AdherenceAsync(filter, protocolId, b, ct)),
        ("satisfaction-by-version", (r, ct) => r.SatisfactionAsync(filter, SatisfactionBy.Version, ct)),
        ("satisfaction-by-agent", (r, ct) => r.SatisfactionAsync(filter, SatisfactionBy.Agent, ct)),
        ("satisfaction-by-branch", (r, ct) => r.SatisfactionAsync(filter with { ProtocolId = protocolId, Version = b }, SatisfactionBy.Branch, ct)),
        ("compare", (r, ct) => r.CompareAsync(filter, protocolId, a, b, ct)),
        ("training", (r, ct) => r.TrainingAsync(filter, ct)),
        ("suggestions", (r, ct) => r.SuggestionsAsync(filter, ct)),
        ("drill-contacts", (r, ct) => r.DrillAsync(filter, new InsightsDrill(InsightMetric.Contacts), 1, ct)),
        ("drill-first-response-missed", (r, ct) => r.DrillAsync(filter, new InsightsDrill(InsightMetric.FirstResponseMissed), 1, ct)),
        ("drill-step-skipped", (r, ct) => r.DrillAsync(filter with { ProtocolId = protocolId, Version = b },
            new InsightsDrill(InsightMetric.StepSkipped, Step: null), 1, ct)),
    ];

    public async Task<InsightsSummary> SummaryAsync(InsightsFilter filter, CancellationToken ct)
    {
        // Histograms and keyed counts live in the text only; its numbers equal the integer columns.
        var c = Counts.EmptyContact();
        await foreach (var text in (await CounterRowsAsync(filter, ct)).Select(r => r.Counts).AsAsyncEnumerable().WithCancellation(ct)) c.AddText(text);
        return new InsightsSummary(
            (int)c[Counts.Contact.Contacts], (int)(c[Counts.Contact.Contacts] - c[Counts.Contact.Closed]), (int)c[Counts.Contact.Closed],
            Clock(c, Counts.Contact.FirstResponseMet, Counts.Contact.FirstResponseMissed, Counts.ContactHistogram.FirstResponse),
            Clock(c, Counts.Contact.ResolutionMet, Counts.Contact.ResolutionMissed, Counts.ContactHistogram.Resolution),
            (int)c[Counts.Contact.Escalated], Ranked(c[Counts.ContactKeyed.EscalationReasons]),
            (int)c[Counts.Contact.ContingencyEntered], Ranked(c[Counts.ContactKeyed.Plans]),
            (int)c[Counts.Contact.Overridden],
            Satisfaction(c),
            (int)c[Counts.Contact.RecoveriesOpened],
            new Attainment((int)c[Counts.Contact.RecoveriesOnTime], (int)c[Counts.Contact.RecoveriesOpened]));
    }

    /// <summary>One point per local day of the filter's range, empty days included.</summary>
    public async Task<IReadOnlyList<DailyPoint>> DailyAsync(InsightsFilter filter, CancellationToken ct)
    {
        var byDay = (await SumAsync(await CounterRowsAsync(filter, ct), r => r.Day, ct)).ToDictionary(s => s.Key, s => s.Counts);
        var points = new List<DailyPoint>(filter.To.DayNumber - filter.From.DayNumber + 1);
        for (var day = filter.From; day <= filter.To; day = day.AddDays(1))
        {
            var c = byDay.GetValueOrDefault(day) ?? Counts.EmptyContact();
            points.Add(new DailyPoint(day, (int)c[Counts.Contact.Contacts],
                Share(c, Counts.Contact.FirstResponseMet, Counts.Contact.FirstResponseMissed),
                Share(c, Counts.Contact.ResolutionMet, Counts.Contact.ResolutionMissed),
                (int)c[Counts.Contact.Escalated], (int)c[Counts.Contact.Overridden], (int)c[Counts.Contact.SurveyAnswers],
                Satisfaction(c).Mean));
        }
        return points;
    }

    /// <summary>Adherence per step of one version; null when the protocol or version does not exist in the organisation.</summary>
    public async Task<VersionAdherence?> AdherenceAsync(InsightsFilter filter, Guid protocolId, int version, CancellationToken ct)
    {
        var protocol = await published.FindAsync(protocolId, version, ct);
        if (protocol is null) return null;
        var scoped = filter with { ProtocolId = protocolId, Version = version };
        var contacts = await (await CounterRowsAsync(scoped, ct)).SumAsync(r => r.Contacts, ct);
        var bySteps = (await StepCountersAsync(scoped, ct)).GroupBy(r => r.Step, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => SumSteps(g), StringComparer.Ordinal);
        var steps = new List<StepAdherence>();
        var order = 0;
        foreach (var (planKey, step) in StepsOf(protocol.Protocol))
        {
            var key = new StepRef(planKey, step.Key).ToString();
            var c = bySteps.GetValueOrDefault(key) ?? Counts.EmptyStep();
            var time = c[Counts.StepHistogram.TimeOn];
            steps.Add(new StepAdherence(key, string.IsNullOrWhiteSpace(step.Title) ? step.Key : step.Title, planKey, step.Required, order++,
                (int)c[Counts.Step.Reached], (int)c[Counts.Step.Completed], (int)c[Counts.Step.Skipped],
                c[Counts.StepKeyed.SkipReasons].OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal)
                    .Select(r => new SkipReasonCount(r.Key, (int)r.Value)).ToList(),
                (int)c[Counts.Step.Overridden], DurationHistogram.Percentile(time, 0.5), DurationHistogram.Percentile(time, 0.9)));
        }
        return new VersionAdherence(protocolId, version, protocol.Title, (int)contacts, steps);
    }

    /// <summary>Satisfaction grouped as asked; <see cref="SatisfactionBy.Branch"/> needs protocol and version in the filter.</summary>
    public async Task<IReadOnlyList<SatisfactionGroup>> SatisfactionAsync(InsightsFilter filter, SatisfactionBy by, CancellationToken ct)
    {
        switch (by)
        {
            case SatisfactionBy.Version:
            {
                var groups = (await SurveySumsAsync(await CounterRowsAsync(filter, ct), r => new { r.ProtocolId, r.ProtocolVersion }, ct))
                    .Select(g => (Key: (g.Key.ProtocolId, g.Key.ProtocolVersion), g.Counts)).ToList();
                var titles = await published.VersionsAsync(groups.Select(g => g.Key).ToList(), ct);
                return groups
                    .OrderBy(g => titles.TryGetValue(g.Key, out var t) ? t.Title : "", StringComparer.CurrentCulture).ThenBy(g => g.Key.ProtocolVersion)
                    .Select(g => new SatisfactionGroup($"{g.Key.ProtocolId}/{g.Key.ProtocolVersion}",
                        $"{(titles.TryGetValue(g.Key, out var t) ? t.Title : "")} v{g.Key.ProtocolVersion}", Satisfaction(g.Counts)))
                    .ToList();
            }
            case SatisfactionBy.Agent:
            {
                var groups = (await SurveySumsAsync(await CounterRowsAsync(filter, ct, byAgent: true), r => r.AgentUserId, ct)).ToDictionary(g => g.Key, g => g.Counts);
                var ids = groups.Keys.ToList();
                var names = await db.Members.AsNoTracking().Where(m => ids.Contains(m.UserId)).Select(m => new { m.UserId, m.User.DisplayName })
                    .ToDictionaryAsync(m => m.UserId, m => m.DisplayName, ct);
                return groups.Select(g => new SatisfactionGroup(g.Key.ToString(), names.GetValueOrDefault(g.Key) ?? "", Satisfaction(g.Value)))
                    .OrderBy(g => g.Label, StringComparer.CurrentCulture).ToList();
            }
            case SatisfactionBy.Branch:
            {
                if (filter.ProtocolId is not { } protocolId || filter.Version is not { } version) return [];
                var protocol = await published.FindAsync(protocolId, version, ct);
                if (protocol is null) return [];
                var bySteps = (await StepCountersAsync(filter, ct)).GroupBy(r => r.Step, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => SumSteps(g), StringComparer.Ordinal);
                var result = new List<SatisfactionGroup>();
                foreach (var (planKey, step) in StepsOf(protocol.Protocol))
                {
                    if (step.Answers.Count == 0) continue;
                    var key = new StepRef(planKey, step.Key).ToString();
                    var c = bySteps.GetValueOrDefault(key) ?? Counts.EmptyStep();
                    for (var i = 0; i < step.Answers.Count; i++)
                    {
                        var (mean, low, high) = Statistics.MeanInterval(c[Counts.StepHistogram.AnswerScores].GetValueOrDefault(i),
                            c[Counts.StepHistogram.AnswerScoreSum].GetValueOrDefault(i), c[Counts.StepHistogram.AnswerScoreSumOfSquares].GetValueOrDefault(i));
                        result.Add(new SatisfactionGroup($"{key}#{i}", $"{(string.IsNullOrWhiteSpace(step.Title) ? step.Key : step.Title)} → {step.Answers[i].Label}",
                            new MeanWithInterval((int)c[Counts.StepHistogram.AnswerScores].GetValueOrDefault(i), mean, low, high)));
                    }
                }
                return result;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(by), by, null);
        }
    }

    /// <summary>Version <paramref name="a"/> against version <paramref name="b"/>; null when the protocol does not exist.</summary>
    public async Task<VersionComparison?> CompareAsync(InsightsFilter filter, Guid protocolId, int a, int b, CancellationToken ct)
    {
        var title = await db.Protocols.AsNoTracking().Where(p => p.Id == protocolId).Select(p => p.Title).FirstOrDefaultAsync(ct);
        if (title is null) return null;
        var rows = await (await CounterRowsAsync(filter with { ProtocolId = protocolId, Version = null }, ct))
            .Where(r => r.ProtocolVersion == a || r.ProtocolVersion == b).Select(r => new { r.ProtocolVersion, r.Counts }).ToListAsync(ct);
        VersionSide Side(int version)
        {
            var c = Counts.EmptyContact();
            foreach (var r in rows.Where(r => r.ProtocolVersion == version)) c.AddText(r.Counts);
            return new VersionSide(version, (int)c[Counts.Contact.Contacts],
                Clock(c, Counts.Contact.FirstResponseMet, Counts.Contact.FirstResponseMissed, Counts.ContactHistogram.FirstResponse),
                Clock(c, Counts.Contact.ResolutionMet, Counts.Contact.ResolutionMissed, Counts.ContactHistogram.Resolution),
                (int)c[Counts.Contact.Escalated], (int)c[Counts.Contact.Overridden], Satisfaction(c));
        }
        return new VersionComparison(protocolId, title, Side(a), Side(b));
    }

    /// <summary>Per published protocol (the filter's protocol, department of the people, team and agent apply).</summary>
    public async Task<IReadOnlyList<TrainingCompletion>> TrainingAsync(InsightsFilter filter, CancellationToken ct)
    {
        var members = db.Members.AsNoTracking();
        if (filter.DepartmentId is { } department) members = members.Where(m => m.DepartmentId == department);
        if (filter.AgentUserId is { } agent) members = members.Where(m => m.UserId == agent);
        if (filter.TeamSupervisorUserId is not null)
        {
            var team = await TeamAsync(filter, ct);
            members = members.Where(m => team.Contains(m.UserId));
        }
        var memberIds = await members.Select(m => m.Id).ToListAsync(ct);
        var protocols = await db.Protocols.AsNoTracking().Where(p => p.PublishedVersion > 0 && p.ArchivedAt == null)
            .Where(p => filter.ProtocolId == null || p.Id == filter.ProtocolId)
            .OrderBy(p => p.Title).Select(p => new { p.Id, p.Title, p.PublishedVersion }).ToListAsync(ct);
        var standings = await training.OfAsync(memberIds, protocols.Select(p => p.Id).ToList(), ct);
        var byProtocol = standings.ToLookup(s => s.ProtocolId);
        return protocols.Select(p => new TrainingCompletion(p.Id, p.Title, p.PublishedVersion, byProtocol[p.Id].Count(), byProtocol[p.Id].Count(s => s.Trained)))
            .ToList();
    }

    public async Task<SuggestionCounts> SuggestionsAsync(InsightsFilter filter, CancellationToken ct)
    {
        var zone = await ZoneAsync(ct);
        var from = StartOfDayUtc(filter.From, zone);
        var to = StartOfDayUtc(filter.To.AddDays(1), zone);
        var suggestions = db.ProtocolSuggestions.AsNoTracking().Where(s => s.CreatedAt >= from && s.CreatedAt < to);
        if (filter.ProtocolId is { } protocol) suggestions = suggestions.Where(s => s.ProtocolId == protocol);
        if (filter.Version is { } version) suggestions = suggestions.Where(s => s.VersionNumber == version);
        var counts = await suggestions.GroupBy(s => s.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(ct);
        int Of(SuggestionStatus status) => counts.Where(c => c.Status == status).Sum(c => c.Count);
        return new SuggestionCounts(counts.Sum(c => c.Count), Of(SuggestionStatus.Accepted), Of(SuggestionStatus.Declined), Of(SuggestionStatus.Open));
    }

    /// <summary>
    /// Service-level attainment, first response and resolution together, of the contacts (of one protocol, or all) that
    /// started in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>): the hour an attainment alert looks at.
    /// (Added by dashboards for the alerts.)
    /// </summary>
    public async Task<Attainment> HourAttainmentAsync(Guid? protocolId, DateTime fromUtc, DateTime toUtc, CancellationToken ct)
    {
        // Local days a day either side of the UTC dates hold every local day the hour can fall on, so the Day index narrows it.
        var firstDay = DateOnly.FromDateTime(fromUtc).AddDays(-1);
        var lastDay = DateOnly.FromDateTime(toUtc).AddDays(1);
        var facts = db.ContactFacts.AsNoTracking().Where(f => f.Day >= firstDay && f.Day <= lastDay && f.StartedAt >= fromUtc && f.StartedAt < toUtc);
        if (protocolId is { } protocol) facts = facts.Where(f => f.ProtocolId == protocol);
        var clocks = await facts.Select(f => new { f.FirstResponse, f.Resolution }).ToListAsync(ct);
        var met = clocks.Count(c => c.FirstResponse == ClockResult.Met) + clocks.Count(c => c.Resolution == ClockResult.Met);
        var missed = clocks.Count(c => c.FirstResponse == ClockResult.Missed) + clocks.Count(c => c.Resolution == ClockResult.Missed);
        return new Attainment(met, met + missed);
    }

    /// <summary>The contacts behind one number, <see cref="DrillPageSize"/> a page (page 1 first).</summary>
    public Task<DrillPage> DrillAsync(InsightsFilter filter, InsightsDrill drill, int page, CancellationToken ct) =>
        DrillAsync(filter, drill, page, oldestFirst: false, ct);

    /// <summary>The same, oldest first when asked (the drill-down page sorts by date either way; added by dashboards).</summary>
    public async Task<DrillPage> DrillAsync(InsightsFilter filter, InsightsDrill drill, int page, bool oldestFirst, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(drill);
        page = Math.Max(1, page);
        var facts = await FactsAsync(filter, ct);
        if (drill.Day is { } day) facts = facts.Where(f => f.Day == day);
        var steps = db.ContactStepFacts.AsNoTracking();
        if (drill.Step is { } step) steps = steps.Where(s => s.Step == step);
        var reason = drill.Reason is null ? null : InsightCounts.SkipReasonKey(drill.Reason);
        facts = drill.Metric switch
        {
            InsightMetric.Contacts => facts,
            InsightMetric.Open => facts.Where(f => !f.IsClosed),
            InsightMetric.Closed => facts.Where(f => f.IsClosed),
            InsightMetric.FirstResponseWithTarget => facts.Where(f => f.FirstResponse == ClockResult.Met || f.FirstResponse == ClockResult.Missed),
            InsightMetric.FirstResponseMet => facts.Where(f => f.FirstResponse == ClockResult.Met),
            InsightMetric.FirstResponseMissed => facts.Where(f => f.FirstResponse == ClockResult.Missed),
            InsightMetric.ResolutionWithTarget => facts.Where(f => f.Resolution == ClockResult.Met || f.Resolution == ClockResult.Missed),
            InsightMetric.ResolutionMet => facts.Where(f => f.Resolution == ClockResult.Met),
            InsightMetric.ResolutionMissed => facts.Where(f => f.Resolution == ClockResult.Missed),
            InsightMetric.Escalated => drill.Reason is null ? facts.Where(f => f.Escalated)
                : facts.Where(f => db.ContactFactTags.Any(t => t.ContactId == f.ContactId && t.Kind == ContactFactTagKind.EscalationReason && t.Key == drill.Reason)),
            InsightMetric.ContingencyEntered => drill.Plan is null ? facts.Where(f => f.ContingencyEntered)
                : facts.Where(f => db.ContactFactTags.Any(t => t.ContactId == f.ContactId && t.Kind == ContactFactTagKind.Plan && t.Key == drill.Plan)),
            InsightMetric.CloseOverridden => drill.Step is null ? facts.Where(f => f.Overridden)
                : facts.Where(f => steps.Any(s => s.ContactId == f.ContactId && s.Overridden)),
            InsightMetric.SurveyAnswered => drill.Score is { } score ? facts.Where(f => f.SurveyScore == score) : facts.Where(f => f.SurveyScore != null),
            InsightMetric.RecoveryOpened => facts.Where(f => f.RecoveryDueAt != null),
            InsightMetric.RecoveryClosedOnTime => facts.Where(f => f.RecoveryDoneAt != null && f.RecoveryDoneAt <= f.RecoveryDueAt),
            InsightMetric.RecoveryLate => facts.Where(f => f.RecoveryDueAt != null && (f.RecoveryDoneAt == null || f.RecoveryDoneAt > f.RecoveryDueAt)),
            InsightMetric.StepReached => facts.Where(f => steps.Any(s => s.ContactId == f.ContactId && s.Reached)),
            InsightMetric.StepCompleted => facts.Where(f => steps.Any(s => s.ContactId == f.ContactId &&
                (s.Resolution == (int)StepResolution.Completed || s.Resolution == (int)StepResolution.Answered))),
            InsightMetric.StepSkipped => facts.Where(f => steps.Any(s => s.ContactId == f.ContactId && s.Resolution == (int)StepResolution.Skipped &&
                (reason == null || s.SkipReason == reason))),
            InsightMetric.StepOverridden => facts.Where(f => steps.Any(s => s.ContactId == f.ContactId && s.Overridden)),
            InsightMetric.BranchTaken => facts.Where(f => steps.Any(s => s.ContactId == f.ContactId &&
                s.Resolution == (int)StepResolution.Answered && (drill.Answer == null || s.AnswerIndex == drill.Answer))),
            _ => throw new ArgumentOutOfRangeException(nameof(drill), drill.Metric, "Unknown metric."),
        };

        var total = await facts.CountAsync(ct);
        var ordered = oldestFirst ? facts.OrderBy(f => f.StartedAt).ThenBy(f => f.ContactId) : facts.OrderByDescending(f => f.StartedAt).ThenByDescending(f => f.ContactId);
        var rows = await ordered
            .Skip((page - 1) * DrillPageSize).Take(DrillPageSize)
            .Select(f => new { f.ContactId, f.StartedAt, f.Channel, f.AgentUserId, f.ProtocolId, f.ProtocolVersion, f.IsClosed, f.Outcome, f.SurveyScore })
            .ToListAsync(ct);
        var agents = rows.Select(r => r.AgentUserId).Distinct().ToList();
        var names = await db.Members.AsNoTracking().Where(m => agents.Contains(m.UserId)).Select(m => new { m.UserId, m.User.DisplayName })
            .ToDictionaryAsync(m => m.UserId, m => m.DisplayName, ct);
        var titles = await published.VersionsAsync(rows.Select(r => (r.ProtocolId, r.ProtocolVersion)).Distinct().ToList(), ct);
        var items = rows.Select(r => new DrillRow(r.ContactId, r.StartedAt, r.Channel, r.AgentUserId, names.GetValueOrDefault(r.AgentUserId) ?? "",
                r.ProtocolId, titles.TryGetValue((r.ProtocolId, r.ProtocolVersion), out var t) ? t.Title : "", r.ProtocolVersion, r.IsClosed,
                r.Outcome is { } o ? (ContactOutcome)o : null, r.SurveyScore))
            .ToList();
        return new DrillPage(items, page, DrillPageSize, total);
    }

    // ---------------------------------------------------------------- reading the rollups

    private async Task<IQueryable<InsightCounter>> CounterRowsAsync(InsightsFilter f, CancellationToken ct, bool byAgent = false)
    {
        var rows = db.InsightCounters.AsNoTracking().Where(c => c.Day >= f.From && c.Day <= f.To);
        if (f.ProtocolId is { } protocol) rows = rows.Where(c => c.ProtocolId == protocol);
        if (f.Version is { } version) rows = rows.Where(c => c.ProtocolVersion == version);
        if (f.Channel is { } channel) rows = rows.Where(c => c.Channel == channel);
        // Without an agent or team, the all-agents rows hold the same sums in fewer rows; without a channel or department
        // too, the day × version totals in fewer still.
        var perAgent = byAgent || f.AgentUserId is not null || f.TeamSupervisorUserId is not null;
        if (perAgent) rows = rows.Where(c => c.AgentUserId != InsightCounter.AllAgents);
        else if (f.Channel is null && f.DepartmentId is null)
            rows = rows.Where(c => c.AgentUserId == InsightCounter.AllAgents && c.DepartmentId == InsightCounter.AllDepartments);
        else rows = rows.Where(c => c.AgentUserId == InsightCounter.AllAgents && c.DepartmentId != InsightCounter.AllDepartments);
        if (f.AgentUserId is { } agent) rows = rows.Where(c => c.AgentUserId == agent);
        if (f.DepartmentId is { } department) rows = rows.Where(c => c.DepartmentId == department);
        if (f.TeamSupervisorUserId is not null)
        {
            var team = await TeamAsync(f, ct);
            rows = rows.Where(c => team.Contains(c.AgentUserId));
        }
        return rows;
    }

    private async Task<List<InsightStepCounter>> StepCountersAsync(InsightsFilter f, CancellationToken ct, bool byAgent = false)
    {
        var rows = db.InsightStepCounters.AsNoTracking().Where(c => c.Day >= f.From && c.Day <= f.To);
        if (f.ProtocolId is { } protocol) rows = rows.Where(c => c.ProtocolId == protocol);
        if (f.Version is { } version) rows = rows.Where(c => c.ProtocolVersion == version);
        if (f.Channel is { } channel) rows = rows.Where(c => c.Channel == channel);
        // Without an agent or team, the all-agents rows hold the same sums in fewer rows.
        var perAgent = byAgent || f.AgentUserId is not null || f.TeamSupervisorUserId is not null;
        rows = perAgent ? rows.Where(c => c.AgentUserId != InsightCounter.AllAgents) : rows.Where(c => c.AgentUserId == InsightCounter.AllAgents);
        if (f.AgentUserId is { } agent) rows = rows.Where(c => c.AgentUserId == agent);
        if (f.DepartmentId is { } department) rows = rows.Where(c => c.DepartmentId == department);
        if (f.TeamSupervisorUserId is not null)
        {
            var team = await TeamAsync(f, ct);
            rows = rows.Where(c => team.Contains(c.AgentUserId));
        }
        return await rows.ToListAsync(ct);
    }

    private async Task<IQueryable<ContactFactRow>> FactsAsync(InsightsFilter f, CancellationToken ct)
    {
        var rows = db.ContactFacts.AsNoTracking().Where(c => c.Day >= f.From && c.Day <= f.To);
        if (f.ProtocolId is { } protocol) rows = rows.Where(c => c.ProtocolId == protocol);
        if (f.Version is { } version) rows = rows.Where(c => c.ProtocolVersion == version);
        if (f.Channel is { } channel) rows = rows.Where(c => c.Channel == channel);
        if (f.AgentUserId is { } agent) rows = rows.Where(c => c.AgentUserId == agent);
        if (f.DepartmentId is { } department) rows = rows.Where(c => c.DepartmentId == department);
        if (f.TeamSupervisorUserId is not null)
        {
            var team = await TeamAsync(f, ct);
            rows = rows.Where(c => team.Contains(c.AgentUserId));
        }
        return rows;
    }

    /// <summary>The user ids of the people whose positions report, directly or further down, to the supervisor's position.</summary>
    private async Task<List<Guid>> TeamAsync(InsightsFilter f, CancellationToken ct)
    {
        var supervisor = f.TeamSupervisorUserId;
        var top = await db.Members.AsNoTracking().Where(m => m.UserId == supervisor).Select(m => m.PositionId).FirstOrDefaultAsync(ct);
        if (top is not { } root) return [];
        var positions = await db.Positions.AsNoTracking().Select(p => new { p.Id, p.ReportsToId }).ToListAsync(ct);
        var children = positions.Where(p => p.ReportsToId is not null).ToLookup(p => p.ReportsToId!.Value, p => p.Id);
        var below = new HashSet<Guid>();
        var queue = new Queue<Guid>([root]);
        while (queue.Count > 0)
            foreach (var child in children[queue.Dequeue()])
                if (child != root && below.Add(child)) queue.Enqueue(child);
        return await db.Members.AsNoTracking().Where(m => m.PositionId != null && below.Contains(m.PositionId.Value))
            .Select(m => m.UserId).ToListAsync(ct);
    }

    private async Task<TimeZoneInfo> ZoneAsync(CancellationToken ct)
    {
        var id = await db.Organisations.AsNoTracking().Select(o => o.TimeZoneId).SingleAsync(ct);
        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
    }

    /// <summary>The UTC instant the local day starts; a midnight skipped by a clock change starts at the first valid minute.</summary>
    private static DateTime StartOfDayUtc(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(15);
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }

    /// <summary>The main flow's steps, then each plan's, with the plan they belong to.</summary>
    private static IEnumerable<(string? PlanKey, Pauta.Core.Protocols.Step Step)> StepsOf(Pauta.Core.Protocols.Protocol protocol) =>
        protocol.Steps.Select(s => ((string?)null, s))
            .Concat(protocol.ContingencyPlans.SelectMany(p => p.Steps.Select(s => ((string?)p.Key, s))));

    // ---------------------------------------------------------------- summing

    /// <summary>The fixed numbers of the rows summed in SQL per <paramref name="key"/> (histograms and keyed counts left out).</summary>
    private static async Task<List<(TKey Key, Counts Counts)>> SumAsync<TKey>(IQueryable<InsightCounter> rows,
        System.Linq.Expressions.Expression<Func<InsightCounter, TKey>> key, CancellationToken ct)
    {
        var sums = await rows.GroupBy(key).Select(g => new Summed<TKey>(g.Key,
                g.Sum(r => r.Contacts),
                g.Sum(r => r.Closed),
                g.Sum(r => r.FirstResponseMet),
                g.Sum(r => r.FirstResponseMissed),
                g.Sum(r => r.FirstResponsePending),
                g.Sum(r => r.ResolutionMet),
                g.Sum(r => r.ResolutionMissed),
                g.Sum(r => r.ResolutionPending),
                g.Sum(r => r.Escalated),
                g.Sum(r => r.Overridden),
                g.Sum(r => r.ContingencyEntered),
                g.Sum(r => r.TakenOver),
                g.Sum(r => r.SurveyAnswers),
                g.Sum(r => r.SurveySum),
                g.Sum(r => r.SurveySumOfSquares),
                g.Sum(r => r.RecoveriesOpened),
                g.Sum(r => r.RecoveriesOnTime),
                g.Sum(r => r.RecoveriesDone)))
            .ToListAsync(ct);
        return sums.Select(s => (s.Key, s.Counts())).ToList();
    }

    /// <summary>Only the survey numbers (answers, sum, sum of squares) summed per <paramref name="key"/>: satisfaction reads no other column.</summary>
    private static async Task<List<(TKey Key, Counts Counts)>> SurveySumsAsync<TKey>(IQueryable<InsightCounter> rows,
        System.Linq.Expressions.Expression<Func<InsightCounter, TKey>> key, CancellationToken ct)
    {
        var sums = await rows.GroupBy(key).Select(g => new SurveySummed<TKey>(g.Key, g.Sum(r => r.SurveyAnswers), g.Sum(r => r.SurveySum), g.Sum(r => r.SurveySumOfSquares)))
            .ToListAsync(ct);
        return sums.Select(s => (s.Key, s.Counts())).ToList();
    }

    private sealed record SurveySummed<TKey>(TKey Key, long Answers, long Sum, long SumOfSquares)
    {
        public Counts Counts() => Pauta.Core.Insights.InsightCounts.OfNumbers([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Answers, Sum, SumOfSquares, 0, 0, 0]);
    }

    /// <summary>One group's sums, in <see cref="Counts.Contact"/> order.</summary>
    private sealed record Summed<TKey>(TKey Key, long Contacts, long Closed, long FirstResponseMet, long FirstResponseMissed, long FirstResponsePending, long ResolutionMet, long ResolutionMissed, long ResolutionPending, long Escalated, long Overridden, long ContingencyEntered, long TakenOver, long SurveyAnswers, long SurveySum, long SurveySumOfSquares, long RecoveriesOpened, long RecoveriesOnTime, long RecoveriesDone)
    {
        public Counts Counts() => Pauta.Core.Insights.InsightCounts.OfNumbers([Contacts, Closed, FirstResponseMet, FirstResponseMissed, FirstResponsePending, ResolutionMet, ResolutionMissed, ResolutionPending, Escalated, Overridden, ContingencyEntered, TakenOver, SurveyAnswers, SurveySum, SurveySumOfSquares, RecoveriesOpened, RecoveriesOnTime, RecoveriesDone]);
    }

    private static Counts SumSteps(IEnumerable<InsightStepCounter> rows)
    {
        var sum = Counts.EmptyStep();
        foreach (var row in rows) sum.AddText(row.Counts);
        return sum;
    }

    private static Attainment Share(Counts c, Counts.Contact met, Counts.Contact missed) =>
        new((int)c[met], (int)(c[met] + c[missed]));

    private static ClockSummary Clock(Counts c, Counts.Contact met, Counts.Contact missed, Counts.ContactHistogram histogram)
    {
        var h = c[histogram];
        return new ClockSummary(Share(c, met, missed), (int)c[missed], (int)h.Values.Sum(),
            DurationHistogram.Percentile(h, 0.5), DurationHistogram.Percentile(h, 0.9));
    }

    private static MeanWithInterval Satisfaction(Counts c)
    {
        var n = c[Counts.Contact.SurveyAnswers];
        var (mean, low, high) = Statistics.MeanInterval(n, c[Counts.Contact.SurveySum], c[Counts.Contact.SurveySumOfSquares]);
        return new MeanWithInterval((int)n, mean, low, high);
    }

    private static IReadOnlyList<ReasonCount> Ranked(IReadOnlyDictionary<string, long> counts) =>
        counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => new ReasonCount(p.Key, (int)p.Value)).ToList();
}
