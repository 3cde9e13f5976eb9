using Pauta.Core.Protocols;
using Pauta.Core.Tests.ServiceLevels;
using Pauta.Core.Training;

namespace Pauta.Core.Tests.Training;

/// <summary>Live work brings a refresher forward: thresholds, the 7-day window, the last review, and the steps named.</summary>
public sealed class LiveWorkNudgeTests
{
    // Tuesday 3 March 2026, 10:30 in Madrid; the next working day starts Wednesday 4 March at 09:00 (08:00 UTC).
    private static readonly DateTimeOffset Now = new(2026, 3, 3, 9, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Tomorrow = new(2026, 3, 4, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset FarAway = Now.AddDays(60);

    private static LiveSlip Skip(double daysAgo, string step) => new LiveSlip.RequiredSkip(Now.AddDays(-daysAgo), step);
    private static LiveSlip Close(double daysAgo, string step, int contact) =>
        new LiveSlip.CloseOverride(Now.AddDays(-daysAgo), step, new Guid(contact, 0, 0, new byte[8]));

    [Fact]
    public void Two_skips_do_nothing_three_bring_it_forward_to_the_next_working_day()
    {
        LiveWorkNudge.Decide([Skip(1, "saludo"), Skip(2, "saludo")], Now, null, FarAway, ServiceLevels.Calendars.Shop()).ShouldBeNull();
        var nudge = LiveWorkNudge.Decide([Skip(1, "saludo"), Skip(2, "ticket"), Skip(3, "saludo")], Now, null, FarAway, ServiceLevels.Calendars.Shop());
        nudge.ShouldNotBeNull();
        nudge.DueAt.ShouldBe(Tomorrow);
        nudge.Steps.ShouldBe(["saludo", "ticket"]);
        nudge.Reason.ShouldBe("skips:saludo,ticket");
    }

    [Fact]
    public void Two_contacts_closed_over_the_gate_bring_it_forward_one_contact_with_many_steps_does_not()
    {
        LiveWorkNudge.Decide([Close(1, "ticket", 1), Close(1, "cambio", 1)], Now, null, FarAway, ServiceLevels.Calendars.Shop()).ShouldBeNull();
        var nudge = LiveWorkNudge.Decide([Close(1, "ticket", 1), Close(2, "ticket", 2), Close(2, "cambio", 2)], Now, null, FarAway, ServiceLevels.Calendars.Shop());
        nudge!.Reason.ShouldBe("overrides:ticket,cambio");
        nudge.DueAt.ShouldBe(Tomorrow);
    }

    [Fact]
    public void Both_kinds_over_their_thresholds_name_every_step()
    {
        var nudge = LiveWorkNudge.Decide(
            [Close(1, "ticket", 1), Close(2, "ticket", 2), Skip(1, "saludo"), Skip(2, "saludo"), Skip(3, "saludo")],
            Now, null, FarAway, ServiceLevels.Calendars.Shop());
        nudge!.Reason.ShouldBe("skips+overrides:saludo,ticket");
    }

    [Fact]
    public void Only_the_last_7_days_and_what_came_after_the_last_review_count()
    {
        LiveWorkNudge.Decide([Skip(1, "a"), Skip(2, "a"), Skip(7.01, "a")], Now, null, FarAway, ServiceLevels.Calendars.Shop()).ShouldBeNull();
        LiveWorkNudge.Decide([Skip(1, "a"), Skip(2, "a"), Skip(6.99, "a")], Now, null, FarAway, ServiceLevels.Calendars.Shop()).ShouldNotBeNull();
        LiveWorkNudge.Decide([Skip(1, "a"), Skip(2, "a"), Skip(3, "a")], Now, Now.AddDays(-2.5), FarAway, ServiceLevels.Calendars.Shop()).ShouldBeNull();
        // A slip stamped after "now" (another node's clock) is not counted yet.
        LiveWorkNudge.Decide([Skip(1, "a"), Skip(2, "a"), Skip(-0.1, "a")], Now, null, FarAway, ServiceLevels.Calendars.Shop()).ShouldBeNull();
    }

    [Fact]
    public void A_refresher_already_due_by_the_next_working_day_is_left_alone()
    {
        var slips = new[] { Skip(1, "a"), Skip(2, "a"), Skip(3, "a") };
        LiveWorkNudge.Decide(slips, Now, null, Tomorrow, ServiceLevels.Calendars.Shop()).ShouldBeNull();
        LiveWorkNudge.Decide(slips, Now, null, Now.AddHours(1), ServiceLevels.Calendars.Shop()).ShouldBeNull();
        LiveWorkNudge.Decide(slips, Now, null, Tomorrow.AddMinutes(1), ServiceLevels.Calendars.Shop())!.DueAt.ShouldBe(Tomorrow);
        LiveWorkNudge.Decide(slips, Now, null, null, ServiceLevels.Calendars.Shop())!.DueAt.ShouldBe(Tomorrow);
    }

    [Fact]
    public void On_a_saturday_the_next_working_day_is_monday()
    {
        var saturday = new DateTimeOffset(2026, 3, 7, 11, 0, 0, TimeSpan.Zero);
        var slips = new LiveSlip[] { new LiveSlip.RequiredSkip(saturday.AddHours(-1), "a"), new LiveSlip.RequiredSkip(saturday.AddHours(-2), "a"),
            new LiveSlip.RequiredSkip(saturday.AddHours(-3), "a") };
        LiveWorkNudge.Decide(slips, saturday, null, null, ServiceLevels.Calendars.Shop())!.DueAt.ShouldBe(new DateTimeOffset(2026, 3, 9, 8, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void The_reason_fits_its_column_and_reads_back_as_the_steps()
    {
        var many = Enumerable.Range(0, 60).SelectMany(i => new[] { Skip(1, $"paso-numero-{i:00}"), Skip(2, $"paso-numero-{i:00}") }).ToList();
        var nudge = LiveWorkNudge.Decide(many, Now, null, FarAway, ServiceLevels.Calendars.Shop())!;
        nudge.Reason.Length.ShouldBeLessThanOrEqualTo(LiveWorkNudge.MaxReasonLength);
        nudge.Steps.Count.ShouldBe(60);
        var read = LiveWorkNudge.StepsOf(nudge.Reason);
        read.ShouldBe(nudge.Steps.Take(read.Count));
        LiveWorkNudge.StepsOf(null).ShouldBeEmpty();
        LiveWorkNudge.StepsOf("nonsense").ShouldBeEmpty();
    }

    private static Protocol WithQuiz(params string[] questions) => new()
    {
        Title = "Devoluciones",
        Steps =
        [
            new Step { Key = "saludo", Stage = Stage.Opening, Title = "Saludar al cliente" },
            new Step { Key = "ticket", Stage = Stage.Analysis, Title = "Pedir el ticket de compra" },
        ],
        Assessment = new Assessment(questions.Select(q => new AssessmentQuestion(q, ["a", "b"], 0)).ToList(), 80),
    };

    [Fact]
    public void The_check_asks_the_questions_that_mention_the_steps_or_the_whole_quiz()
    {
        var protocol = WithQuiz("¿Qué hay que PEDIR EL TÍCKET de compra?", "¿Cómo se despide?", "¿Cuándo se pide el ticket?");
        LiveWorkNudge.QuestionsOn(protocol, ["ticket"]).ShouldBe([0, 2]);
        LiveWorkNudge.QuestionsOn(protocol, ["saludo"]).ShouldBe([0, 1, 2]);
        LiveWorkNudge.QuestionsOn(protocol with { Assessment = null }, ["ticket"]).ShouldBeEmpty();
    }
}
