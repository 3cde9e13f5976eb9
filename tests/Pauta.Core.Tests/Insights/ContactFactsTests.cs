using Pauta.Core.Contacts;
using Pauta.Core.Insights;
using Pauta.Core.ServiceLevels;
using Pauta.Core.Tests.Contacts;
using static Pauta.Core.Tests.ServiceLevels.Calendars;

namespace Pauta.Core.Tests.Insights;

public class ContactFactsTests
{
    private static readonly TimeZoneInfo MadridZone = TimeZoneInfo.FindSystemTimeZoneById(Madrid);

    private static ContactFact Facts(ContactDriver driver, CustomerFeedback? feedback = null) =>
        ContactFacts.Of(driver.Protocol, driver.Events, Shop(), MadridZone, feedback).ShouldNotBeNull();

    [Fact]
    public void A_contact_never_started_has_no_facts()
    {
        ContactFacts.Of(new ContactDriver(Pauta.Core.Tests.Protocols.ProtocolBuilder.PhoneProtocol()).Protocol, [], Shop(), MadridZone).ShouldBeNull();
    }

    [Fact]
    public void A_quick_first_response_is_met_and_takes_the_business_time_the_live_clock_shows()
    {
        var driver = ContactDriver.Phone();
        driver.Now = ContactDriver.Monday10.AddSeconds(10);
        driver.Accept(driver.Complete("saludo"));
        var facts = Facts(driver);
        var live = ContactClocks.At(driver.State, Shop(), driver.State.LastEventAt!.Value).FirstResponse!;

        facts.FirstResponse.Result.ShouldBe(ClockResult.Met);
        facts.FirstResponse.Taken.ShouldBe(live.Elapsed);
        facts.FirstResponse.Taken.ShouldBe(TimeSpan.FromSeconds(10));
        facts.Resolution.Result.ShouldBe(ClockResult.Pending);
        facts.IsClosed.ShouldBeFalse();
    }

    [Fact]
    public void A_slow_first_response_is_missed_even_before_a_breach_is_recorded()
    {
        var driver = ContactDriver.Phone();
        driver.Accept(driver.Complete("saludo"));
        Facts(driver).FirstResponse.ShouldBe(new ClockFact(ClockResult.Missed, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void A_running_clock_past_its_due_instant_at_the_last_event_counts_as_missed()
    {
        var driver = ContactDriver.Phone();
        driver.Now = ContactDriver.Monday10.AddSeconds(5);
        driver.Accept(driver.Complete("saludo"));
        driver.Step = TimeSpan.FromMinutes(20);
        driver.Accept(driver.Tick("escuchar", 0));
        driver.Accept(driver.Tick("escuchar", 0, ticked: false));
        var facts = Facts(driver);
        facts.FirstResponse.Result.ShouldBe(ClockResult.Met);
        facts.Resolution.ShouldBe(new ClockFact(ClockResult.Missed, null));
    }

    [Fact]
    public void Time_waiting_on_the_customer_does_not_count_toward_the_resolution_time()
    {
        var driver = ContactDriver.Phone();
        driver.Now = ContactDriver.Monday10.AddSeconds(5);
        driver.Step = TimeSpan.FromSeconds(5);
        driver.Accept(driver.Complete("saludo"));
        driver.Step = TimeSpan.FromHours(1);
        driver.Accept(driver.Wait());
        driver.Step = TimeSpan.FromSeconds(5);
        driver.Accept(driver.Responds());
        driver.Accept(driver.Close(ContactOutcome.Resolved, overrideReason: "Cliente colgó"));
        var facts = Facts(driver);
        // 10 s from the start to the wait, (paused an hour), 5 s from the answer to the close.
        facts.Resolution.ShouldBe(new ClockFact(ClockResult.Met, TimeSpan.FromSeconds(15)));
        facts.Overridden.ShouldBeTrue();
        facts.IsClosed.ShouldBeTrue();
    }

    [Fact]
    public void Steps_count_reached_resolution_skip_reason_answer_override_and_time_on_step()
    {
        var driver = ContactDriver.Phone();
        driver.Accept(driver.Complete("saludo"));
        driver.Accept(driver.Skip("escuchar", "Ya lo dijo al saludar"));
        driver.Accept(driver.Answer("motivo", 1));
        driver.Step = TimeSpan.FromMinutes(3);
        driver.Accept(driver.Tick("devolucion", 0));
        driver.Accept(driver.Close(ContactOutcome.NotResolved, overrideReason: "Sin tique"));

        var steps = Facts(driver).Steps.ToDictionary(s => s.Step);
        steps.Keys.ShouldBe(["despedida", "devolucion", "escuchar", "motivo", "saludo"]);
        steps["saludo"].ShouldBe(new StepFact("saludo", true, StepResolution.Completed, null, null, false, TimeSpan.FromMinutes(1)));
        steps["escuchar"].ShouldBe(new StepFact("escuchar", true, StepResolution.Skipped, "Ya lo dijo al saludar", null, false, TimeSpan.FromMinutes(1)));
        steps["motivo"].ShouldBe(new StepFact("motivo", true, StepResolution.Answered, null, 1, false, TimeSpan.FromMinutes(1)));
        // Current from the answer until the close (1 + 3 minutes), then left open with the close gate overridden.
        steps["devolucion"].ShouldBe(new StepFact("devolucion", true, null, null, null, true, TimeSpan.FromMinutes(4)));
        // Never reached, but required and ahead at the close.
        steps["despedida"].ShouldBe(new StepFact("despedida", false, null, null, null, true, TimeSpan.Zero));
    }

    [Fact]
    public void Going_back_undoes_a_resolution_but_the_step_stays_reached_and_its_time_adds_up()
    {
        var driver = ContactDriver.Phone();
        driver.Accept(driver.Complete("saludo"));
        driver.Accept(driver.Skip("escuchar", "Con prisa"));
        driver.Accept(driver.Back("motivo"));
        driver.Accept(driver.Complete("escuchar"));
        var steps = Facts(driver).Steps.ToDictionary(s => s.Step);
        steps["escuchar"].Resolution.ShouldBe(StepResolution.Completed);
        steps["escuchar"].SkipReason.ShouldBeNull();
        steps["escuchar"].TimeOn.ShouldBe(TimeSpan.FromMinutes(2));
        steps["motivo"].Reached.ShouldBeTrue();
        steps["motivo"].Resolution.ShouldBeNull();
    }

    [Fact]
    public void Plans_escalation_reasons_and_take_overs_are_counted_once_each()
    {
        var driver = ContactDriver.Phone();
        driver.Accept(driver.Complete("saludo"));
        driver.Accept(driver.Enter("cliente-molesto"));
        driver.Accept(driver.Complete("molesto-escuchar"));
        driver.Accept(driver.Escalate(null, "Supervisor", "Amenaza con irse"));
        driver.Accept(driver.TakeOver());
        driver.Accept(driver.Return("Ofrezca un vale"));
        driver.Accept(driver.Escalate("devolucion-alta"));
        driver.Accept(driver.Escalate(null, "Supervisor", "Otra vez"));
        var facts = Facts(driver);
        facts.PlansEntered.ShouldBe(["cliente-molesto"]);
        facts.EscalationReasons.ShouldBe(["devolucion-alta", ContactFact.ManualEscalation]);
        facts.Escalated.ShouldBeTrue();
        facts.TakeOvers.ShouldBe(1);
        facts.Steps.Single(s => s.Step == "cliente-molesto/molesto-escuchar").Resolution.ShouldBe(StepResolution.Completed);
        // While inside the plan the main step waits: its time stops.
        facts.Steps.Single(s => s.Step == "escuchar").TimeOn.ShouldBe(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void The_day_is_the_organisations_local_day_the_contact_started()
    {
        // 23:30 UTC on Saturday 28 March 2026 is 00:30 on Sunday 29 March in Madrid (still winter time).
        var driver = new ContactDriver(Pauta.Core.Tests.Protocols.ProtocolBuilder.PhoneProtocol(), At("2026-03-28 23:30 +00:00"));
        driver.Accept(new ContactCommand.Start(driver.Now, ContactDriver.Agent, Pauta.Core.Organisations.Channels.Phone, "Hola", "es"));
        Facts(driver).Day.ShouldBe(new DateOnly(2026, 3, 29));
        ContactFacts.Of(driver.Protocol, driver.Events, Shop(), TimeZoneInfo.Utc)!.Day.ShouldBe(new DateOnly(2026, 3, 28));
    }

    [Fact]
    public void Recomputing_gives_an_equal_fact()
    {
        var driver = ContactDriver.Phone().WalkToTheEnd();
        driver.Accept(driver.Close(ContactOutcome.Resolved));
        var feedback = new CustomerFeedback(2, At("2026-03-03 10:00 +01:00"), null);
        Facts(driver, feedback).ShouldBe(Facts(driver, feedback));
        Facts(driver, feedback).ShouldNotBe(Facts(driver));
    }
}
