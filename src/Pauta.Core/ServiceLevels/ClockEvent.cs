using Pauta.Core.Protocols;

namespace Pauta.Core.ServiceLevels;

/// <summary>One recorded fact about a service-level clock; the clock is whatever its events replay to.</summary>
/// <remarks>
/// The clock keeps no other state, so any report can be rebuilt exactly with <see cref="ServiceClockState.Replay"/>.
/// Equal timestamps are allowed; the order recorded decides (a pause and a resume in the same second).
/// </remarks>
public abstract record ClockEvent(DateTimeOffset At)
{
    /// <summary>The clock starts counting toward <paramref name="Target"/> on the given kind of clock.</summary>
    public sealed record Activated(DateTimeOffset At, TimeSpan Target, ServiceClock Clock) : ClockEvent(At);

    /// <summary>The clock stops counting while the contact waits on the customer.</summary>
    public sealed record Paused(DateTimeOffset At) : ClockEvent(At);

    /// <summary>The customer is back; the clock counts again from here.</summary>
    public sealed record Resumed(DateTimeOffset At) : ClockEvent(At);

    /// <summary>What the clock measured happened (first response given, contact resolved); nothing may follow.</summary>
    public sealed record Fulfilled(DateTimeOffset At) : ClockEvent(At);

    /// <summary>The clock ran out and the breach was recorded, which is what escalates.</summary>
    public sealed record Breached(DateTimeOffset At) : ClockEvent(At);
}
