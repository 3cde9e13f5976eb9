namespace Pauta.Core.Protocols;

/// <summary>What makes a contact go up the line.</summary>
public enum EscalationCondition
{
    /// <summary>The customer asks for a supervisor or manager.</summary>
    CustomerAsks = 0,
    /// <summary>An amount (a refund, a discount) over <see cref="EscalationRule.Amount"/>.</summary>
    AmountOver = 1,
    /// <summary>A service level was missed.</summary>
    TargetMissed = 2,
    /// <summary>A contingency plan says so.</summary>
    PlanSays = 3,
    /// <summary>An answer of the flow says so (see <see cref="Answer.EscalationRuleKey"/>).</summary>
    FlowAnswer = 4,
    Other = 5,
    /// <summary>A service-level target reached one of its warnings ("3 business days left").</summary>
    TargetAtRisk = 6,
}

/// <summary>
/// When to pass the contact on, and to whom. <see cref="Target"/> is a role name ("Supervisor") or a position
/// name ("Jefa de tienda") of the organisation.
/// </summary>
public sealed record EscalationRule
{
    public required string Key { get; init; }

    public EscalationCondition Condition { get; init; }

    /// <summary>The condition in the author's words.</summary>
    public string Detail { get; init; } = "";

    /// <summary>The threshold of <see cref="EscalationCondition.AmountOver"/>, in <see cref="Currency"/>.</summary>
    public decimal? Amount { get; init; }

    /// <summary>ISO 4217 code of <see cref="Amount"/> ("EUR", "COP"); null means the organisation's currency.</summary>
    public string? Currency { get; init; }

    public string Target { get; init; } = "";
}
