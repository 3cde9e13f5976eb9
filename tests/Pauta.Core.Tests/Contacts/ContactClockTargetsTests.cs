using Pauta.Core.Contacts;
using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using Pauta.Core.ServiceLevels;
using static Pauta.Core.Tests.Contacts.ContactDriver;
using static Pauta.Core.Tests.Protocols.ProtocolBuilder;
using static Pauta.Core.Tests.ServiceLevels.Calendars;

namespace Pauta.Core.Tests.Contacts;

// A complaint protocol with format-2 targets, run in a Bogotá shop (Mon–Sat 09:00–19:00) whose legal calendar is
// Mon–Fri 08:00–17:00 with San José (Monday 23 March 2026) as a holiday. First response: 4 business hours of the
// shop; acknowledgement: 1 legal business day; resolution: 15 legal business days, extendable by 8, warned at 80 %
// and with 3 business days left. Chat answers in 2 minutes of calendar time, e-mail in 4 business hours.
public class ContactClockTargetsTests
{
    private static readonly BusinessCalendar BogotaShop = Build(Bogota, [],
        BusinessHours.Week.Where(d => d != DayOfWeek.Sunday).Select(d => (d, "09:00-19:00")).ToArray());

    private static readonly BusinessCalendar BogotaLegal = Build(Bogota, [new DateOnly(2026, 3, 23)],
        BusinessHours.Week.Where(d => d is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).Select(d => (d, "08:00-17:00")).ToArray());

    private static readonly ContactCalendars Calendars = new(BogotaShop, BogotaLegal);

    private static readonly DateTimeOffset Monday10 = At("2026-03-02 10:00 -05:00");

    private static Protocol Complaint() => PhoneProtocol() with
    {
        Channels = Channels.All,
        ServiceLevels = [],
        Steps = [.. PhoneProtocol().Steps.Select(s => s.Key == "escuchar" ? s with { Fulfils = ContactClock.Acknowledgement } : s)],
        EscalationRules =
        [
            .. PhoneProtocol().EscalationRules,
            new EscalationRule { Key = "en-riesgo", Condition = EscalationCondition.TargetAtRisk, Detail = "Plazo en riesgo.", Target = "Jurídica" },
            new EscalationRule { Key = "quedan-tres", Condition = EscalationCondition.TargetAtRisk, Detail = "Quedan tres días.", Target = "Gerencia" },
            new EscalationRule { Key = "vencido", Condition = EscalationCondition.TargetMissed, Detail = "Plazo vencido.", Target = "Gerencia" },
        ],
        ServiceTargets =
        [
            new ServiceTarget { Clock = ContactClock.FirstResponse, Channel = Channels.Electronic, SubChannels = SubChannels.Chat, Amount = 2, Unit = TargetUnit.Minutes, Counting = ServiceClock.Calendar },
            new ServiceTarget { Clock = ContactClock.FirstResponse, Channel = Channels.Electronic, SubChannels = SubChannels.Email, Amount = 4, Unit = TargetUnit.Hours },
            new ServiceTarget { Clock = ContactClock.FirstResponse, Channel = Channels.All, Amount = 4, Unit = TargetUnit.Hours },
            new ServiceTarget { Clock = ContactClock.Acknowledgement, Channel = Channels.Print, Amount = 1, Unit = TargetUnit.BusinessDays, Calendar = CalendarRefs.Legal },
            new ServiceTarget
            {
                Clock = ContactClock.Resolution, Channel = Channels.Print | Channels.Electronic, Amount = 15, Unit = TargetUnit.BusinessDays,
                Calendar = CalendarRefs.Legal, ExtendableBy = 8,
                Warnings =
                [
                    new TargetWarning { PercentUsed = 80 },
                    new TargetWarning { Left = 3, LeftUnit = TargetUnit.BusinessDays, EscalationRuleKey = "quedan-tres" },
                ],
            },
        ],
    };

    private static ContactDriver Letter(DateTimeOffset? start = null, DateTimeOffset? receivedAt = null, string? reason = null)
    {
        var driver = new ContactDriver(Complaint(), start ?? Monday10) { Calendars = Calendars };
        driver.Accept(new ContactCommand.Start(driver.Now, Agent, Channels.Print, "Reclamo por un cobro", "es", ReceivedAt: receivedAt, ReceivedReason: reason));
        return driver;
    }

    private static ContactClockStates Clocks(ContactDriver contact, DateTimeOffset now) => ContactClocks.At(contact.State, Calendars, now);

    [Fact]
    public void One_contact_counts_its_first_response_on_shop_hours_and_its_resolution_in_legal_business_days()
    {
        var contact = Letter();

        var activated = contact.Events.OfType<ContactEvent.ClockRecorded>().ToList();
        activated.Select(e => (e.Clock, e.Calendar, e.Unit)).ShouldBe(
        [
            (ContactClock.FirstResponse, null, TargetUnit.Hours),
            (ContactClock.Resolution, CalendarRefs.Legal, TargetUnit.BusinessDays),
            (ContactClock.Acknowledgement, CalendarRefs.Legal, TargetUnit.BusinessDays),
        ]);
        var clocks = Clocks(contact, Monday10);
        clocks.FirstResponse!.DueAt.ShouldBe(At("2026-03-02 14:00 -05:00"));
        clocks.Resolution!.DueAt.ShouldBe(At("2026-03-24 17:00 -05:00"));
        clocks.Resolution.Unit.ShouldBe(TargetUnit.BusinessDays);
        clocks.Resolution.Calendar.ShouldBe(CalendarRefs.Legal);
        clocks[ContactClock.Acknowledgement]!.DueAt.ShouldBe(At("2026-03-03 17:00 -05:00"));
        clocks[ContactClock.Answer].ShouldBeNull();
        clocks.NextDueAt.ShouldBe(At("2026-03-02 14:00 -05:00"));
    }

    [Fact]
    public void A_chat_is_answered_in_two_minutes_and_an_email_in_four_business_hours_under_one_protocol()
    {
        ContactClockStates Start(SubChannels sub, DateTimeOffset at)
        {
            var contact = new ContactDriver(Complaint(), at) { Calendars = Calendars };
            contact.Accept(new ContactCommand.Start(at, Agent, Channels.Electronic, "Hola", "es", sub));
            contact.State.SubChannel.ShouldBe(sub);
            return Clocks(contact, at);
        }

        // Saturday evening: the chat counts every second, the e-mail waits for Monday's opening.
        var saturday = At("2026-03-07 18:30 -05:00");
        Start(SubChannels.Chat, saturday).FirstResponse!.DueAt.ShouldBe(saturday.AddMinutes(2));
        Start(SubChannels.Email, saturday).FirstResponse!.DueAt.ShouldBe(At("2026-03-09 12:30 -05:00"));
        Start(SubChannels.WhatsApp, saturday).FirstResponse!.Target.ShouldBe(Hours(4));
    }

    [Fact]
    public void A_sub_channel_is_refused_outside_the_electronic_channel()
    {
        var contact = new ContactDriver(Complaint()) { Calendars = Calendars };

        var problem = contact.Refuse(new ContactCommand.Start(contact.Now, Agent, Channels.Phone, "Hola", "es", SubChannels.Chat)).ShouldHaveSingleItem();

        problem.Field.ShouldBe("subChannel");
        problem.Code.ShouldBe(RunCodes.SubChannelUnknown);
    }

    [Theory]
    [InlineData(2, null, "receivedAt", RunCodes.ReceivedAfterStart)]
    [InlineData(-91 * 24 * 60, "Carta", "receivedAt", RunCodes.ReceivedTooLongAgo)]
    [InlineData(-30, null, "receivedReason", RunCodes.ReceivedReasonRequired)]
    [InlineData(-30, "   ", "receivedReason", RunCodes.ReceivedReasonRequired)]
    public void A_received_instant_out_of_bounds_is_refused_precisely(int minutes, string? reason, string field, string code)
    {
        var contact = new ContactDriver(Complaint(), Monday10) { Calendars = Calendars };

        var problem = contact.Refuse(new ContactCommand.Start(Monday10, Agent, Channels.Print, "Reclamo", "es",
            ReceivedAt: Monday10.AddMinutes(minutes), ReceivedReason: reason)).ShouldHaveSingleItem();

        problem.Field.ShouldBe(field);
        problem.Code.ShouldBe(code);
    }

    [Fact]
    public void A_received_reason_longer_than_five_hundred_characters_is_refused()
    {
        var contact = new ContactDriver(Complaint(), Monday10) { Calendars = Calendars };

        var problem = contact.Refuse(new ContactCommand.Start(Monday10, Agent, Channels.Print, "Reclamo", "es",
            ReceivedAt: Monday10.AddDays(-1), ReceivedReason: new string('x', 501))).ShouldHaveSingleItem();

        problem.Field.ShouldBe("receivedReason");
        problem.Code.ShouldBe("Field.TooLong");
    }

    [Fact]
    public void Received_within_the_skew_or_a_few_minutes_before_needs_no_reason()
    {
        var skewed = new ContactDriver(Complaint(), Monday10) { Calendars = Calendars };
        skewed.Accept(new ContactCommand.Start(Monday10, Agent, Channels.Print, "Reclamo", "es", ReceivedAt: Monday10.AddSeconds(30)));
        skewed.State.ReceivedAt.ShouldBeNull();

        var recent = new ContactDriver(Complaint(), Monday10) { Calendars = Calendars };
        recent.Accept(new ContactCommand.Start(Monday10, Agent, Channels.Print, "Reclamo", "es", ReceivedAt: Monday10.AddMinutes(-5)));
        recent.State.ReceivedAt.ShouldBe(Monday10.AddMinutes(-5));
        Clocks(recent, Monday10).FirstResponse!.Elapsed.ShouldBe(Minutes(5));
    }

    [Fact]
    public void A_letter_received_yesterday_counts_its_clocks_from_its_arrival()
    {
        // Received Monday 16:00, entered Tuesday 09:30.
        var contact = Letter(At("2026-03-03 09:30 -05:00"), At("2026-03-02 16:00 -05:00"), "Llegó por correo certificado");

        contact.State.ReceivedAt.ShouldBe(At("2026-03-02 16:00 -05:00"));
        contact.State.ReceivedReason.ShouldBe("Llegó por correo certificado");
        contact.Events.OfType<ContactEvent.ClockRecorded>().ShouldAllBe(e => e.CountFrom == At("2026-03-02 16:00 -05:00"));
        var clocks = Clocks(contact, At("2026-03-03 09:30 -05:00"));
        // Shop hours: 16:00–19:00 on Monday, then one more hour on Tuesday.
        clocks.FirstResponse!.DueAt.ShouldBe(At("2026-03-03 10:00 -05:00"));
        clocks.FirstResponse.Elapsed.ShouldBe(Hours(3.5));
        // Legal days from Tuesday: the acknowledgement was due at Tuesday's close, the resolution fifteen days on.
        clocks[ContactClock.Acknowledgement]!.DueAt.ShouldBe(At("2026-03-03 17:00 -05:00"));
        clocks.Resolution!.DueAt.ShouldBe(At("2026-03-24 17:00 -05:00"));
    }

    [Fact]
    public void A_step_that_fulfils_a_milestone_stops_its_clock_and_the_close_stops_the_rest()
    {
        var contact = Letter();
        contact.Accept(contact.Complete("saludo"));

        var events = contact.Accept(contact.Complete("escuchar"));

        events.OfType<ContactEvent.ClockRecorded>().ShouldHaveSingleItem().ShouldBe(
            new ContactEvent.ClockRecorded(Monday10.AddMinutes(2), Agent, ContactClock.Acknowledgement, ClockChange.Fulfilled));
        contact.RefusalCode(new ContactCommand.RecordMilestone(contact.Now, Agent, ContactClock.Resolution)).ShouldBe(RunCodes.ClockNotAMilestone);
        contact.RefusalCode(new ContactCommand.RecordMilestone(contact.Now, Agent, ContactClock.Answer)).ShouldBe(RunCodes.ClockNotActivated);
        contact.RefusalCode(new ContactCommand.RecordMilestone(contact.Now, Agent, ContactClock.Acknowledgement)).ShouldBe(RunCodes.ClockStopped);
        Clocks(contact, contact.Now).All.Values.Count(c => c.Status == ClockStatus.Fulfilled).ShouldBe(2);
    }

    [Fact]
    public void A_milestone_recorded_outside_the_steps_fulfils_its_clock()
    {
        var contact = Letter();

        var events = contact.Accept(new ContactCommand.RecordMilestone(contact.Now, Agent, ContactClock.Acknowledgement));

        events.ShouldBe([new ContactEvent.ClockRecorded(Monday10.AddMinutes(1), Agent, ContactClock.Acknowledgement, ClockChange.Fulfilled)]);
        contact.RefusalCode(new ContactCommand.RecordMilestone(contact.Now, OtherAgent, ContactClock.FirstResponse)).ShouldBe(RunCodes.NotHandler);
    }

    [Fact]
    public void Warnings_are_recorded_when_reached_and_escalate_by_their_rule_or_the_target_at_risk_rule()
    {
        var contact = Letter();
        contact.Accept(new ContactCommand.RecordMilestone(contact.Now, Agent, ContactClock.FirstResponse));
        contact.Accept(new ContactCommand.RecordMilestone(contact.Now, Agent, ContactClock.Acknowledgement));

        var early = At("2026-03-18 15:35 -05:00");
        Clocks(contact, early).WarningsDue(early).ShouldBeEmpty();
        contact.Now = early;
        contact.RefusalCode(new ContactCommand.RecordWarning(early, ContactActors.System, ContactClock.Resolution, 0)).ShouldBe(RunCodes.WarningNotDue);

        var percent = At("2026-03-18 15:36 -05:00");
        Clocks(contact, percent).WarningsDue(percent).ShouldBe([(ContactClock.Resolution, 0)]);
        contact.Now = percent;
        var first = contact.Accept(new ContactCommand.RecordWarning(percent, ContactActors.System, ContactClock.Resolution, 0));
        first[0].ShouldBe(new ContactEvent.ClockRecorded(percent, ContactActors.System, ContactClock.Resolution, ClockChange.Warned, WarningIndex: 0));
        first[1].ShouldBeOfType<ContactEvent.Escalated>().RuleKey.ShouldBe("en-riesgo");

        var close = At("2026-03-18 17:00 -05:00");
        contact.Now = close;
        Clocks(contact, close).WarningsDue(close).ShouldBe([(ContactClock.Resolution, 1)]);
        var second = contact.Accept(new ContactCommand.RecordWarning(close, ContactActors.System, ContactClock.Resolution, 1));
        second[1].ShouldBeOfType<ContactEvent.Escalated>().Target.ShouldBe("Gerencia");
        contact.RefusalCode(new ContactCommand.RecordWarning(contact.Now, ContactActors.System, ContactClock.Resolution, 1)).ShouldBe(RunCodes.WarningAlreadyRecorded);
        contact.RefusalCode(new ContactCommand.RecordWarning(contact.Now, ContactActors.System, ContactClock.Resolution, 2)).ShouldBe(RunCodes.WarningUnknown);

        // Stored and replayed, the warnings stand as recorded.
        var replayed = ContactClocks.At(GuidedRun.Replay(contact.Protocol, contact.Events), Calendars, contact.Now);
        replayed.Resolution!.Warnings.Select(w => w.WarnedAt).ShouldBe([percent, close]);
        replayed.Resolution.ShouldBe(Clocks(contact, contact.Now).Resolution);
        replayed.NextDueAt.ShouldBe(At("2026-03-24 17:00 -05:00"));
    }

    [Fact]
    public void A_warning_is_not_recorded_after_the_breach()
    {
        var contact = Letter();
        contact.Now = At("2026-03-24 17:00 -05:00");
        Clocks(contact, contact.Now).BreachesDue(contact.Now).ShouldContain(ContactClock.Resolution);
        contact.Accept(new ContactCommand.RecordBreach(contact.Now, ContactActors.System, ContactClock.Resolution))[1]
            .ShouldBeOfType<ContactEvent.Escalated>().RuleKey.ShouldBe("vencido");

        Clocks(contact, contact.Now).WarningsDue(contact.Now).ShouldBeEmpty();
        contact.RefusalCode(new ContactCommand.RecordWarning(contact.Now, ContactActors.System, ContactClock.Resolution, 0)).ShouldBe(RunCodes.ClockAlreadyBreached);
    }

    [Fact]
    public void A_term_is_extended_once_with_a_reason_by_business_days_after_its_due_day()
    {
        var contact = Letter();
        contact.Now = At("2026-03-10 11:00 -05:00");

        contact.Refuse(new ContactCommand.ExtendClock(contact.Now, Agent, ContactClock.Resolution, " ")).ShouldHaveSingleItem().Field.ShouldBe("reason");
        contact.RefusalCode(new ContactCommand.ExtendClock(contact.Now, Agent, ContactClock.FirstResponse, "Falta un informe")).ShouldBe(RunCodes.ClockNotExtendable);
        var events = contact.Accept(new ContactCommand.ExtendClock(contact.Now, Agent, ContactClock.Resolution, "Falta el informe técnico"));

        events.ShouldHaveSingleItem().ShouldBeOfType<ContactEvent.ClockRecorded>().Extension.ShouldBe(Hours(8 * 9));
        var clock = Clocks(contact, contact.Now).Resolution!;
        clock.DueAt.ShouldBe(At("2026-04-03 17:00 -05:00"));
        clock.Extension.ShouldBe(Hours(8 * 9));
        contact.State.Timeline[^1].Detail.ShouldBe("Falta el informe técnico");
        contact.RefusalCode(new ContactCommand.ExtendClock(contact.Now, Agent, ContactClock.Resolution, "Otra vez")).ShouldBe(RunCodes.ClockAlreadyExtended);
    }

    [Fact]
    public void A_term_that_ran_out_is_not_extended()
    {
        var contact = Letter();
        contact.Now = At("2026-03-25 09:00 -05:00");

        contact.RefusalCode(new ContactCommand.ExtendClock(contact.Now, Agent, ContactClock.Resolution, "Tarde")).ShouldBe(RunCodes.ClockRanOut);
    }

    [Fact]
    public void Waiting_on_the_customer_moves_a_legal_term_by_the_business_time_of_the_wait()
    {
        var contact = Letter();
        contact.Now = At("2026-03-09 10:00 -05:00");
        contact.Accept(contact.Wait());
        contact.Now = At("2026-03-11 10:00 -05:00");
        contact.Accept(contact.Responds());

        // Two business days of waiting: due two business days later.
        Clocks(contact, contact.Now).Resolution!.DueAt.ShouldBe(At("2026-03-26 17:00 -05:00"));
    }

    [Fact]
    public void A_contact_without_calendars_counts_a_legal_term_on_an_always_open_calendar_in_utc()
    {
        var contact = new ContactDriver(Complaint(), Monday10);
        contact.Accept(new ContactCommand.Start(Monday10, Agent, Channels.Print, "Reclamo", "es"));

        var clocks = ContactClocks.At(contact.State, ContactCalendars.Single(ContactClocks.AlwaysOpen), Monday10);

        clocks.Resolution!.DueAt.ShouldBe(At("2026-03-18 00:00 +00:00"));
    }
}
