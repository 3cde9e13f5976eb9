using Pauta.Core.Insights;

namespace Pauta.Core.Tests.Insights;

public class InsightAlertRulesTests
{
    private static readonly TimeZoneInfo Madrid = TimeZoneInfo.FindSystemTimeZoneById("Europe/Madrid");

    [Fact]
    public void Attainment_looks_at_the_local_hour_that_holds_now()
    {
        // Tuesday 3 March 2026, 09:30 UTC = 10:30 in Madrid (UTC+1).
        var w = InsightAlertRules.WindowAt(InsightAlertKind.AttainmentBelow, new DateTimeOffset(2026, 3, 3, 9, 30, 0, TimeSpan.Zero), Madrid);
        w.StartUtc.ShouldBe(new DateTime(2026, 3, 3, 9, 0, 0, DateTimeKind.Utc));
        w.EndUtc.ShouldBe(new DateTime(2026, 3, 3, 10, 0, 0, DateTimeKind.Utc));
        w.FirstDay.ShouldBe(new DateOnly(2026, 3, 3));
        w.LastDay.ShouldBe(new DateOnly(2026, 3, 3));
    }

    [Fact]
    public void Overrides_look_at_the_local_week_from_monday_even_across_the_spring_clock_change()
    {
        // Sunday 29 March 2026, 12:00 UTC: Madrid moved from UTC+1 to UTC+2 at 02:00 that night; the week began Monday the 23rd.
        var w = InsightAlertRules.WindowAt(InsightAlertKind.StepOverridesAbove, new DateTimeOffset(2026, 3, 29, 12, 0, 0, TimeSpan.Zero), Madrid);
        w.StartUtc.ShouldBe(new DateTime(2026, 3, 22, 23, 0, 0, DateTimeKind.Utc));
        w.EndUtc.ShouldBe(new DateTime(2026, 3, 29, 22, 0, 0, DateTimeKind.Utc));
        w.FirstDay.ShouldBe(new DateOnly(2026, 3, 23));
        w.LastDay.ShouldBe(new DateOnly(2026, 3, 29));

        // A Monday morning starts a new week.
        var next = InsightAlertRules.WindowAt(InsightAlertKind.StepOverridesAbove, new DateTimeOffset(2026, 3, 29, 22, 0, 0, TimeSpan.Zero), Madrid);
        next.FirstDay.ShouldBe(new DateOnly(2026, 3, 30));
    }

    [Fact]
    public void The_hour_repeated_in_autumn_starts_once_and_the_hour_skipped_in_spring_starts_after_the_gap()
    {
        // 25 October 2026: 03:00 CEST goes back to 02:00 CET; 00:30 UTC is 02:30 CEST (the first 02:xx).
        var autumn = InsightAlertRules.WindowAt(InsightAlertKind.AttainmentBelow, new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), Madrid);
        autumn.StartUtc.ShouldBe(new DateTime(2026, 10, 25, 0, 0, 0, DateTimeKind.Utc));
        // 29 March 2026, 01:30 UTC is 03:30 CEST: the hour 03:00 local starts at 01:00 UTC.
        var spring = InsightAlertRules.WindowAt(InsightAlertKind.AttainmentBelow, new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.Zero), Madrid);
        spring.StartUtc.ShouldBe(new DateTime(2026, 3, 29, 1, 0, 0, DateTimeKind.Utc));
        spring.EndUtc.ShouldBe(new DateTime(2026, 3, 29, 2, 0, 0, DateTimeKind.Utc));
    }

    [Theory]
    [InlineData(80, 79, 100, true)]
    [InlineData(80, 80, 100, false)]
    [InlineData(80, 4, 5, false)]
    [InlineData(80, 3, 5, true)]
    [InlineData(100, 0, 0, false)]
    public void Attainment_raises_strictly_below_the_threshold_and_never_on_nothing_measured(int threshold, int met, int of, bool raises) =>
        InsightAlertRules.Raises(InsightAlertKind.AttainmentBelow, threshold, met, of).ShouldBe(raises);

    [Theory]
    [InlineData(3, 3, false)]
    [InlineData(3, 4, true)]
    [InlineData(0, 1, true)]
    [InlineData(0, 0, false)]
    public void Overrides_raise_strictly_above_the_threshold(int threshold, int count, bool raises) =>
        InsightAlertRules.Raises(InsightAlertKind.StepOverridesAbove, threshold, count, 0).ShouldBe(raises);

    [Theory]
    [InlineData(InsightAlertKind.AttainmentBelow, "0", false)]
    [InlineData(InsightAlertKind.AttainmentBelow, "1", true)]
    [InlineData(InsightAlertKind.AttainmentBelow, "100", true)]
    [InlineData(InsightAlertKind.AttainmentBelow, "101", false)]
    [InlineData(InsightAlertKind.AttainmentBelow, "8O", false)]
    [InlineData(InsightAlertKind.AttainmentBelow, null, false)]
    [InlineData(InsightAlertKind.StepOverridesAbove, "0", true)]
    [InlineData(InsightAlertKind.StepOverridesAbove, "-1", false)]
    [InlineData(InsightAlertKind.StepOverridesAbove, "10001", false)]
    public void Thresholds_are_whole_numbers_in_the_kinds_range_and_a_bad_one_names_its_field(InsightAlertKind kind, string? threshold, bool valid)
    {
        var problems = InsightAlertRules.Validate(kind, threshold);
        problems.Count.ShouldBe(valid ? 0 : 1);
        if (!valid) problems[0].Field.ShouldBe("Threshold");
    }
}
