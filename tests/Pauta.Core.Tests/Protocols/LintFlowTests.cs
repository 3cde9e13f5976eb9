using Pauta.Core.Protocols;
using static Pauta.Core.Tests.Protocols.ProtocolBuilder;

namespace Pauta.Core.Tests.Protocols;

public class LintFlowTests
{
    // ---- Step keys ----

    [Theory]
    [InlineData("")]
    [InlineData("Saludo")]
    [InlineData("con espacio")]
    [InlineData("a--b")]
    [InlineData("-saludo")]
    [InlineData("saludo-")]
    [InlineData("año")]
    [InlineData("saludo\n")]
    [InlineData("end")]
    public void A_key_that_is_not_a_lower_case_slug_or_is_the_reserved_end_is_an_error(string key)
    {
        PhoneProtocol().WithStep("saludo", s => s with { Key = key }).ShouldFindOnly(LintCodes.StepKeyInvalid, "steps[0].key", key);
    }

    [Fact]
    public void A_step_read_without_a_key_is_an_invalid_key_not_a_crash()
    {
        var findings = PhoneProtocol().WithStep("escuchar", s => s with { Key = null! }).Lint();

        findings.ShouldFind(LintCodes.StepKeyInvalid, "steps[1].key", "");
        Should.NotThrow(() => ProtocolFlow.Of(PhoneProtocol().WithStep("escuchar", s => s with { Key = null!, Title = "" }).Steps).ToMermaid("es"));
    }

    [Theory]
    [InlineData("saludo-2")]
    [InlineData("paso-1-a")]
    [InlineData("7")]
    public void A_lower_case_slug_keeps_the_key_rule_quiet(string key)
    {
        PhoneProtocol().WithStep("saludo", s => s with { Key = key }).Lint().ShouldBeEmpty();
    }

    [Fact]
    public void A_repeated_key_in_the_main_flow_is_an_error_on_the_second_step()
    {
        var protocol = PhoneProtocol();
        var copy = protocol.Steps[^1] with { Title = "Otra despedida" };

        (protocol with { Steps = [.. protocol.Steps, copy] }).ShouldFindOnly(LintCodes.StepKeyDuplicate, "steps[7].key", "despedida");
    }

    [Fact]
    public void A_plan_step_may_not_reuse_a_key_of_the_main_flow()
    {
        PhoneProtocol()
            .WithPlanStep("molesto-agradecer", s => s with { Key = "despedida" })
            .ShouldFindOnly(LintCodes.StepKeyDuplicate, "contingencyPlans[0].steps[3].key", "despedida");
    }

    [Fact]
    public void Unique_keys_keep_the_duplicate_rule_quiet()
    {
        PhoneProtocol().ShouldNotFind(LintCodes.StepKeyDuplicate);
    }

    // ---- Where a step goes ----

    [Fact]
    public void A_next_pointing_at_an_unknown_key_is_an_error_on_that_next()
    {
        PhoneProtocol()
            .WithStep("informar", s => s with { Next = "no-existe" })
            .ShouldFindOnly(LintCodes.NextStepUnknown, "steps[3].next", "no-existe");
    }

    [Fact]
    public void An_answer_pointing_at_an_unknown_key_is_an_error_on_that_answer()
    {
        PhoneProtocol()
            .WithStep("motivo", s => s with { Answers = [s.Answers[0], s.Answers[1] with { Next = "devolver" }, s.Answers[2]] })
            .Lint().ShouldFind(LintCodes.NextStepUnknown, "steps[2].answers[1].next", "devolver");
    }

    [Fact]
    public void Next_end_and_known_keys_keep_the_unknown_key_rule_quiet()
    {
        PhoneProtocol().WithStep("informar", s => s with { Next = Step.End }).ShouldNotFind(LintCodes.NextStepUnknown);
    }

    [Fact]
    public void A_plan_step_cannot_jump_into_the_main_flow()
    {
        PhoneProtocol()
            .WithPlanStep("molesto-agradecer", s => s with { Next = "despedida" })
            .ShouldFindOnly(LintCodes.NextStepUnknown, "contingencyPlans[0].steps[3].next", "despedida");
    }

    [Fact]
    public void A_step_no_path_reaches_is_an_error_on_that_step()
    {
        PhoneProtocol()
            .WithStep("informar", s => s with { Next = Step.End })
            .WithStep("devolucion", s => s with { Next = Step.End })
            .ShouldFindOnly(LintCodes.StepUnreachable, "steps[6]", "despedida");
    }

    [Fact]
    public void A_step_reached_only_from_an_unreachable_step_is_unreachable_too()
    {
        var withExtra = PhoneProtocol()
            .WithStep("devolucion", s => s with { Next = "extra" })
            .WithStep("despedida", s => s with { Next = Step.End });
        withExtra = withExtra with { Steps = [.. withExtra.Steps, PlainStep("extra", Stage.Solution, next: "despedida")] };
        withExtra.Lint().ShouldBeEmpty();

        var findings = withExtra.WithStep("motivo", s => s with { Answers = [s.Answers[0], s.Answers[2]] }).Lint();

        findings.Select(f => (f.Code, f.Path)).ShouldBe([(LintCodes.StepUnreachable, "steps[4]"), (LintCodes.StepUnreachable, "steps[7]")]);
    }

    [Fact]
    public void Every_step_reached_keeps_the_reachability_rule_quiet()
    {
        PhoneProtocol().ShouldNotFind(LintCodes.StepUnreachable);
    }

    [Fact]
    public void A_path_that_ends_outside_the_solution_stage_is_an_error_on_its_last_step()
    {
        PhoneProtocol()
            .WithStep("transferir", s => s with { Stage = Stage.Analysis })
            .ShouldFindOnly(LintCodes.PathEndsOutsideSolution, "steps[5]", "transferir", Stage.Analysis);
    }

    [Fact]
    public void An_answer_that_ends_the_contact_from_the_analysis_stage_is_a_path_ending_outside_solution()
    {
        PhoneProtocol()
            .WithStep("motivo", s => s with { Answers = [.. s.Answers, new Answer("Se ha equivocado de número", Step.End)] })
            .ShouldFindOnly(LintCodes.PathEndsOutsideSolution, "steps[2]", "motivo", Stage.Analysis);
    }

    [Fact]
    public void Paths_that_all_end_in_solution_keep_the_rule_quiet()
    {
        PhoneProtocol().ShouldNotFind(LintCodes.PathEndsOutsideSolution);
    }

    [Fact]
    public void A_terminal_step_no_path_reaches_is_reported_as_unreachable_only()
    {
        var protocol = PhoneProtocol();
        var orphan = PlainStep("huerfano", Stage.Analysis, next: Step.End);

        (protocol with { Steps = [.. protocol.Steps.SkipLast(1), protocol.Steps[^1] with { Next = Step.End }, orphan] })
            .ShouldFindOnly(LintCodes.StepUnreachable, "steps[7]", "huerfano");
    }

    [Fact]
    public void A_loop_with_no_exit_is_an_error_on_its_first_step_listing_the_loop()
    {
        PhoneProtocol()
            .WithStep("transferir", s => s with { Next = "escuchar" })
            .WithStep("despedida", s => s with { Next = "escuchar" })
            .ShouldFindOnly(LintCodes.LoopWithoutExit, "steps[1]",
                "escuchar → motivo → informar → devolucion → transferir → despedida");
    }

    [Fact]
    public void A_loop_with_a_way_out_keeps_the_loop_rule_quiet()
    {
        // Asking again after the information is a loop, but a transfer still ends the contact.
        PhoneProtocol().WithStep("despedida", s => s with { Next = "motivo" }).Lint().ShouldBeEmpty();
    }

    [Fact]
    public void A_loop_inside_a_contingency_plan_is_reported_within_the_plan()
    {
        PhoneProtocol()
            .WithPlanStep("molesto-agradecer", s => s with { Next = "molesto-escuchar" })
            .ShouldFindOnly(LintCodes.LoopWithoutExit, "contingencyPlans[0].steps[0]",
                "molesto-escuchar → molesto-disculparse → molesto-solucionar → molesto-agradecer");
    }

    // ---- Questions ----

    [Fact]
    public void A_question_without_answers_is_an_error_on_its_answers()
    {
        var findings = PhoneProtocol().WithStep("motivo", s => s with { Answers = [] }).Lint();

        findings.ShouldFind(LintCodes.QuestionWithoutAnswers, "steps[2].answers");
        // With no way on, the question is where every contact stops.
        findings.ShouldFind(LintCodes.PathEndsOutsideSolution, "steps[2]", "motivo", Stage.Analysis);
    }

    [Fact]
    public void Answers_without_a_question_are_an_error_on_the_question()
    {
        PhoneProtocol().WithStep("motivo", s => s with { Question = " " }).ShouldFindOnly(LintCodes.QuestionTextMissing, "steps[2].question");
    }

    [Fact]
    public void A_question_with_answers_keeps_the_question_rules_quiet()
    {
        PhoneProtocol().ShouldNotFind(LintCodes.QuestionWithoutAnswers);
        PhoneProtocol().ShouldNotFind(LintCodes.QuestionTextMissing);
    }

    [Fact]
    public void A_next_on_a_question_step_is_a_warning_because_the_answers_decide()
    {
        var finding = PhoneProtocol()
            .WithStep("motivo", s => s with { Next = "despedida" })
            .ShouldFindOnly(LintCodes.NextIgnored, "steps[2].next", "despedida");

        finding.IsError.ShouldBeFalse();
    }

    [Fact]
    public void A_next_on_a_plain_step_is_not_ignored()
    {
        PhoneProtocol().ShouldNotFind(LintCodes.NextIgnored);
    }

    // ---- Contingency plans ----

    [Fact]
    public void A_plan_may_end_in_any_stage_because_the_contact_returns_to_the_main_flow()
    {
        PhoneProtocol().WithPlanStep("molesto-agradecer", s => s with { Stage = Stage.Analysis }).Lint().ShouldBeEmpty();
    }

    [Fact]
    public void A_plan_step_the_plan_never_reaches_is_an_error()
    {
        PhoneProtocol()
            .WithPlanStep("molesto-escuchar", s => s with { Next = "molesto-solucionar" })
            .ShouldFindOnly(LintCodes.StepUnreachable, "contingencyPlans[0].steps[1]", "molesto-disculparse");
    }

    [Fact]
    public void A_plan_without_a_name_is_an_error_on_its_name()
    {
        var protocol = PhoneProtocol();

        (protocol with { ContingencyPlans = [protocol.ContingencyPlans[0] with { Name = "" }] })
            .ShouldFindOnly(LintCodes.PlanNameMissing, "contingencyPlans[0].name");
    }

    [Fact]
    public void A_plan_without_steps_is_an_error_on_its_steps()
    {
        var protocol = PhoneProtocol();

        (protocol with { ContingencyPlans = [protocol.ContingencyPlans[0] with { Steps = [] }] })
            .ShouldFindOnly(LintCodes.PlanEmpty, "contingencyPlans[0].steps");
    }

    [Fact]
    public void Two_plans_with_the_same_key_are_an_error_on_the_second()
    {
        var protocol = PhoneProtocol();
        var outage = new ContingencyPlan
        {
            Key = "cliente-molesto",
            Name = "Caída del sistema",
            Steps = [PlainStep("caida-avisar", Stage.Analysis)],
        };

        (protocol with { ContingencyPlans = [.. protocol.ContingencyPlans, outage] })
            .ShouldFindOnly(LintCodes.PlanKeyDuplicate, "contingencyPlans[1].key", "cliente-molesto");
    }

    [Fact]
    public void Named_plans_with_steps_and_distinct_keys_keep_the_plan_rules_quiet()
    {
        var protocol = PhoneProtocol();
        var outage = new ContingencyPlan
        {
            Key = "caida-sistema",
            Name = "Caída del sistema",
            Trigger = "El programa de caja no responde.",
            Steps = [PlainStep("caida-avisar", Stage.Analysis)],
        };

        (protocol with { ContingencyPlans = [.. protocol.ContingencyPlans, outage] }).Lint().ShouldBeEmpty();
    }

    [Fact]
    public void A_protocol_without_plans_is_fine()
    {
        (PhoneProtocol() with { ContingencyPlans = [] }).Lint().ShouldBeEmpty();
    }
}
