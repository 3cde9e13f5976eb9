using Pauta.Core.Organisations;

namespace Pauta.Core.ServiceLevels;

/// <summary>One stretch of open time between two instants in UTC: [Start, End).</summary>
public readonly record struct OpenPeriod(DateTimeOffset Start, DateTimeOffset End)
{
    public TimeSpan Length => End - Start;

    public bool Contains(DateTimeOffset instant) => Start <= instant && instant < End;
}

/// <summary>When an organisation is open, in its own time zone, and the business-time arithmetic service levels count on.</summary>
/// <remarks>
/// Every instant in and out is a <see cref="DateTimeOffset"/>; results are in UTC. Opening hours are
/// wall-clock times in the organisation's zone, so a 09:00 opening is 09:00 on the office clock in winter
/// and in summer. Around daylight-saving changes one rule resolves every wall-clock
/// time: it means <b>the first instant at which the office clock shows that time or later</b>.
/// <list type="bullet">
/// <item>A time skipped by spring-forward (02:30 in Madrid on the last Sunday of March) means the instant the
/// clock jumps (01:00 UTC, when it goes from 02:00 to 03:00). An interval lying wholly inside the gap is
/// empty that day; one straddling it loses the skipped part.</item>
/// <item>A time repeated by autumn-back (02:30 on the last Sunday of October) means its first occurrence, in
/// summer time. An interval spanning the repeated hour is open for all of it, since the office stays open
/// until the clock shows the closing time.</item>
/// </list>
/// Shifting skipped times forward by the gap instead (02:30 → 03:30) would break the order of times inside
/// the gap (02:45 would land after 03:10), so an interval could end before it starts; this rule keeps
/// later wall-clock times at later-or-equal instants.
/// </remarks>
public sealed class BusinessCalendar
{
    /// <summary>
    /// The longest run of closed days a search walks through before giving up. Holidays are finite so a
    /// search always ends, but a calendar closed for years is a data mistake worth a clear error.
    /// </summary>
    public const int MaxClosedDays = 3 * 366;

    private static readonly TimeSpan SearchWindow = TimeSpan.FromHours(18);

    private readonly OpeningInterval[][] byDay = new OpeningInterval[7][];
    private readonly HashSet<DateOnly> holidays;

    /// <summary>
    /// Builds a calendar. Intervals of the same day that overlap or touch are merged, since touching
    /// intervals (09:00-14:00, 14:00-20:00) have no real closing time between them.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// No opening interval at all (a calendar that is never open cannot place a due time, and failing
    /// here is clearer than failing on the first contact), an interval outside 00:00-24:00 or ending at
    /// or before its start, or a time zone that is not an IANA id.
    /// </exception>
    public BusinessCalendar(IEnumerable<OpeningInterval> hours, IEnumerable<DateOnly> holidays, string timeZoneId)
    {
        ArgumentNullException.ThrowIfNull(hours);
        ArgumentNullException.ThrowIfNull(holidays);
        ArgumentNullException.ThrowIfNull(timeZoneId);

        if (!OrganisationRules.IsIanaTimeZone(timeZoneId))
            throw new ArgumentException($"'{timeZoneId}' is not an IANA time zone id such as 'Europe/Madrid'.", nameof(timeZoneId));
        TimeZone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);

        var all = hours.ToList();
        foreach (var i in all)
        {
            if (!Enum.IsDefined(i.Day) || i.StartMinute < 0 || i.EndMinute > OpeningInterval.MinutesPerDay || i.EndMinute <= i.StartMinute)
                throw new ArgumentException($"Opening interval {i.Day} {i.StartMinute}-{i.EndMinute} is not a range of minutes within one day.", nameof(hours));
        }
        if (all.Count == 0)
            throw new ArgumentException("A business calendar needs at least one opening interval: with none it is never open and no due time exists.", nameof(hours));

        foreach (var day in Enum.GetValues<DayOfWeek>())
            byDay[(int)day] = Merge(all.Where(i => i.Day == day));

        Hours = byDay.SelectMany(d => d).ToList();
        this.holidays = [.. holidays];
    }

    public TimeZoneInfo TimeZone { get; }

    /// <summary>The weekly opening intervals after merging, Sunday first (as <see cref="DayOfWeek"/> counts).</summary>
    public IReadOnlyList<OpeningInterval> Hours { get; }

    /// <summary>Local dates on which the organisation is closed all day.</summary>
    public IReadOnlySet<DateOnly> Holidays => holidays;

    /// <summary>The local date in the organisation's zone at <paramref name="instant"/>.</summary>
    public DateOnly LocalDate(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime);

    /// <summary>The open periods of one local date, in order; none on a holiday or a closed weekday.</summary>
    /// <remarks>
    /// A calendar is immutable, so each date's periods are worked out once per instance (time-zone arithmetic is most of
    /// a contact's clock cost, and a web node keeps its organisation's calendar for a few seconds). At most
    /// <see cref="MaxRememberedDates"/> dates are remembered; a search walking further computes the rest each time.
    /// </remarks>
    public IReadOnlyList<OpenPeriod> OpenPeriodsOn(DateOnly date) =>
        periodsByDate.TryGetValue(date, out var known) ? known
        : periodsByDate.Count < MaxRememberedDates ? periodsByDate.GetOrAdd(date, ComputeOpenPeriods)
        : ComputeOpenPeriods(date);

    private const int MaxRememberedDates = 1024;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<DateOnly, OpenPeriod[]> periodsByDate = new();

    private OpenPeriod[] ComputeOpenPeriods(DateOnly date)
    {
        if (holidays.Contains(date)) return [];
        var periods = new List<OpenPeriod>();
        foreach (var interval in byDay[(int)date.DayOfWeek])
        {
            var start = AtWallClock(date, interval.StartMinute);
            var end = AtWallClock(date, interval.EndMinute);
            // Empty when the whole interval falls inside a spring-forward gap.
            if (end > start) periods.Add(new OpenPeriod(start, end));
        }
        return [.. periods];
    }

    /// <summary>Whether the organisation is open at <paramref name="instant"/>; a closing time itself is closed.</summary>
    public bool IsOpen(DateTimeOffset instant)
    {
        // Neighbouring dates too: around a time change a period of one date can reach past its midnight.
        var date = LocalDate(instant);
        for (var d = date.AddDays(-1); d <= date.AddDays(1); d = d.AddDays(1))
        {
            if (OpenPeriodsOn(d).Any(p => p.Contains(instant))) return true;
        }
        return false;
    }

    /// <summary>The instant itself when open, otherwise the start of the next open period.</summary>
    /// <exception cref="InvalidOperationException">No opening within <see cref="MaxClosedDays"/> days.</exception>
    public DateTimeOffset NextOpening(DateTimeOffset instant)
    {
        var period = PeriodsFrom(instant).First();
        return Later(period.Start, instant);
    }

    /// <summary>
    /// The instant at which <paramref name="duration"/> of open time has passed since <paramref name="start"/>.
    /// Closed time does not count, so a start outside opening hours counts from the next opening. A due time
    /// that lands exactly on a closing time stays there rather than moving to the next opening, so a breach
    /// is noticed when the office closes, not the next morning. A zero duration is due at the start itself.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative duration.</exception>
    /// <exception cref="InvalidOperationException">No opening within <see cref="MaxClosedDays"/> days.</exception>
    public DateTimeOffset AddBusinessTime(DateTimeOffset start, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        if (duration == TimeSpan.Zero) return start.ToUniversalTime();

        var remaining = duration;
        foreach (var period in PeriodsFrom(start))
        {
            var from = Later(period.Start, start);
            var available = period.End - from;
            if (remaining <= available) return from + remaining;
            remaining -= available;
        }
        throw new InvalidOperationException("Unreachable: the search for open time either finds it or throws.");
    }

    /// <summary>
    /// The open time between two instants. The inverse of <see cref="AddBusinessTime"/>:
    /// <c>BusinessTimeBetween(s, AddBusinessTime(s, d)) == d</c>. The other way round only holds when
    /// <paramref name="to"/> is open or a closing time, because closed instants all share one count.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="to"/> is before <paramref name="from"/>.</exception>
    public TimeSpan BusinessTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to < from)
            throw new ArgumentOutOfRangeException(nameof(to), to, $"The end must not be before the start ({from:O}).");

        var total = TimeSpan.Zero;
        foreach (var period in PeriodsFrom(from, until: to))
        {
            if (period.Start >= to) break;
            total += Earlier(period.End, to) - Later(period.Start, from);
        }
        return total;
    }

    /// <summary>
    /// The due instant of "answered within <paramref name="days"/> business days counted from the day after
    /// receipt": the closing time of the last open period on the Nth business day after the local date of
    /// <paramref name="receivedAt"/>. A business day is a local date that is not a holiday and has any
    /// opening hours, so a Saturday with morning hours counts. The hour of receipt does not matter, only
    /// its date: a message at 23:59 and one at 00:01 the same day share a due time.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="days"/> is less than one.</exception>
    /// <exception cref="InvalidOperationException">More than <see cref="MaxClosedDays"/> closed days in a row.</exception>
    public DateTimeOffset AddBusinessDays(DateTimeOffset receivedAt, int days)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);

        var date = LocalDate(receivedAt);
        var counted = 0;
        var closedInARow = 0;
        while (true)
        {
            date = date.AddDays(1);
            var periods = OpenPeriodsOn(date);
            if (periods.Count == 0)
            {
                if (++closedInARow > MaxClosedDays) throw NoOpening(receivedAt);
                continue;
            }
            closedInARow = 0;
            if (++counted == days) return periods[^1].End;
        }
    }

    /// <summary>
    /// Open periods in order that end after <paramref name="from"/>, day by day, stopping once a day starts
    /// at or after <paramref name="until"/>. Throws rather than loops when the calendar stays closed too long.
    /// </summary>
    private IEnumerable<OpenPeriod> PeriodsFrom(DateTimeOffset from, DateTimeOffset? until = null)
    {
        // The day before too: after an autumn-back at midnight the local date can step backwards.
        var date = LocalDate(from).AddDays(-1);
        var closedInARow = 0;
        while (true)
        {
            if (until is { } limit && AtWallClock(date, 0) >= limit) yield break;

            var periods = OpenPeriodsOn(date);
            foreach (var period in periods)
            {
                if (period.End > from) yield return period;
            }

            closedInARow = periods.Count == 0 ? closedInARow + 1 : 0;
            if (closedInARow > MaxClosedDays) throw NoOpening(from);
            date = date.AddDays(1);
        }
    }

    /// <summary>The first instant at which the wall clock in the zone shows the given minute of the date or later.</summary>
    private DateTimeOffset AtWallClock(DateOnly date, int minute)
    {
        var wall = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified).AddMinutes(minute);
        if (TimeZone.IsInvalidTime(wall)) return InstantClockJumpsPast(wall);
        // Of the two occurrences of a repeated time, the larger offset is the earlier instant.
        var offset = TimeZone.IsAmbiguousTime(wall) ? TimeZone.GetAmbiguousTimeOffsets(wall).Max() : TimeZone.GetUtcOffset(wall);
        return new DateTimeOffset(wall, offset).ToUniversalTime();
    }

    /// <summary>
    /// For a wall-clock time skipped by a change of offset, the instant the clock jumps over it: the earliest
    /// instant whose local time is at or after <paramref name="wall"/>. .NET does not expose transition
    /// instants directly, so a binary search over ticks finds it exactly; no zone changes offset twice within
    /// the 36-hour window searched.
    /// </summary>
    private DateTimeOffset InstantClockJumpsPast(DateTime wall)
    {
        var before = wall.Ticks - SearchWindow.Ticks;
        var after = wall.Ticks + SearchWindow.Ticks;
        while (after - before > 1)
        {
            var middle = before + (after - before) / 2;
            var local = TimeZoneInfo.ConvertTimeFromUtc(new DateTime(middle, DateTimeKind.Utc), TimeZone);
            if (local >= wall) after = middle;
            else before = middle;
        }
        return new DateTimeOffset(after, TimeSpan.Zero);
    }

    private static OpeningInterval[] Merge(IEnumerable<OpeningInterval> intervals)
    {
        var merged = new List<OpeningInterval>();
        foreach (var interval in intervals.OrderBy(i => i.StartMinute))
        {
            if (merged.Count > 0 && interval.StartMinute <= merged[^1].EndMinute)
                merged[^1] = merged[^1] with { EndMinute = Math.Max(merged[^1].EndMinute, interval.EndMinute) };
            else
                merged.Add(interval);
        }
        return [.. merged];
    }

    private InvalidOperationException NoOpening(DateTimeOffset from) =>
        new($"The calendar in {TimeZone.Id} has no open time for more than {MaxClosedDays} days in a row after {from:O}; check its holidays.");

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => (a >= b ? a : b).ToUniversalTime();

    private static DateTimeOffset Earlier(DateTimeOffset a, DateTimeOffset b) => (a <= b ? a : b).ToUniversalTime();
}
