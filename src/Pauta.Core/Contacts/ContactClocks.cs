using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using Pauta.Core.ServiceLevels;

namespace Pauta.Core.Contacts;

/// <summary>A contact's two clocks replayed at one instant; a clock is null when the protocol sets no target for the channel.</summary>
public sealed record ContactClockStates(ServiceClockState? FirstResponse, ServiceClockState? Resolution)
{
    public ServiceClockState? this[ContactClock clock] => clock switch
    {
        ContactClock.FirstResponse => FirstResponse,
        ContactClock.Resolution => Resolution,
        // Issue 12 (clocks helper): the acknowledgement and answer clocks join this record.
        ContactClock.Acknowledgement or ContactClock.Answer => null,
    };

    /// <summary>The earliest instant a breach will be due, for the background service to sleep until; null when none is pending.</summary>
    public DateTimeOffset? NextBreachDueAt =>
        new[] { FirstResponse?.BreachDueAt, Resolution?.BreachDueAt }.Where(d => d is not null).Min();

    /// <summary>The clocks whose breach should be recorded at <paramref name="now"/> (with <see cref="ContactCommand.RecordBreach"/>).</summary>
    public IReadOnlyList<ContactClock> BreachesDue(DateTimeOffset now) =>
        new[] { ContactClock.FirstResponse, ContactClock.Resolution }.Where(c => this[c]?.IsBreachDue(now) == true).ToList();
}

/// <summary>The service-level clocks of a contact: which targets apply, and where the clocks stand.</summary>
public static class ContactClocks
{
    /// <summary>The protocol's service level for one channel, or null when it sets none (then the contact has no clocks).</summary>
    public static ServiceLevel? ServiceLevelFor(Protocol protocol, Channels channel) =>
        channel == Channels.None ? null : protocol.ServiceLevels.FirstOrDefault(l => (l.Channel & channel) == channel);

    /// <summary>
    /// Replays the contact's clock events at <paramref name="now"/>: remaining time, due instant, paused, breached.
    /// <paramref name="calendar"/> is the organisation's business calendar, needed when the service level counts
    /// business time; <paramref name="now"/> must not be before the contact's last event.
    /// </summary>
    public static ContactClockStates At(ContactState state, BusinessCalendar? calendar, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ServiceClockState? Replay(ContactClock clock) =>
            state.HasClock(clock) ? ServiceClockState.Replay(state.ClockEvents(clock), calendar, now) : null;
        return new ContactClockStates(Replay(ContactClock.FirstResponse), Replay(ContactClock.Resolution));
    }
}
