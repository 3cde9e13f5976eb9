using Pauta.Core.Organisations;
using Pauta.Core.ServiceLevels;
using static Pauta.Core.Tests.ServiceLevels.Calendars;

namespace Pauta.Core.Tests.ServiceLevels;

// The shop: Mon–Fri 09:00–14:00 and 16:00–20:00, Sat 10:00–14:00, Madrid; holidays Tue 6 Jan, Fri 1 May,
// Mon 12 Oct, Tue 8 Dec 2026. Madrid is +01:00 in winter and +02:00 from 29 March to 25 October 2026.
public class BusinessCalendarTests
{
    private static readonly BusinessCalendar Shop = Calendars.Shop();

    [Theory]
    [InlineData("2026-03-02 09:00 +01:00", true)]  // Monday, the opening minute itself
    [InlineData("2026-03-02 08:59 +01:00", false)]
    [InlineData("2026-03-02 13:59 +01:00", true)]
    [InlineData("2026-03-02 14:00 +01:00", false)] // a closing time is already closed
    [InlineData("2026-03-02 15:00 +01:00", false)] // lunch
    [InlineData("2026-03-02 16:00 +01:00", true)]
    [InlineData("2026-03-02 20:00 +01:00", false)]
    [InlineData("2026-03-02 23:30 +01:00", false)] // night
    [InlineData("2026-03-07 11:00 +01:00", true)]  // Saturday morning
    [InlineData("2026-03-07 16:30 +01:00", false)] // Saturday afternoon
    [InlineData("2026-03-08 12:00 +01:00", false)] // Sunday
    [InlineData("2026-01-06 10:00 +01:00", false)] // Epiphany, a Tuesday
    [InlineData("2026-03-02 08:00 +00:00", true)]  // 09:00 in Madrid, written in UTC
    public void Is_open_follows_the_weekly_hours_and_holidays_in_the_local_time_zone(string instant, bool open)
    {
        Shop.IsOpen(At(instant)).ShouldBe(open);
    }

    [Fact]
    public void The_last_tick_before_closing_is_still_open()
    {
        Shop.IsOpen(At("2026-03-02 14:00 +01:00").AddTicks(-1)).ShouldBeTrue();
    }

    [Theory]
    [InlineData("2026-03-02 10:15 +01:00", "2026-03-02 10:15 +01:00")] // open: the instant itself
    [InlineData("2026-03-02 07:00 +01:00", "2026-03-02 09:00 +01:00")] // before opening
    [InlineData("2026-03-02 15:00 +01:00", "2026-03-02 16:00 +01:00")] // lunch
    [InlineData("2026-03-02 14:00 +01:00", "2026-03-02 16:00 +01:00")] // exactly at a closing time
    [InlineData("2026-03-06 21:00 +01:00", "2026-03-07 10:00 +01:00")] // Friday night to Saturday
    [InlineData("2026-03-07 15:00 +01:00", "2026-03-09 09:00 +01:00")] // Saturday afternoon to Monday
    [InlineData("2026-01-05 21:00 +01:00", "2026-01-07 09:00 +01:00")] // eve of a holiday
    [InlineData("2026-03-28 15:00 +01:00", "2026-03-30 09:00 +02:00")] // across the spring change
    [InlineData("2026-10-24 15:00 +02:00", "2026-10-26 09:00 +01:00")] // across the autumn change
    public void Next_opening_is_the_instant_itself_when_open_or_the_start_of_the_next_open_period(string instant, string expected)
    {
        Shop.NextOpening(At(instant)).ShouldBe(At(expected));
    }

    [Fact]
    public void Results_come_back_in_utc_whatever_offset_the_input_had()
    {
        var opening = Shop.NextOpening(At("2026-03-02 07:00 +01:00"));

        opening.Offset.ShouldBe(TimeSpan.Zero);
        opening.ShouldBe(At("2026-03-02 08:00 +00:00"));
    }

    [Theory]
    [InlineData("2026-03-02 09:30 +01:00", 120, "2026-03-02 11:30 +01:00")] // inside one interval
    [InlineData("2026-03-02 13:00 +01:00", 120, "2026-03-02 17:00 +01:00")] // across the lunch break
    [InlineData("2026-03-02 19:00 +01:00", 120, "2026-03-03 10:00 +01:00")] // across a night
    [InlineData("2026-03-06 19:00 +01:00", 360, "2026-03-09 10:00 +01:00")] // Fri 1 h + Sat 4 h + Mon 1 h
    [InlineData("2026-01-05 19:30 +01:00", 60, "2026-01-07 09:30 +01:00")]  // across Epiphany
    [InlineData("2026-04-30 19:00 +02:00", 120, "2026-05-02 11:00 +02:00")] // across Labour Day to Saturday
    [InlineData("2026-10-09 19:00 +02:00", 420, "2026-10-13 11:00 +02:00")] // Fri, Sat, Sun and the Monday holiday
    public void Business_time_counts_only_open_time(string start, int minutes, string due)
    {
        Shop.AddBusinessTime(At(start), Minutes(minutes)).ShouldBe(At(due));
    }

    [Theory]
    [InlineData("2026-03-02 07:00 +01:00", 60, "2026-03-02 10:00 +01:00")] // before opening
    [InlineData("2026-03-02 15:00 +01:00", 30, "2026-03-02 16:30 +01:00")] // during lunch
    [InlineData("2026-03-02 14:00 +01:00", 30, "2026-03-02 16:30 +01:00")] // exactly at a closing time
    [InlineData("2026-01-06 10:00 +01:00", 60, "2026-01-07 10:00 +01:00")] // on a holiday
    [InlineData("2026-03-03 02:00 +01:00", 240, "2026-03-03 13:00 +01:00")] // at night
    [InlineData("2026-03-08 12:00 +01:00", 60, "2026-03-09 10:00 +01:00")] // on a Sunday
    [InlineData("2026-03-07 18:00 +01:00", 60, "2026-03-09 10:00 +01:00")] // Saturday after closing
    public void Receipt_outside_opening_hours_starts_counting_at_the_next_opening(string start, int minutes, string due)
    {
        Shop.AddBusinessTime(At(start), Minutes(minutes)).ShouldBe(At(due));
    }

    [Theory]
    [InlineData("2026-03-02 12:00 +01:00", 120, "2026-03-02 14:00 +01:00")] // lunch closing, not 16:00
    [InlineData("2026-03-02 19:00 +01:00", 60, "2026-03-02 20:00 +01:00")]  // evening closing, not Tuesday 09:00
    [InlineData("2026-03-07 10:00 +01:00", 240, "2026-03-07 14:00 +01:00")] // Saturday closing, not Monday
    [InlineData("2026-03-02 07:00 +01:00", 300, "2026-03-02 14:00 +01:00")] // closed start, due on a closing time
    public void A_due_time_landing_exactly_on_a_closing_time_stays_at_the_closing_time(string start, int minutes, string due)
    {
        Shop.AddBusinessTime(At(start), Minutes(minutes)).ShouldBe(At(due));
    }

    [Fact]
    public void A_full_week_of_open_time_from_monday_opening_ends_at_saturday_closing()
    {
        // Five days of 9 hours and a Saturday of 4.
        Shop.AddBusinessTime(At("2026-03-02 09:00 +01:00"), Hours(49)).ShouldBe(At("2026-03-07 14:00 +01:00"));
    }

    [Fact]
    public void Zero_business_time_is_due_at_the_start_itself_even_when_closed()
    {
        Shop.AddBusinessTime(At("2026-03-08 12:00 +01:00"), TimeSpan.Zero).ShouldBe(At("2026-03-08 12:00 +01:00"));
    }

    [Fact]
    public void Negative_business_time_is_refused()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => Shop.AddBusinessTime(At("2026-03-02 10:00 +01:00"), Minutes(-1)));
    }

    [Fact]
    public void Business_time_keeps_sub_minute_precision()
    {
        var start = At("2026-03-02 13:59 +01:00").AddSeconds(30).AddTicks(7);

        Shop.AddBusinessTime(start, TimeSpan.FromSeconds(45)).ShouldBe(At("2026-03-02 16:00:15 +01:00").AddTicks(7));
    }

    [Theory]
    [InlineData("2026-03-02 10:00 +01:00", "2026-03-02 12:00 +01:00", 120)]
    [InlineData("2026-03-02 13:00 +01:00", "2026-03-02 17:00 +01:00", 120)] // across lunch
    [InlineData("2026-03-06 19:00 +01:00", "2026-03-09 10:00 +01:00", 360)] // across a weekend
    [InlineData("2026-01-05 19:30 +01:00", "2026-01-07 09:30 +01:00", 60)]  // across a holiday
    [InlineData("2026-03-02 20:30 +01:00", "2026-03-03 08:30 +01:00", 0)]   // one night, nothing open
    [InlineData("2026-03-02 10:00 +01:00", "2026-03-02 10:00 +01:00", 0)]   // no time at all
    [InlineData("2026-03-02 10:00 +01:00", "2026-03-02 15:00 +01:00", 240)] // ends in lunch
    [InlineData("2026-03-02 07:00 +01:00", "2026-03-02 22:00 +01:00", 540)] // a whole weekday
    public void Business_time_between_two_instants_counts_only_open_time(string from, string to, int minutes)
    {
        Shop.BusinessTimeBetween(At(from), At(to)).ShouldBe(Minutes(minutes));
    }

    [Fact]
    public void Business_time_between_refuses_an_end_before_the_start()
    {
        Should.Throw<ArgumentOutOfRangeException>(() =>
            Shop.BusinessTimeBetween(At("2026-03-02 12:00 +01:00"), At("2026-03-02 11:00 +01:00")));
    }

    [Fact]
    public void Adding_back_the_time_between_lands_on_the_closing_time_when_the_end_was_closed()
    {
        // Every instant of the lunch break has the same count, so the round trip picks the earliest: 14:00.
        var from = At("2026-03-02 10:00 +01:00");
        var between = Shop.BusinessTimeBetween(from, At("2026-03-02 15:00 +01:00"));

        Shop.AddBusinessTime(from, between).ShouldBe(At("2026-03-02 14:00 +01:00"));
    }

    [Theory]
    [InlineData("2026-03-02 10:00 +01:00", 1, "2026-03-03 20:00 +01:00")] // Monday: due Tuesday at closing
    [InlineData("2026-03-02 00:01 +01:00", 1, "2026-03-03 20:00 +01:00")] // the hour of receipt does not matter
    [InlineData("2026-03-02 23:59 +01:00", 1, "2026-03-03 20:00 +01:00")]
    [InlineData("2026-03-02 10:00 +01:00", 3, "2026-03-05 20:00 +01:00")]
    [InlineData("2026-03-06 19:30 +01:00", 1, "2026-03-07 14:00 +01:00")] // Friday evening: Saturday counts
    [InlineData("2026-03-06 21:00 +01:00", 2, "2026-03-09 20:00 +01:00")] // ... and Sunday does not
    [InlineData("2026-03-07 12:00 +01:00", 1, "2026-03-09 20:00 +01:00")] // Saturday: Monday
    [InlineData("2026-03-08 12:00 +01:00", 1, "2026-03-09 20:00 +01:00")] // received on a closed Sunday
    [InlineData("2026-01-05 18:00 +01:00", 1, "2026-01-07 20:00 +01:00")] // eve of Epiphany
    [InlineData("2026-01-06 11:00 +01:00", 1, "2026-01-07 20:00 +01:00")] // received on the holiday itself
    [InlineData("2026-04-30 18:00 +02:00", 1, "2026-05-02 14:00 +02:00")] // eve of Labour Day, a Friday
    [InlineData("2026-04-30 18:00 +02:00", 2, "2026-05-04 20:00 +02:00")]
    [InlineData("2026-10-09 20:30 +02:00", 2, "2026-10-13 20:00 +02:00")] // Friday before the Monday holiday
    [InlineData("2026-03-27 12:00 +01:00", 2, "2026-03-30 20:00 +02:00")] // across the spring change
    [InlineData("2026-10-23 12:00 +02:00", 2, "2026-10-26 20:00 +01:00")] // across the autumn change
    public void Business_days_count_from_the_day_after_receipt_and_are_due_at_closing(string receivedAt, int days, string due)
    {
        Shop.AddBusinessDays(At(receivedAt), days).ShouldBe(At(due));
    }

    [Fact]
    public void Business_days_use_the_local_date_of_receipt_not_the_utc_date()
    {
        // 23:30 UTC on Monday is already Tuesday in Madrid, so the one business day is Wednesday.
        Shop.AddBusinessDays(At("2026-03-02 23:30 +00:00"), 1).ShouldBe(At("2026-03-04 20:00 +01:00"));
    }

    [Fact]
    public void A_business_day_open_until_midnight_is_due_at_the_next_midnight()
    {
        var lateShift = Build(Madrid, [], (DayOfWeek.Tuesday, "18:00-24:00"));

        lateShift.AddBusinessDays(At("2026-03-02 10:00 +01:00"), 1).ShouldBe(At("2026-03-04 00:00 +01:00"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Fewer_than_one_business_day_is_refused(int days)
    {
        Should.Throw<ArgumentOutOfRangeException>(() => Shop.AddBusinessDays(At("2026-03-02 10:00 +01:00"), days));
    }

    [Fact]
    public void In_bogota_friday_afternoon_plus_two_hours_is_monday_morning_at_the_same_offset()
    {
        // Europe changes its clocks that weekend; Colombia has no daylight saving and stays at -05:00.
        var office = BogotaOffice();

        office.AddBusinessTime(At("2026-03-27 16:00 -05:00"), Hours(2)).ShouldBe(At("2026-03-30 09:00 -05:00"));
        office.BusinessTimeBetween(At("2026-03-27 16:00 -05:00"), At("2026-03-30 09:00 -05:00")).ShouldBe(Hours(2));
    }

    [Theory]
    [InlineData(2026, 1, 5)]
    [InlineData(2026, 7, 6)]
    [InlineData(2026, 10, 26)]
    public void In_bogota_every_weekday_opens_at_13_00_utc_all_year(int year, int month, int day)
    {
        var period = BogotaOffice().OpenPeriodsOn(new DateOnly(year, month, day)).ShouldHaveSingleItem();

        period.Start.ShouldBe(new DateTimeOffset(year, month, day, 13, 0, 0, TimeSpan.Zero));
        period.Length.ShouldBe(Hours(9));
    }

    [Fact]
    public void In_bogota_a_friday_evening_receipt_is_due_monday_at_closing()
    {
        BogotaOffice().AddBusinessDays(At("2026-03-27 18:00 -05:00"), 1).ShouldBe(At("2026-03-30 17:00 -05:00"));
    }

    [Fact]
    public void Opening_hours_are_wall_clock_times_so_the_utc_opening_moves_with_the_spring_change()
    {
        Shop.OpenPeriodsOn(new DateOnly(2026, 3, 28)).ShouldBe([new OpenPeriod(At("2026-03-28 09:00 +00:00"), At("2026-03-28 13:00 +00:00"))]);
        Shop.OpenPeriodsOn(new DateOnly(2026, 3, 30))[0].Start.ShouldBe(At("2026-03-30 07:00 +00:00"));
    }

    [Fact]
    public void Business_time_across_the_spring_change_counts_open_hours_not_the_hour_lost_overnight()
    {
        // Saturday 13:00 CET + 2 h: 1 h on Saturday, 1 h on Monday, which opens at 09:00 CEST.
        var start = At("2026-03-28 13:00 +01:00");
        var due = Shop.AddBusinessTime(start, Hours(2));

        due.ShouldBe(At("2026-03-30 10:00 +02:00"));
        Shop.BusinessTimeBetween(start, due).ShouldBe(Hours(2));
    }

    [Fact]
    public void Business_time_across_the_autumn_change_counts_open_hours_not_the_hour_gained_overnight()
    {
        var start = At("2026-10-24 13:00 +02:00");
        var due = Shop.AddBusinessTime(start, Hours(2));

        due.ShouldBe(At("2026-10-26 10:00 +01:00"));
        Shop.BusinessTimeBetween(start, due).ShouldBe(Hours(2));
    }

    [Fact]
    public void Open_around_the_clock_the_spring_change_day_has_23_hours_and_the_autumn_one_25()
    {
        var always = AlwaysOpen();

        always.OpenPeriodsOn(new DateOnly(2026, 3, 29)).Sum(p => p.Length.Ticks).ShouldBe(Hours(23).Ticks);
        always.OpenPeriodsOn(new DateOnly(2026, 10, 25)).Sum(p => p.Length.Ticks).ShouldBe(Hours(25).Ticks);
        always.OpenPeriodsOn(new DateOnly(2026, 3, 30)).Sum(p => p.Length.Ticks).ShouldBe(Hours(24).Ticks);
    }

    [Theory]
    [InlineData("2026-03-28 12:00 +01:00", "2026-03-29 13:00 +02:00")] // noon to 13:00: 24 real hours
    [InlineData("2026-10-24 12:00 +02:00", "2026-10-25 11:00 +01:00")] // noon to 11:00: 24 real hours
    public void Open_around_the_clock_business_time_is_real_elapsed_time_across_a_change(string start, string due)
    {
        AlwaysOpen().AddBusinessTime(At(start), Hours(24)).ShouldBe(At(due));
        AlwaysOpen().BusinessTimeBetween(At(start), At(due)).ShouldBe(Hours(24));
    }

    [Fact]
    public void Hours_spanning_the_spring_change_lose_the_skipped_hour()
    {
        // 01:00–04:00 on the wall clock is 00:00–02:00 UTC that night: 02:00 jumps straight to 03:00.
        var period = SundayNight("01:00-04:00").OpenPeriodsOn(new DateOnly(2026, 3, 29)).ShouldHaveSingleItem();

        period.ShouldBe(new OpenPeriod(At("2026-03-29 00:00 +00:00"), At("2026-03-29 02:00 +00:00")));
    }

    [Fact]
    public void Hours_spanning_the_autumn_change_gain_the_repeated_hour()
    {
        // 01:00 CEST to 04:00 CET: the office stays open until the wall clock shows 04:00, four real hours.
        var period = SundayNight("01:00-04:00").OpenPeriodsOn(new DateOnly(2026, 10, 25)).ShouldHaveSingleItem();

        period.ShouldBe(new OpenPeriod(At("2026-10-24 23:00 +00:00"), At("2026-10-25 03:00 +00:00")));
    }

    [Fact]
    public void An_interval_wholly_inside_the_skipped_hour_is_closed_that_day_and_open_on_other_sundays()
    {
        var calendar = SundayNight("02:00-02:30");

        calendar.OpenPeriodsOn(new DateOnly(2026, 3, 29)).ShouldBeEmpty();
        calendar.OpenPeriodsOn(new DateOnly(2026, 3, 22)).ShouldHaveSingleItem().Length.ShouldBe(Minutes(30));
        calendar.IsOpen(At("2026-03-29 01:00 +00:00")).ShouldBeFalse();
    }

    [Fact]
    public void An_opening_inside_the_skipped_hour_opens_when_the_clock_jumps()
    {
        // 02:30 never shows on the wall clock that night; it goes from 02:00 CET to 03:00 CEST at 01:00 UTC.
        var period = SundayNight("02:30-03:30").OpenPeriodsOn(new DateOnly(2026, 3, 29)).ShouldHaveSingleItem();

        period.ShouldBe(new OpenPeriod(At("2026-03-29 01:00 +00:00"), At("2026-03-29 03:30 +02:00")));
    }

    [Fact]
    public void An_opening_inside_the_repeated_hour_opens_at_its_first_occurrence()
    {
        // 02:30 shows twice; the first time is in summer time (+02:00). 03:30 is after the repeat (+01:00).
        var period = SundayNight("02:30-03:30").OpenPeriodsOn(new DateOnly(2026, 10, 25)).ShouldHaveSingleItem();

        period.ShouldBe(new OpenPeriod(At("2026-10-25 02:30 +02:00"), At("2026-10-25 03:30 +01:00")));
        period.Length.ShouldBe(Hours(2));
    }

    [Fact]
    public void Business_time_through_the_skipped_hour_does_not_count_it()
    {
        var calendar = SundayNight("01:00-04:00");

        calendar.AddBusinessTime(At("2026-03-29 01:30 +01:00"), Hours(1)).ShouldBe(At("2026-03-29 03:30 +02:00"));
    }

    [Fact]
    public void Business_time_through_the_repeated_hour_counts_it_once_per_occurrence()
    {
        var calendar = SundayNight("01:00-04:00");
        var firstHalfPastTwo = At("2026-10-25 02:30 +02:00");

        calendar.AddBusinessTime(firstHalfPastTwo, Hours(1)).ShouldBe(At("2026-10-25 02:30 +01:00"));
        calendar.IsOpen(At("2026-10-25 02:30 +01:00")).ShouldBeTrue();
    }

    [Fact]
    public void Touching_or_overlapping_intervals_of_a_day_merge_so_there_is_no_closing_between_them()
    {
        var calendar = Build(Madrid, [], (DayOfWeek.Monday, "09:00-14:00"), (DayOfWeek.Monday, "14:00-20:00"), (DayOfWeek.Monday, "10:00-11:00"));

        calendar.Hours.ShouldBe([new OpeningInterval(DayOfWeek.Monday, 9 * 60, 20 * 60)]);
        calendar.AddBusinessTime(At("2026-03-02 13:00 +01:00"), Hours(2)).ShouldBe(At("2026-03-02 15:00 +01:00"));
    }

    [Fact]
    public void A_calendar_with_no_opening_hours_is_refused_when_built()
    {
        var error = Should.Throw<ArgumentException>(() => new BusinessCalendar([], SpanishHolidays2026, Madrid));

        error.ParamName.ShouldBe("hours");
        error.Message.ShouldContain("at least one opening interval");
    }

    [Theory]
    [InlineData("Madrid")]
    [InlineData("Romance Standard Time")] // a Windows id
    [InlineData("europe/madrid")]
    [InlineData("")]
    public void A_time_zone_that_is_not_an_iana_id_is_refused(string zone)
    {
        Should.Throw<ArgumentException>(() => new BusinessCalendar([new OpeningInterval(DayOfWeek.Monday, 540, 600)], [], zone))
            .ParamName.ShouldBe("timeZoneId");
    }

    [Theory]
    [InlineData(600, 540)]   // ends before it starts
    [InlineData(540, 540)]   // empty
    [InlineData(-1, 540)]
    [InlineData(540, 1441)]  // past 24:00
    public void An_interval_that_is_not_a_range_within_one_day_is_refused(int start, int end)
    {
        Should.Throw<ArgumentException>(() => new BusinessCalendar([new OpeningInterval(DayOfWeek.Monday, start, end)], [], Madrid))
            .ParamName.ShouldBe("hours");
    }

    [Fact]
    public void A_calendar_closed_by_holidays_for_years_throws_instead_of_searching_forever()
    {
        var closed = Enumerable.Range(0, 4 * 366).Select(i => new DateOnly(2026, 1, 1).AddDays(i)).ToArray();
        var calendar = Build(Madrid, closed, (DayOfWeek.Monday, "09:00-10:00"));
        var start = At("2026-01-05 09:30 +01:00");

        Should.Throw<InvalidOperationException>(() => calendar.NextOpening(start)).Message.ShouldContain("holidays");
        Should.Throw<InvalidOperationException>(() => calendar.AddBusinessTime(start, Hours(1)));
        Should.Throw<InvalidOperationException>(() => calendar.AddBusinessDays(start, 1));
        calendar.IsOpen(start).ShouldBeFalse();
        calendar.BusinessTimeBetween(start, start.AddDays(30)).ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void A_calendar_reopening_after_a_long_closure_is_still_found()
    {
        // Closed all of 2026 but open again in January 2027: well inside the search limit.
        var closed = Enumerable.Range(0, 365).Select(i => new DateOnly(2026, 1, 1).AddDays(i)).ToArray();
        var calendar = Build(Madrid, closed, (DayOfWeek.Monday, "09:00-10:00"));

        calendar.NextOpening(At("2026-01-05 09:30 +01:00")).ShouldBe(At("2027-01-04 09:00 +01:00"));
    }
}
