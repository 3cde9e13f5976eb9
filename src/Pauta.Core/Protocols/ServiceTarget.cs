using Pauta.Core.Contacts;
using Pauta.Core.Organisations;

namespace Pauta.Core.Protocols;

/// <summary>What a target's amount counts. Values are stored: never renumber.</summary>
public enum TargetUnit
{
    Seconds = 0,
    Minutes = 1,
    Hours = 2,
    /// <summary>Calendar days counted from the day after receipt, due at the end (local midnight) of the last one.</summary>
    Days = 3,
    /// <summary>
    /// Business days of the target's calendar counted from the day after receipt, due at the close of the last one: how
    /// Colombian ("días hábiles") and Spanish legal terms are counted (see <see cref="ServiceLevels.BusinessCalendar.AddBusinessDays"/>).
    /// </summary>
    BusinessDays = 4,
}

/// <summary>
/// The ways of writing inside the electronic channel. A target may name some of them so a chat answered in
/// 2 minutes and an e-mail in 4 business hours do not share one number. Stored as flags: never renumber.
/// </summary>
[Flags]
public enum SubChannels
{
    /// <summary>Not said: the contact counts as the whole channel, and a target without sub-channels applies to every one.</summary>
    None = 0,
    Chat = 1,
    Email = 2,
    /// <summary>Social messaging (Instagram, Facebook, X direct messages).</summary>
    Social = 4,
    WhatsApp = 8,
    All = Chat | Email | Social | WhatsApp,
}

public static class SubChannelList
{
    public static readonly IReadOnlyList<SubChannels> Each = [SubChannels.Chat, SubChannels.Email, SubChannels.Social, SubChannels.WhatsApp];
}

/// <summary>
/// Which calendar a target counts on. <see cref="Site"/> is the opening hours of the contact's site (the
/// organisation's hours when it has no sites); <see cref="Legal"/> is the legal calendar the site names (Monday to
/// Friday, national holidays); any other value is the key of one of the organisation's named calendars.
/// </summary>
public static class CalendarRefs
{
    public const string Site = "site";
    public const string Legal = "legal";
    public const int MaxKeyLength = 40;

    /// <summary>A key is lower-case letters, digits and hyphens, starting with a letter ("legal-co", "oficina-juridica").</summary>
    public static bool IsValidKey(string? key) =>
        !string.IsNullOrEmpty(key) && key.Length <= MaxKeyLength && key[0] is >= 'a' and <= 'z' &&
        key.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');
}

/// <summary>
/// A point before a breach at which the contact warns and, by rule, escalates: "80 % of the time used"
/// (<see cref="PercentUsed"/>) or "3 business days left" (<see cref="Left"/> in <see cref="LeftUnit"/>). Exactly one of
/// the two is set. <see cref="EscalationRuleKey"/> names the rule it fires; null fires the protocol's first rule with
/// condition <see cref="EscalationCondition.TargetAtRisk"/>, if any.
/// </summary>
public sealed record TargetWarning
{
    public int? PercentUsed { get; init; }

    public int? Left { get; init; }

    public TargetUnit LeftUnit { get; init; } = TargetUnit.BusinessDays;

    public string? EscalationRuleKey { get; init; }
}

/// <summary>
/// One service-level target of a protocol: how long one clock (<see cref="Clock"/>) may run on one channel, optionally
/// only for some of its sub-channels. A protocol has any number of targets; each is optional, so a protocol may set only
/// a resolution term. The most specific target wins: one naming the contact's sub-channel beats one naming none.
/// </summary>
public sealed record ServiceTarget
{
    /// <summary>Which clock: first response, acknowledgement of receipt, the substantive answer, or resolution.</summary>
    public required ContactClock Clock { get; init; }

    /// <summary>The channels it applies to (one or several).</summary>
    public required Channels Channel { get; init; }

    /// <summary>Inside the electronic channel, the sub-channels it applies to; <see cref="SubChannels.None"/> means all.</summary>
    public SubChannels SubChannels { get; init; }

    /// <summary>How many <see cref="Unit"/>s; at least 1.</summary>
    public required int Amount { get; init; }

    public required TargetUnit Unit { get; init; }

    /// <summary>For seconds, minutes and hours: whether only open time counts or every second. Days units ignore it.</summary>
    public ServiceClock Counting { get; init; } = ServiceClock.Business;

    /// <summary>Which calendar counts (see <see cref="CalendarRefs"/>).</summary>
    public string Calendar { get; init; } = CalendarRefs.Site;

    /// <summary>How many more <see cref="Unit"/>s the term may be extended by, once, with a recorded reason; null when it cannot be.</summary>
    public int? ExtendableBy { get; init; }

    public IReadOnlyList<TargetWarning> Warnings { get; init; } = [];

    /// <summary>The fixed length of a seconds, minutes or hours target; null for days units, which depend on the date of receipt.</summary>
    public TimeSpan? Duration => Unit switch
    {
        TargetUnit.Seconds => TimeSpan.FromSeconds(Amount),
        TargetUnit.Minutes => TimeSpan.FromMinutes(Amount),
        TargetUnit.Hours => TimeSpan.FromHours(Amount),
        TargetUnit.Days or TargetUnit.BusinessDays => null,
        _ => null,
    };

    public bool AppliesTo(Channels channel, SubChannels subChannel) =>
        channel != Channels.None && (Channel & channel) == channel &&
        (SubChannels == SubChannels.None || (subChannel != SubChannels.None && (SubChannels & subChannel) == subChannel));
}

/// <summary>The targets a protocol sets, whichever way it was written.</summary>
public static class ServiceTargets
{
    /// <summary>
    /// Every target of the protocol: its <see cref="Protocol.ServiceTargets"/>, then its format-1
    /// <see cref="Protocol.ServiceLevels"/> read as a first-response and a resolution target each (a negative number of
    /// seconds in a level meant "no target" and gives none).
    /// </summary>
    public static IReadOnlyList<ServiceTarget> Of(Protocol protocol)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        if (protocol.ServiceLevels.Count == 0) return protocol.ServiceTargets;
        var all = protocol.ServiceTargets.ToList();
        foreach (var level in protocol.ServiceLevels)
        {
            if (level.FirstResponseSeconds >= 0)
                all.Add(new ServiceTarget { Clock = ContactClock.FirstResponse, Channel = level.Channel, Amount = level.FirstResponseSeconds, Unit = TargetUnit.Seconds, Counting = level.Clock });
            if (level.ResolutionSeconds >= 0)
                all.Add(new ServiceTarget { Clock = ContactClock.Resolution, Channel = level.Channel, Amount = level.ResolutionSeconds, Unit = TargetUnit.Seconds, Counting = level.Clock });
        }
        return all;
    }

    /// <summary>
    /// The target of each clock for a contact on <paramref name="channel"/> (and <paramref name="subChannel"/>), at most one
    /// per clock: the first target naming the sub-channel, else the first naming none. Ordered by clock.
    /// </summary>
    public static IReadOnlyList<ServiceTarget> For(Protocol protocol, Channels channel, SubChannels subChannel = SubChannels.None)
    {
        var applicable = Of(protocol).Where(t => t.AppliesTo(channel, subChannel)).ToList();
        return applicable.GroupBy(t => t.Clock)
            .Select(g => g.FirstOrDefault(t => t.SubChannels != SubChannels.None) ?? g.First())
            .OrderBy(t => t.Clock)
            .ToList();
    }
}
