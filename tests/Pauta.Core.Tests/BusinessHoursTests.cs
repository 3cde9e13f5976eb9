using Pauta.Core.Common;
using Pauta.Core.Organisations;

namespace Pauta.Core.Tests;

public class BusinessHoursTests
{
    private const string Field = "Monday";

    private static (IReadOnlyList<OpeningInterval> Intervals, IReadOnlyList<Problem> Problems) Monday(string? text) =>
        BusinessHours.ParseDay(DayOfWeek.Monday, text, Field);

    private static OpeningInterval Interval(int startHour, int endHour, DayOfWeek day = DayOfWeek.Monday) =>
        new(day, startHour * 60, endHour * 60);

    private static void ShouldBeOneProblem(IReadOnlyList<Problem> problems, string code, params object[] args)
    {
        problems.Count.ShouldBe(1, $"expected exactly one {code}, got: {string.Join("; ", problems)}");
        problems[0].Field.ShouldBe(Field);
        problems[0].Code.ShouldBe(code);
        problems[0].Args.ShouldBe(args);
    }

    [Fact]
    public void A_lunch_break_is_two_intervals_on_the_same_day()
    {
        var (intervals, problems) = Monday("09:00-14:00, 16:00-19:00");

        problems.ShouldBeEmpty();
        intervals.ShouldBe([Interval(9, 14), Interval(16, 19)]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Empty_text_means_the_day_is_closed(string? text)
    {
        var (intervals, problems) = Monday(text);

        intervals.ShouldBeEmpty();
        problems.ShouldBeEmpty();
    }

    [Fact]
    public void Intervals_typed_out_of_order_come_back_sorted_by_start()
    {
        var (intervals, problems) = Monday("16:00-19:00; 09:00-14:00");

        problems.ShouldBeEmpty();
        intervals.ShouldBe([Interval(9, 14), Interval(16, 19)]);
    }

    [Fact]
    public void Spaces_short_hours_and_semicolons_are_all_accepted()
    {
        var (intervals, problems) = Monday(" 9 - 14 ;16:00 -19:30 ,, ");

        problems.ShouldBeEmpty();
        intervals.ShouldBe([Interval(9, 14), new OpeningInterval(DayOfWeek.Monday, 16 * 60, 19 * 60 + 30)]);
    }

    [Fact]
    public void Every_interval_carries_the_day_it_was_parsed_for()
    {
        var (intervals, _) = BusinessHours.ParseDay(DayOfWeek.Saturday, "10:00-13:00", "Saturday");

        intervals.ShouldHaveSingleItem().Day.ShouldBe(DayOfWeek.Saturday);
    }

    [Fact]
    public void Overlapping_intervals_are_refused_naming_both()
    {
        var (_, problems) = Monday("09:00-14:00, 13:00-18:00");

        ShouldBeOneProblem(problems, "Hours.Overlap", "09:00-14:00", "13:00-18:00");
    }

    [Fact]
    public void An_interval_inside_another_is_an_overlap()
    {
        var (_, problems) = Monday("09:00-18:00, 10:00-11:00");

        ShouldBeOneProblem(problems, "Hours.Overlap", "09:00-18:00", "10:00-11:00");
    }

    [Fact]
    public void The_same_interval_twice_is_an_overlap()
    {
        var (_, problems) = Monday("09:00-14:00, 09:00-14:00");

        ShouldBeOneProblem(problems, "Hours.Overlap", "09:00-14:00", "09:00-14:00");
    }

    [Fact]
    public void Touching_intervals_do_not_overlap()
    {
        var (intervals, problems) = Monday("09:00-14:00, 14:00-18:00");

        problems.ShouldBeEmpty();
        intervals.Count.ShouldBe(2);
    }

    [Fact]
    public void Overlaps_are_only_looked_for_within_one_day()
    {
        var week = new[] { Interval(9, 14, DayOfWeek.Monday), Interval(10, 12, DayOfWeek.Tuesday) };

        BusinessHours.FindOverlaps(week, "Week").ShouldBeEmpty();
    }

    [Fact]
    public void Find_overlaps_reports_the_field_it_is_given()
    {
        var day = new[] { Interval(13, 18), Interval(9, 14) };

        var problem = BusinessHours.FindOverlaps(day, "Input.Monday").ShouldHaveSingleItem();

        problem.Field.ShouldBe("Input.Monday");
        problem.Code.ShouldBe("Hours.Overlap");
        problem.Args.ShouldBe(["09:00-14:00", "13:00-18:00"]);
    }

    [Theory]
    [InlineData("14:00-09:00")]
    [InlineData("09:00-09:00")]
    [InlineData("24:00-24:00")]
    public void An_interval_that_ends_before_or_when_it_starts_is_refused(string text)
    {
        var (intervals, problems) = Monday(text);

        intervals.ShouldBeEmpty();
        ShouldBeOneProblem(problems, "Hours.EndBeforeStart", text);
    }

    [Fact]
    public void A_day_can_run_until_midnight_written_as_24_00()
    {
        var (intervals, problems) = Monday("00:00-24:00");

        problems.ShouldBeEmpty();
        intervals.ShouldBe([new OpeningInterval(DayOfWeek.Monday, 0, OpeningInterval.MinutesPerDay)]);
    }

    [Theory]
    [InlineData("morning")]
    [InlineData("09:00")]
    [InlineData("09:00-")]
    [InlineData("-14:00")]
    [InlineData("09:00-14:00-16:00")]
    [InlineData("9.00-14.00")]
    [InlineData("09:00-25:00")]
    [InlineData("09:00-24:30")]
    [InlineData("09:60-14:00")]
    [InlineData("9:5-14:00")]
    [InlineData("+9-14")]
    public void Text_that_is_not_an_interval_is_refused_quoting_the_piece(string piece)
    {
        var (intervals, problems) = Monday($"08:00-08:30, {piece}");

        intervals.ShouldBe([new OpeningInterval(DayOfWeek.Monday, 8 * 60, 8 * 60 + 30)]);
        ShouldBeOneProblem(problems, "Hours.BadInterval", piece);
    }

    [Fact]
    public void Every_bad_piece_gets_its_own_problem()
    {
        var (_, problems) = Monday("nine-two, 18:00-17:00, 09:00-10:00");

        problems.Select(p => p.Code).ShouldBe(["Hours.BadInterval", "Hours.EndBeforeStart"]);
    }

    [Fact]
    public void Six_intervals_a_day_are_allowed()
    {
        var (intervals, problems) = Monday("08-09, 10-11, 12-13, 14-15, 16-17, 18-19");

        problems.ShouldBeEmpty();
        intervals.Count.ShouldBe(BusinessHours.MaxIntervalsPerDay);
    }

    [Fact]
    public void Seven_intervals_a_day_are_too_many()
    {
        var (_, problems) = Monday("08-09, 10-11, 12-13, 14-15, 16-17, 18-19, 20-21");

        ShouldBeOneProblem(problems, "Hours.TooManyIntervals", BusinessHours.MaxIntervalsPerDay);
    }

    [Theory]
    [InlineData("9", 9 * 60)]
    [InlineData("09", 9 * 60)]
    [InlineData("9:30", 9 * 60 + 30)]
    [InlineData("09:30", 9 * 60 + 30)]
    [InlineData("00:00", 0)]
    [InlineData("23:59", 23 * 60 + 59)]
    [InlineData("24:00", 24 * 60)]
    [InlineData("24", 24 * 60)]
    public void Times_are_read_as_minutes_after_midnight(string text, int expected)
    {
        BusinessHours.TryParseTime(text, out var minute).ShouldBeTrue();
        minute.ShouldBe(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData(":30")]
    [InlineData("9:")]
    [InlineData("9:5")]
    [InlineData("9:300")]
    [InlineData("9:60")]
    [InlineData("24:01")]
    [InlineData("25:00")]
    [InlineData("-1")]
    [InlineData("+9")]
    [InlineData(" 9")]
    [InlineData("9:30:00")]
    [InlineData("nine")]
    [InlineData("99999999999")]
    public void Text_that_is_not_a_time_is_refused(string text)
    {
        BusinessHours.TryParseTime(text, out var minute).ShouldBeFalse();
        minute.ShouldBe(0);
    }

    [Fact]
    public void A_day_is_formatted_sorted_with_two_digit_hours_and_minutes()
    {
        var text = BusinessHours.FormatDay([Interval(16, 19), new OpeningInterval(DayOfWeek.Monday, 9 * 60 + 5, 14 * 60)]);

        text.ShouldBe("09:05-14:00, 16:00-19:00");
    }

    [Fact]
    public void A_closed_day_is_formatted_as_empty_text()
    {
        BusinessHours.FormatDay([]).ShouldBe("");
    }

    [Theory]
    [InlineData("09:00-14:00, 16:00-19:00")]
    [InlineData("00:00-24:00")]
    [InlineData("07:15-07:45, 08:00-12:30, 13:00-13:01, 20:00-24:00")]
    [InlineData("")]
    public void Formatting_and_parsing_a_day_round_trips(string text)
    {
        var (intervals, problems) = Monday(text);
        problems.ShouldBeEmpty();

        var formatted = BusinessHours.FormatDay(intervals);

        formatted.ShouldBe(text);
        Monday(formatted).Intervals.ShouldBe(intervals);
    }

    [Fact]
    public void Loosely_typed_hours_are_formatted_in_the_canonical_form()
    {
        BusinessHours.FormatDay(Monday("16-19;9-14").Intervals).ShouldBe("09:00-14:00, 16:00-19:00");
    }

    [Fact]
    public void The_week_starts_on_monday_and_has_seven_distinct_days()
    {
        BusinessHours.Week[0].ShouldBe(DayOfWeek.Monday);
        BusinessHours.Week[^1].ShouldBe(DayOfWeek.Sunday);
        BusinessHours.Week.Distinct().Count().ShouldBe(7);
    }
}
