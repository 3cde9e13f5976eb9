using System.Globalization;
using Pauta.Core.Common;

namespace Pauta.Core.Organisations;

/// <summary>One opening interval on one weekday, in minutes after local midnight: [Start, End).</summary>
public readonly record struct OpeningInterval(DayOfWeek Day, int StartMinute, int EndMinute)
{
    public const int MinutesPerDay = 24 * 60;

    public override string ToString() => $"{Format(StartMinute)}-{Format(EndMinute)}";

    public static string Format(int minute) =>
        string.Create(CultureInfo.InvariantCulture, $"{minute / 60:00}:{minute % 60:00}");
}

/// <summary>
/// The organisation's weekly opening hours: any number of intervals per day (a lunch break is two
/// intervals). Parsed from the text a person types, e.g. "09:00-14:00, 16:00-20:00".
/// </summary>
public static class BusinessHours
{
    public const int MaxIntervalsPerDay = 6;

    /// <summary>Monday first, as the week is shown in both languages we support.</summary>
    public static readonly IReadOnlyList<DayOfWeek> Week =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    /// <summary>
    /// Parses one day's text. Empty text means closed. Problems name <paramref name="field"/> and
    /// carry the offending piece so the person sees exactly what to fix.
    /// </summary>
    public static (IReadOnlyList<OpeningInterval> Intervals, IReadOnlyList<Problem> Problems) ParseDay(
        DayOfWeek day, string? text, string field)
    {
        var intervals = new List<OpeningInterval>();
        var problems = new List<Problem>();
        if (string.IsNullOrWhiteSpace(text)) return (intervals, problems);

        foreach (var raw in text.Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = raw.Split('-', StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || !TryParseTime(parts[0], out var start) || !TryParseTime(parts[1], out var end))
            {
                problems.Add(new Problem(field, "Hours.BadInterval", raw));
                continue;
            }
            if (end <= start)
            {
                problems.Add(new Problem(field, "Hours.EndBeforeStart", raw));
                continue;
            }
            intervals.Add(new OpeningInterval(day, start, end));
        }

        if (intervals.Count > MaxIntervalsPerDay)
            problems.Add(new Problem(field, "Hours.TooManyIntervals", MaxIntervalsPerDay));

        problems.AddRange(FindOverlaps(intervals, field));
        intervals.Sort((a, b) => a.StartMinute.CompareTo(b.StartMinute));
        return (intervals, problems);
    }

    /// <summary>Intervals of the same day that share any minute. Touching ends (14:00-14:00) do not overlap.</summary>
    public static IEnumerable<Problem> FindOverlaps(IEnumerable<OpeningInterval> intervals, string field)
    {
        foreach (var day in intervals.GroupBy(i => i.Day))
        {
            var sorted = day.OrderBy(i => i.StartMinute).ToList();
            for (var i = 1; i < sorted.Count; i++)
            {
                if (sorted[i].StartMinute < sorted[i - 1].EndMinute)
                    yield return new Problem(field, "Hours.Overlap", sorted[i - 1].ToString(), sorted[i].ToString());
            }
        }
    }

    /// <summary>Formats one day's intervals back into the text <see cref="ParseDay"/> reads.</summary>
    public static string FormatDay(IEnumerable<OpeningInterval> intervals) =>
        string.Join(", ", intervals.OrderBy(i => i.StartMinute).Select(i => i.ToString()));

    /// <summary>Accepts "9", "9:30", "09:30" and "24:00" (end of day).</summary>
    public static bool TryParseTime(string text, out int minute)
    {
        minute = 0;
        var pieces = text.Split(':');
        if (pieces.Length is < 1 or > 2) return false;
        if (!int.TryParse(pieces[0], NumberStyles.None, CultureInfo.InvariantCulture, out var h)) return false;
        var m = 0;
        if (pieces.Length == 2 && (pieces[1].Length != 2 || !int.TryParse(pieces[1], NumberStyles.None, CultureInfo.InvariantCulture, out m)))
            return false;
        if (h > 24 || m > 59 || (h == 24 && m != 0)) return false;
        minute = h * 60 + m;
        return true;
    }
}
