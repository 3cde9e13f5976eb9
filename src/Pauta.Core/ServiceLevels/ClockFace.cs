using System.Globalization;
using Pauta.Core.Protocols;

namespace Pauta.Core.ServiceLevels;

/// <summary>The words of a duration in one language: "h", "min" and "s" in Spanish and English alike.</summary>
public sealed record DurationUnits(string Day, string Hour, string Minute, string Second)
{
    public static readonly DurationUnits Short = new("d", "h", "min", "s");
}

/// <summary>
/// A time left written as a duration, never as a time of day: "15 h 05 min", "4 min 05 s", "45 s", "2 d 03 h".
/// The two largest units only, the smaller one two-digit; negative spans count as zero and seconds are truncated.
/// </summary>
public static class Durations
{
    public static string Format(TimeSpan span, DurationUnits units)
    {
        ArgumentNullException.ThrowIfNull(units);
        var total = span <= TimeSpan.Zero ? 0L : span.Ticks / TimeSpan.TicksPerSecond;
        long days = total / 86_400, hours = total % 86_400 / 3_600, minutes = total % 3_600 / 60, seconds = total % 60;
        var i = CultureInfo.InvariantCulture;
        return days > 0 ? string.Create(i, $"{days} {units.Day} {hours:00} {units.Hour}")
            : hours > 0 ? string.Create(i, $"{hours} {units.Hour} {minutes:00} {units.Minute}")
            : minutes > 0 ? string.Create(i, $"{minutes} {units.Minute} {seconds:00} {units.Second}")
            : string.Create(i, $"{seconds} {units.Second}");
    }
}

/// <summary>How far a local date is from today, for "starts at 09:00", "starts tomorrow 09:00" or "starts Monday 09:00".</summary>
public enum StartDay
{
    Today = 0,
    Tomorrow = 1,
    /// <summary>Within the coming week: the weekday names it.</summary>
    ThisWeek = 2,
    /// <summary>A week or more away (a long holiday): the date names it.</summary>
    Later = 3,
}

/// <summary>When a business-time clock starts counting again: the next opening, in the organisation's zone.</summary>
public sealed record ClockStart(DateTimeOffset At, DateOnly LocalDate, TimeOnly LocalTime, StartDay Day);

/// <summary>
/// What a running service-level clock shows at <see cref="ServiceClockState.AsOf"/>: the counted time left, the instant
/// it runs out if it keeps counting, where it stops counting first (the organisation closes) and when it starts again.
/// A business-time clock does not count while the organisation is closed, so its due instant is no countdown: across a
/// night "15 h" of wall time may be 5 minutes of business time.
/// </summary>
/// <param name="Left">Counted time left.</param>
/// <param name="RunsOutAt">The wall-clock instant it reaches zero if it keeps counting from now; null while it does not count.</param>
/// <param name="StopsAt">The organisation closes before it runs out: it stops counting at this instant.</param>
/// <param name="Starts">When it counts again: now, when closed; after <paramref name="StopsAt"/>, when that is set.</param>
public sealed record ClockFace(TimeSpan Left, DateTimeOffset? RunsOutAt, DateTimeOffset? StopsAt, ClockStart? Starts)
{
    /// <summary>
    /// For a term in days: the business (or calendar) days left on its calendar, counting the due day and not today, so
    /// the board shows "12 business days left" rather than a count of hours; null for other units.
    /// </summary>
    public int? DaysLeft { get; init; }

    /// <summary>For a term in days: the local date of the last day (the due day) on its calendar; null for other units.</summary>
    public DateOnly? DueDate { get; init; }

    /// <summary>Null for a clock that is not running now (met, breached, paused: those show their status instead).</summary>
    /// <param name="calendar">The calendar the clock counts on (see <see cref="ContactCalendars.For"/>).</param>
    public static ClockFace? Of(ServiceClockState clock, BusinessCalendar? calendar)
    {
        ArgumentNullException.ThrowIfNull(clock);
        if (clock.Status != ClockStatus.Running || clock.IsPaused) return null;
        var face = Face(clock, calendar);
        if (clock.Unit is not (TargetUnit.Days or TargetUnit.BusinessDays) || clock.DueAt is not { } dueAt) return face;
        return face with
        {
            DaysLeft = DayTerms.DaysLeft(clock.AsOf, dueAt, clock.Unit, calendar),
            DueDate = DayTerms.DueDate(dueAt, calendar?.TimeZone ?? TimeZoneInfo.Utc),
        };
    }

    private static ClockFace Face(ServiceClockState clock, BusinessCalendar? calendar)
    {
        var now = clock.AsOf;
        if (clock.Clock == ServiceClock.Calendar || calendar is null)
        {
            var left = clock.DueAt is { } due && due > now ? due - now : TimeSpan.Zero;
            return new ClockFace(left, now + left, null, null);
        }

        var remaining = clock.Remaining;
        try
        {
            if (!calendar.IsOpen(now)) return new ClockFace(remaining, null, null, StartOf(calendar.NextOpening(now), now, calendar));
            var runsOut = now + remaining;
            var closes = ClosingAfter(now, calendar);
            return closes < runsOut
                ? new ClockFace(remaining, runsOut, closes, StartOf(calendar.NextOpening(closes), now, calendar))
                : new ClockFace(remaining, runsOut, null, null);
        }
        catch (InvalidOperationException)
        {
            // No opening within the calendar's horizon: show the time left without a start.
            return new ClockFace(remaining, null, null, null);
        }
    }

    /// <summary>The first closed instant after <paramref name="open"/>, an instant the organisation is open; back-to-back periods join.</summary>
    private static DateTimeOffset ClosingAfter(DateTimeOffset open, BusinessCalendar calendar)
    {
        var end = open;
        // An organisation open around the clock never closes: after a week of joined periods, call it open.
        for (var guard = 0; guard < 64 && calendar.IsOpen(end); guard++)
        {
            var date = calendar.LocalDate(end);
            var at = end;
            var period = Enumerable.Range(-1, 3).SelectMany(d => calendar.OpenPeriodsOn(date.AddDays(d))).FirstOrDefault(p => p.Contains(at));
            if (period == default) break;
            end = period.End;
        }
        return calendar.IsOpen(end) ? DateTimeOffset.MaxValue : end;
    }

    private static ClockStart StartOf(DateTimeOffset at, DateTimeOffset now, BusinessCalendar calendar)
    {
        var local = TimeZoneInfo.ConvertTime(at, calendar.TimeZone);
        var date = DateOnly.FromDateTime(local.DateTime);
        var days = date.DayNumber - calendar.LocalDate(now).DayNumber;
        var day = days <= 0 ? StartDay.Today : days == 1 ? StartDay.Tomorrow : days < 7 ? StartDay.ThisWeek : StartDay.Later;
        return new ClockStart(at, date, TimeOnly.FromDateTime(local.DateTime), day);
    }
}
