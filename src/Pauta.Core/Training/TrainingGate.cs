using Pauta.Core.ServiceLevels;

namespace Pauta.Core.Training;

/// <summary>A supervisor's leave for one agent to take one contact on one protocol, as the gate sees it.</summary>
/// <param name="VersionNumber">The major version the agent had not passed when it was granted: it covers that gap only.</param>
public sealed record GateOverrideView(Guid Id, Guid AgentMemberId, Guid ProtocolId, int VersionNumber, DateTimeOffset ExpiresAt, Guid? UsedByContactId);

/// <summary>What the gate says about one person starting (or taking over) one contact on one protocol.</summary>
public abstract record GateDecision
{
    private GateDecision() { }

    /// <summary>Whether the contact may start.</summary>
    public abstract bool Lets { get; }

    /// <summary>Trained, or the gate is off: nothing to say.</summary>
    public sealed record Allowed : GateDecision { public override bool Lets => true; }

    /// <summary>Not trained and the gate warns: the contact starts, marked "not trained on vN".</summary>
    public sealed record Warned(int Version) : GateDecision
    {
        public override bool Lets => true;
        public string Code => TrainingGate.NotTrainedCode;
    }

    /// <summary>Not trained and the gate blocks, with no override to use: the contact does not start.</summary>
    public sealed record Blocked(int Version) : GateDecision
    {
        public override bool Lets => false;
        public string Code => TrainingGate.BlockedCode;
    }

    /// <summary>Not trained, the gate blocks, and a supervisor's override lets this one contact start (it is used by it).</summary>
    public sealed record AllowedByOverride(Guid OverrideId, int Version) : GateDecision { public override bool Lets => true; }
}

/// <summary>
/// The training gate (issue 10, ADR-009 §4): whether someone who has not acknowledged a protocol's current major version
/// may start or take over a contact on it. Pure: the web layer reads the standing and the overrides, asks here, and
/// consumes the override the decision names.
/// </summary>
public static class TrainingGate
{
    /// <summary>Resource key of "not trained on v{0}" (warn badge, suggestion list).</summary>
    public const string NotTrainedCode = "Training.Gate.NotTrained";
    /// <summary>Resource key and API problem code of a refused start.</summary>
    public const string BlockedCode = "Training.Gate.Blocked";

    /// <summary>
    /// Decides for <paramref name="memberId"/> on <paramref name="protocolId"/>, whose current major version is
    /// <paramref name="currentMajor"/>. An override counts only when it is this member's, for this protocol and this
    /// major version, not used and not expired at <paramref name="now"/> (expiry is exclusive); of several, the one that
    /// expires first is used (then the smallest id), so the choice never depends on the order they were read in.
    /// </summary>
    public static GateDecision Decide(GateMode mode, bool trained, int currentMajor, Guid memberId, Guid protocolId,
        IEnumerable<GateOverrideView> overrides, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        if (trained) return new GateDecision.Allowed();
        return mode switch
        {
            GateMode.Off => new GateDecision.Allowed(),
            GateMode.Warn => new GateDecision.Warned(currentMajor),
            GateMode.Block => overrides
                    .Where(o => Usable(o, memberId, protocolId, currentMajor, now))
                    .OrderBy(o => o.ExpiresAt).ThenBy(o => o.Id)
                    .FirstOrDefault() is { } usable
                ? new GateDecision.AllowedByOverride(usable.Id, currentMajor)
                : new GateDecision.Blocked(currentMajor),
        };
    }

    /// <summary>Whether <paramref name="o"/> may let <paramref name="memberId"/> start one contact on the protocol now.</summary>
    public static bool Usable(GateOverrideView o, Guid memberId, Guid protocolId, int currentMajor, DateTimeOffset now) =>
        o.AgentMemberId == memberId && o.ProtocolId == protocolId && o.VersionNumber == currentMajor &&
        o.UsedByContactId is null && now < o.ExpiresAt;

    /// <summary>
    /// When an override granted at <paramref name="now"/> lapses: at the end of the working day, i.e. the close of the last
    /// open period of today's local date when that is still ahead; granted after today's close (or on a closed day), at the
    /// end of the next working day. A leave for "this one contact" should not linger into next week.
    /// </summary>
    public static DateTimeOffset OverrideExpiry(BusinessCalendar calendar, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var date = calendar.LocalDate(now);
        for (var i = 0; i <= BusinessCalendar.MaxClosedDays; i++)
        {
            var periods = calendar.OpenPeriodsOn(date.AddDays(i));
            if (periods.Count > 0 && periods[^1].End > now) return periods[^1].End;
        }
        throw new InvalidOperationException($"No working day within {BusinessCalendar.MaxClosedDays} days of {date:yyyy-MM-dd}.");
    }

    /// <summary>The gate that applies to a protocol: its course's own when set, else the organisation's.</summary>
    public static GateMode Effective(GateMode organisation, GateMode? course) => course ?? organisation;
}
