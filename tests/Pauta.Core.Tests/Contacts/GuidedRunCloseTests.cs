using Pauta.Core.Contacts;
using Pauta.Core.Protocols;
using static Pauta.Core.Tests.Contacts.ContactDriver;
using static Pauta.Core.Tests.Protocols.ProtocolBuilder;

namespace Pauta.Core.Tests.Contacts;

public class GuidedRunCloseTests
{
    private static readonly DateOnly NextWeek = new(2026, 3, 9);

    [Fact]
    public void A_contact_whose_flow_is_finished_closes_as_resolved()
    {
        var contact = Phone().WalkToTheEnd();
        contact.State.OpenRequiredSteps.ShouldBeEmpty();

        contact.Accept(contact.Close(ContactOutcome.Resolved));

        contact.State.IsClosed.ShouldBeTrue();
        contact.State.Outcome.ShouldBe(ContactOutcome.Resolved);
        contact.State.ClosedAt.ShouldBe(contact.Now - contact.Step);
        contact.State.OverrideReason.ShouldBeNull();
        contact.State.OverriddenSteps.ShouldBeEmpty();
        contact.State.Timeline[^1].ShouldSatisfyAllConditions(
            t => t.Kind.ShouldBe(TimelineKind.Closed),
            t => t.Outcome.ShouldBe(ContactOutcome.Resolved));
    }

    [Fact]
    public void The_close_gate_lists_the_required_steps_still_ahead_up_to_the_next_question()
    {
        var contact = Phone();
        contact.Accept(contact.Complete("saludo"));

        var problem = contact.Refuse(contact.Close(ContactOutcome.Resolved)).ShouldHaveSingleItem();

        problem.Code.ShouldBe(RunCodes.RequiredStepsOpen);
        problem.Field.ShouldBe("overrideReason");
        problem.Args.ShouldBe(["Escuchar el motivo, Decidir el camino", "escuchar, motivo"]);
    }

    [Fact]
    public void After_an_answer_the_gate_follows_the_chosen_branch()
    {
        var contact = Phone();
        contact.Accept(contact.Complete("saludo"));
        contact.Accept(contact.Complete("escuchar"));
        contact.Accept(contact.Answer("motivo", 1));

        contact.State.OpenRequiredSteps.Select(s => s.Ref.StepKey).ShouldBe(["devolucion", "despedida"]);
    }

    [Fact]
    public void Optional_steps_do_not_hold_the_close_gate()
    {
        var contact = Phone(PhoneProtocol().WithStep("despedida", s => s with { Required = false }));
        contact.Accept(contact.Complete("saludo"));
        contact.Accept(contact.Complete("escuchar"));
        contact.Accept(contact.Answer("motivo", 0));
        contact.Accept(contact.Complete("informar"));

        contact.State.StepsAhead.ShouldHaveSingleItem().Ref.StepKey.ShouldBe("despedida");
        contact.State.OpenRequiredSteps.ShouldBeEmpty();
        contact.Accept(contact.Close(ContactOutcome.Resolved));
    }

    [Fact]
    public void Skipped_steps_with_a_reason_count_as_done_for_the_gate()
    {
        var contact = Phone();
        contact.Accept(contact.Skip("saludo", "Llamada devuelta"));
        contact.Accept(contact.Skip("escuchar", "Ya lo contó"));
        contact.Accept(contact.Answer("motivo", 2));
        contact.Accept(contact.Skip("transferir", "Colgó"));

        contact.Accept(contact.Close(ContactOutcome.NotResolved));
    }

    [Fact]
    public void Closing_over_the_gate_with_a_reason_records_the_override_and_the_steps_it_overrode()
    {
        var contact = Phone();
        contact.Accept(contact.Complete("saludo"));

        var closed = contact.Accept(contact.Close(ContactOutcome.NotResolved, overrideReason: "  El cliente colgó  "))
            .OfType<ContactEvent.Closed>().ShouldHaveSingleItem();

        closed.OverrideReason.ShouldBe("El cliente colgó");
        closed.OverriddenSteps.ShouldBe(["escuchar", "motivo"]);
        contact.State.OverrideReason.ShouldBe("El cliente colgó");
        contact.State.OverriddenSteps.ShouldBe(["escuchar", "motivo"]);
        contact.State.Timeline[^1].Detail.ShouldBe("El cliente colgó");
    }

    [Fact]
    public void An_override_reason_with_nothing_to_override_is_not_recorded()
    {
        var contact = Phone().WalkToTheEnd();

        var closed = contact.Accept(contact.Close(ContactOutcome.Resolved, overrideReason: "Por si acaso")).OfType<ContactEvent.Closed>().Single();

        closed.OverrideReason.ShouldBeNull();
        contact.State.OverrideReason.ShouldBeNull();
    }

    [Fact]
    public void Open_steps_of_a_plan_the_agent_is_in_hold_the_gate_too()
    {
        var contact = Phone().WalkToTheEnd();
        contact.Accept(contact.Enter("cliente-molesto"));
        contact.Accept(contact.Complete("molesto-escuchar"));

        contact.Refuse(contact.Close(ContactOutcome.Resolved)).ShouldHaveSingleItem().Args[1]
            .ShouldBe("cliente-molesto/molesto-disculparse, cliente-molesto/molesto-solucionar, cliente-molesto/molesto-agradecer");
    }

    [Fact]
    public void Needs_follow_up_requires_a_due_date_and_keeps_it()
    {
        var contact = Phone().WalkToTheEnd();

        contact.Refuse(contact.Close(ContactOutcome.NeedsFollowUp)).ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            p => p.Code.ShouldBe(RunCodes.FollowUpDueRequired),
            p => p.Field.ShouldBe("followUpDue"));

        contact.Accept(contact.Close(ContactOutcome.NeedsFollowUp, followUpDue: NextWeek));
        contact.State.FollowUpDue.ShouldBe(NextWeek);
        contact.State.Timeline[^1].Subject.ShouldBe("2026-03-09");
    }

    [Fact]
    public void A_due_date_on_another_outcome_is_refused_rather_than_lost()
    {
        var contact = Phone().WalkToTheEnd();

        contact.RefusalCode(contact.Close(ContactOutcome.Resolved, followUpDue: NextWeek)).ShouldBe(RunCodes.FollowUpDueNotExpected);
    }

    [Fact]
    public void Closing_as_escalated_needs_an_escalation()
    {
        var contact = Phone().WalkToTheEnd();

        contact.RefusalCode(contact.Close(ContactOutcome.Escalated)).ShouldBe(RunCodes.NotEscalated);
        contact.Accept(contact.Escalate("pide-responsable"));
        contact.Accept(contact.Close(ContactOutcome.Escalated));
    }

    [Fact]
    public void An_unknown_outcome_is_refused()
    {
        var contact = Phone().WalkToTheEnd();

        contact.RefusalCode(contact.Close((ContactOutcome)42)).ShouldBe(RunCodes.OutcomeUnknown);
    }

    [Fact]
    public void Every_problem_of_a_close_is_reported_at_once()
    {
        var contact = Phone();

        contact.Refuse(contact.Close(ContactOutcome.NeedsFollowUp)).Select(p => p.Code)
            .ShouldBe([RunCodes.FollowUpDueRequired, RunCodes.RequiredStepsOpen]);
    }

    [Fact]
    public void Only_the_handler_closes()
    {
        var contact = Phone().WalkToTheEnd();

        contact.RefusalCode(contact.Close(ContactOutcome.Resolved, by: Supervisor)).ShouldBe(RunCodes.NotHandler);
        contact.Accept(contact.TakeOver());
        contact.Accept(contact.Close(ContactOutcome.Resolved, by: Supervisor));
    }

    [Fact]
    public void Nothing_is_accepted_after_the_close()
    {
        var contact = Phone().WalkToTheEnd();
        contact.Accept(contact.Close(ContactOutcome.Resolved));

        ContactCommand[] after =
        [
            contact.Back(null), contact.Enter("cliente-molesto"), contact.Note(new Dictionary<string, string> { ["motivo"] = "x" }),
            contact.Escalate("pide-responsable"), contact.TakeOver(), contact.Return("x"), contact.Wait(), contact.Responds(),
            contact.FirstResponse(), contact.Breach(ContactClock.Resolution), contact.Close(ContactOutcome.Resolved),
            contact.Complete("despedida"), contact.Tick("saludo", 0),
        ];
        foreach (var command in after)
            contact.RefusalCode(command).ShouldBe(RunCodes.Closed, command.GetType().Name);
    }

    [Fact]
    public void A_contact_waiting_on_the_customer_can_still_be_closed()
    {
        var contact = Phone().WalkToTheEnd();
        contact.Accept(contact.Wait());

        contact.Accept(contact.Close(ContactOutcome.NotResolved));
    }
}
