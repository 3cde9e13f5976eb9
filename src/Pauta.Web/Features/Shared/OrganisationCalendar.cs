using Microsoft.Extensions.Caching.Memory;
using Pauta.Core.ServiceLevels;

namespace Pauta.Web.Features.Shared;

/// <summary>The current organisation's business calendar: its opening hours, holidays and time zone.</summary>
public static class OrganisationCalendar
{
    /// <summary>
    /// How long a node keeps an organisation's calendar and brand (see <see cref="ForClocksAsync(PautaDbContext, IMemoryCache, Guid, CancellationToken)"/>
    /// and <see cref="ProfileAsync"/>). Web nodes share nothing but the database, so a change made on another node reaches
    /// this one within this time; the node that saves a change forgets its copy at once (<see cref="Forget"/>).
    /// A few seconds of staleness for opening hours, holidays, time zone or brand is acceptable (docs/contacts.md).
    /// </summary>
    public static readonly TimeSpan CacheLife = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Null when the organisation has set no opening hours: it has no business time, and a business-time target then
    /// counts on the calendar (see <see cref="ForClocksAsync(PautaDbContext, CancellationToken)"/>).
    /// </summary>
    public static Task<BusinessCalendar?> LoadAsync(PautaDbContext db, CancellationToken ct) => Pauta.Data.History.OrganisationCalendars.LoadAsync(db, ct);

    /// <summary>A calendar open around the clock in UTC: business time of an organisation without opening hours.</summary>
    public static readonly BusinessCalendar AlwaysOpen = Pauta.Data.History.OrganisationCalendars.AlwaysOpen;

    /// <summary>What the service-level clocks count on: the organisation's calendar, or always open when it has no hours.</summary>
    public static Task<BusinessCalendar> ForClocksAsync(PautaDbContext db, CancellationToken ct) =>
        Pauta.Data.History.OrganisationCalendars.ForClocksAsync(db, ct);

    /// <summary>
    /// The same, kept for <see cref="CacheLife"/> per organisation: every contact action needs it, and it changes rarely.
    /// <paramref name="organisationId"/> must be the organisation <paramref name="db"/> is filtered to (the tenant's).
    /// </summary>
    public static async Task<BusinessCalendar> ForClocksAsync(PautaDbContext db, IMemoryCache cache, Guid organisationId, CancellationToken ct) =>
        (await SetAsync(db, cache, organisationId, ct)).Main;

    /// <summary>
    /// The calendars a contact at <paramref name="siteId"/> counts on (its site's hours, its legal calendar, the named
    /// calendars), from the organisation's set kept for <see cref="CacheLife"/>. <paramref name="organisationId"/> must be
    /// the organisation <paramref name="db"/> is filtered to.
    /// </summary>
    public static async Task<ContactCalendars> ContactCalendarsAsync(PautaDbContext db, IMemoryCache cache, Guid organisationId, Guid? siteId,
        CancellationToken ct) => (await SetAsync(db, cache, organisationId, ct)).For(siteId);

    /// <summary>Every calendar of the organisation, kept for <see cref="CacheLife"/>.</summary>
    public static async Task<Pauta.Data.History.OrganisationCalendarSet> SetAsync(PautaDbContext db, IMemoryCache cache, Guid organisationId,
        CancellationToken ct)
    {
        var key = (SetKey, organisationId);
        if (cache.TryGetValue(key, out Pauta.Data.History.OrganisationCalendarSet? set) && set is not null) return set;
        set = await Pauta.Data.History.OrganisationCalendars.LoadSetAsync(db, ct);
        cache.Set(key, set, CacheLife);
        return set;
    }

    /// <summary>The organisation's brand and time zone, as a contact's scripts show them; kept for <see cref="CacheLife"/>.</summary>
    public static async Task<(string BrandName, TimeZoneInfo Zone)> ProfileAsync(PautaDbContext db, IMemoryCache cache, Guid organisationId,
        CancellationToken ct)
    {
        var key = (ProfileKey, organisationId);
        if (cache.TryGetValue(key, out (string, TimeZoneInfo) profile)) return profile;
        var o = await db.Organisations.AsNoTracking().Select(o => new { o.BrandName, o.TimeZoneId }).SingleAsync(ct);
        profile = (o.BrandName, TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZoneId, out var z) ? z : TimeZoneInfo.Utc);
        cache.Set(key, profile, CacheLife);
        return profile;
    }

    /// <summary>
    /// What reading a protocol is written with: the name its scripts say for the organisation (the brand, else the
    /// name), the currency of amounts without their own, and the named calendars' names by key; kept for
    /// <see cref="CacheLife"/>. <paramref name="organisationId"/> must be the organisation <paramref name="db"/> is filtered to.
    /// </summary>
    public static async Task<OrganisationReading> ReadingAsync(PautaDbContext db, IMemoryCache cache, Guid organisationId, CancellationToken ct)
    {
        var key = (ReadingKey, organisationId);
        if (cache.TryGetValue(key, out OrganisationReading? reading) && reading is not null) return reading;
        var org = await db.Organisations.AsNoTracking().Where(o => o.Id == organisationId)
            .Select(o => new { o.BrandName, o.Name, o.Currency }).SingleOrDefaultAsync(ct);
        var calendars = await db.ServiceCalendars.AsNoTracking().Where(c => c.Kind == Pauta.Data.Entities.CalendarKind.Named)
            .Select(c => new { c.Key, c.Name }).ToListAsync(ct);
        reading = new OrganisationReading(
            org is null ? "" : string.IsNullOrWhiteSpace(org.BrandName) ? org.Name : org.BrandName,
            string.IsNullOrEmpty(org?.Currency) ? "EUR" : org.Currency,
            calendars.ToDictionary(c => c.Key, c => c.Name, StringComparer.Ordinal));
        cache.Set(key, reading, CacheLife);
        return reading;
    }

    /// <summary>Forgets this node's copies after the organisation's hours, holidays, time zone, name, brand or currency changed here.</summary>
    public static void Forget(IMemoryCache cache, Guid organisationId)
    {
        cache.Remove((ProfileKey, organisationId));
        cache.Remove((SetKey, organisationId));
        cache.Remove((ReadingKey, organisationId));
    }

    private const string ProfileKey = "organisation-profile";
    private const string SetKey = "organisation-calendar-set";
    private const string ReadingKey = "organisation-reading";
}

/// <summary>What protocols are read with (see <see cref="OrganisationCalendar.ReadingAsync"/>).</summary>
public sealed record OrganisationReading(string Brand, string Currency, IReadOnlyDictionary<string, string> CalendarNames);
