using Pauta.Core.Contacts;
using Pauta.Core.Organisations;

namespace Pauta.Core.Protocols;

/// <summary>
/// Moves service levels between the two ways a protocol file can write them. Format-1 levels (a first-response and a
/// resolution time per channel, in seconds) are read as targets (<see cref="ToFormat2"/>); targets that say nothing a
/// level cannot say are written back as levels (<see cref="ToFormat1WherePlain"/>), so a format-1 protocol saved
/// unchanged from the editor keeps its file, and its content hash, byte for byte.
/// </summary>
public static class ProtocolMigration
{
    /// <summary>The protocol with its format-1 levels turned into targets (seconds shown in the largest unit that divides them).</summary>
    public static Protocol ToFormat2(Protocol protocol)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        if (protocol.ServiceLevels.Count == 0) return protocol;
        var targets = ServiceTargets.Of(protocol).Select(t => t.Unit == TargetUnit.Seconds ? InLargestUnit(t) : t).ToList();
        return protocol with { ServiceLevels = [], ServiceTargets = targets };
    }

    /// <summary>
    /// The protocol with its targets written as format-1 levels when every one of them is plain (first response or
    /// resolution, seconds to hours, no sub-channels, the site's calendar, no extension, no warnings, at most one of each
    /// clock per channel set, one counting per channel set); otherwise unchanged.
    /// </summary>
    public static Protocol ToFormat1WherePlain(Protocol protocol)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        if (protocol.ServiceLevels.Count > 0 || protocol.ServiceTargets.Count == 0) return protocol;
        var levels = new List<(Channels Channel, int First, int Resolution, ServiceClock Clock)>();
        foreach (var t in protocol.ServiceTargets)
        {
            if (!IsPlain(t) || t.Duration is not { } d || d.TotalSeconds > int.MaxValue) return protocol;
            var i = levels.FindIndex(l => l.Channel == t.Channel);
            if (i < 0)
            {
                levels.Add((t.Channel, -1, -1, t.Counting));
                i = levels.Count - 1;
            }
            var level = levels[i];
            if (level.Clock != t.Counting) return protocol;
            var seconds = (int)d.TotalSeconds;
            switch (t.Clock)
            {
                case ContactClock.FirstResponse when level.First < 0:
                    levels[i] = level with { First = seconds };
                    break;
                case ContactClock.Resolution when level.Resolution < 0:
                    levels[i] = level with { Resolution = seconds };
                    break;
                default:
                    return protocol;
            }
        }
        // A level reads its first response before its resolution: targets in the other order would not come back the same.
        if (!ToFormat2Order(levels).SequenceEqual(protocol.ServiceTargets.Select(t => (t.Clock, t.Channel)))) return protocol;
        return protocol with
        {
            ServiceTargets = [],
            ServiceLevels = levels.Select(l => new ServiceLevel(l.Channel, l.First, l.Resolution, l.Clock)).ToList(),
        };
    }

    /// <summary>
    /// Where a finding about a format-1 level ("serviceLevels[1].resolutionSeconds") points in the targets
    /// <see cref="ToFormat2"/> makes of <paramref name="protocol"/> ("serviceTargets[3].amount"); any other path unchanged.
    /// </summary>
    public static string TargetPathOf(string path, Protocol protocol)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(protocol);
        const string prefix = "serviceLevels";
        if (!path.StartsWith(prefix, StringComparison.Ordinal)) return path;
        if (path.Length == prefix.Length) return "serviceTargets";
        var close = path.IndexOf(']', StringComparison.Ordinal);
        if (path[prefix.Length] != '[' || close < 0 || !int.TryParse(path.AsSpan(prefix.Length + 1, close - prefix.Length - 1), out var i)
            || i < 0 || i >= protocol.ServiceLevels.Count) return path;
        var rest = path[(close + 1)..].TrimStart('.');
        var levels = protocol.ServiceLevels;
        var k = levels.Take(i).Sum(l => (l.FirstResponseSeconds >= 0 ? 1 : 0) + (l.ResolutionSeconds >= 0 ? 1 : 0));
        if (rest.StartsWith("resolution", StringComparison.Ordinal) && levels[i].FirstResponseSeconds >= 0) k++;
        var field = rest switch
        {
            "" => "",
            "firstResponseSeconds" or "resolutionSeconds" => ".amount",
            "channel" => ".channel",
            "clock" => ".counting",
            _ => "",
        };
        return $"serviceTargets[{k}]{field}";
    }

    private static IEnumerable<(ContactClock, Channels)> ToFormat2Order(IEnumerable<(Channels Channel, int First, int Resolution, ServiceClock Clock)> levels)
    {
        foreach (var l in levels)
        {
            if (l.First >= 0) yield return (ContactClock.FirstResponse, l.Channel);
            if (l.Resolution >= 0) yield return (ContactClock.Resolution, l.Channel);
        }
    }

    private static bool IsPlain(ServiceTarget t) =>
        t.Clock is ContactClock.FirstResponse or ContactClock.Resolution
        && t.SubChannels == SubChannels.None && t.Calendar == CalendarRefs.Site && t.ExtendableBy is null && t.Warnings.Count == 0
        && t.Amount >= 0 && t.Unit is TargetUnit.Seconds or TargetUnit.Minutes or TargetUnit.Hours;

    /// <summary>Seconds in the largest of minutes and hours that divides them exactly ("14400 s" reads "4 h"); never days, which count differently.</summary>
    private static ServiceTarget InLargestUnit(ServiceTarget t)
    {
        if (t.Amount > 0 && t.Amount % 3600 == 0) return t with { Amount = t.Amount / 3600, Unit = TargetUnit.Hours };
        if (t.Amount > 0 && t.Amount % 60 == 0) return t with { Amount = t.Amount / 60, Unit = TargetUnit.Minutes };
        return t;
    }
}
