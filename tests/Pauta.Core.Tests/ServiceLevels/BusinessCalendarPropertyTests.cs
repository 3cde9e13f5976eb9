using Pauta.Core.ServiceLevels;
using static Pauta.Core.Tests.ServiceLevels.Calendars;

namespace Pauta.Core.Tests.ServiceLevels;

// Laws that must hold for any start and duration. Seeds are fixed so a failure reproduces; the starts
// cluster around the 2026 daylight-saving changes, where mistakes hide.
public class BusinessCalendarPropertyTests
{
    internal const int Cases = 300;

    public static TheoryData<string> CalendarNames => ["shop", "bogota", "always", "sunday night", "sunday night inside the change"];

    private static BusinessCalendar Named(string name) => name switch
    {
        "shop" => Shop(),
        "bogota" => BogotaOffice(),
        "always" => AlwaysOpen(),
        "sunday night" => SundayNight("01:00-04:00"),
        "sunday night inside the change" => SundayNight("02:15-02:45, 03:00-03:20"),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static readonly DateTimeOffset[] Windows =
    [
        At("2026-01-01 00:00 +00:00"),
        At("2026-03-22 00:00 +00:00"),
        At("2026-10-18 00:00 +00:00"),
    ];

    /// <summary>A start anywhere in a fortnight around a change (or in January), down to the tick.</summary>
    internal static DateTimeOffset RandomInstant(Random random) =>
        Windows[random.Next(Windows.Length)].AddTicks(random.NextInt64(TimeSpan.FromDays(14).Ticks));

    internal static TimeSpan RandomDuration(Random random) =>
        random.Next(4) switch
        {
            0 => TimeSpan.FromTicks(random.NextInt64(1, TimeSpan.TicksPerSecond)),   // tiny
            1 => TimeSpan.FromMinutes(random.Next(1, 600)),                          // whole minutes
            _ => TimeSpan.FromTicks(random.NextInt64(1, TimeSpan.FromHours(40).Ticks)),
        };

    [Theory]
    [MemberData(nameof(CalendarNames))]
    public void The_business_time_between_a_start_and_its_due_instant_is_the_duration_added(string name)
    {
        var calendar = Named(name);
        var random = new Random(20260329);
        for (var i = 0; i < Cases; i++)
        {
            var start = RandomInstant(random);
            var duration = RandomDuration(random);

            var due = calendar.AddBusinessTime(start, duration);

            calendar.BusinessTimeBetween(start, due).ShouldBe(duration, $"start {start:O}, duration {duration}");
        }
    }

    [Theory]
    [MemberData(nameof(CalendarNames))]
    public void A_due_instant_is_reached_at_the_end_of_open_time_so_the_tick_before_it_is_open(string name)
    {
        var calendar = Named(name);
        var random = new Random(20261025);
        for (var i = 0; i < Cases; i++)
        {
            var start = RandomInstant(random);
            var due = calendar.AddBusinessTime(start, RandomDuration(random));

            calendar.IsOpen(due.AddTicks(-1)).ShouldBeTrue($"start {start:O}, due {due:O}");
        }
    }

    [Theory]
    [MemberData(nameof(CalendarNames))]
    public void Adding_business_time_in_two_steps_lands_where_adding_it_at_once_does(string name)
    {
        var calendar = Named(name);
        var random = new Random(7);
        for (var i = 0; i < Cases; i++)
        {
            var start = RandomInstant(random);
            var first = RandomDuration(random);
            var second = RandomDuration(random);

            calendar.AddBusinessTime(calendar.AddBusinessTime(start, first), second)
                .ShouldBe(calendar.AddBusinessTime(start, first + second), $"start {start:O}, {first} then {second}");
        }
    }

    [Theory]
    [MemberData(nameof(CalendarNames))]
    public void More_business_time_is_never_due_earlier(string name)
    {
        var calendar = Named(name);
        var random = new Random(11);
        for (var i = 0; i < Cases; i++)
        {
            var start = RandomInstant(random);
            var shorter = RandomDuration(random);
            var longer = shorter + RandomDuration(random);

            calendar.AddBusinessTime(start, longer).ShouldBeGreaterThan(calendar.AddBusinessTime(start, shorter), $"start {start:O}");
        }
    }

    [Theory]
    [MemberData(nameof(CalendarNames))]
    public void An_instant_is_open_exactly_when_the_tick_after_it_counts(string name)
    {
        var calendar = Named(name);
        var random = new Random(3);
        for (var i = 0; i < Cases; i++)
        {
            var instant = RandomInstant(random);
            var counted = calendar.BusinessTimeBetween(instant, instant.AddTicks(1)) == TimeSpan.FromTicks(1);

            calendar.IsOpen(instant).ShouldBe(counted, $"at {instant:O}");
        }
    }

    [Theory]
    [MemberData(nameof(CalendarNames))]
    public void Business_time_between_adds_up_over_consecutive_stretches(string name)
    {
        var calendar = Named(name);
        var random = new Random(5);
        for (var i = 0; i < Cases; i++)
        {
            var a = RandomInstant(random);
            var b = a.AddTicks(random.NextInt64(TimeSpan.FromDays(3).Ticks));
            var c = b.AddTicks(random.NextInt64(TimeSpan.FromDays(3).Ticks));

            (calendar.BusinessTimeBetween(a, b) + calendar.BusinessTimeBetween(b, c))
                .ShouldBe(calendar.BusinessTimeBetween(a, c), $"{a:O} / {b:O} / {c:O}");
        }
    }

    [Theory]
    [MemberData(nameof(CalendarNames))]
    public void The_next_opening_is_open_and_nothing_before_it_counts(string name)
    {
        var calendar = Named(name);
        var random = new Random(13);
        for (var i = 0; i < Cases; i++)
        {
            var instant = RandomInstant(random);
            var opening = calendar.NextOpening(instant);

            calendar.IsOpen(opening).ShouldBeTrue($"from {instant:O}");
            calendar.BusinessTimeBetween(instant, opening).ShouldBe(TimeSpan.Zero, $"from {instant:O}");
        }
    }
}
