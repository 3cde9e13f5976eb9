using Pauta.Core.Protocols;

namespace Pauta.Core.ServiceLevels;

/// <summary>
/// Terms as a protocol writes them ("15 business days", "4 hours", "80 % used", "3 business days left") turned into
/// counted time on one calendar (ADR-011 decision 3). A term in days is placed once, at activation, from the instant
/// the request arrived; afterwards the clock is counted time like any other, so pauses and extensions move it.
/// </summary>
public static class DayTerms
{
    /// <summary>What a target counts to from <paramref name="countFrom"/>: the counted time and the kind of clock it counts on.</summary>
    /// <param name="calendar">The target's calendar (its zone places the days of a <see cref="TargetUnit.Days"/> term).</param>
    public static (TimeSpan Target, ServiceClock Clock) Place(ServiceTarget target, DateTimeOffset countFrom, BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(calendar);
        var amount = Math.Max(0, target.Amount);
        switch (target.Unit)
        {
            case TargetUnit.Seconds:
            case TargetUnit.Minutes:
            case TargetUnit.Hours:
                return (Length(target.Unit, amount), target.Counting);
            case TargetUnit.Days:
            {
                var due = EndOfDay(calendar.LocalDate(countFrom).AddDays(Math.Max(1, amount)), calendar.TimeZone);
                return (due - countFrom, ServiceClock.Calendar);
            }
            case TargetUnit.BusinessDays:
            {
                var due = calendar.AddBusinessDays(countFrom, Math.Max(1, amount));
                return (calendar.BusinessTimeBetween(countFrom, due), ServiceClock.Business);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(target), target.Unit, "Unknown target unit.");
        }
    }

    /// <summary>
    /// The counted time an extension by <see cref="ServiceTarget.ExtendableBy"/> adds to a clock due at
    /// <paramref name="due"/>: for business days, the business time of that many more business days after the due day;
    /// for calendar days, that many more days to local midnight; otherwise the duration. Zero when the target is not extendable.
    /// </summary>
    public static TimeSpan Extension(ServiceTarget target, DateTimeOffset due, BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(calendar);
        if (target.ExtendableBy is not { } by || by < 1) return TimeSpan.Zero;
        switch (target.Unit)
        {
            case TargetUnit.Seconds:
            case TargetUnit.Minutes:
            case TargetUnit.Hours:
                return Length(target.Unit, by);
            case TargetUnit.Days:
                return EndOfDay(DueDate(due, calendar.TimeZone).AddDays(by), calendar.TimeZone) - due;
            case TargetUnit.BusinessDays:
            {
                // Counted from the day after the due day, to the close of the last added business day.
                var dueDay = calendar.OpenPeriodsOn(DueDate(due, calendar.TimeZone));
                var onDueDay = dueDay.Count > 0 ? dueDay[0].Start : due.AddTicks(-1);
                return calendar.BusinessTimeBetween(due, calendar.AddBusinessDays(onDueDay, by));
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(target), target.Unit, "Unknown target unit.");
        }
    }

    /// <summary>
    /// The counted time after which <paramref name="warning"/> is reached on a clock with <paramref name="target"/> counted
    /// time from <paramref name="countFrom"/> (its term as it stands, extensions included). A warning "n units left" is
    /// reached when the time left equals n units: for days, the counted time of the last n (business) days up to the due
    /// instant the term has without pauses. Null for a warning that sets neither a percentage nor a time left.
    /// </summary>
    public static TimeSpan? Threshold(
        TargetWarning warning, TimeSpan target, DateTimeOffset countFrom, ServiceClock clock, BusinessCalendar? calendar)
    {
        ArgumentNullException.ThrowIfNull(warning);
        if (warning.PercentUsed is { } percent)
            return TimeSpan.FromTicks((long)(target.Ticks * (decimal)Math.Clamp(percent, 0, 100) / 100m));
        if (warning.Left is not { } left) return null;

        TimeSpan leftTime;
        switch (warning.LeftUnit)
        {
            case TargetUnit.Seconds:
            case TargetUnit.Minutes:
            case TargetUnit.Hours:
                leftTime = Length(warning.LeftUnit, Math.Max(0, left));
                break;
            case TargetUnit.Days:
            case TargetUnit.BusinessDays:
            {
                var zone = calendar?.TimeZone ?? TimeZoneInfo.Utc;
                var business = clock == ServiceClock.Business && calendar is not null;
                var due = business ? calendar!.AddBusinessTime(countFrom, target) : (countFrom + target).ToUniversalTime();
                var dueDate = DueDate(due, zone);
                DateTimeOffset boundary;
                if (warning.LeftUnit == TargetUnit.BusinessDays && calendar is not null)
                {
                    var day = BusinessDateBefore(calendar, dueDate, Math.Max(0, left));
                    boundary = day is { } d ? calendar.OpenPeriodsOn(d)[^1].End : countFrom;
                }
                else
                {
                    boundary = EndOfDay(dueDate.AddDays(-Math.Max(0, left)), zone);
                }
                if (boundary < countFrom) boundary = countFrom;
                if (boundary > due) boundary = due;
                leftTime = business ? calendar!.BusinessTimeBetween(boundary, due) : due - boundary;
                break;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(warning), warning.LeftUnit, "Unknown target unit.");
        }
        return target > leftTime ? target - leftTime : TimeSpan.Zero;
    }

    /// <summary>
    /// Days left of a term due at <paramref name="due"/>, seen at <paramref name="now"/>: the business days of the calendar
    /// (or every day, for calendar days) from tomorrow to the due day inclusive; zero on the due day.
    /// </summary>
    public static int DaysLeft(DateTimeOffset now, DateTimeOffset due, TargetUnit unit, BusinessCalendar? calendar)
    {
        var zone = calendar?.TimeZone ?? TimeZoneInfo.Utc;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var dueDate = DueDate(due, zone);
        if (dueDate <= today) return 0;
        if (unit != TargetUnit.BusinessDays || calendar is null) return dueDate.DayNumber - today.DayNumber;
        var count = 0;
        for (var d = today.AddDays(1); d <= dueDate; d = d.AddDays(1))
            if (calendar.OpenPeriodsOn(d).Count > 0) count++;
        return count;
    }

    /// <summary>The local date a term due at <paramref name="due"/> ends on: a due at midnight or at a closing time of 24:00 belongs to the day before.</summary>
    public static DateOnly DueDate(DateTimeOffset due, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(due.AddTicks(-1), zone).DateTime);

    /// <summary>The instant a local date ends: the first instant the clock in the zone shows the next day's 00:00 or later.</summary>
    public static DateTimeOffset EndOfDay(DateOnly date, TimeZoneInfo zone)
    {
        var wall = date.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // A zone may skip midnight (Santiago de Chile springs forward at 24:00): the first valid minute after it.
        while (zone.IsInvalidTime(wall)) wall = wall.AddMinutes(1);
        var offset = zone.IsAmbiguousTime(wall) ? zone.GetAmbiguousTimeOffsets(wall).Max() : zone.GetUtcOffset(wall);
        return new DateTimeOffset(wall, offset).ToUniversalTime();
    }

    /// <summary>The business date <paramref name="n"/> business days before <paramref name="date"/> (the date itself for 0); null when the search passes a year of closed days.</summary>
    private static DateOnly? BusinessDateBefore(BusinessCalendar calendar, DateOnly date, int n)
    {
        var day = date;
        for (var counted = 0; counted < n;)
        {
            day = day.AddDays(-1);
            if (date.DayNumber - day.DayNumber > BusinessCalendar.MaxClosedDays) return null;
            if (calendar.OpenPeriodsOn(day).Count > 0) counted++;
        }
        return calendar.OpenPeriodsOn(day).Count > 0 ? day : null;
    }

    private static TimeSpan Length(TargetUnit unit, int amount) => unit switch
    {
        TargetUnit.Seconds => TimeSpan.FromSeconds(amount),
        TargetUnit.Minutes => TimeSpan.FromMinutes(amount),
        TargetUnit.Hours => TimeSpan.FromHours(amount),
        TargetUnit.Days or TargetUnit.BusinessDays => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Days have no fixed length."),
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown target unit."),
    };
}
