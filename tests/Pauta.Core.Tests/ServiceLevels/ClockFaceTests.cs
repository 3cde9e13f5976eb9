using Pauta.Core.Protocols;
using Pauta.Core.ServiceLevels;
using static Pauta.Core.Tests.ServiceLevels.Calendars;

namespace Pauta.Core.Tests.ServiceLevels;

// The shop of Calendars.Shop (Mon–Fri 09–14 and 16–20, Sat 10–14, Madrid); the week of Monday 2 March 2026 at +01:00.
public class ClockFaceTests
{
    private static readonly BusinessCalendar Shop = Calendars.Shop();

    private static ServiceClockState Running(string activated, double hours, string now, ServiceClock clock = ServiceClock.Business,
        BusinessCalendar? calendar = null) =>
        ServiceClockState.Replay([new ClockEvent.Activated(At(activated), Hours(hours), clock)], calendar ?? Shop, At(now));

    [Theory]
    [InlineData(15 * 3600 + 5 * 60 + 25, "15 h 05 min")]
    [InlineData(4 * 60 + 5, "4 min 05 s")]
    [InlineData(60, "1 min 00 s")]
    [InlineData(45, "45 s")]
    [InlineData(0, "0 s")]
    [InlineData(-30, "0 s")]
    [InlineData(3600, "1 h 00 min")]
    [InlineData(2 * 86400 + 3 * 3600 + 59 * 60, "2 d 03 h")]
    public void A_duration_reads_as_a_duration_with_its_two_largest_units_never_as_a_time_of_day(int seconds, string expected) =>
        Durations.Format(TimeSpan.FromSeconds(seconds), DurationUnits.Short).ShouldBe(expected);

    [Fact]
    public void The_units_are_the_callers_and_fractions_of_a_second_are_dropped() =>
        Durations.Format(TimeSpan.FromSeconds(3725.9), new DurationUnits("días", "horas", "minutos", "segundos")).ShouldBe("1 horas 02 minutos");

    [Fact]
    public void A_business_clock_while_the_shop_is_closed_does_not_count_and_starts_at_the_next_opening()
    {
        // Activated on Saturday at 13:55 with 4 hours: 5 minutes count before closing; on Saturday night 3 h 55 min are left.
        var face = ClockFace.Of(Running("2026-03-07 13:55 +01:00", 4, "2026-03-07 21:00 +01:00"), Shop)!;
        face.Left.ShouldBe(Hours(4) - Minutes(5));
        face.RunsOutAt.ShouldBeNull("it does not count while closed");
        face.StopsAt.ShouldBeNull();
        face.Starts.ShouldBe(new ClockStart(At("2026-03-09 09:00 +01:00"), new DateOnly(2026, 3, 9), new TimeOnly(9, 0), StartDay.ThisWeek));
    }

    [Fact]
    public void Before_opening_the_start_is_today_and_on_the_evening_before_it_is_tomorrow()
    {
        ClockFace.Of(Running("2026-03-02 20:30 +01:00", 1, "2026-03-03 07:45 +01:00"), Shop)!.Starts!.Day.ShouldBe(StartDay.Today);
        ClockFace.Of(Running("2026-03-02 20:30 +01:00", 1, "2026-03-02 21:00 +01:00"), Shop)!.Starts!.Day.ShouldBe(StartDay.Tomorrow);
        // Saturday 5 December 2026 after closing: Sunday is closed, so Monday at 09:00, named by its weekday.
        ClockFace.Of(Running("2026-12-05 15:00 +01:00", 1, "2026-12-05 15:00 +01:00"), Shop)!.Starts!
            .ShouldBe(new ClockStart(At("2026-12-07 09:00 +01:00"), new DateOnly(2026, 12, 7), new TimeOnly(9, 0), StartDay.ThisWeek));
    }

    [Fact]
    public void While_open_it_counts_down_to_the_instant_it_runs_out_and_stops_at_closing_when_that_comes_first()
    {
        var morning = ClockFace.Of(Running("2026-03-02 10:00 +01:00", 1, "2026-03-02 10:20 +01:00"), Shop)!;
        morning.Left.ShouldBe(Minutes(40));
        morning.RunsOutAt.ShouldBe(At("2026-03-02 11:00 +01:00"));
        morning.StopsAt.ShouldBeNull();
        morning.Starts.ShouldBeNull();

        // Friday 19:55 with 20 minutes left: it stops at 20:00 and goes on on Saturday at 10:00, not "14 h 20 min" of wall time.
        var evening = ClockFace.Of(Running("2026-03-06 19:35 +01:00", 40.0 / 60, "2026-03-06 19:55 +01:00"), Shop)!;
        evening.Left.ShouldBe(Minutes(20));
        evening.RunsOutAt.ShouldBe(At("2026-03-06 20:15 +01:00"));
        evening.StopsAt.ShouldBe(At("2026-03-06 20:00 +01:00"));
        evening.Starts.ShouldBe(new ClockStart(At("2026-03-07 10:00 +01:00"), new DateOnly(2026, 3, 7), new TimeOnly(10, 0), StartDay.Tomorrow));
    }

    [Fact]
    public void A_calendar_clock_and_a_shop_open_around_the_clock_count_straight_to_the_due_instant()
    {
        var calendarClock = ClockFace.Of(Running("2026-03-07 21:00 +01:00", 2, "2026-03-07 21:30 +01:00", ServiceClock.Calendar), Shop)!;
        calendarClock.RunsOutAt.ShouldBe(At("2026-03-07 23:00 +01:00"));
        calendarClock.Starts.ShouldBeNull();

        var always = ClockFace.Of(Running("2026-03-07 23:00 +01:00", 3, "2026-03-07 23:30 +01:00", calendar: AlwaysOpen()), AlwaysOpen())!;
        always.RunsOutAt.ShouldBe(At("2026-03-08 02:00 +01:00"));
        always.StopsAt.ShouldBeNull("back-to-back days join: midnight is no closing");
    }

    [Fact]
    public void A_clock_that_is_not_running_has_no_face()
    {
        var paused = ServiceClockState.Replay(
            [new ClockEvent.Activated(At("2026-03-02 10:00 +01:00"), Hours(1), ServiceClock.Business), new ClockEvent.Paused(At("2026-03-02 10:10 +01:00"))],
            Shop, At("2026-03-02 10:20 +01:00"));
        ClockFace.Of(paused, Shop).ShouldBeNull();
        var met = ServiceClockState.Replay(
            [new ClockEvent.Activated(At("2026-03-02 10:00 +01:00"), Hours(1), ServiceClock.Business), new ClockEvent.Fulfilled(At("2026-03-02 10:10 +01:00"))],
            Shop, At("2026-03-02 10:20 +01:00"));
        ClockFace.Of(met, Shop).ShouldBeNull();
    }
}
