using Pauta.Core.Contacts;
using Pauta.Core.Protocols;
using static Pauta.Core.Tests.Contacts.ContactDriver;
using static Pauta.Core.Tests.Protocols.ProtocolBuilder;

namespace Pauta.Core.Tests.Contacts;

public class GuidedRunEscalationTests
{
    private static ContactDriver OnMotivo()
    {
        var contact = Phone();
        contact.Accept(contact.Complete("saludo"));
        contact.Accept(contact.Complete("escuchar"));
        return contact;
    }

    [Fact]
    public void An_answer_with_an_escalation_rule_escalates_automatically_to_the_rules_target()
    {
        var contact = OnMotivo();

        var events = contact.Accept(contact.Answer("motivo", 2));

        var escalated = events.OfType<ContactEvent.Escalated>().ShouldHaveSingleItem();
        escalated.ShouldSatisfyAllConditions(
            e => e.RuleKey.ShouldBe("pide-responsable"),
            e => e.Target.ShouldBe("Supervisor"),
            e => e.Reason.ShouldBe("El cliente pide hablar con un responsable."),
            e => e.Automatic.ShouldBeTrue(),
            e => e.ActorUserId.ShouldBe(Agent));
        contact.State.Escalations.ShouldHaveSingleItem().Automatic.ShouldBeTrue();
        contact.State.AwaitingSupervisor.ShouldBeTrue();
        contact.State.Current.ShouldBe(new StepRef(null, "transferir"));
        contact.State.Timeline.Select(t => t.Kind).ShouldContain(TimelineKind.EscalatedAutomatically);
    }

    [Fact]
    public void An_answer_without_a_rule_does_not_escalate()
    {
        var contact = OnMotivo();

        contact.Accept(contact.Answer("motivo", 1)).OfType<ContactEvent.Escalated>().ShouldBeEmpty();

        contact.State.Escalations.ShouldBeEmpty();
        contact.State.AwaitingSupervisor.ShouldBeFalse();
    }

    [Fact]
    public void Going_back_over_an_escalating_answer_does_not_undo_the_escalation()
    {
        var contact = OnMotivo();
        contact.Accept(contact.Answer("motivo", 2));

        contact.Accept(contact.Back("transferir"));

        contact.State.Escalations.Count.ShouldBe(1);
    }

    [Fact]
    public void A_manual_escalation_by_rule_takes_the_rules_target_and_detail()
    {
        var contact = Phone();

        contact.Accept(contact.Escalate("devolucion-alta"));

        contact.State.Escalations.ShouldHaveSingleItem().ShouldBe(
            new Escalation(Monday10.AddMinutes(1), Agent, "devolucion-alta", "Coordinadora de atención", "Una devolución de más de 200 euros.", Automatic: false));
    }

    [Fact]
    public void A_manual_escalation_by_rule_keeps_the_agents_own_reason()
    {
        var contact = Phone();

        contact.Accept(contact.Escalate("devolucion-alta", reason: "  Quiere devolver 350 €  "));

        contact.State.Escalations[0].Reason.ShouldBe("Quiere devolver 350 €");
    }

    [Fact]
    public void A_manual_escalation_without_a_rule_needs_a_target_and_a_reason()
    {
        var contact = Phone();

        contact.Refuse(contact.Escalate(null, target: " ", reason: "Se lo pide")).ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            p => p.Code.ShouldBe(RunCodes.TargetRequired),
            p => p.Field.ShouldBe("target"));
        contact.RefusalCode(contact.Escalate(null, target: "Jefa de tienda", reason: "")).ShouldBe(RunCodes.ReasonRequired);
        contact.RefusalCode(contact.Escalate("no-existe")).ShouldBe(RunCodes.RuleUnknown);

        contact.Accept(contact.Escalate(null, target: "Jefa de tienda", reason: "Cliente habitual muy enfadado"));
        contact.State.Escalations.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            e => e.RuleKey.ShouldBeNull(),
            e => e.Target.ShouldBe("Jefa de tienda"),
            e => e.Automatic.ShouldBeFalse());
    }

    [Fact]
    public void Only_the_person_handling_the_contact_escalates_it()
    {
        var contact = Phone();

        contact.RefusalCode(contact.Escalate("devolucion-alta", by: OtherAgent)).ShouldBe(RunCodes.NotHandler);
    }

    [Fact]
    public void A_supervisor_takes_over_and_becomes_the_only_one_who_moves_the_contact_on()
    {
        var contact = OnMotivo();
        contact.Accept(contact.Answer("motivo", 2));

        contact.Accept(contact.TakeOver());

        contact.State.HandlerUserId.ShouldBe(Supervisor);
        contact.State.IsTakenOver.ShouldBeTrue();
        contact.State.AwaitingSupervisor.ShouldBeFalse();
        contact.RefusalCode(contact.Complete("transferir")).ShouldBe(RunCodes.NotHandler);
        contact.Accept(contact.Complete("transferir", by: Supervisor));
        contact.State.Path[^1].ActorUserId.ShouldBe(Supervisor);
    }

    [Fact]
    public void The_handler_cannot_take_over_what_they_already_handle_and_nor_can_the_system()
    {
        var contact = Phone();

        contact.RefusalCode(contact.TakeOver(by: Agent)).ShouldBe(RunCodes.AlreadyHandling);
        contact.RefusalCode(contact.TakeOver(by: ContactActors.System)).ShouldBe(RunCodes.SystemCannotTakeOver);
    }

    [Fact]
    public void A_supervisor_who_took_over_returns_the_contact_to_its_agent_with_guidance()
    {
        var contact = OnMotivo();
        contact.Accept(contact.TakeOver());

        contact.Accept(contact.Return("  Ofrécele un vale de 20 €  "));

        contact.State.HandlerUserId.ShouldBe(Agent);
        contact.State.IsTakenOver.ShouldBeFalse();
        contact.State.LastGuidance.ShouldBe("Ofrécele un vale de 20 €");
        contact.State.Timeline[^1].ShouldSatisfyAllConditions(
            t => t.Kind.ShouldBe(TimelineKind.ReturnedWithGuidance),
            t => t.ActorUserId.ShouldBe(Supervisor),
            t => t.Detail.ShouldBe("Ofrécele un vale de 20 €"));
        contact.Accept(contact.Answer("motivo", 1));
    }

    [Fact]
    public void A_supervisor_answers_an_escalation_with_guidance_without_taking_it_over()
    {
        var contact = OnMotivo();
        contact.Accept(contact.Escalate("devolucion-alta"));

        contact.Accept(contact.Return("Autorizada, adelante"));

        contact.State.HandlerUserId.ShouldBe(Agent);
        contact.State.AwaitingSupervisor.ShouldBeFalse();
    }

    [Fact]
    public void Guidance_needs_something_to_return_and_some_words()
    {
        var contact = Phone();

        contact.RefusalCode(contact.Return("Sigue así")).ShouldBe(RunCodes.NothingToReturn);
        contact.Accept(contact.Escalate("devolucion-alta"));
        contact.RefusalCode(contact.Return("  ")).ShouldBe(RunCodes.GuidanceRequired);
        contact.RefusalCode(contact.Return("Yo mismo", by: Agent)).ShouldBe(RunCodes.NothingToReturn);
        contact.Refuse(contact.Return(new string('x', RunLimits.MaxGuidanceLength + 1))).ShouldHaveSingleItem().Code.ShouldBe("Field.TooLong");
    }

    [Fact]
    public void Another_supervisor_can_take_over_from_the_first_and_the_return_goes_to_the_agent()
    {
        var contact = Phone();
        contact.Accept(contact.TakeOver());
        contact.Accept(contact.TakeOver(by: OtherAgent));

        contact.Accept(contact.Return("Vuelve a ti", by: OtherAgent));

        contact.State.HandlerUserId.ShouldBe(Agent);
    }

    [Fact]
    public void A_breach_escalates_by_the_protocols_target_missed_rule()
    {
        var protocol = PhoneProtocol() with
        {
            EscalationRules =
            [
                .. PhoneProtocol().EscalationRules,
                new EscalationRule { Key = "fuera-de-plazo", Condition = EscalationCondition.TargetMissed, Detail = "Se pasó el plazo.", Target = "Supervisor" },
            ],
        };
        var contact = Phone(protocol);

        var events = contact.Accept(contact.Breach(ContactClock.FirstResponse));

        events.Count.ShouldBe(2);
        events[0].ShouldBeOfType<ContactEvent.ClockRecorded>().Change.ShouldBe(ClockChange.Breached);
        events[1].ShouldBeOfType<ContactEvent.Escalated>().ShouldSatisfyAllConditions(
            e => e.RuleKey.ShouldBe("fuera-de-plazo"),
            e => e.Automatic.ShouldBeTrue(),
            e => e.ActorUserId.ShouldBe(ContactActors.System));
        contact.State.AwaitingSupervisor.ShouldBeTrue();
    }

    [Fact]
    public void A_breach_without_a_target_missed_rule_is_recorded_without_escalating()
    {
        var contact = Phone();

        contact.Accept(contact.Breach(ContactClock.Resolution)).ShouldHaveSingleItem().ShouldBeOfType<ContactEvent.ClockRecorded>();

        contact.State.Escalations.ShouldBeEmpty();
    }
}
