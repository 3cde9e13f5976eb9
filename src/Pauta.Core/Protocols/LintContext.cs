namespace Pauta.Core.Protocols;

/// <summary>
/// What the linter needs to know about the organisation, passed in as plain data so linting stays pure:
/// the role names members hold and the position names somebody holds. Names compare ignoring case and
/// surrounding spaces.
/// </summary>
public sealed record LintContext
{
    public LintContext(IEnumerable<string> roleNames, IEnumerable<string> heldPositionNames)
    {
        RoleNames = roleNames.Select(n => n.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        HeldPositionNames = heldPositionNames.Select(n => n.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        KnowsOrganisation = true;
        placeholderNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
    }

    private LintContext()
    {
        RoleNames = new HashSet<string>();
        HeldPositionNames = new HashSet<string>();
    }

    /// <summary>
    /// For linting a file with no organisation at hand (<c>pauta lint</c> offline): the rules that need the
    /// organisation's people are skipped rather than failing every escalation rule.
    /// </summary>
    public static LintContext Offline { get; } = new();

    public IReadOnlySet<string> RoleNames { get; }

    public IReadOnlySet<string> HeldPositionNames { get; }

    public bool KnowsOrganisation { get; }

    /// <summary>
    /// The keys of the organisation's calendars a target may name (besides "site" and "legal"); null when not known, as
    /// offline, where <see cref="LintCodes.TargetCalendarUnknown"/> is not checked.
    /// </summary>
    public IReadOnlySet<string>? CalendarKeys { get; init; }

    /// <summary>
    /// The titles of the organisation's protocols a step may hand off to; null when not known, as offline, where
    /// <see cref="LintCodes.HandoffUnknown"/> is not checked. Titles compare ignoring case and surrounding spaces.
    /// </summary>
    public IReadOnlySet<string>? ProtocolTitles { get; init; }

    /// <summary>This context, knowing the organisation's calendar keys and protocol titles too.</summary>
    public LintContext WithCatalogue(IEnumerable<string> calendarKeys, IEnumerable<string> protocolTitles) => this with
    {
        CalendarKeys = calendarKeys.ToHashSet(StringComparer.Ordinal),
        ProtocolTitles = protocolTitles.Select(t => t.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase),
    };

    /// <summary>Whether a hand-off to <paramref name="title"/> reaches a protocol; true when the titles are not known.</summary>
    public bool IsKnownProtocol(string title) => ProtocolTitles is null || ProtocolTitles.Contains(title.Trim());

    /// <summary>
    /// The organisation's own placeholder names (set in settings) scripts may use besides the built-ins and the
    /// protocol's fields. Null offline: such names cannot be checked, and <see cref="ProtocolLinter.NotRunOffline"/> lists them.
    /// </summary>
    public IReadOnlySet<string>? PlaceholderNames
    {
        get => placeholderNames;
        init => placeholderNames = value?.Select(n => n.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    private readonly IReadOnlySet<string>? placeholderNames;

    /// <summary>Whether somebody can receive an escalation sent to <paramref name="target"/>.</summary>
    public bool IsKnownTarget(string target) =>
        RoleNames.Contains(target.Trim()) || HeldPositionNames.Contains(target.Trim());
}
