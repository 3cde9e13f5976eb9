using Pauta.Core.Protocols;

namespace Pauta.Core.ServiceLevels;

/// <summary>One recorded fact about a service-level clock; the clock is whatever its events replay to.</summary>
/// <remarks>
/// The clock keeps no other state, so any report can be rebuilt exactly with <see cref="ServiceClockState.Replay"/>.
/// Equal timestamps are allowed; the order recorded decides (a pause and a resume in the same second).
/// </remarks>
public abstract record ClockEvent(DateTimeOffset At)
{
    /// <summary>
    /// The clock starts counting toward <paramref name="Target"/> on the given kind of clock. <paramref name="CountFrom"/>
    /// is when the request arrived, if before <paramref name="At"/>: counting starts there. <paramref name="Unit"/> is how
    /// the target was written; the target is always counted time.
    /// </summary>
    public sealed record Activated(
        DateTimeOffset At, TimeSpan Target, ServiceClock Clock, DateTimeOffset? CountFrom = null, TargetUnit Unit = TargetUnit.Seconds)
        : ClockEvent(At);

    /// <summary>The clock stops counting while the contact waits on the customer.</summary>
    public sealed record Paused(DateTimeOffset At) : ClockEvent(At);

    /// <summary>The customer is back; the clock counts again from here.</summary>
    public sealed record Resumed(DateTimeOffset At) : ClockEvent(At);

    /// <summary>What the clock measured happened (first response given, contact resolved); nothing may follow.</summary>
    public sealed record Fulfilled(DateTimeOffset At) : ClockEvent(At);

    /// <summary>The clock ran out and the breach was recorded, which is what escalates.</summary>
    public sealed record Breached(DateTimeOffset At) : ClockEvent(At);

    /// <summary>The target's warning at <paramref name="Index"/> was reached and recorded.</summary>
    public sealed record Warned(DateTimeOffset At, int Index) : ClockEvent(At);

    /// <summary>The term was extended by <paramref name="By"/> of counted time (once, with a reason kept on the contact).</summary>
    public sealed record Extended(DateTimeOffset At, TimeSpan By) : ClockEvent(At);
}
