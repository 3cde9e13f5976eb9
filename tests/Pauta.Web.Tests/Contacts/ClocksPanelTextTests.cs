using System.Globalization;
using Pauta.Core.Contacts;
using Pauta.Core.Protocols;
using Pauta.Core.ServiceLevels;
using Pauta.Web.Features.Contacts;
using Microsoft.Extensions.Localization;
using Pauta.Web.Infrastructure;

namespace Pauta.Web.Tests.Contacts;

/// <summary>
/// How the clocks panel and the board write a clock: a term in days as the days left and its due date, a warning as the
/// time left it was given for, and which clock a board row shows. Fixed instants only.
/// </summary>
public sealed class ClocksPanelTextTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 9, 15, 0, 0, TimeSpan.FromHours(-5));

    private static ServiceClockState Clock(ClockStatus status, DateTimeOffset? due, TargetUnit unit = TargetUnit.Seconds,
        params ClockWarningState[] warnings) =>
        new(status, ServiceClock.Business, TimeSpan.FromHours(10), TimeSpan.FromHours(1), due, status == ClockStatus.Paused, null, null, Now)
        {
            Unit = unit,
            Warnings = warnings,
        };

    private static T In<T>(string language, Func<IStringLocalizer, T> read)
    {
        var (ui, culture) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(language);
            return read(new JsonStringLocalizerFactory().Create(typeof(SharedResource)));
        }
        finally
        {
            CultureInfo.CurrentUICulture = ui;
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void A_term_in_business_days_reads_as_the_days_left_and_the_day_it_is_due_at_close_in_both_languages()
    {
        var clock = Clock(ClockStatus.Running, Now.AddDays(19), TargetUnit.BusinessDays);
        var face = new ClockFace(TimeSpan.FromHours(100), null, null, null) { DaysLeft = 12, DueDate = new DateOnly(2026, 12, 28) };
        In("es", l => RunView.DayTerm(clock, face, l)).ShouldBe("12 días hábiles restantes · vence el lunes 28 de diciembre (al cierre)");
        In("en", l => RunView.DayTerm(clock, face, l)).ShouldBe("12 business days left · due Monday 28 December (at close)");
        In("es", l => RunView.DayTerm(clock, face with { DaysLeft = 1 }, l)).ShouldStartWith("1 día hábil restante ·");
    }

    [Fact]
    public void A_clock_in_hours_or_a_day_term_without_its_days_keeps_the_countdown()
    {
        var face = new ClockFace(TimeSpan.FromHours(3), Now.AddHours(3), null, null) { DaysLeft = 2, DueDate = new DateOnly(2026, 12, 11) };
        In("es", l => RunView.DayTerm(Clock(ClockStatus.Running, Now.AddHours(3), TargetUnit.Hours), face, l)).ShouldBeNull();
        In("es", l => RunView.DayTerm(Clock(ClockStatus.Running, Now.AddDays(3), TargetUnit.BusinessDays), face with { DaysLeft = null }, l)).ShouldBeNull();
    }

    [Fact]
    public void A_warning_reads_as_the_time_left_or_the_share_used()
    {
        In("es", l => RunView.Warning(new TargetWarning { Left = 3, LeftUnit = TargetUnit.BusinessDays }, l)).ShouldBe("Aviso: quedan 3 días hábiles");
        In("en", l => RunView.Warning(new TargetWarning { Left = 1, LeftUnit = TargetUnit.BusinessDays }, l)).ShouldBe("Warning: 1 business day left");
        In("es", l => RunView.Warning(new TargetWarning { PercentUsed = 80 }, l)).ShouldBe("Aviso: 80 % del plazo usado");
    }

    [Fact]
    public void The_board_shows_a_breached_clock_first_then_one_at_risk_then_the_one_running_out_first()
    {
        var warned = new ClockWarningState(0, Now.AddHours(-1), Now.AddHours(-1));
        var soon = Clock(ClockStatus.Running, Now.AddHours(1));
        var atRisk = Clock(ClockStatus.Running, Now.AddDays(5), TargetUnit.BusinessDays, warned);
        var breached = Clock(ClockStatus.Breached, Now.AddHours(-2));
        var met = Clock(ClockStatus.Fulfilled, Now.AddMinutes(-5));

        RunView.MostUrgent(new ContactClockStates(new Dictionary<ContactClock, ServiceClockState>
        {
            [ContactClock.FirstResponse] = soon, [ContactClock.Answer] = atRisk, [ContactClock.Resolution] = breached,
        }))!.Value.Clock.ShouldBe(ContactClock.Resolution);
        RunView.MostUrgent(new ContactClockStates(new Dictionary<ContactClock, ServiceClockState>
        {
            [ContactClock.FirstResponse] = soon, [ContactClock.Answer] = atRisk,
        }))!.Value.Clock.ShouldBe(ContactClock.Answer);
        RunView.MostUrgent(new ContactClockStates(new Dictionary<ContactClock, ServiceClockState>
        {
            [ContactClock.FirstResponse] = met, [ContactClock.Acknowledgement] = Clock(ClockStatus.Running, Now.AddHours(4)),
            [ContactClock.Resolution] = Clock(ClockStatus.Running, Now.AddHours(2)),
        }))!.Value.Clock.ShouldBe(ContactClock.Resolution);
        RunView.MostUrgent(new ContactClockStates(new Dictionary<ContactClock, ServiceClockState> { [ContactClock.FirstResponse] = met })).ShouldBeNull();

        RunView.AtRisk(atRisk).ShouldBeTrue();
        RunView.AtRisk(soon).ShouldBeFalse();
        RunView.AtRisk(breached with { Warnings = [warned] }).ShouldBeFalse("a breached clock is shown as breached, not at risk");
    }

    [Fact]
    public void A_milestone_or_an_extension_names_its_clock_and_becomes_its_command()
    {
        var at = Now;
        var actor = Guid.NewGuid();
        new ContactActionInput(Guid.NewGuid(), 3, ContactActionKind.Milestone).ToCommand(at, actor).Problem!.Field.ShouldBe("clock");
        new ContactActionInput(Guid.NewGuid(), 3, ContactActionKind.Extend, Reason: "x").ToCommand(at, actor).Problem!.Field.ShouldBe("clock");
        new ContactActionInput(Guid.NewGuid(), 3, ContactActionKind.Milestone, Clock: ContactClock.Acknowledgement).ToCommand(at, actor).Command
            .ShouldBe(new ContactCommand.RecordMilestone(at, actor, ContactClock.Acknowledgement));
        new ContactActionInput(Guid.NewGuid(), 3, ContactActionKind.Extend, Reason: "pruebas pendientes", Clock: ContactClock.Answer).ToCommand(at, actor).Command
            .ShouldBe(new ContactCommand.ExtendClock(at, actor, ContactClock.Answer, "pruebas pendientes"));
    }
}
