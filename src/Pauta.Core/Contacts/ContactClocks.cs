using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using Pauta.Core.ServiceLevels;

namespace Pauta.Core.Contacts;

/// <summary>A contact's clocks replayed at one instant; a clock is absent when the protocol sets no target for it on the contact's channel.</summary>
public sealed record ContactClockStates(IReadOnlyDictionary<ContactClock, ServiceClockState> All)
{
    public ContactClockStates(ServiceClockState? firstResponse, ServiceClockState? resolution)
        : this(Build(firstResponse, resolution))
    {
    }

    private static Dictionary<ContactClock, ServiceClockState> Build(ServiceClockState? firstResponse, ServiceClockState? resolution)
    {
        var all = new Dictionary<ContactClock, ServiceClockState>();
        if (firstResponse is not null) all[ContactClock.FirstResponse] = firstResponse;
        if (resolution is not null) all[ContactClock.Resolution] = resolution;
        return all;
    }

    /// <summary>Every clock, in the order of <see cref="ContactClock"/>.</summary>
    public static readonly IReadOnlyList<ContactClock> Each =
        [ContactClock.FirstResponse, ContactClock.Acknowledgement, ContactClock.Answer, ContactClock.Resolution];

    public ServiceClockState? FirstResponse => this[ContactClock.FirstResponse];

    public ServiceClockState? Resolution => this[ContactClock.Resolution];

    public ServiceClockState? this[ContactClock clock] => All.GetValueOrDefault(clock);

    /// <summary>The earliest instant a breach will be due, for the background service to sleep until; null when none is pending.</summary>
    public DateTimeOffset? NextBreachDueAt => All.Values.Select(c => c.BreachDueAt).Where(d => d is not null).Min();

    /// <summary>The earliest instant anything is due: a breach or a warning of any clock; null when nothing is pending.</summary>
    public DateTimeOffset? NextDueAt =>
        All.Values.SelectMany(c => c.Warnings.Where(w => w.WarnedAt is null).Select(w => w.DueAt).Append(c.BreachDueAt)).Where(d => d is not null).Min();

    /// <summary>The clocks whose breach should be recorded at <paramref name="now"/> (with <see cref="ContactCommand.RecordBreach"/>).</summary>
    public IReadOnlyList<ContactClock> BreachesDue(DateTimeOffset now) =>
        Each.Where(c => this[c]?.IsBreachDue(now) == true).ToList();

    /// <summary>The warnings reached and not recorded yet at <paramref name="now"/> (with <see cref="ContactCommand.RecordWarning"/>).</summary>
    public IReadOnlyList<(ContactClock Clock, int WarningIndex)> WarningsDue(DateTimeOffset now) =>
        Each.Where(c => this[c] is not null)
            .SelectMany(c => this[c]!.Warnings.Where(w => w.IsDue(now)).Select(w => (c, w.Index)))
            .ToList();
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
    public static ContactClockStates At(ContactState state, BusinessCalendar? calendar, DateTimeOffset now) =>
        At(state, calendar is null ? null : ContactCalendars.Single(calendar), now);

    /// <summary>
    /// Replays every clock of the contact at <paramref name="now"/>, each on the calendar its target named when it was
    /// activated (see <see cref="ContactCalendars.For"/>).
    /// </summary>
    public static ContactClockStates At(ContactState state, ContactCalendars? calendars, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        var all = new Dictionary<ContactClock, ServiceClockState>();
        if (!state.IsStarted) return new ContactClockStates(all);
        var targets = ServiceTargets.For(state.Protocol, state.Channel, state.SubChannel);
        foreach (var clock in ContactClockStates.Each)
        {
            if (!state.HasClock(clock)) continue;
            var reference = state.ClockCalendar(clock);
            var warnings = targets.FirstOrDefault(t => t.Clock == clock)?.Warnings;
            all[clock] = ServiceClockState.Replay(state.ClockEvents(clock), calendars?.For(reference), now, warnings) with
            {
                Calendar = reference,
            };
        }
        return new ContactClockStates(all);
    }

    /// <summary>Open every second of every day in UTC: what a clock counts on when no calendar is given.</summary>
    public static readonly BusinessCalendar AlwaysOpen = new(
        Enum.GetValues<DayOfWeek>().Select(d => new OpeningInterval(d, 0, OpeningInterval.MinutesPerDay)), [], "Etc/UTC");
}
