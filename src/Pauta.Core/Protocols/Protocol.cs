using Pauta.Core.Organisations;

namespace Pauta.Core.Protocols;

/// <summary>
/// One protocol as its author wrote it: the manual, the course and the script in one value.
/// Every part may be empty while it is a draft; <see cref="ProtocolLinter"/> says which parts must be
/// filled before it can be published. Lists keep the author's order, which is meaningful for steps.
/// </summary>
public sealed record Protocol
{
    public string Title { get; init; } = "";

    /// <summary>The name of the department it belongs to.</summary>
    public string Department { get; init; } = "";

    /// <summary>Why the protocol exists.</summary>
    public string Purpose { get; init; } = "";

    public string Scope { get; init; } = "";

    /// <summary>The position or person who keeps the protocol up to date and re-verifies it.</summary>
    public string Owner { get; init; } = "";

    /// <summary>"es" or "en": the language of the text, which picks the readability formula and the preview values.</summary>
    public string Language { get; init; } = "es";

    public IReadOnlyList<Term> Terms { get; init; } = [];

    public IReadOnlyList<Responsibility> Responsibilities { get; init; } = [];

    /// <summary>The channels the protocol applies to; each needs a greeting and a service level.</summary>
    public Channels Channels { get; init; }

    /// <summary>The main flow, in order. The first step is where every contact starts.</summary>
    public IReadOnlyList<Step> Steps { get; init; } = [];

    public IReadOnlyList<ContingencyPlan> ContingencyPlans { get; init; } = [];

    public IReadOnlyList<EscalationRule> EscalationRules { get; init; } = [];

    /// <summary>
    /// Format-1 service levels (one first-response and one resolution time per channel, in seconds). Files of format 1 keep
    /// them so they round-trip byte for byte; read every target through <see cref="Protocols.ServiceTargets.Of"/>.
    /// </summary>
    public IReadOnlyList<ServiceLevel> ServiceLevels { get; init; } = [];

    /// <summary>Format-2 service-level targets: several per protocol, per channel and sub-channel, in any unit, on a named calendar.</summary>
    public IReadOnlyList<ServiceTarget> ServiceTargets { get; init; } = [];

    /// <summary>What the agent fills during the run and scripts use as placeholders (<c>{cita}</c>, <c>{radicado}</c>).</summary>
    public IReadOnlyList<ContactField> Fields { get; init; } = [];

    /// <summary>When this protocol must be chosen over others, and what it is not for.</summary>
    public SelectionRules Selection { get; init; } = new();

    /// <summary>
    /// Keys of the organisation's shared sections this protocol includes (a common greeting, a common closing, common
    /// plans). Their steps and plans are copied in when a version is published and carry <see cref="Step.SharedFrom"/>.
    /// </summary>
    public IReadOnlyList<string> SharedSections { get; init; } = [];

    /// <summary>Whether this document is a protocol or a shared section other protocols include (never run or suggested by itself).</summary>
    public ProtocolKind Kind { get; init; }

    /// <summary>The owner re-verifies the protocol every this many days; null means no cadence.</summary>
    public int? ReviewEveryDays { get; init; }

    /// <summary>The self-assessment for training; null when the protocol has none.</summary>
    public Assessment? Assessment { get; init; }
}

/// <summary>What a protocol document is. Values are stored: never renumber.</summary>
public enum ProtocolKind
{
    Protocol = 0,
    /// <summary>Organisation-wide steps and plans other protocols include by reference, edited once.</summary>
    SharedSection = 1,
}

/// <summary>An entry of the glossary: a piece of the business's jargon or an acronym, with its meaning.</summary>
public sealed record Term(string Name, string Definition);

/// <summary>What one role or position does in this procedure.</summary>
public sealed record Responsibility(string Position, string Duties);
