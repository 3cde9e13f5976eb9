using Pauta.Core.Organisations;
using Pauta.Core.Protocols;

namespace Pauta.Protocols.Tests;

/// <summary>
/// Random protocols built from awkward pieces of text (YAML and Markdown syntax, blank lines, emoji, CRLF): the file
/// format must carry every one of them losslessly. Also compiled into the web tests, which send them through the API.
/// </summary>
public static class ProtocolGenerator
{
    private static readonly string[] Pieces =
    [
        "hola", "Hola, {cliente.nombre}", "", " ", "null", "~", "true", "123", "1.5", "-", "- lista", "# título", "## Apertura",
        "```", "---", "{#clave}", "a: b", "'comillas'", "\"dobles\"", "línea\nsegunda", "línea\n\nparrafo", "fin\n", "\nprincipio",
        "tab\tdentro", "espacio final ", "ñandú €", "emoji 😀", "a\r\nb", "#", "[lista]", "{mapa}", "& ancla", "* alias", "!etiqueta",
        "% directiva", "@", "`tilde`", "> mayor", "| barra", "\\barra", "  sangría\n  doble", "x\n  y\n\n\n z", "{#}",
    ];

    /// <summary>Pieces of text given by a property test's generator, used instead of <see cref="Pieces"/> while set.</summary>
    private static readonly AsyncLocal<IReadOnlyList<string>?> Given = new();

    private static string Text(Random r, int parts = 3)
    {
        var pieces = Given.Value is { Count: > 0 } given ? given : Pieces;
        return string.Concat(Enumerable.Range(0, r.Next(parts + 1)).Select(_ => pieces[r.Next(pieces.Count)]));
    }

    private static string? Maybe(Random r) => r.Next(3) == 0 ? null : Text(r);

    private static T[] Many<T>(Random r, int max, Func<T> make) => Enumerable.Range(0, r.Next(max + 1)).Select(_ => make()).ToArray();

    private static Channels AnyChannels(Random r) => (Channels)r.Next(16);

    private static Step GenerateStep(Random r, bool plan) => new()
    {
        Key = r.Next(4) == 0 ? Text(r, 1) : $"paso-{r.Next(1000)}",
        Stage = plan ? (Stage)r.Next(3) : Stage.Opening,
        Title = Text(r),
        Instruction = Text(r, 5),
        Required = r.Next(2) == 0,
        Checklist = Many(r, 3, () => Text(r)),
        Scripts = Many(r, 3, () => new Script(Text(r), r.Next(2) == 0 ? null : AnyChannels(r), r.Next(2) == 0, r.Next(3) == 0 ? "en" : null)),
        Question = Maybe(r),
        Answers = Many(r, 3, () => new Answer(Text(r), Maybe(r), Maybe(r))),
        Next = Maybe(r),
        Images = Many(r, 2, () => Text(r)),
        VideoUrl = Maybe(r),
        GoodExample = Maybe(r),
        BadExample = Maybe(r),
    };

    /// <summary>A protocol shaped by <paramref name="r"/> whose texts are made of <paramref name="pieces"/>.</summary>
    public static Protocol Generate(Random r, IReadOnlyList<string> pieces)
    {
        Given.Value = pieces;
        try { return Generate(r); }
        finally { Given.Value = null; }
    }

    public static Protocol Generate(Random r) => new()
    {
        Title = Text(r), Department = Text(r), Purpose = Text(r, 6), Scope = Text(r), Owner = Text(r),
        Language = r.Next(2) == 0 ? "es" : "en",
        Channels = AnyChannels(r),
        ReviewEveryDays = r.Next(2) == 0 ? null : r.Next(-5, 400),
        Terms = Many(r, 3, () => new Term(Text(r), Text(r))),
        Responsibilities = Many(r, 3, () => new Responsibility(Text(r), Text(r))),
        EscalationRules = Many(r, 3, () => new EscalationRule
        {
            Key = Text(r, 1), Condition = (EscalationCondition)r.Next(6), Detail = Text(r),
            Amount = r.Next(2) == 0 ? null : r.Next(-100, 100000) / 100m, Target = Text(r),
        }),
        ServiceLevels = Many(r, 3, () => new ServiceLevel(AnyChannels(r), r.Next(-10, 100000), r.Next(-10, 1000000), (ServiceClock)r.Next(2))),
        Assessment = r.Next(2) == 0 ? null : new Assessment(
            Many(r, 3, () => new AssessmentQuestion(Text(r), Many(r, 4, () => Text(r)), r.Next(-1, 5), Text(r))), r.Next(0, 120)),
        Steps = Many(r, 6, () => GenerateStep(r, false) with { Stage = (Stage)r.Next(3) }),
        ContingencyPlans = Many(r, 2, () => new ContingencyPlan
        {
            Key = r.Next(4) == 0 ? Text(r, 1) : $"plan-{r.Next(100)}", Name = Text(r), Trigger = Text(r, 4),
            Steps = Many(r, 3, () => GenerateStep(r, true)),
        }),
    };
}
