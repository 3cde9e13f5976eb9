using System.Globalization;

namespace Pauta.Core.Organisations;

/// <summary>
/// A week of opening hours as a script says it ({horario}/{hours}): consecutive days with the same hours are joined,
/// "de lunes a viernes, de 10:00 a 14:00 y de 16:30 a 20:30; sábado, de 10:00 a 14:00". Closed days are left out.
/// </summary>
public static class HoursInWords
{
    public static string? Describe(IEnumerable<OpeningInterval> intervals, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(intervals);
        ArgumentNullException.ThrowIfNull(culture);
        var english = culture.TwoLetterISOLanguageName == "en";
        var byDay = intervals.GroupBy(i => i.Day).ToDictionary(g => g.Key, g => Ranges(g.OrderBy(i => i.StartMinute), english));

        var parts = new List<string>();
        var week = BusinessHours.Week;
        for (var d = 0; d < week.Count;)
        {
            if (!byDay.TryGetValue(week[d], out var hours)) { d++; continue; }
            var last = d;
            while (last + 1 < week.Count && byDay.TryGetValue(week[last + 1], out var next) && next == hours) last++;
            var first = culture.DateTimeFormat.GetDayName(week[d]);
            var days = last == d ? first
                : english ? $"{first} to {culture.DateTimeFormat.GetDayName(week[last])}"
                : $"de {first} a {culture.DateTimeFormat.GetDayName(week[last])}";
            parts.Add($"{days}, {hours}");
            d = last + 1;
        }
        return parts.Count == 0 ? null : string.Join("; ", parts);
    }

    private static string Ranges(IEnumerable<OpeningInterval> day, bool english)
    {
        var ranges = day.Select(i => english
            ? $"{OpeningInterval.Format(i.StartMinute)} to {OpeningInterval.Format(i.EndMinute)}"
            : $"de {OpeningInterval.Format(i.StartMinute)} a {OpeningInterval.Format(i.EndMinute)}").ToList();
        return english ? string.Join(" and ", ranges) : string.Join(" y ", ranges);
    }
}
