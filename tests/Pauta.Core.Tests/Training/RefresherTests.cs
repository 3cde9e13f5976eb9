using Pauta.Core.Tests.ServiceLevels;
using Pauta.Core.Training;

namespace Pauta.Core.Tests.Training;

/// <summary>FSRS-5 with its default parameters, no fuzz: a fixed history gives exact stabilities and dates.</summary>
public sealed class RefresherTests
{
    private static DateTimeOffset Utc(int month, int day, int hour = 9, int minute = 30) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(null, false, RecallGrade.Again)]
    [InlineData(0, false, RecallGrade.Again)]
    [InlineData(90, false, RecallGrade.Again)]
    [InlineData(null, true, RecallGrade.Good)]
    [InlineData(50, true, RecallGrade.Hard)]
    [InlineData(84, true, RecallGrade.Hard)]
    [InlineData(85, true, RecallGrade.Good)]
    [InlineData(99, true, RecallGrade.Good)]
    [InlineData(100, true, RecallGrade.Easy)]
    public void A_score_becomes_a_grade(int? score, bool passed, RecallGrade expected) =>
        Refresher.GradeOf(score, passed).ShouldBe(expected);

    [Theory]
    [InlineData(RecallGrade.Again, 0.40255, 7.1949, 1)]
    [InlineData(RecallGrade.Hard, 1.18385, 6.488305, 1)]
    [InlineData(RecallGrade.Good, 3.173, 5.282434, 3)]
    [InlineData(RecallGrade.Easy, 15.69105, 3.224502, 16)]
    public void The_first_review_starts_from_the_published_defaults(RecallGrade grade, double stability, double difficulty, int days)
    {
        var s = Refresher.Review(RefresherState.New, grade, Utc(3, 3));
        s.Stability.ShouldBe(stability, 1e-6);
        s.Difficulty.ShouldBe(difficulty, 1e-6);
        s.Reviews.ShouldBe(1);
        s.LastReview.ShouldBe(Utc(3, 3));
        Refresher.IntervalDays(s.Stability).ShouldBe(days);
    }

    [Fact]
    public void A_fixed_history_gives_exact_dates_on_working_days()
    {
        var shop = ServiceLevels.Calendars.Shop();
        // Good on Tuesday 3 March: S = 3.173, 3 days → Friday 6 March at the 09:00 opening (08:00 UTC).
        var s = Refresher.Review(RefresherState.New, RecallGrade.Good, Utc(3, 3));
        Refresher.NextDue(s, shop).ShouldBe(Utc(3, 6, 8, 0));

        // Good again three days later: S grows to 10.74, 11 days → Tuesday 17 March.
        s = Refresher.Review(s, RecallGrade.Good, Utc(3, 6));
        s.Stability.ShouldBe(10.738926, 1e-5);
        s.Difficulty.ShouldBe(5.272968, 1e-5);
        Refresher.NextDue(s, shop).ShouldBe(Utc(3, 17, 8, 0));

        // Failed 20 days later: S falls to 2.53, 3 days → Sunday 29 March, closed (and the clocks change) → Monday 09:00 CEST.
        s = Refresher.Review(s, RecallGrade.Again, Utc(3, 26));
        s.Stability.ShouldBe(2.525705, 1e-5);
        s.Difficulty.ShouldBe(6.790568, 1e-5);
        Refresher.NextDue(s, shop).ShouldBe(Utc(3, 30, 7, 0));

        // 100 % five days later: S = 28.38, 28 days → Tuesday 28 April.
        s = Refresher.Review(s, RecallGrade.Easy, Utc(3, 31));
        s.Stability.ShouldBe(28.377407, 1e-5);
        s.Reviews.ShouldBe(4);
        Refresher.NextDue(s, shop).ShouldBe(Utc(4, 28, 7, 0));
    }

    [Fact]
    public void A_due_date_on_a_holiday_moves_to_the_next_working_day()
    {
        // Easy on 15 April: 16 days → Friday 1 May, Labour Day → Saturday 2 May at 10:00 CEST.
        var s = Refresher.Review(RefresherState.New, RecallGrade.Easy, Utc(4, 15));
        Refresher.NextDue(s, ServiceLevels.Calendars.Shop()).ShouldBe(Utc(5, 2, 8, 0));
    }

    [Fact]
    public void A_second_review_the_same_day_uses_the_short_term_formula()
    {
        var s = Refresher.Review(RefresherState.New, RecallGrade.Again, Utc(3, 3));
        s = Refresher.Review(s, RecallGrade.Good, Utc(3, 3, 11, 54));
        s.Stability.ShouldBe(0.566698, 1e-5);
        s.Difficulty.ShouldBe(7.176636, 1e-5);
        Refresher.IntervalDays(s.Stability).ShouldBe(1);
    }

    [Fact]
    public void At_target_recall_0_9_the_interval_is_the_stability()
    {
        Refresher.IntervalDays(10).ShouldBe(10);
        Refresher.Recall(10, 10).ShouldBe(0.9, 1e-12);
        Refresher.IntervalDays(10, 0.8).ShouldBe(24);
        Refresher.IntervalDays(10, 0.95).ShouldBe(5);
        Refresher.IntervalDays(0.01).ShouldBe(1);
        Refresher.IntervalDays(1e9).ShouldBe(Refresher.MaxIntervalDays);
    }

    [Fact]
    public void Reviews_out_of_order_or_unknown_grades_are_refused()
    {
        var s = Refresher.Review(RefresherState.New, RecallGrade.Good, Utc(3, 6));
        Should.Throw<ArgumentOutOfRangeException>(() => Refresher.Review(s, RecallGrade.Good, Utc(3, 5)));
        Should.Throw<ArgumentOutOfRangeException>(() => Refresher.Review(s, (RecallGrade)7, Utc(3, 7)));
        Should.Throw<ArgumentOutOfRangeException>(() => Refresher.IntervalDays(10, 1));
        Should.Throw<InvalidOperationException>(() => Refresher.NextDue(RefresherState.New, ServiceLevels.Calendars.Shop()));
    }

    [Fact]
    public void Difficulty_stays_between_1_and_10_and_stability_positive_over_long_histories()
    {
        var grades = Enum.GetValues<RecallGrade>();
        var random = new Random(20261206);
        for (var run = 0; run < 200; run++)
        {
            var s = RefresherState.New;
            var at = Utc(3, 3);
            for (var i = 0; i < 30; i++)
            {
                at = at.AddHours(random.Next(0, 24 * 60));
                s = Refresher.Review(s, grades[random.Next(grades.Length)], at);
                s.Difficulty.ShouldBeInRange(1, 10);
                s.Stability.ShouldBeGreaterThan(0);
                Refresher.IntervalDays(s.Stability).ShouldBeInRange(1, Refresher.MaxIntervalDays);
            }
        }
    }

    [Fact]
    public void The_next_working_day_skips_sundays_and_holidays()
    {
        var shop = ServiceLevels.Calendars.Shop();
        // Saturday 2 May 2026 → Sunday closed → Monday 4 May 09:00 CEST.
        Refresher.NextWorkingDay(shop, Utc(5, 2, 9, 0)).ShouldBe(Utc(5, 4, 7, 0));
        // Thursday 30 April → Friday 1 May holiday → Saturday 2 May 10:00 CEST.
        Refresher.NextWorkingDay(shop, Utc(4, 30)).ShouldBe(Utc(5, 2, 8, 0));
    }
}
