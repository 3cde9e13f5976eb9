namespace Pauta.Core.Protocols;

/// <summary>
/// A named scenario with its own steps (an upset customer, a system outage) that the agent can switch into
/// mid-contact and come back from. Its steps form their own flow: keys resolve within the plan, and leaving
/// the plan returns to the main flow, so its last steps need not be in the Solution stage.
/// </summary>
public sealed record ContingencyPlan
{
    public required string Key { get; init; }

    public string Name { get; init; } = "";

    /// <summary>When to switch into it, in words.</summary>
    public string Trigger { get; init; } = "";

    public IReadOnlyList<Step> Steps { get; init; } = [];

    /// <summary>The channels the plan may be used on; <see cref="Organisations.Channels.None"/> means every channel of the protocol.</summary>
    public Organisations.Channels Channels { get; init; }

    /// <summary>The shared section this plan was copied from at publication; null for the protocol's own plans.</summary>
    public string? SharedFrom { get; init; }
}
