using Pauta.Core.Contacts;

namespace Pauta.Core.Protocols;

/// <summary>Turns a protocol of an older file format into the current one without changing what it means.</summary>
public static class ProtocolMigration
{
    /// <summary>
    /// Format 1 → 2: each service level becomes a first-response and a resolution target on the same channels and
    /// counting (a negative time meant "no target" and gives none), in the largest of seconds, minutes or hours that
    /// divides the time exactly; the levels are removed and nothing else changes. A protocol without levels comes back as
    /// it is. <see cref="ServiceTargets.For"/> gives targets of the same clock, channel, duration and counting before and
    /// after, so clocks run the same.
    /// </summary>
    public static Protocol ToFormat2(Protocol protocol)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        if (protocol.ServiceLevels.Count == 0) return protocol;
        var targets = protocol.ServiceTargets.ToList();
        foreach (var level in protocol.ServiceLevels)
        {
            if (level.FirstResponseSeconds >= 0) targets.Add(Target(ContactClock.FirstResponse, level, level.FirstResponseSeconds));
            if (level.ResolutionSeconds >= 0) targets.Add(Target(ContactClock.Resolution, level, level.ResolutionSeconds));
        }
        return protocol with { ServiceLevels = [], ServiceTargets = targets };
    }

    private static ServiceTarget Target(ContactClock clock, ServiceLevel level, int seconds)
    {
        var (amount, unit) = seconds > 0 && seconds % 3600 == 0 ? (seconds / 3600, TargetUnit.Hours)
            : seconds > 0 && seconds % 60 == 0 ? (seconds / 60, TargetUnit.Minutes)
            : (seconds, TargetUnit.Seconds);
        return new ServiceTarget { Clock = clock, Channel = level.Channel, Amount = amount, Unit = unit, Counting = level.Clock };
    }
}
