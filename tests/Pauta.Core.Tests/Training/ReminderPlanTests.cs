using Pauta.Core.Training;

namespace Pauta.Core.Tests.Training;

public class ReminderPlanTests
{
    private static readonly TimeZoneInfo Madrid = TimeZoneInfo.FindSystemTimeZoneById("Europe/Madrid");
    private static readonly TimeZoneInfo Santiago = TimeZoneInfo.FindSystemTimeZoneById("America/Santiago");

    // Due Friday 13 March 2026 at 17:00 in Madrid (16:00 UTC). Stages begin at local midnight (23:00 UTC the day before).
    private static readonly DateTime Due = new(2026, 3, 13, 16, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime SoonStarts = new(2026, 3, 9, 23, 0, 0, DateTimeKind.Utc);   // Tue 10 March 00:00 Madrid
    private static readonly DateTime DayStarts = new(2026, 3, 12, 23, 0, 0, DateTimeKind.Utc);   // Fri 13 March 00:00
    private static readonly DateTime AfterStarts = new(2026, 3, 13, 23, 0, 0, DateTimeKind.Utc); // Sat 14 March 00:00

    private static Reminder? At(DateTime now, DateTime? remindedAt = null) => ReminderPlan.Next(Due, remindedAt, now, Madrid);

    [Fact]
    public void Nothing_before_three_local_days_ahead_and_due_soon_from_the_first_instant_of_that_day()
    {
        At(SoonStarts.AddTicks(-1)).ShouldBeNull();
        At(SoonStarts).ShouldBe(new Reminder(ReminderStage.DueSoon, SoonStarts));
    }

    [Fact]
    public void Each_stage_is_sent_once()
    {
        var sentAt = SoonStarts.AddMinutes(1);
        At(sentAt.AddHours(5), sentAt).ShouldBeNull("due soon was sent");
        At(DayStarts.AddTicks(-1), sentAt).ShouldBeNull();
        At(DayStarts, sentAt).ShouldBe(new Reminder(ReminderStage.DueToday, DayStarts));
        At(DayStarts.AddHours(1), DayStarts.AddMinutes(1)).ShouldBeNull("due today was sent");
        At(AfterStarts, DayStarts.AddMinutes(1)).ShouldBe(new Reminder(ReminderStage.Overdue, AfterStarts));
    }

    [Fact]
    public void Overdue_reminders_come_the_day_after_and_then_every_seven_days()
    {
        var sent = AfterStarts.AddMinutes(1);
        At(AfterStarts.AddDays(7).AddTicks(-1), sent).ShouldBeNull();
        At(AfterStarts.AddDays(7), sent)!.Stage.ShouldBe(ReminderStage.Overdue);
        // 21 March to 28 March: no clock change in Madrid until the 29th.
        At(AfterStarts.AddDays(14), AfterStarts.AddDays(7).AddMinutes(1))!.At.ShouldBe(AfterStarts.AddDays(14));
    }

    [Fact]
    public void A_node_that_was_down_sends_only_the_latest_stage()
    {
        At(AfterStarts.AddDays(9))!.ShouldBe(new Reminder(ReminderStage.Overdue, AfterStarts.AddDays(7)));
    }

    [Fact]
    public void Overdue_stages_follow_local_midnight_across_a_clock_change()
    {
        // 29 March 2026 Madrid moves to summer time: 4 April starts at 22:00 UTC on the 3rd.
        var stages = ReminderPlan.Stages(Due, Madrid).Take(5).ToList();
        stages[3].At.ShouldBe(new DateTime(2026, 3, 20, 23, 0, 0, DateTimeKind.Utc));
        stages[4].At.ShouldBe(new DateTime(2026, 3, 27, 23, 0, 0, DateTimeKind.Utc));
        ReminderPlan.Stages(Due, Madrid).ElementAt(5).At.ShouldBe(new DateTime(2026, 4, 3, 22, 0, 0, DateTimeKind.Utc));
    }

    [Fact]
    public void Where_midnight_does_not_exist_the_day_starts_at_its_first_real_instant()
    {
        // Chile moves its clocks forward at 24:00 on Saturday 5 September 2026: Sunday 6 starts at 01:00 local (-03:00).
        ReminderPlan.StartOf(new DateOnly(2026, 9, 6), Santiago).ShouldBe(new DateTime(2026, 9, 6, 4, 0, 0, DateTimeKind.Utc));
    }

    [Fact]
    public void The_worker_looks_again_at_the_next_stage_and_a_new_assignment_first_at_due_soon()
    {
        ReminderPlan.First(Due, Madrid).ShouldBe(SoonStarts);
        ReminderPlan.NextAfter(Due, SoonStarts, Madrid).ShouldBe(DayStarts);
        ReminderPlan.NextAfter(Due, DayStarts.AddHours(3), Madrid).ShouldBe(AfterStarts);
        ReminderPlan.NextAfter(Due, AfterStarts, Madrid).ShouldBe(AfterStarts.AddDays(7));
    }

    [Fact]
    public void An_assignment_given_after_its_due_soon_day_began_reminds_at_once()
    {
        At(DayStarts.AddHours(-2)).ShouldBe(new Reminder(ReminderStage.DueSoon, SoonStarts));
    }
}
