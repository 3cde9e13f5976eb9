using Pauta.Core.Calendars;
using Pauta.Data.Entities;

namespace Pauta.Web.Features.Demo;

/// <summary>The demo's sites and named calendars (issue 12): two Madrid shops, a salon, a call centre and a Bogotá shop.</summary>
public sealed partial class DemoSeeder
{
    /// <summary>(name, address, phone, zone, week as the hours form writes it Monday first, legal calendar key)</summary>
    public static readonly IReadOnlyList<(string Name, string Address, string Phone, string Zone, string[] Week, string Legal)> SiteList =
    [
        ("Tienda Centro", "Calle Mayor 12, 28013 Madrid", "+34 910 000 101", "Europe/Madrid",
            ["10:00-14:00, 16:30-20:30", "10:00-14:00, 16:30-20:30", "10:00-14:00, 16:30-20:30", "10:00-14:00, 16:30-20:30", "10:00-14:00, 16:30-20:30", "10:00-14:00", ""],
            "legal-es"),
        ("Salón Chamberí", "Calle de Fuencarral 140, 28010 Madrid", "+34 910 000 202", "Europe/Madrid",
            ["", "10:00-20:00", "10:00-20:00", "10:00-20:00", "10:00-21:00", "09:00-15:00", ""], "legal-es"),
        ("Centro de llamadas", "Calle de Alcalá 250, 28027 Madrid", "+34 900 000 303", "Europe/Madrid",
            ["09:00-21:00", "09:00-21:00", "09:00-21:00", "09:00-21:00", "09:00-21:00", "10:00-14:00", ""], "legal-es"),
        ("Tienda Bogotá Andino", "Carrera 11 # 82-71, Bogotá", "+57 601 000 0404", "America/Bogota",
            ["10:00-20:00", "10:00-20:00", "10:00-20:00", "10:00-20:00", "10:00-21:00", "10:00-21:00", "11:00-19:00"], "legal-co"),
    ];

    /// <summary>Who works where (e-mail → site); the rest serve the organisation as a whole.</summary>
    public static readonly IReadOnlyDictionary<string, string> PeopleSites = new Dictionary<string, string>
    {
        [$"sofia@{Domain}"] = "Tienda Centro", [$"diego@{Domain}"] = "Tienda Centro", [$"andres@{Domain}"] = "Tienda Centro",
        [$"tomas@{Domain}"] = "Tienda Centro", [$"marta@{Domain}"] = "Salón Chamberí", [$"valentina@{Domain}"] = "Salón Chamberí",
        [$"paula@{Domain}"] = "Salón Chamberí", [$"raul@{Domain}"] = "Centro de llamadas",
    };

    /// <summary>
    /// Named legal calendars (Monday to Friday, the whole day, national holidays of this year and the next), the sites with
    /// their own calendars, the Madrid sites also closed on the organisation's holidays, and people placed at them.
    /// One save; deterministic for a given clock.
    /// </summary>
    private async Task SeedSitesAsync(IReadOnlyList<(DateOnly Date, string Name)> madridHolidays, CancellationToken ct)
    {
        var year = time.GetUtcNow().Year;
        var legal = new Dictionary<string, ServiceCalendar>();
        foreach (var (key, name, zone, country) in new[]
                 {
                     ("legal-es", "Legal España (lunes a viernes)", "Europe/Madrid", "ES"),
                     ("legal-co", "Legal Colombia (lunes a viernes)", "America/Bogota", "CO"),
                 })
        {
            var calendar = new ServiceCalendar
                { Id = Guid.CreateVersion7(), Key = key, Name = name, TimeZoneId = zone, Kind = CalendarKind.Named, HolidayCountry = country };
            db.ServiceCalendars.Add(calendar);
            legal[key] = calendar;
            AddWeek(calendar.Id, BusinessHours.Week.Select(d => SiteRules.LegalWeekTemplate[d]).ToArray());
            foreach (var h in new[] { year, year + 1 }.SelectMany(y => NationalHolidays.For(country, y)))
                db.Holidays.Add(new Holiday { Id = Guid.CreateVersion7(), CalendarId = calendar.Id, Date = h.Date, Name = h.NameEs });
        }

        var sites = new Dictionary<string, Guid>();
        foreach (var (name, address, phone, zone, week, legalKey) in SiteList)
        {
            var calendar = new ServiceCalendar
                { Id = Guid.CreateVersion7(), Key = SiteRules.Slug(name), Name = name, TimeZoneId = zone, Kind = CalendarKind.Site };
            db.ServiceCalendars.Add(calendar);
            var site = new Site
            {
                Id = Guid.CreateVersion7(), Name = name, Address = address, Phone = phone, CalendarId = calendar.Id,
                LegalCalendarId = legal[legalKey].Id,
            };
            db.Sites.Add(site);
            sites[name] = site.Id;
            AddWeek(calendar.Id, week);
            var holidays = zone == "Europe/Madrid" ? madridHolidays
                : [.. new[] { year, year + 1 }.SelectMany(y => NationalHolidays.For("CO", y)).Select(h => (h.Date, h.NameEs))];
            foreach (var (date, holiday) in holidays)
                db.Holidays.Add(new Holiday { Id = Guid.CreateVersion7(), CalendarId = calendar.Id, Date = date, Name = holiday });
        }

        var members = await db.Members.Select(m => new { Member = m, m.User.Email }).ToListAsync(ct);
        foreach (var m in members)
            if (m.Email is { } email && PeopleSites.TryGetValue(email, out var siteName)) m.Member.SiteId = sites[siteName];
        await db.SaveChangesAsync(ct);
    }

    private void AddWeek(Guid calendarId, IReadOnlyList<string> week)
    {
        for (var i = 0; i < BusinessHours.Week.Count; i++)
        {
            var (intervals, problems) = BusinessHours.ParseDay(BusinessHours.Week[i], week[i], "demo");
            if (problems.Count > 0) throw new InvalidOperationException($"Demo hours {week[i]}: {string.Join("; ", problems)}");
            db.OpeningHours.AddRange(intervals.Select(h => new OpeningHours
                { Id = Guid.CreateVersion7(), CalendarId = calendarId, Day = h.Day, StartMinute = h.StartMinute, EndMinute = h.EndMinute }));
        }
    }
}
