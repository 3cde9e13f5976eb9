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

    /// <summary>A step's format-2 parts.</summary>
    private static Step Format2(Random r, Step step) => step with
    {
        Fulfils = r.Next(4) == 0 ? (Pauta.Core.Contacts.ContactClock)r.Next(4) : null,
        Handoff = r.Next(5) == 0 ? Text(r) : null,
    };

    private static TargetWarning GenerateWarning(Random r) => new()
    {
        // Both, one or neither: the file carries what the editor may hold, the linter says what is wrong with it.
        PercentUsed = r.Next(3) == 0 ? null : r.Next(-5, 120),
        Left = r.Next(2) == 0 ? null : r.Next(-2, 30),
        LeftUnit = (TargetUnit)r.Next(5),
        EscalationRuleKey = Maybe(r),
    };

    private static ServiceTarget GenerateTarget(Random r) => new()
    {
        Clock = (Pauta.Core.Contacts.ContactClock)r.Next(4),
        Channel = AnyChannels(r),
        SubChannels = (SubChannels)r.Next(16),
        Amount = r.Next(-3, 100_000),
        Unit = (TargetUnit)r.Next(5),
        Counting = (ServiceClock)r.Next(2),
        Calendar = r.Next(3) switch { 0 => CalendarRefs.Site, 1 => CalendarRefs.Legal, _ => Text(r, 1) },
        ExtendableBy = r.Next(2) == 0 ? null : r.Next(-2, 20),
        Warnings = Many(r, 3, () => GenerateWarning(r)),
    };

    private static ContactField GenerateField(Random r) => new()
    {
        Key = r.Next(3) == 0 ? Text(r, 1) : $"campo-{r.Next(100)}",
        Label = Text(r),
        Type = (ContactFieldType)r.Next(7),
        Required = r.Next(2) == 0,
        Options = Many(r, 3, () => Text(r)),
        Currency = r.Next(3) == 0 ? "COP" : Maybe(r),
        Sample = Maybe(r),
    };

    /// <summary>A protocol shaped by <paramref name="r"/> whose texts are made of <paramref name="pieces"/>.</summary>
    public static Protocol Generate(Random r, IReadOnlyList<string> pieces)
    {
        Given.Value = pieces;
        try { return Generate(r); }
        finally { Given.Value = null; }
    }

    /// <summary>
    /// The format-1 parts come from <paramref name="r"/> exactly as before format 2 existed (so the seeds that once found
    /// bugs still make the same protocols); the format-2 parts come from a second generator seeded by it.
    /// </summary>
    public static Protocol Generate(Random r)
    {
        var protocol = Format1(r);
        var r2 = new Random(r.Next());
        return protocol with
        {
            // Half the protocols stay in format 1, so both formats are generated.
            ServiceTargets = r2.Next(2) == 0 ? [] : Many(r2, 4, () => GenerateTarget(r2)),
            Fields = r2.Next(2) == 0 ? [] : Many(r2, 3, () => GenerateField(r2)),
            Selection = r2.Next(2) == 0 ? new SelectionRules() : new SelectionRules
            {
                WinsWhen = Many(r2, 3, () => Text(r2)), WinsOnChannels = AnyChannels(r2),
                WinsForSegments = Many(r2, 2, () => Text(r2)), NotFor = Many(r2, 3, () => Text(r2)),
            },
            SharedSections = r2.Next(3) == 0 ? Many(r2, 2, () => Text(r2, 1)) : [],
            Kind = r2.Next(5) == 0 ? ProtocolKind.SharedSection : ProtocolKind.Protocol,
            EscalationRules = protocol.EscalationRules.Select(rule => r2.Next(3) != 0 ? rule : rule with
            {
                Currency = r2.Next(2) == 0 ? "COP" : Maybe(r2),
                Condition = r2.Next(2) == 0 ? EscalationCondition.TargetAtRisk : rule.Condition,
            }).ToArray(),
            Steps = protocol.Steps.Select(s => Format2(r2, s)).ToArray(),
            ContingencyPlans = protocol.ContingencyPlans.Select(p => p with
            {
                Channels = r2.Next(2) == 0 ? Channels.None : AnyChannels(r2),
                Steps = p.Steps.Select(s => Format2(r2, s)).ToArray(),
            }).ToArray(),
        };
    }

    private static Protocol Format1(Random r) => new()
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
