using Pauta.Core.Protocols;
using Pauta.Core.ServiceLevels;
using static Pauta.Core.Tests.ServiceLevels.Calendars;

namespace Pauta.Core.Tests.ServiceLevels;

// The shop of Calendars.Shop; the week of Monday 2 March 2026, Madrid at +01:00.
public class ServiceClockReplayTests
{
    private static readonly BusinessCalendar Shop = Calendars.Shop();

    private static ClockEvent Activated(string at, double hours, ServiceClock clock = ServiceClock.Business) =>
        new ClockEvent.Activated(At(at), Hours(hours), clock);

    private static ClockEvent Paused(string at) => new ClockEvent.Paused(At(at));

    private static ClockEvent Resumed(string at) => new ClockEvent.Resumed(At(at));

    private static ClockEvent Fulfilled(string at) => new ClockEvent.Fulfilled(At(at));

    private static ClockEvent Breached(string at) => new ClockEvent.Breached(At(at));

    private static ServiceClockState Replay(string now, params ClockEvent[] events) =>
        ServiceClockState.Replay(events, Shop, At(now));

    private static ServiceClockState Replay(DateTimeOffset now, params ClockEvent[] events) =>
        ServiceClockState.Replay(events, Shop, now);

    [Fact]
    public void A_running_business_clock_counts_open_time_and_knows_its_due_instant()
    {
        var state = Replay("2026-03-02 10:00 +01:00", Activated("2026-03-02 09:00 +01:00", 4));

        state.Status.ShouldBe(ClockStatus.Running);
        state.Clock.ShouldBe(ServiceClock.Business);
        state.Elapsed.ShouldBe(Hours(1));
        state.Remaining.ShouldBe(Hours(3));
        state.DueAt.ShouldBe(At("2026-03-02 13:00 +01:00"));
        state.BreachDueAt.ShouldBe(At("2026-03-02 13:00 +01:00"));
        state.IsBreachDue(At("2026-03-02 10:00 +01:00")).ShouldBeFalse();
        state.IsPaused.ShouldBeFalse();
        state.AsOf.ShouldBe(At("2026-03-02 10:00 +01:00"));
    }

    [Fact]
    public void A_business_clock_activated_before_opening_counts_nothing_until_the_opening()
    {
        var state = Replay("2026-03-02 08:30 +01:00", Activated("2026-03-02 07:00 +01:00", 4));

        state.Elapsed.ShouldBe(TimeSpan.Zero);
        state.DueAt.ShouldBe(At("2026-03-02 13:00 +01:00"));
    }

    [Fact]
    public void A_business_clock_does_not_count_the_lunch_break_or_the_night()
    {
        var state = Replay("2026-03-03 10:00 +01:00", Activated("2026-03-02 13:00 +01:00", 8));

        // Monday 13–14 and 16–20, Tuesday 09–10.
        state.Elapsed.ShouldBe(Hours(6));
        state.DueAt.ShouldBe(At("2026-03-03 12:00 +01:00"));
    }

    [Fact]
    public void A_business_clock_due_on_a_closing_time_is_breached_at_the_closing_not_the_next_morning()
    {
        var events = new[] { Activated("2026-03-02 16:00 +01:00", 4) };

        Replay("2026-03-02 17:00 +01:00", events).BreachDueAt.ShouldBe(At("2026-03-02 20:00 +01:00"));
        Replay("2026-03-02 20:00 +01:00", events).IsBreachDue(At("2026-03-02 20:00 +01:00")).ShouldBeTrue();
    }

    [Fact]
    public void A_calendar_clock_counts_every_second_open_or_closed()
    {
        var state = Replay("2026-03-03 10:00 +01:00", Activated("2026-03-02 19:00 +01:00", 24, ServiceClock.Calendar));

        state.Clock.ShouldBe(ServiceClock.Calendar);
        state.Elapsed.ShouldBe(Hours(15));
        state.DueAt.ShouldBe(At("2026-03-03 19:00 +01:00"));
    }

    [Fact]
    public void A_calendar_clock_needs_no_business_calendar()
    {
        var state = ServiceClockState.Replay(
            [Activated("2026-03-02 19:00 +01:00", 1, ServiceClock.Calendar)], calendar: null, At("2026-03-02 19:30 +01:00"));

        state.Remaining.ShouldBe(Minutes(30));
    }

    [Fact]
    public void A_business_clock_without_a_business_calendar_is_refused()
    {
        Should.Throw<ArgumentException>(() =>
                ServiceClockState.Replay([Activated("2026-03-02 09:00 +01:00", 1)], calendar: null, At("2026-03-02 10:00 +01:00")))
            .ParamName.ShouldBe("calendar");
    }

    [Fact]
    public void A_calendar_clock_across_the_spring_change_is_due_24_real_hours_later()
    {
        // The wall clock shows 13:00, not 12:00: one hour of Sunday night never existed.
        var state = Replay("2026-03-28 18:00 +01:00", Activated("2026-03-28 12:00 +01:00", 24, ServiceClock.Calendar));

        state.DueAt.ShouldBe(At("2026-03-29 13:00 +02:00"));
    }

    [Fact]
    public void A_calendar_clock_across_the_autumn_change_is_due_24_real_hours_later()
    {
        var state = Replay("2026-10-24 18:00 +02:00", Activated("2026-10-24 12:00 +02:00", 24, ServiceClock.Calendar));

        state.DueAt.ShouldBe(At("2026-10-25 11:00 +01:00"));
    }

    [Fact]
    public void A_business_clock_across_the_spring_change_counts_only_open_hours()
    {
        var state = Replay("2026-03-30 09:30 +02:00", Activated("2026-03-28 13:00 +01:00", 2));

        state.Elapsed.ShouldBe(Minutes(90));
        state.DueAt.ShouldBe(At("2026-03-30 10:00 +02:00"));
    }

    [Fact]
    public void A_paused_clock_stops_counting_and_has_no_due_instant()
    {
        var state = Replay("2026-03-02 12:00 +01:00",
            Activated("2026-03-02 09:00 +01:00", 4),
            Paused("2026-03-02 10:00 +01:00"));

        state.Status.ShouldBe(ClockStatus.Paused);
        state.IsPaused.ShouldBeTrue();
        state.Elapsed.ShouldBe(Hours(1));
        state.Remaining.ShouldBe(Hours(3));
        state.DueAt.ShouldBeNull();
        state.BreachDueAt.ShouldBeNull();
        state.IsBreachDue(At("2027-01-01 00:00 +01:00")).ShouldBeFalse();
    }

    [Fact]
    public void Resuming_moves_the_due_instant_later_by_the_business_time_spent_paused()
    {
        // Paused 10:00–17:00: five business hours (10–14, 16–17), so the due moves from 13:00 to 20:00.
        var state = Replay("2026-03-02 17:30 +01:00",
            Activated("2026-03-02 09:00 +01:00", 4),
            Paused("2026-03-02 10:00 +01:00"),
            Resumed("2026-03-02 17:00 +01:00"));

        state.Status.ShouldBe(ClockStatus.Running);
        state.Elapsed.ShouldBe(Minutes(90));
        state.DueAt.ShouldBe(At("2026-03-02 20:00 +01:00"));
    }

    [Fact]
    public void A_pause_across_closing_time_moves_the_due_by_the_open_time_it_covered()
    {
        // Without the pause: Monday 16–20 is 4 h, due Tuesday 10:00. Paused 19:00 Monday to 10:00 Tuesday
        // covers two business hours (19–20, 09–10), so the due becomes Tuesday 12:00.
        var events = new[]
        {
            Activated("2026-03-02 16:00 +01:00", 5),
            Paused("2026-03-02 19:00 +01:00"),
            Resumed("2026-03-03 10:00 +01:00"),
        };

        var state = Replay("2026-03-03 10:00 +01:00", events);

        state.Elapsed.ShouldBe(Hours(3));
        state.DueAt.ShouldBe(At("2026-03-03 12:00 +01:00"));
        Replay("2026-03-02 18:00 +01:00", events[0]).DueAt.ShouldBe(At("2026-03-03 10:00 +01:00"));
    }

    [Fact]
    public void Pausing_and_resuming_while_closed_does_not_move_a_business_due_instant()
    {
        var state = Replay("2026-03-03 09:00 +01:00",
            Activated("2026-03-02 16:00 +01:00", 5),
            Paused("2026-03-02 21:00 +01:00"),
            Resumed("2026-03-03 08:00 +01:00"));

        state.DueAt.ShouldBe(At("2026-03-03 10:00 +01:00"));
    }

    [Fact]
    public void Resuming_a_calendar_clock_moves_the_due_instant_by_the_wall_time_spent_paused()
    {
        var state = Replay("2026-03-02 12:00 +01:00",
            Activated("2026-03-02 09:00 +01:00", 8, ServiceClock.Calendar),
            Paused("2026-03-02 10:00 +01:00"),
            Resumed("2026-03-02 12:00 +01:00"));

        state.Elapsed.ShouldBe(Hours(1));
        state.DueAt.ShouldBe(At("2026-03-02 19:00 +01:00"));
    }

    [Fact]
    public void A_breach_is_due_at_exactly_the_due_instant()
    {
        var due = At("2026-03-02 13:00 +01:00");
        var state = Replay(due, Activated("2026-03-02 09:00 +01:00", 4));

        state.Status.ShouldBe(ClockStatus.Running);
        state.Elapsed.ShouldBe(Hours(4));
        state.Remaining.ShouldBe(TimeSpan.Zero);
        state.IsBreachDue(due).ShouldBeTrue();
    }

    [Fact]
    public void A_breach_is_not_due_one_tick_before_the_due_instant()
    {
        var oneTickBefore = At("2026-03-02 13:00 +01:00").AddTicks(-1);
        var state = Replay(oneTickBefore, Activated("2026-03-02 09:00 +01:00", 4));

        state.Remaining.ShouldBe(TimeSpan.FromTicks(1));
        state.IsBreachDue(oneTickBefore).ShouldBeFalse();
    }

    [Fact]
    public void A_state_replayed_earlier_tells_a_background_service_when_the_breach_falls_due()
    {
        var state = Replay("2026-03-02 09:30 +01:00", Activated("2026-03-02 09:00 +01:00", 4));

        state.IsBreachDue(At("2026-03-02 12:59 +01:00")).ShouldBeFalse();
        state.IsBreachDue(At("2026-03-02 13:00 +01:00")).ShouldBeTrue();
    }

    [Fact]
    public void An_overdue_clock_keeps_running_until_the_breach_is_recorded()
    {
        var state = Replay("2026-03-02 17:00 +01:00", Activated("2026-03-02 09:00 +01:00", 4));

        state.Status.ShouldBe(ClockStatus.Running);
        state.Elapsed.ShouldBe(Hours(6));
        state.DueAt.ShouldBe(At("2026-03-02 13:00 +01:00"));
        state.IsBreachDue(state.AsOf).ShouldBeTrue();
    }

    [Fact]
    public void A_recorded_breach_makes_the_clock_breached_and_nothing_more_is_due()
    {
        var state = Replay("2026-03-02 15:00 +01:00",
            Activated("2026-03-02 09:00 +01:00", 4),
            Breached("2026-03-02 13:00 +01:00"));

        state.Status.ShouldBe(ClockStatus.Breached);
        state.BreachedAt.ShouldBe(At("2026-03-02 13:00 +01:00"));
        state.DueAt.ShouldBe(At("2026-03-02 13:00 +01:00"));
        state.BreachDueAt.ShouldBeNull();
        state.IsBreachDue(state.AsOf).ShouldBeFalse();
    }

    [Fact]
    public void A_breached_clock_can_wait_on_the_customer_and_stays_breached()
    {
        var state = Replay("2026-03-02 17:00 +01:00",
            Activated("2026-03-02 09:00 +01:00", 4),
            Breached("2026-03-02 13:00 +01:00"),
            Paused("2026-03-02 13:30 +01:00"));

        state.Status.ShouldBe(ClockStatus.Breached);
        state.IsPaused.ShouldBeTrue();
        state.Elapsed.ShouldBe(Hours(4.5));
    }

    [Fact]
    public void A_clock_that_ran_out_before_being_paused_still_owes_its_breach()
    {
        var state = Replay("2026-03-02 17:00 +01:00",
            Activated("2026-03-02 09:00 +01:00", 4),
            Paused("2026-03-02 13:30 +01:00"));

        state.Status.ShouldBe(ClockStatus.Paused);
        state.DueAt.ShouldBe(At("2026-03-02 13:00 +01:00"));
        state.IsBreachDue(state.AsOf).ShouldBeTrue();
    }

    [Fact]
    public void A_clock_paused_exactly_at_its_due_instant_has_run_out()
    {
        var state = Replay("2026-03-02 17:00 +01:00",
            Activated("2026-03-02 09:00 +01:00", 4),
            Paused("2026-03-02 13:00 +01:00"));

        state.DueAt.ShouldBe(At("2026-03-02 13:00 +01:00"));
        state.IsBreachDue(state.AsOf).ShouldBeTrue();
    }

    [Fact]
    public void A_clock_that_ran_out_keeps_its_due_instant_after_a_pause_and_resume()
    {
        var state = Replay("2026-03-03 10:00 +01:00",
            Activated("2026-03-02 09:00 +01:00", 4),
            Breached("2026-03-02 13:00 +01:00"),
            Paused("2026-03-02 13:30 +01:00"),
            Resumed("2026-03-03 09:00 +01:00"));

        state.DueAt.ShouldBe(At("2026-03-02 13:00 +01:00"));
        state.Elapsed.ShouldBe(Hours(5.5));
    }

    [Fact]
    public void Fulfilment_before_the_due_instant_is_on_time_and_the_count_stops_there()
    {
        var state = Replay("2026-03-05 12:00 +01:00",
            Activated("2026-03-02 09:00 +01:00", 4),
            Fulfilled("2026-03-02 11:00 +01:00"));

        state.Status.ShouldBe(ClockStatus.Fulfilled);
        state.FulfilledAt.ShouldBe(At("2026-03-02 11:00 +01:00"));
        state.Elapsed.ShouldBe(Hours(2));
        state.DueAt.ShouldBe(At("2026-03-02 13:00 +01:00"));
        state.BreachDueAt.ShouldBeNull();
    }

    [Fact]
    public void Fulfilment_one_tick_before_the_due_instant_is_on_time()
    {
        var state = Replay("2026-03-02 14:00 +01:00",
            Activated("2026-03-02 09:00 +01:00", 4),
            new ClockEvent.Fulfilled(At("2026-03-02 13:00 +01:00").AddTicks(-1)));

        state.Status.ShouldBe(ClockStatus.Fulfilled);
    }

    [Fact]
    public void Fulfilment_at_exactly_the_due_instant_is_late()
    {
        var state = Replay("2026-03-02 14:00 +01:00",
            Activated("2026-03-02 09:00 +01:00", 4),
            Fulfilled("2026-03-02 13:00 +01:00"));

        state.Status.ShouldBe(ClockStatus.FulfilledLate);
    }

    [Fact]
    public void Fulfilment_after_a_recorded_breach_is_late()
    {
        var state = Replay("2026-03-02 18:00 +01:00",
            Activated("2026-03-02 09:00 +01:00", 4),
            Breached("2026-03-02 13:00 +01:00"),
            Fulfilled("2026-03-02 17:00 +01:00"));

        state.Status.ShouldBe(ClockStatus.FulfilledLate);
        state.BreachedAt.ShouldBe(At("2026-03-02 13:00 +01:00"));
        state.Elapsed.ShouldBe(Hours(6));
    }

    [Fact]
    public void Fulfilment_after_the_due_instant_is_late_even_if_no_breach_was_recorded()
    {
        var state = Replay("2026-03-02 18:00 +01:00",
            Activated("2026-03-02 09:00 +01:00", 4),
            Fulfilled("2026-03-02 17:00 +01:00"));

        state.Status.ShouldBe(ClockStatus.FulfilledLate);
    }

    [Fact]
    public void Fulfilment_while_waiting_on_the_customer_is_on_time_and_has_no_due_instant()
    {
        var state = Replay("2026-03-03 18:00 +01:00",
            Activated("2026-03-02 09:00 +01:00", 4),
            Paused("2026-03-02 10:00 +01:00"),
            Fulfilled("2026-03-03 17:00 +01:00"));

        state.Status.ShouldBe(ClockStatus.Fulfilled);
        state.Elapsed.ShouldBe(Hours(1));
        state.DueAt.ShouldBeNull();
    }

    [Fact]
    public void A_zero_target_is_due_at_activation()
    {
        var state = Replay("2026-03-02 09:00 +01:00", Activated("2026-03-02 09:00 +01:00", 0));

        state.DueAt.ShouldBe(At("2026-03-02 09:00 +01:00"));
        state.IsBreachDue(state.AsOf).ShouldBeTrue();
    }

    [Fact]
    public void Pause_and_resume_at_the_same_instant_change_nothing()
    {
        var state = Replay("2026-03-02 10:00 +01:00",
            Activated("2026-03-02 09:00 +01:00", 4),
            Paused("2026-03-02 09:30 +01:00"),
            Resumed("2026-03-02 09:30 +01:00"));

        state.Elapsed.ShouldBe(Hours(1));
        state.DueAt.ShouldBe(At("2026-03-02 13:00 +01:00"));
    }

    [Fact]
    public void Events_written_in_different_offsets_are_ordered_by_instant()
    {
        // 09:15 UTC is 10:15 in Madrid, after the pause at 10:00.
        var state = Replay("2026-03-02 11:00 +01:00",
            Activated("2026-03-02 09:00 +01:00", 4),
            Paused("2026-03-02 10:00 +01:00"),
            Resumed("2026-03-02 09:15 +00:00"));

        state.Elapsed.ShouldBe(Minutes(105));
    }

    [Fact]
    public void Replaying_the_same_events_twice_gives_the_same_state()
    {
        ClockEvent[] events =
        [
            Activated("2026-03-02 09:00 +01:00", 4),
            Paused("2026-03-02 10:00 +01:00"),
            Resumed("2026-03-02 17:00 +01:00"),
        ];

        Replay("2026-03-02 18:00 +01:00", events).ShouldBe(Replay("2026-03-02 18:00 +01:00", events));
    }

    [Fact]
    public void A_running_business_clock_reaches_its_target_exactly_at_its_due_instant_after_random_pauses()
    {
        var calendar = Shop;
        var random = new Random(42);
        var checkedCases = 0;
        for (var i = 0; i < BusinessCalendarPropertyTests.Cases; i++)
        {
            var at = BusinessCalendarPropertyTests.RandomInstant(random);
            var events = new List<ClockEvent> { new ClockEvent.Activated(at, BusinessCalendarPropertyTests.RandomDuration(random) * 2, ServiceClock.Business) };
            var paused = false;
            for (var step = random.Next(0, 6); step > 0; step--)
            {
                at = at.AddMinutes(random.Next(0, 600));
                events.Add(paused ? new ClockEvent.Resumed(at) : new ClockEvent.Paused(at));
                paused = !paused;
            }
            if (paused) events.Add(new ClockEvent.Resumed(at = at.AddMinutes(random.Next(0, 600))));

            var state = ServiceClockState.Replay(events, calendar, at);
            if (state.DueAt is not { } due || due < at) continue; // already ran out before the last event

            checkedCases++;
            var atDue = ServiceClockState.Replay(events, calendar, due);
            atDue.Elapsed.ShouldBe(state.Target, $"case {i}");
            atDue.IsBreachDue(due).ShouldBeTrue();
            if (due > at)
                ServiceClockState.Replay(events, calendar, due.AddTicks(-1)).IsBreachDue(due.AddTicks(-1)).ShouldBeFalse($"case {i}");
        }
        checkedCases.ShouldBeGreaterThan(BusinessCalendarPropertyTests.Cases / 3);
    }

    public static TheoryData<string, ClockEvent[], int> InvalidSequences => new()
    {
        { InvalidClockSequenceException.NotActivated, [], 0 },
        { InvalidClockSequenceException.NotActivated, [Paused("2026-03-02 10:00 +01:00")], 0 },
        { InvalidClockSequenceException.NegativeTarget, [Activated("2026-03-02 09:00 +01:00", -1)], 0 },
        { InvalidClockSequenceException.AlreadyActivated, [Activated("2026-03-02 09:00 +01:00", 4), Activated("2026-03-02 10:00 +01:00", 4)], 1 },
        {
            InvalidClockSequenceException.AlreadyPaused,
            [Activated("2026-03-02 09:00 +01:00", 4), Paused("2026-03-02 10:00 +01:00"), Paused("2026-03-02 11:00 +01:00")], 2
        },
        { InvalidClockSequenceException.NotPaused, [Activated("2026-03-02 09:00 +01:00", 4), Resumed("2026-03-02 10:00 +01:00")], 1 },
        {
            InvalidClockSequenceException.NotPaused,
            [Activated("2026-03-02 09:00 +01:00", 4), Paused("2026-03-02 10:00 +01:00"), Resumed("2026-03-02 11:00 +01:00"), Resumed("2026-03-02 11:30 +01:00")], 3
        },
        { InvalidClockSequenceException.OutOfOrder, [Activated("2026-03-02 09:00 +01:00", 4), Paused("2026-03-02 08:59 +01:00")], 1 },
        {
            InvalidClockSequenceException.OutOfOrder,
            [Activated("2026-03-02 09:00 +01:00", 4), Paused("2026-03-02 11:00 +01:00"), Resumed("2026-03-02 10:00 +01:00")], 2
        },
        {
            InvalidClockSequenceException.AlreadyBreached,
            [Activated("2026-03-02 09:00 +01:00", 4), Breached("2026-03-02 13:00 +01:00"), Breached("2026-03-02 13:01 +01:00")], 2
        },
        { InvalidClockSequenceException.AfterFulfilled, [Activated("2026-03-02 09:00 +01:00", 4), Fulfilled("2026-03-02 10:00 +01:00"), Paused("2026-03-02 11:00 +01:00")], 2 },
        { InvalidClockSequenceException.AfterFulfilled, [Activated("2026-03-02 09:00 +01:00", 4), Fulfilled("2026-03-02 10:00 +01:00"), Breached("2026-03-02 13:00 +01:00")], 2 },
        { InvalidClockSequenceException.AfterFulfilled, [Activated("2026-03-02 09:00 +01:00", 4), Fulfilled("2026-03-02 10:00 +01:00"), Fulfilled("2026-03-02 10:00 +01:00")], 2 },
        {
            InvalidClockSequenceException.AfterFulfilled,
            [Activated("2026-03-02 09:00 +01:00", 4), Paused("2026-03-02 10:00 +01:00"), Fulfilled("2026-03-02 11:00 +01:00"), Resumed("2026-03-02 12:00 +01:00")], 3
        },
    };

    [Theory]
    [MemberData(nameof(InvalidSequences))]
    public void An_impossible_sequence_of_events_is_refused_naming_the_rule_and_the_event(string code, ClockEvent[] events, int index)
    {
        var error = Should.Throw<InvalidClockSequenceException>(() => Replay("2026-03-03 09:00 +01:00", events));

        error.Code.ShouldBe(code);
        error.Index.ShouldBe(index);
        error.Message.ShouldContain(code);
    }

    [Fact]
    public void An_impossible_sequence_is_an_argument_error_so_callers_can_report_it_as_bad_input()
    {
        Should.Throw<ArgumentException>(() => Replay("2026-03-03 09:00 +01:00", Resumed("2026-03-02 09:00 +01:00")))
            .ParamName.ShouldBe("events");
    }

    [Fact]
    public void Replaying_at_an_instant_before_the_last_event_is_refused()
    {
        Should.Throw<ArgumentException>(() => Replay("2026-03-02 09:30 +01:00",
                Activated("2026-03-02 09:00 +01:00", 4),
                Paused("2026-03-02 10:00 +01:00")))
            .ParamName.ShouldBe("now");
    }
}
