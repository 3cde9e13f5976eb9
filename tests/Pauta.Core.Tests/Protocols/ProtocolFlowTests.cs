using Pauta.Core.Protocols;
using static Pauta.Core.Tests.Protocols.ProtocolBuilder;

namespace Pauta.Core.Tests.Protocols;

public class ProtocolFlowTests
{
    /// <summary>Edges as "from -> to [label]" with keys, "end" for the end, so expectations read like the flow.</summary>
    private static IEnumerable<string> Describe(ProtocolFlow flow) =>
        flow.Edges.Select(e => $"{flow.Steps[e.From].Key} -> {e.Target}{(e.Label is null ? "" : $" [{e.Label}]")}");

    [Fact]
    public void The_phone_protocol_flows_through_its_question_to_three_solutions()
    {
        var flow = ProtocolFlow.Of(PhoneProtocol().Steps);

        Describe(flow).ShouldBe(
        [
            "saludo -> escuchar",
            "escuchar -> motivo",
            "motivo -> informar [Información]",
            "motivo -> devolucion [Una devolución]",
            "motivo -> transferir [Hablar con un responsable]",
            "informar -> despedida",
            "devolucion -> despedida",
            "transferir -> end",
            "despedida -> end",
        ]);
    }

    [Fact]
    public void A_step_without_next_goes_to_the_following_step_and_the_last_one_ends()
    {
        var flow = ProtocolFlow.Of([PlainStep("a"), PlainStep("b")]);

        Describe(flow).ShouldBe(["a -> b", "b -> end"]);
        flow.Edges[1].IsEnd.ShouldBeTrue();
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void A_blank_next_means_the_following_step(string blank)
    {
        Describe(ProtocolFlow.Of([PlainStep("a", next: blank), PlainStep("b")])).First().ShouldBe("a -> b");
    }

    [Fact]
    public void An_explicit_next_replaces_the_following_step()
    {
        var flow = ProtocolFlow.Of([PlainStep("a", next: "c"), PlainStep("b"), PlainStep("c")]);

        flow.EdgesFrom(0).ShouldHaveSingleItem().ShouldBe(new FlowEdge(0, 2, "c"));
    }

    [Fact]
    public void Next_end_finishes_the_flow_even_before_the_last_step()
    {
        var flow = ProtocolFlow.Of([PlainStep("a", next: Step.End), PlainStep("b")]);

        flow.EdgesFrom(0).ShouldHaveSingleItem().IsEnd.ShouldBeTrue();
    }

    [Fact]
    public void A_question_step_goes_only_where_its_answers_say()
    {
        var question = QuestionStep("q", Stage.Analysis, "c", Step.End) with { Next = "b" };
        var flow = ProtocolFlow.Of([question, PlainStep("b"), PlainStep("c")]);

        Describe(flow).Take(2).ShouldBe(["q -> c [c]", "q -> end [end]"]);
        flow.EdgesFrom(0).Select(e => e.AnswerIndex).ShouldBe([0, 1]);
    }

    [Fact]
    public void An_answer_without_next_goes_to_the_following_step()
    {
        var question = QuestionStep("q", Stage.Analysis) with { Question = "¿Seguimos?", Answers = [new Answer("Sí", null)] };

        Describe(ProtocolFlow.Of([question, PlainStep("b")])).First().ShouldBe("q -> b [Sí]");
    }

    [Fact]
    public void A_key_no_step_has_makes_a_dangling_edge()
    {
        var edge = ProtocolFlow.Of([PlainStep("a", next: "nadie")]).Edges.ShouldHaveSingleItem();

        edge.ShouldBe(new FlowEdge(0, null, "nadie"));
        edge.IsDangling.ShouldBeTrue();
        edge.IsEnd.ShouldBeFalse();
    }

    [Fact]
    public void A_duplicated_key_resolves_to_its_first_step()
    {
        var flow = ProtocolFlow.Of([PlainStep("a", next: "b", stage: Stage.Opening), PlainStep("b"), PlainStep("b")]);

        flow.EdgesFrom(0).Single().To.ShouldBe(1);
    }

    [Fact]
    public void Reachable_steps_are_those_some_path_from_the_first_step_reaches()
    {
        var flow = ProtocolFlow.Of([PlainStep("a", next: "c"), PlainStep("b"), PlainStep("c")]);

        flow.Reachable().Order().ShouldBe([0, 2]);
    }

    [Fact]
    public void Every_step_of_the_phone_protocol_is_reachable()
    {
        var steps = PhoneProtocol().Steps;

        ProtocolFlow.Of(steps).Reachable().Count.ShouldBe(steps.Count);
    }

    [Fact]
    public void An_empty_flow_reaches_nothing_and_ends_nowhere()
    {
        var flow = ProtocolFlow.Of([]);

        flow.Reachable().ShouldBeEmpty();
        flow.TerminalSteps().ShouldBeEmpty();
        flow.LoopsWithoutExit().ShouldBeEmpty();
        flow.ToMermaid("es").ShouldBe("flowchart TD\n");
    }

    [Fact]
    public void Terminal_steps_are_where_an_edge_ends_the_flow()
    {
        var terminal = ProtocolFlow.Of(PhoneProtocol().Steps).TerminalSteps();

        terminal.Select(i => PhoneProtocol().Steps[i].Key).ShouldBe(["transferir", "despedida"]);
    }

    [Fact]
    public void A_question_with_one_answer_that_ends_is_terminal()
    {
        var flow = ProtocolFlow.Of([QuestionStep("q", Stage.Solution, "b", Step.End), PlainStep("b", Stage.Solution)]);

        flow.TerminalSteps().ShouldBe([0, 1]);
    }

    [Fact]
    public void A_question_without_answers_has_no_way_out_and_so_is_terminal()
    {
        var question = PlainStep("q") with { Question = "¿Y ahora?" };

        ProtocolFlow.Of([question, PlainStep("b")]).TerminalSteps().ShouldBe([0, 1]);
    }

    [Fact]
    public void A_closed_loop_is_a_loop_without_exit()
    {
        var flow = ProtocolFlow.Of([PlainStep("a"), PlainStep("b"), PlainStep("c", next: "b")]);

        flow.LoopsWithoutExit().ShouldBe([[1, 2]]);
    }

    [Fact]
    public void A_step_that_points_at_itself_is_a_loop_without_exit()
    {
        ProtocolFlow.Of([PlainStep("a"), PlainStep("b", next: "b")]).LoopsWithoutExit().ShouldBe([[1]]);
    }

    [Fact]
    public void A_loop_with_an_answer_that_leaves_it_has_an_exit()
    {
        var flow = ProtocolFlow.Of(
        [
            PlainStep("a"),
            QuestionStep("b", Stage.Analysis, "a", "c"),
            PlainStep("c", Stage.Solution),
        ]);

        flow.LoopsWithoutExit().ShouldBeEmpty();
    }

    [Fact]
    public void Only_the_innermost_trap_is_reported_when_one_loop_leads_into_another()
    {
        var flow = ProtocolFlow.Of(
        [
            QuestionStep("a", Stage.Analysis, "b", "c"),
            PlainStep("b", next: "a"),
            PlainStep("c"),
            PlainStep("d", next: "c"),
        ]);

        flow.LoopsWithoutExit().ShouldBe([[2, 3]]);
    }

    [Fact]
    public void Two_separate_traps_are_both_reported_in_list_order()
    {
        var flow = ProtocolFlow.Of(
        [
            QuestionStep("a", Stage.Analysis, "d", "b"),
            PlainStep("b"),
            PlainStep("c", next: "b"),
            PlainStep("d", next: "d"),
        ]);

        flow.LoopsWithoutExit().ShouldBe([[1, 2], [3]]);
    }

    [Fact]
    public void A_dangling_edge_counts_as_a_way_out_so_a_bad_key_is_not_also_a_loop()
    {
        var flow = ProtocolFlow.Of([QuestionStep("a", Stage.Analysis, "b", "nadie"), PlainStep("b", next: "a")]);

        flow.LoopsWithoutExit().ShouldBeEmpty();
    }

    [Fact]
    public void A_long_generated_flow_is_analysed_without_overflowing_the_stack()
    {
        var steps = Enumerable.Range(0, 20_000).Select(i => PlainStep($"s{i}")).ToList();
        steps[^1] = steps[^1] with { Next = "s0" };

        var flow = ProtocolFlow.Of(steps);

        flow.Reachable().Count.ShouldBe(20_000);
        flow.LoopsWithoutExit().ShouldHaveSingleItem().Count.ShouldBe(20_000);
    }
}
