using System.Text.RegularExpressions;
using Pauta.Core.Protocols;
using static Pauta.Core.Tests.Protocols.ProtocolBuilder;

namespace Pauta.Core.Tests.Protocols;

public partial class MermaidTests
{
    /// <summary>What a diagram says, read back from the Mermaid text with the simplest parser that works.</summary>
    private sealed record Diagram(
        Dictionary<string, (string Label, bool Diamond, string? Subgraph)> Nodes,
        List<(string From, string? Label, string To)> Edges,
        Dictionary<string, string> Subgraphs,
        string? EndLabel);

    private static Diagram Read(string mermaid)
    {
        var lines = mermaid.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("flowchart TD");
        var diagram = new Diagram([], [], [], null);
        string? subgraph = null;
        string? endLabel = null;
        foreach (var line in lines.Skip(1))
        {
            Match m;
            if ((m = SubgraphLine().Match(line)).Success)
            {
                subgraph = m.Groups[1].Value;
                diagram.Subgraphs[subgraph] = Unescape(m.Groups[2].Value);
            }
            else if (line.Trim() == "end") subgraph = null;
            else if ((m = BoxLine().Match(line)).Success)
                diagram.Nodes.Add(m.Groups[1].Value, (Unescape(m.Groups[2].Value), false, subgraph));
            else if ((m = DiamondLine().Match(line)).Success)
                diagram.Nodes.Add(m.Groups[1].Value, (Unescape(m.Groups[2].Value), true, subgraph));
            else if ((m = EndLine().Match(line)).Success)
                endLabel = m.Groups[1].Value;
            else if ((m = EdgeLine().Match(line)).Success)
                diagram.Edges.Add((m.Groups[1].Value, m.Groups[2].Success ? Unescape(m.Groups[2].Value) : null, m.Groups[3].Value));
            else
                throw new ShouldAssertException($"Unexpected Mermaid line: {line}");
        }
        return diagram with { EndLabel = endLabel };
    }

    private static string Unescape(string label) =>
        EntityCode().Replace(label.Replace("#quot;", "\"", StringComparison.Ordinal), m => ((char)int.Parse(m.Groups[1].Value)).ToString());

    [GeneratedRegex("""^    subgraph (\w+) \["([^"]*)"\]$""")]
    private static partial Regex SubgraphLine();

    [GeneratedRegex("""^        (s_\w+)\["([^"]*)"\]$""")]
    private static partial Regex BoxLine();

    [GeneratedRegex("""^        (s_\w+)\{"([^"]*)"\}$""")]
    private static partial Regex DiamondLine();

    [GeneratedRegex("""^    done\(\("([^"]*)"\)\)$""")]
    private static partial Regex EndLine();

    [GeneratedRegex("""^    (s_\w+) -->(?:\|"([^"]*)"\|)? (s_\w+|done)$""")]
    private static partial Regex EdgeLine();

    [GeneratedRegex("#([0-9]+);")]
    private static partial Regex EntityCode();

    [Fact]
    public void The_diagram_has_one_node_per_step_and_one_edge_per_flow_edge()
    {
        var flow = ProtocolFlow.Of(PhoneProtocol().Steps);
        var ids = flow.MermaidIds();

        var diagram = Read(flow.ToMermaid("es"));

        diagram.Nodes.Keys.ShouldBe(ids, ignoreOrder: true);
        diagram.Edges.ShouldBe(flow.Edges.Select(e => (ids[e.From], e.Label, e.To is { } to ? ids[to] : ProtocolFlow.MermaidEndId)));
    }

    [Fact]
    public void Question_steps_are_diamonds_with_their_question_and_other_steps_are_boxes_with_their_title()
    {
        var protocol = PhoneProtocol();
        var flow = ProtocolFlow.Of(protocol.Steps);
        var diagram = Read(flow.ToMermaid("es"));

        for (var i = 0; i < protocol.Steps.Count; i++)
        {
            var step = protocol.Steps[i];
            var node = diagram.Nodes[flow.MermaidIds()[i]];
            node.Diamond.ShouldBe(step.IsQuestion);
            node.Label.ShouldBe(step.IsQuestion ? step.Question : step.Title);
        }
    }

    [Fact]
    public void Answers_label_their_edges()
    {
        var diagram = Read(ProtocolFlow.Of(PhoneProtocol().Steps).ToMermaid("es"));

        diagram.Edges.Where(e => e.From == "s_motivo").ShouldBe(
        [
            ("s_motivo", "Información", "s_informar"),
            ("s_motivo", "Una devolución", "s_devolucion"),
            ("s_motivo", "Hablar con un responsable", "s_transferir"),
        ]);
    }

    [Theory]
    [InlineData("es", "Apertura", "Análisis y comprensión", "Solución", "Fin")]
    [InlineData("en", "Opening", "Analysis and understanding", "Solution", "End")]
    public void Each_stage_is_a_subgraph_named_in_the_protocol_language(string language, string opening, string analysis, string solution, string end)
    {
        var protocol = PhoneProtocol();
        var flow = ProtocolFlow.Of(protocol.Steps);
        var diagram = Read(flow.ToMermaid(language));

        diagram.Subgraphs.ShouldBe(new Dictionary<string, string>
        {
            ["stage_opening"] = opening,
            ["stage_analysis"] = analysis,
            ["stage_solution"] = solution,
        });
        for (var i = 0; i < protocol.Steps.Count; i++)
            diagram.Nodes[flow.MermaidIds()[i]].Subgraph.ShouldBe(ProtocolFlow.MermaidStageId(protocol.Steps[i].Stage));
        diagram.EndLabel.ShouldBe(end);
    }

    [Fact]
    public void A_stage_without_steps_draws_no_subgraph()
    {
        var diagram = Read(ProtocolFlow.Of([PlainStep("a", Stage.Opening), PlainStep("b", Stage.Solution)]).ToMermaid("es"));

        diagram.Subgraphs.Keys.ShouldBe(["stage_opening", "stage_solution"]);
    }

    [Fact]
    public void Node_ids_come_from_the_keys_with_a_prefix_and_only_safe_characters()
    {
        var flow = ProtocolFlow.Of([PlainStep("pedir-ticket"), PlainStep("end"), PlainStep("o"), PlainStep("paso ñ.1")]);

        flow.MermaidIds().ShouldBe(["s_pedir_ticket", "s_end", "s_o", "s_paso___1"]);
    }

    [Fact]
    public void Keys_that_sanitise_alike_or_repeat_get_numbered_ids_in_list_order()
    {
        var flow = ProtocolFlow.Of([PlainStep("a-b"), PlainStep("a_b"), PlainStep("a-b")]);

        flow.MermaidIds().ShouldBe(["s_a_b", "s_a_b_2", "s_a_b_3"]);
    }

    [Fact]
    public void The_same_steps_always_draw_the_same_text()
    {
        ProtocolFlow.Of(PhoneProtocol().Steps).ToMermaid("es").ShouldBe(ProtocolFlow.Of(PhoneProtocol().Steps).ToMermaid("es"));
    }

    [Fact]
    public void Quotes_brackets_and_pipes_in_labels_are_escaped_and_read_back_intact()
    {
        const string title = "Diga \"hola\" [alto] {claro} (siempre) | <ya> #1";
        var question = QuestionStep("q", Stage.Analysis, "a") with { Question = "¿\"Sí\" o [no]?", Answers = [new Answer("\"Sí\" | [ok]", "a")] };
        var flow = ProtocolFlow.Of([question, PlainStep("a", Stage.Solution) with { Title = title }]);

        var text = flow.ToMermaid("es");
        var diagram = Read(text);

        diagram.Nodes["s_q"].Label.ShouldBe("¿\"Sí\" o [no]?");
        diagram.Nodes["s_a"].Label.ShouldBe(title);
        diagram.Edges[0].Label.ShouldBe("\"Sí\" | [ok]");
        text.ShouldContain("#quot;hola#quot;");
        text.ShouldContain("#91;alto#93;");
    }

    [Fact]
    public void Line_breaks_in_labels_become_spaces()
    {
        var flow = ProtocolFlow.Of([PlainStep("a") with { Title = "Uno\r\nDos" }]);

        Read(flow.ToMermaid("es")).Nodes["s_a"].Label.ShouldBe("Uno  Dos");
    }

    [Fact]
    public void A_step_without_title_shows_its_key()
    {
        var flow = ProtocolFlow.Of([PlainStep("saludo") with { Title = " " }]);

        Read(flow.ToMermaid("es")).Nodes["s_saludo"].Label.ShouldBe("saludo");
    }

    [Fact]
    public void Edges_to_unknown_keys_are_left_out_of_the_diagram()
    {
        var flow = ProtocolFlow.Of([QuestionStep("q", Stage.Analysis, "nadie", "a"), PlainStep("a", Stage.Solution)]);

        Read(flow.ToMermaid("es")).Edges.ShouldBe([("s_q", "a", "s_a"), ("s_a", null, "done")]);
    }

    [Fact]
    public void A_flow_that_never_ends_draws_no_end_node()
    {
        var diagram = Read(ProtocolFlow.Of([PlainStep("a", next: "a")]).ToMermaid("es"));

        diagram.EndLabel.ShouldBeNull();
        diagram.Edges.ShouldBe([("s_a", null, "s_a")]);
    }

    [Fact]
    public void A_contingency_plan_draws_its_own_flow()
    {
        var plan = PhoneProtocol().ContingencyPlans[0];
        var diagram = Read(ProtocolFlow.Of(plan.Steps).ToMermaid("es"));

        diagram.Nodes.Keys.ShouldBe(["s_molesto_escuchar", "s_molesto_disculparse", "s_molesto_solucionar", "s_molesto_agradecer"], ignoreOrder: true);
        diagram.Edges.Count.ShouldBe(4);
    }
}
