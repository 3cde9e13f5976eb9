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

    public IReadOnlyList<ServiceLevel> ServiceLevels { get; init; } = [];

    /// <summary>The owner re-verifies the protocol every this many days; null means no cadence.</summary>
    public int? ReviewEveryDays { get; init; }

    /// <summary>The self-assessment for training; null when the protocol has none.</summary>
    public Assessment? Assessment { get; init; }
}

/// <summary>An entry of the glossary: a piece of the business's jargon or an acronym, with its meaning.</summary>
public sealed record Term(string Name, string Definition);

/// <summary>What one role or position does in this procedure.</summary>
public sealed record Responsibility(string Position, string Duties);
