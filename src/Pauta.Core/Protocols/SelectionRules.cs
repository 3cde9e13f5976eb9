using Pauta.Core.Organisations;

namespace Pauta.Core.Protocols;

/// <summary>
/// When a protocol must be chosen over the others whatever else matches ("any mention of chest pain goes to triage"),
/// and what it is not for. Read by the suggester: a message that meets <see cref="WinsWhen"/> ranks the protocol first;
/// one that meets <see cref="NotFor"/> takes it out of the list (or, for a winner, cancels the win).
/// </summary>
public sealed record SelectionRules
{
    /// <summary>Trigger phrases; any one of them in the message (matched as words, ignoring accents, case and typos) wins.</summary>
    public IReadOnlyList<string> WinsWhen { get; init; } = [];

    /// <summary>With <see cref="WinsWhen"/>: it wins only on these channels; <see cref="Channels.None"/> means any.</summary>
    public Channels WinsOnChannels { get; init; }

    /// <summary>Customer segments ("vip", "empresa") for which it always wins, whatever the message says.</summary>
    public IReadOnlyList<string> WinsForSegments { get; init; } = [];

    /// <summary>Phrases the protocol is not for ("solo información de horarios"); a message matching one does not get it.</summary>
    public IReadOnlyList<string> NotFor { get; init; } = [];

    public bool IsEmpty => WinsWhen.Count == 0 && WinsForSegments.Count == 0 && NotFor.Count == 0;
}
