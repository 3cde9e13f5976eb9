using Pauta.Core.Organisations;

namespace Pauta.Core.Protocols;

/// <summary>
/// One step of a flow. Where the flow goes next: a question step goes where the chosen answer says;
/// any other step goes to <see cref="Next"/> when it is set, else to the following step of the same list,
/// and the last step ends the flow. See <see cref="ProtocolFlow"/>.
/// </summary>
public sealed record Step
{
    /// <summary>The special <see cref="Next"/> value that finishes the flow.</summary>
    public const string End = "end";

    /// <summary>A stable slug ("saludo", "pedir-ticket"): flows, suggestions and contacts refer to steps by it.</summary>
    public required string Key { get; init; }

    public required Stage Stage { get; init; }

    public string Title { get; init; } = "";

    public string Instruction { get; init; } = "";

    /// <summary>Whether the agent must give a reason to skip it.</summary>
    public bool Required { get; init; } = true;

    public IReadOnlyList<string> Checklist { get; init; } = [];

    public IReadOnlyList<Script> Scripts { get; init; } = [];

    /// <summary>The question the agent answers to choose the way on; the step is a question step when it has answers.</summary>
    public string? Question { get; init; }

    public IReadOnlyList<Answer> Answers { get; init; } = [];

    /// <summary>An explicit next step key, or <see cref="End"/>; null means the following step. Ignored on question steps.</summary>
    public string? Next { get; init; }

    public IReadOnlyList<string> Images { get; init; } = [];

    public string? VideoUrl { get; init; }

    /// <summary>A real-life example of doing it well.</summary>
    public string? GoodExample { get; init; }

    /// <summary>A real-life example of doing it badly.</summary>
    public string? BadExample { get; init; }

    /// <summary>Reaching this step (completing it) fulfils this clock: an acknowledgement sent, the answer given.</summary>
    public Contacts.ContactClock? Fulfils { get; init; }

    /// <summary>A protocol this step hands the contact off to, by its title; the run offers to continue there.</summary>
    public string? Handoff { get; init; }

    /// <summary>The shared section this step was copied from at publication; null for the protocol's own steps.</summary>
    public string? SharedFrom { get; init; }

    public bool IsQuestion => Answers.Count > 0 || !string.IsNullOrWhiteSpace(Question);
}

/// <summary>
/// Text to say or write, with placeholders (see <see cref="ScriptTemplate"/>).
/// <paramref name="Channel"/> null means every channel; <paramref name="Language"/> null means the protocol's language.
/// A greeting is what opens the contact on its channel.
/// </summary>
public sealed record Script(string Text, Channels? Channel = null, bool IsGreeting = false, string? Language = null)
{
    public bool AppliesTo(Channels channel) => Channel is null || (Channel.Value & channel) == channel;
}

/// <summary>
/// One answer of a question step. <paramref name="Next"/> is a step key or <see cref="Step.End"/>; null means the
/// following step. <paramref name="EscalationRuleKey"/> names the escalation rule this answer triggers, if any.
/// </summary>
public sealed record Answer(string Label, string? Next, string? EscalationRuleKey = null);
