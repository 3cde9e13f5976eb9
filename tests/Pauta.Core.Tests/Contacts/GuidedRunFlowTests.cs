using Pauta.Core.Contacts;
using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using static Pauta.Core.Tests.Contacts.ContactDriver;
using static Pauta.Core.Tests.Protocols.ProtocolBuilder;

namespace Pauta.Core.Tests.Contacts;

// The builder's phone protocol: saludo → escuchar → motivo (question) → informar | devolucion | transferir;
// informar and devolucion go on to despedida, transferir ends the contact.
public class GuidedRunFlowTests
{
    [Fact]
    public void A_new_contact_is_not_started_and_refuses_any_step()
    {
        var contact = new ContactDriver(PhoneProtocol());

        contact.State.IsStarted.ShouldBeFalse();
        contact.State.Current.ShouldBeNull();
        contact.RefusalCode(contact.Complete("saludo")).ShouldBe(RunCodes.NotStarted);
    }

    [Fact]
    public void Starting_puts_the_agent_on_the_first_step_in_the_opening_stage()
    {
        var contact = Phone();

        contact.State.IsStarted.ShouldBeTrue();
        contact.State.Channel.ShouldBe(Channels.Phone);
        contact.State.Reason.ShouldBe("Quiero devolver unos zapatos");
        contact.State.CustomerLanguage.ShouldBe("es");
        contact.State.AgentUserId.ShouldBe(Agent);
        contact.State.HandlerUserId.ShouldBe(Agent);
        contact.State.Current.ShouldBe(new StepRef(null, "saludo"));
        contact.State.CurrentStep!.Title.ShouldBe("Saludar");
        contact.State.Stage.ShouldBe(Stage.Opening);
        contact.State.Path.ShouldBeEmpty();
    }

    [Fact]
    public void A_contact_cannot_be_started_twice()
    {
        var contact = Phone();

        contact.RefusalCode(new ContactCommand.Start(contact.Now, Agent, Channels.Phone, "Otra vez", "es")).ShouldBe(RunCodes.AlreadyStarted);
    }

    [Fact]
    public void Starting_needs_a_reason_a_known_language_and_a_channel_the_protocol_covers()
    {
        var contact = new ContactDriver(PhoneProtocol());

        contact.Refuse(new ContactCommand.Start(contact.Now, Agent, Channels.Phone, "  ", "es"))
            .ShouldHaveSingleItem().ShouldBe(new Common.Problem("reason", "Field.Required"), new ProblemComparer());
        contact.Refuse(new ContactCommand.Start(contact.Now, Agent, Channels.Phone, "Hola", "fr")).ShouldHaveSingleItem().Code.ShouldBe("Field.UnknownLanguage");
        contact.RefusalCode(new ContactCommand.Start(contact.Now, Agent, Channels.Electronic, "Hola", "es")).ShouldBe(RunCodes.ChannelNotCovered);
        contact.RefusalCode(new ContactCommand.Start(contact.Now, Agent, Channels.Phone | Channels.Electronic, "Hola", "es")).ShouldBe(RunCodes.ChannelUnknown);
        contact.Refuse(new ContactCommand.Start(contact.Now, Agent, Channels.Phone, new string('a', RunLimits.MaxReasonLength + 1), "es"))
            .ShouldHaveSingleItem().Code.ShouldBe("Field.TooLong");
    }

    [Fact]
    public void A_protocol_without_steps_cannot_run()
    {
        var contact = new ContactDriver(PhoneProtocol().WithSteps());

        contact.RefusalCode(new ContactCommand.Start(contact.Now, Agent, Channels.Phone, "Hola", "es")).ShouldBe(RunCodes.ProtocolEmpty);
    }

    [Fact]
    public void A_linear_run_moves_step_by_step_and_through_the_stages()
    {
        var contact = Phone(PhoneProtocol().WithSteps(
            PlainStep("hola", Stage.Opening), PlainStep("entender"), PlainStep("resolver", Stage.Solution)));

        contact.Accept(contact.Complete("hola"));
        contact.State.Current.ShouldBe(new StepRef(null, "entender"));
        contact.State.Stage.ShouldBe(Stage.Analysis);

        contact.Accept(contact.Complete("entender"));
        contact.State.Stage.ShouldBe(Stage.Solution);

        contact.Accept(contact.Complete("resolver"));
        contact.State.Current.ShouldBeNull();
        contact.State.IsFlowFinished.ShouldBeTrue();
        contact.State.Stage.ShouldBe(Stage.Solution);
        contact.PathKeys.ShouldBe(["hola", "entender", "resolver"]);
        contact.State.Path.ShouldAllBe(p => p.Resolution == StepResolution.Completed && p.ActorUserId == Agent);
    }

    [Fact]
    public void An_explicit_next_jumps_over_the_following_steps()
    {
        var contact = Phone(PhoneProtocol().WithSteps(
            PlainStep("a", Stage.Opening, next: "c"), PlainStep("b"), PlainStep("c", Stage.Solution)));

        contact.Accept(contact.Complete("a"));

        contact.State.Current.ShouldBe(new StepRef(null, "c"));
    }

    [Fact]
    public void A_question_moves_to_the_step_its_answer_names()
    {
        var contact = Phone();
        contact.Accept(contact.Complete("saludo"));
        contact.Accept(contact.Complete("escuchar"));

        contact.Accept(contact.Answer("motivo", 1));

        contact.State.Current.ShouldBe(new StepRef(null, "devolucion"));
        contact.State.Path[^1].ShouldBe(new PathEntry(new StepRef(null, "motivo"), StepResolution.Answered, contact.Now - contact.Step, Agent, AnswerIndex: 1));
    }

    [Fact]
    public void An_answer_without_next_goes_to_the_following_step()
    {
        var contact = Phone(PhoneProtocol().WithSteps(
            new Step { Key = "q", Stage = Stage.Opening, Question = "¿?", Answers = [new Answer("Sí", null), new Answer("No", "c")] },
            PlainStep("b", Stage.Solution),
            PlainStep("c", Stage.Solution)));

        contact.Accept(contact.Answer("q", 0));

        contact.State.Current.ShouldBe(new StepRef(null, "b"));
    }

    [Fact]
    public void An_answer_leading_to_end_finishes_the_flow()
    {
        var contact = Phone(PhoneProtocol().WithSteps(
            new Step { Key = "q", Stage = Stage.Solution, Question = "¿?", Answers = [new Answer("Nada más", Step.End), new Answer("Más", "b")] },
            PlainStep("b", Stage.Solution)));

        contact.Accept(contact.Answer("q", 0));

        contact.State.IsFlowFinished.ShouldBeTrue();
        contact.State.Timeline.Select(t => t.Kind).ShouldContain(TimelineKind.FlowFinished);
    }

    [Fact]
    public void A_next_of_end_finishes_the_flow_before_the_last_step()
    {
        var contact = Phone();
        contact.Accept(contact.Complete("saludo"));
        contact.Accept(contact.Complete("escuchar"));
        contact.Accept(contact.Answer("motivo", 2));

        contact.Accept(contact.Complete("transferir"));

        contact.State.IsFlowFinished.ShouldBeTrue();
        contact.PathKeys.ShouldBe(["saludo", "escuchar", "motivo", "transferir"]);
    }

    [Fact]
    public void A_question_needs_an_answer_and_an_answer_needs_a_question()
    {
        var contact = Phone();
        contact.Accept(contact.Complete("saludo"));

        contact.RefusalCode(contact.Answer("escuchar", 0)).ShouldBe(RunCodes.NotAQuestion);
        contact.Accept(contact.Complete("escuchar"));
        contact.RefusalCode(contact.Complete("motivo")).ShouldBe(RunCodes.AnswerRequired);
        contact.Refuse(contact.Answer("motivo", 3)).ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            p => p.Code.ShouldBe(RunCodes.AnswerUnknown),
            p => p.Field.ShouldBe("answerIndex"));
        contact.RefusalCode(contact.Answer("motivo", -1)).ShouldBe(RunCodes.AnswerUnknown);
    }

    [Fact]
    public void Acting_on_a_step_the_agent_is_not_on_is_refused_naming_both_steps()
    {
        var contact = Phone();

        var problem = contact.Refuse(contact.Complete("escuchar")).ShouldHaveSingleItem();

        problem.Code.ShouldBe(RunCodes.StepNotCurrent);
        problem.Field.ShouldBe("stepKey");
        problem.Args.ShouldBe(["escuchar", "saludo"]);
    }

    [Fact]
    public void A_second_tab_completing_the_same_step_again_is_refused()
    {
        var contact = Phone();
        var tab1 = contact.Complete("saludo");
        var tab2 = contact.Complete("saludo");

        contact.Accept(tab1);

        contact.RefusalCode(tab2).ShouldBe(RunCodes.StepNotCurrent);
    }

    [Fact]
    public void Once_the_flow_has_finished_a_step_action_says_so()
    {
        var contact = Phone().WalkToTheEnd();

        contact.RefusalCode(contact.Complete("despedida")).ShouldBe(RunCodes.FlowFinished);
    }

    [Fact]
    public void Skipping_a_required_step_needs_a_reason()
    {
        var contact = Phone();

        var problem = contact.Refuse(contact.Skip("saludo", "   ")).ShouldHaveSingleItem();
        problem.Code.ShouldBe(RunCodes.ReasonRequired);
        problem.Field.ShouldBe("reason");

        contact.Accept(contact.Skip("saludo", "  El cliente ya se presentó  "));
        contact.State.Current.ShouldBe(new StepRef(null, "escuchar"));
        contact.State.Path[^1].Resolution.ShouldBe(StepResolution.Skipped);
        contact.State.Path[^1].SkipReason.ShouldBe("El cliente ya se presentó");
    }

    [Fact]
    public void An_optional_step_can_be_skipped_without_a_reason()
    {
        var contact = Phone(PhoneProtocol().WithStep("saludo", s => s with { Required = false }));

        contact.Accept(contact.Skip("saludo", null));

        contact.State.Path[^1].ShouldSatisfyAllConditions(
            p => p.Resolution.ShouldBe(StepResolution.Skipped),
            p => p.SkipReason.ShouldBeNull());
    }

    [Fact]
    public void A_question_cannot_be_skipped_because_its_answer_decides_the_way()
    {
        var contact = Phone();
        contact.Accept(contact.Complete("saludo"));
        contact.Accept(contact.Complete("escuchar"));

        contact.RefusalCode(contact.Skip("motivo", "No hace falta")).ShouldBe(RunCodes.QuestionCannotBeSkipped);
    }

    [Fact]
    public void A_skipped_step_goes_where_completing_it_would()
    {
        var contact = Phone(PhoneProtocol().WithSteps(
            PlainStep("a", Stage.Opening, next: "c"), PlainStep("b"), PlainStep("c", Stage.Solution)));

        contact.Accept(contact.Skip("a", "Ya hecho"));

        contact.State.Current.ShouldBe(new StepRef(null, "c"));
    }

    [Fact]
    public void Checklist_items_of_the_current_step_tick_and_untick()
    {
        var contact = Phone();
        var saludo = new StepRef(null, "saludo");

        contact.State.Checklist(saludo).ShouldBe([false, false]);
        contact.Accept(contact.Tick("saludo", 1));
        contact.State.Checklist(saludo).ShouldBe([false, true]);
        contact.Accept(contact.Tick("saludo", 1, ticked: false));
        contact.State.Checklist(saludo).ShouldBe([false, false]);
        contact.State.Timeline.Select(t => t.Kind).ShouldContain(TimelineKind.ChecklistUnticked);
    }

    [Fact]
    public void Ticking_what_is_already_ticked_is_accepted_and_records_nothing()
    {
        var contact = Phone();
        contact.Accept(contact.Tick("saludo", 0));

        contact.Accept(contact.Tick("saludo", 0)).ShouldBeEmpty();
        contact.Accept(contact.Tick("saludo", 1, ticked: false)).ShouldBeEmpty();
    }

    [Fact]
    public void A_checklist_item_that_does_not_exist_or_is_on_another_step_is_refused()
    {
        var contact = Phone();

        contact.Refuse(contact.Tick("saludo", 2)).ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            p => p.Code.ShouldBe(RunCodes.ChecklistItemUnknown),
            p => p.Field.ShouldBe("index"));
        contact.RefusalCode(contact.Tick("escuchar", 0)).ShouldBe(RunCodes.StepNotCurrent);
    }

    [Fact]
    public void Completing_a_step_does_not_require_its_checklist_and_the_ticks_stay_for_the_record()
    {
        var contact = Phone();
        contact.Accept(contact.Tick("saludo", 0));

        contact.Accept(contact.Complete("saludo"));

        contact.State.Checklist(new StepRef(null, "saludo")).ShouldBe([true, false]);
    }

    [Fact]
    public void Back_returns_to_the_previous_step_and_undoes_its_completion()
    {
        var contact = Phone();
        contact.Accept(contact.Complete("saludo"));
        contact.Accept(contact.Complete("escuchar"));
        contact.State.CanGoBack.ShouldBeTrue();

        contact.Accept(contact.Back("motivo"));

        contact.State.Current.ShouldBe(new StepRef(null, "escuchar"));
        contact.PathKeys.ShouldBe(["saludo"]);
        contact.State.LastResolution(new StepRef(null, "escuchar")).ShouldBeNull();
        contact.State.Timeline[^1].ShouldSatisfyAllConditions(
            t => t.Kind.ShouldBe(TimelineKind.WentBack),
            t => t.Step.ShouldBe(new StepRef(null, "escuchar")),
            t => t.Subject.ShouldBe("Escuchar el motivo"));
    }

    [Fact]
    public void Back_across_a_branch_lets_the_agent_choose_another_answer()
    {
        var contact = Phone();
        contact.Accept(contact.Complete("saludo"));
        contact.Accept(contact.Complete("escuchar"));
        contact.Accept(contact.Answer("motivo", 0));
        contact.State.Current.ShouldBe(new StepRef(null, "informar"));

        contact.Accept(contact.Back("informar"));
        contact.State.Current.ShouldBe(new StepRef(null, "motivo"));
        contact.State.Stage.ShouldBe(Stage.Analysis);
        contact.Accept(contact.Answer("motivo", 1));
        contact.Accept(contact.Complete("devolucion"));

        contact.PathKeys.ShouldBe(["saludo", "escuchar", "motivo", "devolucion"]);
        contact.State.Path[2].AnswerIndex.ShouldBe(1);
        contact.State.Current.ShouldBe(new StepRef(null, "despedida"));
    }

    [Fact]
    public void Back_from_the_end_of_the_flow_reopens_the_last_step()
    {
        var contact = Phone().WalkToTheEnd();

        contact.Accept(contact.Back(null));

        contact.State.Current.ShouldBe(new StepRef(null, "despedida"));
        contact.State.IsFlowFinished.ShouldBeFalse();
    }

    [Fact]
    public void Back_from_a_step_the_agent_is_no_longer_on_is_refused()
    {
        var contact = Phone();
        contact.Accept(contact.Complete("saludo"));
        var staleTab = contact.Back("escuchar");
        contact.Accept(contact.Complete("escuchar"));

        contact.RefusalCode(staleTab).ShouldBe(RunCodes.StepNotCurrent);
        contact.RefusalCode(contact.Back(null)).ShouldBe(RunCodes.StepNotCurrent);
    }

    [Fact]
    public void There_is_nothing_to_go_back_to_on_the_first_step()
    {
        var contact = Phone();

        contact.State.CanGoBack.ShouldBeFalse();
        contact.RefusalCode(contact.Back("saludo")).ShouldBe(RunCodes.NothingToGoBackTo);
    }

    [Fact]
    public void Back_undoes_a_skip_so_the_step_can_be_done_after_all()
    {
        var contact = Phone();
        contact.Accept(contact.Skip("saludo", "Prisa"));
        contact.Accept(contact.Back("escuchar"));

        contact.Accept(contact.Complete("saludo"));

        contact.State.Path.ShouldHaveSingleItem().Resolution.ShouldBe(StepResolution.Completed);
    }

    [Fact]
    public void A_loop_back_to_an_earlier_step_is_followed_and_recorded_twice()
    {
        var contact = Phone(PhoneProtocol().WithSteps(
            PlainStep("a", Stage.Opening),
            new Step { Key = "q", Stage = Stage.Analysis, Question = "¿Otra vez?", Answers = [new Answer("Sí", "a"), new Answer("No", "z")] },
            PlainStep("z", Stage.Solution)));

        contact.Accept(contact.Complete("a"));
        contact.Accept(contact.Answer("q", 0));
        contact.Accept(contact.Complete("a"));
        contact.Accept(contact.Answer("q", 1));

        contact.PathKeys.ShouldBe(["a", "q", "a", "q"]);
        contact.State.LastResolution(new StepRef(null, "q"))!.AnswerIndex.ShouldBe(1);
        contact.State.Current.ShouldBe(new StepRef(null, "z"));
    }
}

/// <summary>Problems carry their arguments in an array, which records compare by reference.</summary>
internal sealed class ProblemComparer : IEqualityComparer<Common.Problem>
{
    public bool Equals(Common.Problem? x, Common.Problem? y) =>
        x is not null && y is not null && x.Field == y.Field && x.Code == y.Code && x.Args.SequenceEqual(y.Args);

    public int GetHashCode(Common.Problem obj) => HashCode.Combine(obj.Field, obj.Code);
}
