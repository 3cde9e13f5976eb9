using Pauta.Core.Contacts;
using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using Pauta.Core.ServiceLevels;

namespace Pauta.Core.History;

/// <summary>
/// A person of the organisation who takes part in generated contacts. <paramref name="Skill"/> shifts the satisfaction
/// of the contacts they handle (about -0.5 to +0.5 of a score point), so agents differ in the reports.
/// </summary>
public sealed record HistoryPerson(Guid UserId, Role Role, Guid? DepartmentId, double Skill = 0);

/// <summary>One published version of a protocol: contacts started after <paramref name="PublishedAt"/> are pinned to it (until the next).</summary>
public sealed record HistoryVersion(int Number, Protocol Protocol, DateTimeOffset PublishedAt);

/// <summary>
/// A protocol contacts are run on. <paramref name="Weight"/> is its share of contacts; <paramref name="Reasons"/> what
/// customers say when they come (the protocol's purpose when empty); <paramref name="DepartmentId"/>, when set, is where
/// its agents mostly come from.
/// </summary>
public sealed record HistoryProtocol(
    Guid ProtocolId, IReadOnlyList<HistoryVersion> Versions, double Weight = 1, IReadOnlyList<string>? Reasons = null, Guid? DepartmentId = null);

/// <summary>What to generate and how often each thing happens. Rates are per contact unless said otherwise.</summary>
public sealed record HistoryOptions
{
    public required int Contacts { get; init; }
    /// <summary>Contacts start at or after this instant…</summary>
    public required DateTimeOffset From { get; init; }
    /// <summary>…and everything about them (closing, surveys, follow-ups done) happens before this one.</summary>
    public required DateTimeOffset To { get; init; }
    public required BusinessCalendar Calendar { get; init; }
    public required IReadOnlyList<HistoryPerson> People { get; init; }
    public required IReadOnlyList<HistoryProtocol> Protocols { get; init; }
    public int Seed { get; init; } = 1;
    /// <summary>The organisation's note fields (the standard note template).</summary>
    public IReadOnlyList<string> NoteFields { get; init; } = ["Motivo del contacto", "Necesidades identificadas", "Solución acordada", "Seguimiento"];
    /// <summary>The organisation's language: customers speak it unless they are among <see cref="OtherLanguageRate"/>.</summary>
    public string Language { get; init; } = "es";
    public double OtherLanguageRate { get; init; } = 0.05;
    /// <summary>How many distinct customers contacts come from; contacts without a known customer are <see cref="AnonymousRate"/>.</summary>
    public int Customers { get; init; } = 1000;
    public double AnonymousRate { get; init; } = 0.3;
    /// <summary>Per optional or required step: how often it is skipped (times the step's own propensity, 0.2–3).</summary>
    public double SkipRate { get; init; } = 0.05;
    public double TickRate { get; init; } = 0.8;
    public double GoBackRate { get; init; } = 0.015;
    public double PlanRate { get; init; } = 0.06;
    public double EscalateRate { get; init; } = 0.04;
    public double TakeOverRate { get; init; } = 0.55;
    public double WaitRate { get; init; } = 0.08;
    public double OverrideRate { get; init; } = 0.03;
    public double NoteRate { get; init; } = 0.85;
    public double FollowUpRate { get; init; } = 0.06;
    public double NotResolvedRate { get; init; } = 0.08;
    public double SurveyRate { get; init; } = 0.5;
    public double SurveyAnsweredRate { get; init; } = 0.6;
    /// <summary>Of follow-ups and service recoveries whose time has come: how many are done, and of those how many on time.</summary>
    public double FollowUpDoneRate { get; init; } = 0.9;
    public double RecoveryOnTimeRate { get; init; } = 0.8;
    /// <summary>Satisfaction gained per version after the first (version against version shows it).</summary>
    public double VersionEffect { get; init; } = 0.2;
    /// <summary>The longest a contact may run to, in actions, before the agent closes it with an override.</summary>
    public int MaxActions { get; init; } = 80;
}

/// <summary>One stored action: the row the app writes (its id is the action id) and the domain events it recorded.</summary>
public sealed record GeneratedAction(Guid Id, IReadOnlyList<ContactEvent> Events);

/// <summary>A survey invitation sent at the close; answered or not. Only the token's hash exists, as in the app.</summary>
public sealed record GeneratedSurvey(
    Guid Id, string TokenHash, string Language, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt,
    DateTimeOffset? AnsweredAt, int? Score, string? Comment, string? LowScoreReason);

/// <summary>A follow-up after a close, or a service recovery opened by a low score (<paramref name="ServiceRecovery"/>).</summary>
public sealed record GeneratedFollowUp(
    Guid Id, bool ServiceRecovery, Guid AssignedUserId, DateTimeOffset OpenedAt, DateTimeOffset DueAt, string Note, DateTimeOffset? DoneAt);

/// <summary>A customer a generated contact is about.</summary>
public sealed record GeneratedCustomer(Guid Id, string Name, string? Email, string? Phone, string? Language, DateTimeOffset CreatedAt);

/// <summary>
/// One generated contact, exactly as the app would have recorded it: its start, its actions in order (replaying them with
/// <see cref="GuidedRun.Replay"/> gives <see cref="State"/>, a closed contact), the survey and follow-ups after it.
/// </summary>
public sealed record GeneratedContact(
    int Index,
    Guid Id,
    Guid ProtocolId,
    int ProtocolVersion,
    Protocol Protocol,
    Channels Channel,
    string Reason,
    Guid AgentUserId,
    GeneratedCustomer? Customer,
    IReadOnlyList<GeneratedAction> Actions,
    ContactState State,
    GeneratedSurvey? Survey,
    IReadOnlyList<GeneratedFollowUp> FollowUps)
{
    public DateTimeOffset StartedAt => Actions[0].Events[0].At;

    public IEnumerable<ContactEvent> Events => Actions.SelectMany(a => a.Events);
}
