using Pauta.Core.Contacts;
using Pauta.Core.Protocols;
using static Pauta.Core.Tests.Contacts.ContactDriver;
using static Pauta.Core.Tests.Protocols.ProtocolBuilder;

namespace Pauta.Core.Tests.Contacts;

// The builder's phone protocol has one plan, "cliente-molesto": four steps in a row.
public class GuidedRunPlanTests
{
    private static ContactDriver OnEscuchar()
    {
        var contact = Phone();
        contact.Accept(contact.Complete("saludo"));
        return contact;
    }

    /// <summary>The phone protocol with a second plan, "caja-caida", of two steps.</summary>
    private static Protocol WithTillPlan() => PhoneProtocol() with
    {
        ContingencyPlans =
        [
            .. PhoneProtocol().ContingencyPlans,
            new ContingencyPlan
            {
                Key = "caja-caida",
                Name = "La caja no funciona",
                Steps = [PlainStep("anotar-datos"), PlainStep("llamar-despues", Stage.Solution)],
            },
        ],
    };

    [Fact]
    public void Entering_a_plan_puts_the_agent_on_its_first_step_and_the_step_they_were_on_waits()
    {
        var contact = OnEscuchar();

        contact.Accept(contact.Enter("cliente-molesto"));

        contact.State.Current.ShouldBe(new StepRef("cliente-molesto", "molesto-escuchar"));
        contact.State.CurrentPlanKey.ShouldBe("cliente-molesto");
        contact.State.OpenPlans.ShouldBe(["cliente-molesto"]);
        contact.State.Stage.ShouldBe(Stage.Analysis);
        contact.State.StepsAhead.Select(s => s.Ref.ToString()).First().ShouldBe("cliente-molesto/molesto-escuchar");
        contact.State.StepsAhead.Select(s => s.Ref.ToString()).ShouldContain("escuchar");
    }

    [Fact]
    public void Leaving_a_plan_returns_to_exactly_the_step_the_agent_was_on()
    {
        var contact = OnEscuchar();
        contact.Accept(contact.Enter("cliente-molesto"));
        contact.Accept(contact.Complete("molesto-escuchar"));

        contact.Accept(contact.Leave("cliente-molesto"));

        contact.State.Current.ShouldBe(new StepRef(null, "escuchar"));
        contact.State.OpenPlans.ShouldBeEmpty();
        contact.State.Timeline[^1].ShouldSatisfyAllConditions(
            t => t.Kind.ShouldBe(TimelineKind.PlanLeft),
            t => t.Subject.ShouldBe("Cliente molesto (método L.A.S.T.)"),
            t => t.Step.ShouldBe(new StepRef(null, "escuchar")));
    }

    [Fact]
    public void Finishing_a_plan_returns_to_where_the_agent_was_by_itself()
    {
        var contact = OnEscuchar();
        contact.Accept(contact.Enter("cliente-molesto"));

        foreach (var key in new[] { "molesto-escuchar", "molesto-disculparse", "molesto-solucionar", "molesto-agradecer" })
            contact.Accept(contact.Complete(key));

        contact.State.Current.ShouldBe(new StepRef(null, "escuchar"));
        contact.State.CurrentPlanKey.ShouldBeNull();
        contact.State.Timeline[^1].Kind.ShouldBe(TimelineKind.PlanFinished);
        contact.PathKeys.ShouldBe(
        [
            "saludo", "cliente-molesto/molesto-escuchar", "cliente-molesto/molesto-disculparse",
            "cliente-molesto/molesto-solucionar", "cliente-molesto/molesto-agradecer",
        ]);
    }

    [Fact]
    public void The_main_flow_goes_on_from_the_waiting_step_after_a_plan()
    {
        var contact = OnEscuchar();
        contact.Accept(contact.Enter("cliente-molesto"));
        contact.Accept(contact.Leave("cliente-molesto"));

        contact.Accept(contact.Complete("escuchar"));

        contact.State.Current.ShouldBe(new StepRef(null, "motivo"));
    }

    [Fact]
    public void While_in_a_plan_the_main_flow_step_is_not_current()
    {
        var contact = OnEscuchar();
        contact.Accept(contact.Enter("cliente-molesto"));

        contact.Refuse(contact.Complete("escuchar")).ShouldHaveSingleItem().Args.ShouldBe(["escuchar", "molesto-escuchar"]);
    }

    [Fact]
    public void Back_inside_a_plan_stays_inside_it_and_stops_at_its_first_step()
    {
        var contact = OnEscuchar();
        contact.Accept(contact.Enter("cliente-molesto"));
        contact.Accept(contact.Complete("molesto-escuchar"));

        contact.Accept(contact.Back("molesto-disculparse"));

        contact.State.Current.ShouldBe(new StepRef("cliente-molesto", "molesto-escuchar"));
        contact.RefusalCode(contact.Back("molesto-escuchar")).ShouldBe(RunCodes.NothingToGoBackTo);
        contact.PathKeys.ShouldBe(["saludo"]);
    }

    [Fact]
    public void A_plan_can_be_entered_after_the_main_flow_finished_and_leaving_it_returns_to_the_end()
    {
        var contact = Phone().WalkToTheEnd();

        contact.Accept(contact.Enter("cliente-molesto"));
        contact.Accept(contact.Leave("cliente-molesto"));

        contact.State.IsFlowFinished.ShouldBeTrue();
    }

    [Fact]
    public void Plans_nest_and_each_one_returns_to_where_it_was_entered()
    {
        var contact = Phone(WithTillPlan());
        contact.Accept(contact.Complete("saludo"));
        contact.Accept(contact.Enter("caja-caida"));
        contact.Accept(contact.Complete("anotar-datos"));

        contact.Accept(contact.Enter("cliente-molesto"));
        contact.State.OpenPlans.ShouldBe(["caja-caida", "cliente-molesto"]);
        contact.Accept(contact.Leave("cliente-molesto"));
        contact.State.Current.ShouldBe(new StepRef("caja-caida", "llamar-despues"));

        contact.Accept(contact.Complete("llamar-despues"));
        contact.State.Current.ShouldBe(new StepRef(null, "escuchar"));
    }

    [Fact]
    public void Only_the_innermost_plan_can_be_left()
    {
        var contact = Phone(WithTillPlan());
        contact.Accept(contact.Enter("caja-caida"));
        contact.Accept(contact.Enter("cliente-molesto"));

        contact.Refuse(contact.Leave("caja-caida")).ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            p => p.Code.ShouldBe(RunCodes.NotInPlan),
            p => p.Field.ShouldBe("planKey"));
    }

    [Fact]
    public void A_plan_already_open_cannot_be_entered_again()
    {
        var contact = OnEscuchar();
        contact.Accept(contact.Enter("cliente-molesto"));

        contact.RefusalCode(contact.Enter("cliente-molesto")).ShouldBe(RunCodes.PlanAlreadyOpen);
    }

    [Fact]
    public void Unknown_and_empty_plans_are_refused_and_leaving_without_a_plan_too()
    {
        var contact = Phone(PhoneProtocol() with
        {
            ContingencyPlans = [.. PhoneProtocol().ContingencyPlans, new ContingencyPlan { Key = "vacio", Name = "Vacío" }],
        });

        contact.RefusalCode(contact.Enter("no-existe")).ShouldBe(RunCodes.PlanUnknown);
        contact.RefusalCode(contact.Enter("vacio")).ShouldBe(RunCodes.PlanEmpty);
        contact.RefusalCode(contact.Leave("cliente-molesto")).ShouldBe(RunCodes.NotInPlan);
    }

    [Fact]
    public void A_question_in_a_plan_branches_within_the_plan()
    {
        var protocol = PhoneProtocol() with
        {
            ContingencyPlans =
            [
                new ContingencyPlan
                {
                    Key = "agresivo",
                    Name = "Cliente agresivo",
                    Steps =
                    [
                        new Step
                        {
                            Key = "valorar", Stage = Stage.Analysis, Question = "¿Hay peligro?",
                            Answers = [new Answer("No", "calmar"), new Answer("Sí", "pedir-ayuda", EscalationRuleKey: "pide-responsable")],
                        },
                        PlainStep("calmar", next: Step.End),
                        PlainStep("pedir-ayuda", Stage.Solution),
                    ],
                },
            ],
        };
        var contact = Phone(protocol);
        contact.Accept(contact.Enter("agresivo"));

        contact.Accept(contact.Answer("valorar", 1));

        contact.State.Current.ShouldBe(new StepRef("agresivo", "pedir-ayuda"));
        contact.State.Escalations.ShouldHaveSingleItem().RuleKey.ShouldBe("pide-responsable");
    }
}
