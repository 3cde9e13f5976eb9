using System.Globalization;
using Pauta.Core.Contacts;
using Pauta.Web.Features.Training;

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
    Guid ProtocolId, string Protocol, int ProtocolVersion, bool IsClosed, Pauta.Core.Contacts.ContactOutcome? Outcome, int? Score);

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
public sealed class InsightsReader(PautaDbContext db, TrainingStandings training)
{
    public const int DrillPageSize = 50;

    // Bodies land in the next commits; the signatures above are the contract the dashboards build against.
    private PautaDbContext Db => db;
    private TrainingStandings Training => training;

    public Task<InsightsSummary> SummaryAsync(InsightsFilter filter, CancellationToken ct) =>
        throw new NotImplementedException();

    /// <summary>One point per local day of the filter's range, empty days included.</summary>
    public Task<IReadOnlyList<DailyPoint>> DailyAsync(InsightsFilter filter, CancellationToken ct) =>
        throw new NotImplementedException();

    /// <summary>Adherence per step of one version; null when the protocol or version does not exist in the organisation.</summary>
    public Task<VersionAdherence?> AdherenceAsync(InsightsFilter filter, Guid protocolId, int version, CancellationToken ct) =>
        throw new NotImplementedException();

    /// <summary>Satisfaction grouped as asked; <see cref="SatisfactionBy.Branch"/> needs protocol and version in the filter.</summary>
    public Task<IReadOnlyList<SatisfactionGroup>> SatisfactionAsync(InsightsFilter filter, SatisfactionBy by, CancellationToken ct) =>
        throw new NotImplementedException();

    /// <summary>Version <paramref name="a"/> against version <paramref name="b"/>; null when the protocol does not exist.</summary>
    public Task<VersionComparison?> CompareAsync(InsightsFilter filter, Guid protocolId, int a, int b, CancellationToken ct) =>
        throw new NotImplementedException();

    /// <summary>Per published protocol (the filter's protocol, department of the people, team and agent apply).</summary>
    public Task<IReadOnlyList<TrainingCompletion>> TrainingAsync(InsightsFilter filter, CancellationToken ct) =>
        throw new NotImplementedException();

    public Task<SuggestionCounts> SuggestionsAsync(InsightsFilter filter, CancellationToken ct) =>
        throw new NotImplementedException();

    /// <summary>
    /// Service-level attainment, first response and resolution together, of the contacts (of one protocol, or all) that
    /// started in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>): the hour an attainment alert looks at.
    /// (Added by dashboards for the alerts.)
    /// </summary>
    public Task<Attainment> HourAttainmentAsync(Guid? protocolId, DateTime fromUtc, DateTime toUtc, CancellationToken ct) =>
        throw new NotImplementedException();

    /// <summary>The contacts behind one number, <see cref="DrillPageSize"/> a page (page 1 first).</summary>
    public Task<DrillPage> DrillAsync(InsightsFilter filter, InsightsDrill drill, int page, CancellationToken ct) =>
        throw new NotImplementedException();
}
