namespace Pauta.Core.Training;

/// <summary>Which reminder of an assignment is due. Shown in the mail's subject; stored nowhere.</summary>
public enum ReminderStage
{
    /// <summary>The due date is <see cref="ReminderPlan.DaysBefore"/> days away or less.</summary>
    DueSoon = 0,
    /// <summary>It is the due day.</summary>
    DueToday = 1,
    /// <summary>The due day has passed: the day after it, then every <see cref="ReminderPlan.OverdueEveryDays"/> days.</summary>
    Overdue = 2,
}

/// <summary>A reminder and the instant it became due.</summary>
public sealed record Reminder(ReminderStage Stage, DateTime At);

/// <summary>
/// When an open assignment reminds its person (in the app and by e-mail). The stages begin at the start of a day in the
/// organisation's time zone: <see cref="DaysBefore"/> days before the due day, the due day itself, the day after it, and
/// then every <see cref="OverdueEveryDays"/> days while it stays open. A stage is sent once: a reminder is due when the
/// latest stage that has begun began after the last reminder sent. A node that was down sends only the latest stage.
/// </summary>
public static class ReminderPlan
{
    public const int DaysBefore = 3;
    public const int OverdueEveryDays = 7;

    /// <summary>The reminder to send now, or null when the latest stage that has begun was already reminded.</summary>
    public static Reminder? Next(DateTime dueUtc, DateTime? remindedAtUtc, DateTime nowUtc, TimeZoneInfo zone)
    {
        Reminder? latest = null;
        foreach (var stage in Stages(dueUtc, zone))
        {
            if (stage.At > nowUtc) break;
            latest = stage;
        }
        return latest is not null && (remindedAtUtc is not { } r || r < latest.At) ? latest : null;
    }

    /// <summary>The first stage that begins after <paramref name="afterUtc"/>: when the worker should look again.</summary>
    public static DateTime NextAfter(DateTime dueUtc, DateTime afterUtc, TimeZoneInfo zone) =>
        Stages(dueUtc, zone).First(s => s.At > afterUtc).At;

    /// <summary>The first stage of all: when a new assignment is first looked at.</summary>
    public static DateTime First(DateTime dueUtc, TimeZoneInfo zone) => Stages(dueUtc, zone).First().At;

    /// <summary>Every stage, in order (endless: overdue stages go on while the assignment is open).</summary>
    public static IEnumerable<Reminder> Stages(DateTime dueUtc, TimeZoneInfo zone)
    {
        var dueDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(dueUtc, DateTimeKind.Utc), zone));
        yield return new Reminder(ReminderStage.DueSoon, StartOf(dueDay.AddDays(-DaysBefore), zone));
        yield return new Reminder(ReminderStage.DueToday, StartOf(dueDay, zone));
        for (var day = dueDay.AddDays(1); day < DateOnly.MaxValue.AddDays(-OverdueEveryDays); day = day.AddDays(OverdueEveryDays))
            yield return new Reminder(ReminderStage.Overdue, StartOf(day, zone));
    }

    /// <summary>
    /// The first instant of a local day. Where the clocks jump forward at midnight (Chile, Paraguay, Cuba...) the day
    /// starts at the first local time that exists; where midnight happens twice, at the first of them.
    /// </summary>
    public static DateTime StartOf(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(15);
        if (zone.IsAmbiguousTime(local))
            return DateTime.SpecifyKind(local - zone.GetAmbiguousTimeOffsets(local).Max(), DateTimeKind.Utc);
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }
}
