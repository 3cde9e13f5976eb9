using Pauta.Core.Contacts;
using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using Pauta.Core.ServiceLevels;
using static Pauta.Core.Tests.Contacts.ContactDriver;
using static Pauta.Core.Tests.Protocols.ProtocolBuilder;
using static Pauta.Core.Tests.ServiceLevels.Calendars;

namespace Pauta.Core.Tests.Contacts;

// The builder's phone protocol answers within 20 s and resolves within 15 min of business time. The shop is open
// Mon–Fri 09:00–14:00 and 16:00–20:00; the contacts start on Monday 2 March 2026 at 10:00 in Madrid.
public class ContactClocksTests
{
    private static readonly BusinessCalendar Shop = ServiceLevels.Calendars.Shop();

    private static ContactClockStates Clocks(ContactDriver contact, string now) => ContactClocks.At(contact.State, Shop, At(now));

    [Fact]
    public void Starting_activates_both_clocks_with_the_channels_targets()
    {
        var events = Phone().Events;

        events.OfType<ContactEvent.ClockRecorded>().ShouldBe(
        [
            new ContactEvent.ClockRecorded(Monday10, Agent, ContactClock.FirstResponse, ClockChange.Activated, TimeSpan.FromSeconds(20), ServiceClock.Business),
            new ContactEvent.ClockRecorded(Monday10, Agent, ContactClock.Resolution, ClockChange.Activated, TimeSpan.FromMinutes(15), ServiceClock.Business),
        ]);
    }

    [Fact]
    public void The_service_level_of_the_contacts_channel_is_the_one_used()
    {
        var protocol = PhoneProtocol() with
        {
            Channels = Channels.Phone | Channels.Electronic,
            ServiceLevels =
            [
                new ServiceLevel(Channels.Phone, 20, 900, ServiceClock.Business),
                new ServiceLevel(Channels.Electronic, 4 * 3600, 24 * 3600, ServiceClock.Calendar),
            ],
        };

        var contact = Phone(protocol, Channels.Electronic);

        contact.State.ClockEvents(ContactClock.Resolution).ShouldBe([new ClockEvent.Activated(Monday10, TimeSpan.FromHours(24), ServiceClock.Calendar)]);
        ContactClocks.ServiceLevelFor(protocol, Channels.Print).ShouldBeNull();
    }

    [Fact]
    public void A_protocol_without_a_service_level_for_the_channel_runs_no_clocks()
    {
        var contact = Phone(PhoneProtocol() with { ServiceLevels = [] });

        contact.Events.ShouldHaveSingleItem().ShouldBeOfType<ContactEvent.Started>();
        contact.State.HasClock(ContactClock.FirstResponse).ShouldBeFalse();
        var clocks = ContactClocks.At(contact.State, Shop, contact.Now);
        clocks.FirstResponse.ShouldBeNull();
        clocks.Resolution.ShouldBeNull();
        clocks.NextBreachDueAt.ShouldBeNull();
        contact.Accept(contact.Wait()).ShouldHaveSingleItem().ShouldBeOfType<ContactEvent.WaitingOnCustomer>();
        contact.RefusalCode(contact.FirstResponse()).ShouldBe(RunCodes.ClockNotActivated);
    }

    [Fact]
    public void The_first_move_on_a_step_is_the_first_response()
    {
        var contact = Phone();
        contact.Step = TimeSpan.FromSeconds(10);
        contact.Now = Monday10.AddSeconds(12);

        var events = contact.Accept(contact.Complete("saludo"));

        events[1].ShouldBe(new ContactEvent.ClockRecorded(Monday10.AddSeconds(12), Agent, ContactClock.FirstResponse, ClockChange.Fulfilled));
        var clocks = Clocks(contact, "2026-03-02 10:05 +01:00");
        clocks.FirstResponse!.Status.ShouldBe(ClockStatus.Fulfilled);
        clocks.FirstResponse.Elapsed.ShouldBe(TimeSpan.FromSeconds(12));
        clocks.Resolution!.Status.ShouldBe(ClockStatus.Running);
        contact.Accept(contact.Complete("escuchar")).ShouldHaveSingleItem();
    }

    [Fact]
    public void Skipping_the_greeting_or_answering_first_also_counts_as_the_first_response()
    {
        var skipped = Phone();
        skipped.Accept(skipped.Skip("saludo", "Llamada devuelta")).OfType<ContactEvent.ClockRecorded>().ShouldHaveSingleItem();

        var answered = Phone(PhoneProtocol().WithSteps(QuestionStep("q", Stage.Solution, "end")));
        answered.Accept(answered.Answer("q", 0)).OfType<ContactEvent.ClockRecorded>().ShouldHaveSingleItem();
    }

    [Fact]
    public void A_first_response_given_outside_the_steps_is_recorded_once()
    {
        var contact = Phone();

        contact.Accept(contact.FirstResponse()).ShouldHaveSingleItem().ShouldBe(
            new ContactEvent.ClockRecorded(Monday10.AddMinutes(1), Agent, ContactClock.FirstResponse, ClockChange.Fulfilled));

        contact.RefusalCode(contact.FirstResponse()).ShouldBe(RunCodes.ClockStopped);
        contact.Accept(contact.Complete("saludo")).ShouldHaveSingleItem();
    }

    [Fact]
    public void A_late_first_response_is_fulfilled_late()
    {
        var contact = Phone();

        contact.Accept(contact.Complete("saludo"));

        Clocks(contact, "2026-03-02 10:05 +01:00").FirstResponse!.Status.ShouldBe(ClockStatus.FulfilledLate);
    }

    [Fact]
    public void The_clocks_pause_while_waiting_on_the_customer_and_resume_when_they_respond()
    {
        var contact = Phone();
        contact.Accept(contact.Complete("saludo"));
        contact.Now = At("2026-03-02 10:02 +01:00");

        var waiting = contact.Accept(contact.Wait());
        waiting.Select(e => e.GetType().Name).ShouldBe(["WaitingOnCustomer", "ClockRecorded"]);
        contact.State.IsWaitingOnCustomer.ShouldBeTrue();

        var paused = Clocks(contact, "2026-03-02 10:20 +01:00").Resolution!;
        paused.Status.ShouldBe(ClockStatus.Paused);
        paused.Elapsed.ShouldBe(TimeSpan.FromMinutes(2));
        paused.DueAt.ShouldBeNull();

        contact.Now = At("2026-03-02 10:30 +01:00");
        contact.Accept(contact.Responds()).OfType<ContactEvent.ClockRecorded>().ShouldHaveSingleItem().Change.ShouldBe(ClockChange.Resumed);
        contact.State.IsWaitingOnCustomer.ShouldBeFalse();

        var resumed = Clocks(contact, "2026-03-02 10:40 +01:00").Resolution!;
        resumed.Status.ShouldBe(ClockStatus.Running);
        resumed.Elapsed.ShouldBe(TimeSpan.FromMinutes(12));
        resumed.DueAt.ShouldBe(At("2026-03-02 10:43 +01:00"));
    }

    [Fact]
    public void Waiting_before_the_first_response_pauses_that_clock_too()
    {
        var contact = Phone();

        contact.Accept(contact.Wait()).OfType<ContactEvent.ClockRecorded>().Select(c => c.Clock)
            .ShouldBe([ContactClock.FirstResponse, ContactClock.Resolution]);
        contact.Accept(contact.Responds()).OfType<ContactEvent.ClockRecorded>().Count().ShouldBe(2);
    }

    [Fact]
    public void Waiting_twice_or_responding_without_waiting_is_refused()
    {
        var contact = Phone();

        contact.RefusalCode(contact.Responds()).ShouldBe(RunCodes.NotWaiting);
        contact.Accept(contact.Wait());
        contact.RefusalCode(contact.Wait()).ShouldBe(RunCodes.AlreadyWaiting);
    }

    [Fact]
    public void A_business_clock_does_not_count_the_lunch_break()
    {
        var contact = Phone(start: At("2026-03-02 13:55 +01:00"));

        var clocks = Clocks(contact, "2026-03-02 14:30 +01:00");

        clocks.Resolution!.Elapsed.ShouldBe(TimeSpan.FromMinutes(5));
        clocks.Resolution.DueAt.ShouldBe(At("2026-03-02 16:10 +01:00"));
    }

    [Fact]
    public void The_background_service_learns_when_the_next_breach_is_due_and_which_clock()
    {
        var contact = Phone();

        var clocks = Clocks(contact, "2026-03-02 10:00 +01:00");
        clocks.NextBreachDueAt.ShouldBe(Monday10.AddSeconds(20));
        clocks.BreachesDue(Monday10.AddSeconds(19)).ShouldBeEmpty();
        ContactClocks.At(contact.State, Shop, Monday10.AddSeconds(20)).BreachesDue(Monday10.AddSeconds(20)).ShouldBe([ContactClock.FirstResponse]);
    }

    [Fact]
    public void A_recorded_breach_shows_on_the_clock_and_cannot_be_recorded_twice()
    {
        var contact = Phone();
        contact.Accept(contact.Breach(ContactClock.FirstResponse));

        Clocks(contact, "2026-03-02 10:05 +01:00").FirstResponse!.Status.ShouldBe(ClockStatus.Breached);
        contact.RefusalCode(contact.Breach(ContactClock.FirstResponse)).ShouldBe(RunCodes.ClockAlreadyBreached);
        contact.RefusalCode(contact.Breach((ContactClock)7)).ShouldBe(RunCodes.ClockUnknown);
    }

    [Fact]
    public void A_fulfilled_clock_cannot_be_breached()
    {
        var contact = Phone();
        contact.Accept(contact.Complete("saludo"));

        contact.RefusalCode(contact.Breach(ContactClock.FirstResponse)).ShouldBe(RunCodes.ClockStopped);
    }

    [Fact]
    public void A_breached_clock_still_pauses_while_waiting()
    {
        var contact = Phone();
        contact.Accept(contact.Breach(ContactClock.FirstResponse));

        contact.Accept(contact.Wait()).OfType<ContactEvent.ClockRecorded>().Count().ShouldBe(2);

        Clocks(contact, "2026-03-02 10:30 +01:00").FirstResponse!.IsPaused.ShouldBeTrue();
    }

    [Fact]
    public void Closing_with_any_outcome_stops_every_clock_before_the_close()
    {
        var contact = Phone();
        contact.Accept(contact.Wait());

        var events = contact.Accept(contact.Close(ContactOutcome.NotResolved, overrideReason: "Colgó"));

        events.Select(e => e is ContactEvent.ClockRecorded c ? $"{c.Clock} {c.Change}" : e.GetType().Name)
            .ShouldBe(["FirstResponse Fulfilled", "Resolution Fulfilled", "Closed"]);
        var clocks = Clocks(contact, "2026-03-02 18:00 +01:00");
        clocks.FirstResponse!.FulfilledAt.ShouldBe(contact.State.ClosedAt);
        clocks.Resolution!.Status.ShouldBe(ClockStatus.Fulfilled);
        clocks.NextBreachDueAt.ShouldBeNull();
    }

    [Fact]
    public void A_calendar_clock_needs_no_business_calendar()
    {
        var contact = Phone(PhoneProtocol() with { ServiceLevels = [new ServiceLevel(Channels.Phone, 60, 3600, ServiceClock.Calendar)] });

        var clocks = ContactClocks.At(contact.State, calendar: null, At("2026-03-02 10:30 +01:00"));

        clocks.Resolution!.Elapsed.ShouldBe(TimeSpan.FromMinutes(30));
        clocks[ContactClock.Resolution].ShouldBeSameAs(clocks.Resolution);
    }

    private static ContactDriver Phone(Protocol? protocol = null, Channels channel = Channels.Phone, DateTimeOffset? start = null)
    {
        var driver = new ContactDriver(protocol ?? PhoneProtocol(), start);
        driver.Accept(new ContactCommand.Start(driver.Now, Agent, channel, "Una consulta", "es"));
        return driver;
    }
}
