using Pauta.Core.ServiceLevels;

namespace Pauta.Web.Features.Shared;

/// <summary>The current organisation's business calendar: its opening hours, holidays and time zone.</summary>
public static class OrganisationCalendar
{
    /// <summary>
    /// Null when the organisation has set no opening hours: it has no business time, and a business-time target then
    /// counts on the calendar (see <see cref="ForClocksAsync"/>).
    /// </summary>
    public static async Task<BusinessCalendar?> LoadAsync(PautaDbContext db, CancellationToken ct)
    {
        var hours = await db.OpeningHours.AsNoTracking().Select(h => new OpeningInterval(h.Day, h.StartMinute, h.EndMinute)).ToListAsync(ct);
        if (hours.Count == 0) return null;
        var zone = await db.Organisations.Select(o => o.TimeZoneId).SingleAsync(ct);
        var holidays = await db.Holidays.AsNoTracking().Select(h => h.Date).ToListAsync(ct);
        return new BusinessCalendar(hours, holidays, zone);
    }

    /// <summary>A calendar open around the clock in UTC: business time of an organisation without opening hours.</summary>
    public static readonly BusinessCalendar AlwaysOpen = new(
        Enum.GetValues<DayOfWeek>().Select(d => new OpeningInterval(d, 0, OpeningInterval.MinutesPerDay)), [], "UTC");

    /// <summary>What the service-level clocks count on: the organisation's calendar, or always open when it has no hours.</summary>
    public static async Task<BusinessCalendar> ForClocksAsync(PautaDbContext db, CancellationToken ct) =>
        await LoadAsync(db, ct) ?? AlwaysOpen;
}
