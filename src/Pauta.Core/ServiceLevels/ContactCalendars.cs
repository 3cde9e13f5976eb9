using Pauta.Core.Protocols;

namespace Pauta.Core.ServiceLevels;

/// <summary>
/// The calendars one contact's clocks may count on: its site's opening hours, the site's legal calendar and the
/// organisation's named calendars. A target names one (see <see cref="CalendarRefs"/>); a name this set does not know
/// counts on the site's hours, so a calendar deleted after publication never stops a clock.
/// </summary>
public sealed class ContactCalendars
{
    private readonly IReadOnlyDictionary<string, BusinessCalendar> named;

    public ContactCalendars(BusinessCalendar site, BusinessCalendar? legal = null, IReadOnlyDictionary<string, BusinessCalendar>? named = null)
    {
        Site = site ?? throw new ArgumentNullException(nameof(site));
        Legal = legal;
        this.named = named ?? new Dictionary<string, BusinessCalendar>();
    }

    /// <summary>The contact's site hours (the organisation's hours when it has no sites).</summary>
    public BusinessCalendar Site { get; }

    /// <summary>The legal calendar of the contact's site, if it names one.</summary>
    public BusinessCalendar? Legal { get; }

    /// <summary>One calendar for every reference: an organisation without sites or named calendars.</summary>
    public static ContactCalendars Single(BusinessCalendar calendar) => new(calendar);

    /// <summary>The calendar <paramref name="calendarRef"/> names; the site's hours for null, "site" or an unknown key, and for "legal" without one.</summary>
    public BusinessCalendar For(string? calendarRef) => calendarRef switch
    {
        null or CalendarRefs.Site => Site,
        CalendarRefs.Legal => Legal ?? Site,
        _ => named.TryGetValue(calendarRef, out var c) ? c : Site,
    };

    /// <summary>Whether <paramref name="calendarRef"/> names a calendar this set has (for "legal": the site names one).</summary>
    public bool Knows(string? calendarRef) => calendarRef switch
    {
        null or CalendarRefs.Site => true,
        CalendarRefs.Legal => Legal is not null,
        _ => named.ContainsKey(calendarRef),
    };
}
