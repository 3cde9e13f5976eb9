using System.Text;

namespace Pauta.Core.Protocols;

public sealed partial class ProtocolFlow
{
    /// <summary>The id of the node every finishing edge points at. Step ids all start "s_", so it cannot collide.</summary>
    public const string MermaidEndId = "done";

    /// <summary>
    /// The flow as a Mermaid <c>flowchart TD</c>: one subgraph per stage, question steps as diamonds, answers as
    /// edge labels, and a round end node. Edges to unknown keys are left out (the linter reports them).
    /// The text depends only on the steps, so the same version always draws the same diagram.
    /// </summary>
    public string ToMermaid(string language)
    {
        var ids = MermaidIds();
        var text = new StringBuilder("flowchart TD\n");

        foreach (var stage in Stages.InOrder)
        {
            var members = Enumerable.Range(0, Steps.Count).Where(i => Steps[i].Stage == stage).ToList();
            if (members.Count == 0) continue;
            text.Append($"    subgraph {MermaidStageId(stage)} [\"{MermaidEscape(Stages.Name(stage, language))}\"]\n");
            foreach (var i in members)
            {
                var step = Steps[i];
                var label = MermaidEscape(Label(step));
                text.Append(step.IsQuestion ? $"        {ids[i]}{{\"{label}\"}}\n" : $"        {ids[i]}[\"{label}\"]\n");
            }
            text.Append("    end\n");
        }

        if (Edges.Any(e => e.IsEnd))
            text.Append($"    {MermaidEndId}((\"{(language == "en" ? "End" : "Fin")}\"))\n");

        foreach (var edge in Edges)
        {
            if (edge.IsDangling) continue;
            var target = edge.To is { } to ? ids[to] : MermaidEndId;
            var label = edge.Label is null ? "" : $"|\"{MermaidEscape(edge.Label)}\"|";
            text.Append($"    {ids[edge.From]} -->{label} {target}\n");
        }
        return text.ToString();
    }

    /// <summary>
    /// Node ids from the step keys: "s_" then the key with anything but ASCII letters and digits as "_". The prefix
    /// keeps Mermaid keywords ("end") and edge-shape letters ("o", "x") out of the first position; a clash after
    /// sanitising (or a duplicate key) gets "_2", "_3", … in list order.
    /// </summary>
    public IReadOnlyList<string> MermaidIds()
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var ids = new List<string>(Steps.Count);
        foreach (var step in Steps)
        {
            var sanitised = new StringBuilder("s_");
            foreach (var c in step.Key ?? "") sanitised.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
            var id = sanitised.ToString();
            for (var n = 2; !used.Add(id); n++) id = $"{sanitised}_{n}";
            ids.Add(id);
        }
        return ids;
    }

    public static string MermaidStageId(Stage stage) => stage switch
    {
        Stage.Opening => "stage_opening",
        Stage.Analysis => "stage_analysis",
        Stage.Solution => "stage_solution",
    };

    /// <summary>
    /// Makes text safe inside a quoted Mermaid label: quotes, brackets, braces, parentheses, pipes and angle
    /// brackets become Mermaid entity codes ("#quot;", "#91;"), which it draws as the characters themselves;
    /// "#" is escaped too so a label cannot spell an entity by accident. Line breaks become spaces.
    /// </summary>
    public static string MermaidEscape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '"' => "#quot;",
                '#' => "#35;",
                '[' or ']' or '{' or '}' or '(' or ')' or '|' or '<' or '>' => $"#{(int)c};",
                '\r' or '\n' or '\t' => " ",
                _ => c.ToString(),
            });
        }
        return escaped.ToString();
    }

    /// <summary>What a node shows: a question step its question, any other its title, and the key when those are blank.</summary>
    private static string Label(Step step)
    {
        if (step.IsQuestion && !string.IsNullOrWhiteSpace(step.Question)) return step.Question.Trim();
        return string.IsNullOrWhiteSpace(step.Title) ? step.Key ?? "" : step.Title.Trim();
    }
}
