using System.Text.Json;
using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using Pauta.Data.Protocols;
using Shouldly;
using Xunit;

namespace Pauta.Protocols.Tests;

public sealed class RoundTripTests
{
    private static string Json(Protocol p) => JsonSerializer.Serialize(p, new JsonSerializerOptions { WriteIndented = true });

    private static void AssertRoundTrip(Protocol protocol)
    {
        var text = ProtocolFile.Write(protocol);
        var parsed = ProtocolFile.Parse("p.md", text);
        parsed.Problems.ShouldBeEmpty(text);
        parsed.Protocol.ShouldNotBeNull();
        Json(parsed.Protocol).ShouldBe(Json(protocol), text);
        ProtocolFile.Write(parsed.Protocol).ShouldBe(text);
    }

    [Fact]
    public void The_complete_phone_protocol_round_trips_losslessly() => AssertRoundTrip(SampleProtocols.Phone());

    [Fact]
    public void The_complete_phone_protocol_is_clean_for_the_linter()
    {
        var parsed = ProtocolFile.Parse("p.md", ProtocolFile.Write(SampleProtocols.Phone())).Protocol!;
        ProtocolLinter.Lint(parsed, LintContext.Offline).Where(f => f.IsError).ShouldBeEmpty();
    }

    [Fact]
    public void The_file_is_markdown_with_front_matter_stage_headings_and_step_anchors()
    {
        var text = ProtocolFile.Write(SampleProtocols.Phone());
        text.ShouldStartWith("---\ntitle: Atención telefónica de reclamaciones\n");
        text.ShouldContain("\n## Apertura\n\n### Saludar {#saludo}\n\nSaluda con tu nombre y el de la tienda.\n");
        text.ShouldContain("\n## Análisis y comprensión\n");
        text.ShouldContain("\n## Solución\n");
        text.ShouldContain("\n## Plan: Cliente molesto (L.A.S.T.) {#cliente-molesto}\n");
        text.ShouldContain("channels: [phone, electronic]");
    }

    [Fact]
    public void English_protocols_use_english_stage_headings_and_round_trip()
    {
        var p = SampleProtocols.Phone() with { Language = "en" };
        ProtocolFile.Write(p).ShouldContain("\n## Opening\n");
        AssertRoundTrip(p);
    }

    [Fact]
    public void A_minimal_empty_protocol_round_trips() => AssertRoundTrip(new Protocol());

    [Fact]
    public void Crlf_line_endings_are_accepted()
    {
        var text = ProtocolFile.Write(SampleProtocols.Phone());
        var parsed = ProtocolFile.Parse("p.md", text.Replace("\n", "\r\n"));
        parsed.Problems.ShouldBeEmpty();
        ProtocolFile.Write(parsed.Protocol!).ShouldBe(text);
    }

    [Fact]
    public void Awkward_texts_fall_back_to_yaml_and_still_round_trip()
    {
        var basis = SampleProtocols.Phone();
        var step = basis.Steps[1] with
        {
            Key = "clave con espacios",
            Title = "  título {#raro} ",
            Instruction = "## no es un título\n```\ncódigo\n```\n",
            Question = "",
            Next = "null",
        };
        var plan = basis.ContingencyPlans[0] with { Name = "", Trigger = "  empieza con espacios", Key = "{x}" };
        AssertRoundTrip(basis with { Steps = [basis.Steps[0], step, .. basis.Steps.Skip(2)], ContingencyPlans = [plan] });
    }

    [Fact]
    public void Interleaved_stages_keep_their_order()
    {
        var basis = SampleProtocols.Phone();
        AssertRoundTrip(basis with { Steps = [basis.Steps[0], basis.Steps[1], basis.Steps[0] with { Key = "otra" }, basis.Steps[5]] });
    }

    public static IEnumerable<object[]> Seeds() => Enumerable.Range(1, 60).Append(662).Append(1065).Select(i => new object[] { i });

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Generated_protocols_round_trip(int seed) => AssertRoundTrip(Generate(new Random(seed)));

    private static readonly string[] Pieces =
    [
        "hola", "Hola, {cliente.nombre}", "", " ", "null", "~", "true", "123", "1.5", "-", "- lista", "# título", "## Apertura",
        "```", "---", "{#clave}", "a: b", "'comillas'", "\"dobles\"", "línea\nsegunda", "línea\n\nparrafo", "fin\n", "\nprincipio",
        "tab\tdentro", "espacio final ", "ñandú €", "emoji 😀", "a\r\nb", "#", "[lista]", "{mapa}", "& ancla", "* alias", "!etiqueta",
        "% directiva", "@", "`tilde`", "> mayor", "| barra", "\\barra", "  sangría\n  doble", "x\n  y\n\n\n z", "{#}",
    ];

    private static string Text(Random r, int parts = 3) =>
        string.Concat(Enumerable.Range(0, r.Next(parts + 1)).Select(_ => Pieces[r.Next(Pieces.Length)]));

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

    private static Protocol Generate(Random r) => new()
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
