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

    /// <summary>Found by the property test: each of these texts used to come back changed or make the file unreadable.</summary>
    [Theory]
    [InlineData("next line\u0085here")]
    [InlineData("line\u2028separator")]
    [InlineData("paragraph\u2029separator")]
    [InlineData("ends in a tab\t")]
    [InlineData("\tstarts with a tab")]
    [InlineData("start of heading\u0001inside")]
    [InlineData("a\n\t\u0001b")]
    [InlineData("bell\u0007 and del\u007F")]
    public void Texts_with_yaml_line_breaks_control_characters_and_odd_spaces_round_trip(string text)
    {
        var protocol = SampleProtocols.Phone();
        var step = protocol.Steps[0] with { Key = "k" + text, Title = text, Instruction = text, Checklist = [text, "x\n" + text] };
        AssertRoundTrip(protocol with { Title = text, Purpose = text, Steps = [step, .. protocol.Steps.Skip(1)] });
        ProtocolFile.Unprintable(ProtocolFile.Write(protocol with { Title = text })).ShouldBe(-1);
    }

    public static IEnumerable<object[]> Seeds() => Enumerable.Range(1, 60).Append(662).Append(1065).Select(i => new object[] { i });

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Generated_protocols_round_trip(int seed) => AssertRoundTrip(ProtocolGenerator.Generate(new Random(seed)));
}
