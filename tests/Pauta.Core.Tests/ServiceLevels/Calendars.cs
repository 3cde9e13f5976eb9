using System.Globalization;
using Pauta.Core.Organisations;
using Pauta.Core.ServiceLevels;

namespace Pauta.Core.Tests.ServiceLevels;

/// <summary>Calendars and instants the service-level tests share, written the way a person reads them.</summary>
internal static class Calendars
{
    public const string Madrid = "Europe/Madrid";
    public const string Bogota = "America/Bogota";

    /// <summary>Spanish holidays of 2026 used below: Epiphany (Tue), Labour Day (Fri), Hispanic Day (Mon), Immaculate Conception (Tue).</summary>
    public static readonly DateOnly[] SpanishHolidays2026 =
        [new(2026, 1, 6), new(2026, 5, 1), new(2026, 10, 12), new(2026, 12, 8)];

    /// <summary>A shop in Madrid: Mon–Fri 09:00–14:00 and 16:00–20:00, Sat 10:00–14:00, closed on Sunday and on holidays.</summary>
    public static BusinessCalendar Shop(params DateOnly[] holidays) => Build(
        Madrid,
        holidays.Length == 0 ? SpanishHolidays2026 : holidays,
        (DayOfWeek.Monday, "09:00-14:00, 16:00-20:00"),
        (DayOfWeek.Tuesday, "09:00-14:00, 16:00-20:00"),
        (DayOfWeek.Wednesday, "09:00-14:00, 16:00-20:00"),
        (DayOfWeek.Thursday, "09:00-14:00, 16:00-20:00"),
        (DayOfWeek.Friday, "09:00-14:00, 16:00-20:00"),
        (DayOfWeek.Saturday, "10:00-14:00"));

    /// <summary>An office in Bogotá (no daylight saving): Mon–Fri 08:00–17:00.</summary>
    public static BusinessCalendar BogotaOffice() => Build(
        Bogota, [],
        (DayOfWeek.Monday, "08:00-17:00"), (DayOfWeek.Tuesday, "08:00-17:00"), (DayOfWeek.Wednesday, "08:00-17:00"),
        (DayOfWeek.Thursday, "08:00-17:00"), (DayOfWeek.Friday, "08:00-17:00"));

    /// <summary>Open around the clock in Madrid, so business time is real elapsed time.</summary>
    public static BusinessCalendar AlwaysOpen(string zone = Madrid) =>
        Build(zone, [], BusinessHours.Week.Select(d => (d, "00:00-24:00")).ToArray());

    /// <summary>Only Sunday in the small hours, in Madrid: exactly where the clocks change.</summary>
    public static BusinessCalendar SundayNight(string hours) => Build(Madrid, [], (DayOfWeek.Sunday, hours));

    public static BusinessCalendar Build(string zone, IEnumerable<DateOnly> holidays, params (DayOfWeek Day, string Text)[] days)
    {
        var intervals = new List<OpeningInterval>();
        foreach (var (day, text) in days)
        {
            var (parsed, problems) = BusinessHours.ParseDay(day, text, day.ToString());
            problems.ShouldBeEmpty();
            intervals.AddRange(parsed);
        }
        return new BusinessCalendar(intervals, holidays, zone);
    }

    /// <summary>An instant written with its offset, e.g. "2026-03-02 09:00 +01:00".</summary>
    public static DateTimeOffset At(string text) =>
        DateTimeOffset.ParseExact(text, ["yyyy-MM-dd HH:mm zzz", "yyyy-MM-dd HH:mm:ss zzz"], CultureInfo.InvariantCulture, DateTimeStyles.None);

    public static TimeSpan Hours(double hours) => TimeSpan.FromHours(hours);

    public static TimeSpan Minutes(int minutes) => TimeSpan.FromMinutes(minutes);
}
