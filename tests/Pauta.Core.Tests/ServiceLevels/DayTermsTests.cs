using CsCheck;
using Pauta.Core.Contacts;
using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using Pauta.Core.ServiceLevels;
using static Pauta.Core.Tests.ServiceLevels.Calendars;

namespace Pauta.Core.Tests.ServiceLevels;

// Legal terms as Colombian and Spanish law counts them: business days from the day after receipt, due at the close of
// the last one; calendar days due at local midnight. The Bogotá legal calendar is Mon–Fri 08:00–17:00 with San José
// (Monday 23 March 2026) as a holiday.
public class DayTermsTests
{
    private static readonly BusinessCalendar Legal = Build(Bogota, [new DateOnly(2026, 3, 23)],
        (DayOfWeek.Monday, "08:00-17:00"), (DayOfWeek.Tuesday, "08:00-17:00"), (DayOfWeek.Wednesday, "08:00-17:00"),
        (DayOfWeek.Thursday, "08:00-17:00"), (DayOfWeek.Friday, "08:00-17:00"));

    private static ServiceTarget Term(int amount, TargetUnit unit, params TargetWarning[] warnings) => new()
    {
        Clock = ContactClock.Resolution, Channel = Channels.All, Amount = amount, Unit = unit, Calendar = CalendarRefs.Legal, Warnings = warnings,
    };

    /// <summary>Places the term, replays it without pauses at <paramref name="now"/>, as a contact would.</summary>
    private static ServiceClockState Run(ServiceTarget target, DateTimeOffset receivedAt, DateTimeOffset now, BusinessCalendar calendar)
    {
        var (counted, kind) = DayTerms.Place(target, receivedAt, calendar);
        return ServiceClockState.Replay([new ClockEvent.Activated(receivedAt, counted, kind, Unit: target.Unit)], calendar, now, target.Warnings);
    }

    [Fact]
    public void Fifteen_business_days_count_from_the_day_after_receipt_skip_the_holiday_and_are_due_at_the_close()
    {
        var received = At("2026-03-02 15:00 -05:00");

        var (counted, kind) = DayTerms.Place(Term(15, TargetUnit.BusinessDays), received, Legal);

        kind.ShouldBe(ServiceClock.Business);
        counted.ShouldBe(Hours(2 + 15 * 9));
        Run(Term(15, TargetUnit.BusinessDays), received, received, Legal).DueAt.ShouldBe(At("2026-03-24 17:00 -05:00"));
        // Without the holiday the fifteenth business day is Monday the 23rd.
        var noHoliday = Build(Bogota, [], BusinessHours.Week.Where(d => d is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).Select(d => (d, "08:00-17:00")).ToArray());
        Run(Term(15, TargetUnit.BusinessDays), received, received, noHoliday).DueAt.ShouldBe(At("2026-03-23 17:00 -05:00"));
    }

    [Fact]
    public void A_request_received_on_a_closed_day_counts_from_the_next_day_all_the_same()
    {
        // Saturday: the first business day counted is Monday, due at its close.
        Run(Term(1, TargetUnit.BusinessDays), At("2026-03-07 11:00 -05:00"), At("2026-03-07 11:00 -05:00"), Legal)
            .DueAt.ShouldBe(At("2026-03-09 17:00 -05:00"));
    }

    [Fact]
    public void Business_days_across_the_spring_change_in_Madrid_are_due_at_the_close_in_summer_time()
    {
        // Friday 27 March 2026 at 12:00; Saturday mornings count; the clocks move on Sunday the 29th.
        var received = At("2026-03-27 12:00 +01:00");
        var (counted, _) = DayTerms.Place(Term(5, TargetUnit.BusinessDays), received, Shop());

        counted.ShouldBe(Hours(6 + 4 + 4 * 9));
        Run(Term(5, TargetUnit.BusinessDays), received, received, Shop()).DueAt.ShouldBe(At("2026-04-02 20:00 +02:00"));
    }

    [Fact]
    public void Business_days_across_the_autumn_change_in_Madrid_are_due_at_the_close_in_winter_time()
    {
        var received = At("2026-10-23 19:00 +02:00");

        Run(Term(3, TargetUnit.BusinessDays), received, received, Shop()).DueAt.ShouldBe(At("2026-10-27 20:00 +01:00"));
    }

    [Fact]
    public void Calendar_days_are_due_at_the_local_midnight_ending_the_last_day_whatever_the_clock_change()
    {
        var received = At("2026-03-27 18:00 +01:00");

        var (counted, kind) = DayTerms.Place(Term(3, TargetUnit.Days), received, Shop());

        kind.ShouldBe(ServiceClock.Calendar);
        (received + counted).ShouldBe(At("2026-03-31 00:00 +02:00"));
        counted.ShouldBe(TimeSpan.FromDays(3) + Hours(5));
    }

    [Fact]
    public void The_days_left_count_business_days_from_tomorrow_to_the_due_day_and_are_zero_on_it()
    {
        var target = Term(15, TargetUnit.BusinessDays);
        var received = At("2026-03-02 10:00 -05:00");

        var face = ClockFace.Of(Run(target, received, At("2026-03-18 12:00 -05:00"), Legal), Legal)!;
        var dueDay = ClockFace.Of(Run(target, received, At("2026-03-24 09:00 -05:00"), Legal), Legal)!;

        face.DueDate.ShouldBe(new DateOnly(2026, 3, 24));
        face.DaysLeft.ShouldBe(3); // Thursday 19, Friday 20 and Tuesday 24: Monday 23 is a holiday.
        dueDay.DaysLeft.ShouldBe(0);
        ClockFace.Of(Run(Term(3, TargetUnit.Days), At("2026-03-27 18:00 +01:00"), At("2026-03-28 10:00 +01:00"), Shop()), Shop())!
            .DaysLeft.ShouldBe(2);
        ClockFace.Of(ServiceClockState.Replay([new ClockEvent.Activated(received, Hours(4), ServiceClock.Business)], Legal, received), Legal)!
            .DaysLeft.ShouldBeNull();
    }

    [Fact]
    public void A_warning_of_days_left_is_due_at_the_close_of_the_day_that_leaves_exactly_those_business_days()
    {
        var target = Term(15, TargetUnit.BusinessDays,
            new TargetWarning { PercentUsed = 80 }, new TargetWarning { Left = 3, LeftUnit = TargetUnit.BusinessDays },
            new TargetWarning { Left = 2, LeftUnit = TargetUnit.Hours });
        var received = At("2026-03-02 10:00 -05:00");

        var clock = Run(target, received, received, Legal);

        clock.Target.ShouldBe(Hours(7 + 15 * 9));
        // 80 % of 142 h is 113.6 h: 7 h on Monday, 11 days of 9 h, then 7.6 h of Wednesday the 18th.
        clock.Warnings[0].DueAt.ShouldBe(At("2026-03-18 15:36 -05:00"));
        // Three business days left (19, 20 and 24) at the close of the 18th.
        clock.Warnings[1].DueAt.ShouldBe(At("2026-03-18 17:00 -05:00"));
        clock.Warnings[2].DueAt.ShouldBe(At("2026-03-24 15:00 -05:00"));
        clock.Warnings.ShouldAllBe(w => w.WarnedAt == null);
    }

    [Fact]
    public void An_extension_adds_the_business_time_of_more_business_days_after_the_due_day()
    {
        var target = Term(15, TargetUnit.BusinessDays) with { ExtendableBy = 8 };

        var by = DayTerms.Extension(target, At("2026-03-24 17:00 -05:00"), Legal);

        by.ShouldBe(Hours(8 * 9));
        Legal.AddBusinessTime(At("2026-03-24 17:00 -05:00"), by).ShouldBe(At("2026-04-03 17:00 -05:00"));
        DayTerms.Extension(Term(2, TargetUnit.Hours) with { ExtendableBy = 1 }, At("2026-03-24 10:00 -05:00"), Legal).ShouldBe(Hours(1));
        DayTerms.Extension(Term(2, TargetUnit.Hours), At("2026-03-24 10:00 -05:00"), Legal).ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void A_business_day_term_replays_to_the_due_instant_business_days_place_for_any_receipt()
    {
        var shop = Shop();
        Gen.Int[0, 364 * 24 * 60].Select(Gen.Int[1, 30]).Sample((minute, days) =>
        {
            var received = At("2026-01-01 00:00 +01:00").AddMinutes(minute);
            var clock = Run(Term(days, TargetUnit.BusinessDays), received, received, shop);
            clock.DueAt.ShouldBe(shop.AddBusinessDays(received, days));
        }, iter: 300);
    }
}
