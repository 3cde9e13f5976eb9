using Pauta.Data.Protocols;
using Shouldly;
using Xunit;

namespace Pauta.Protocols.Tests;

public sealed class MalformedFileTests
{
    private const string Valid = """
        ---
        title: Atención telefónica
        department: Atención al cliente
        purpose: Atender llamadas.
        language: es
        channels: [phone]
        serviceLevels:
          - channel: phone
            firstResponseSeconds: 20
            resolutionSeconds: 600
            clock: business
        ---

        ## Apertura

        ### Saludar {#saludo}

        Saluda con tu nombre.

        ```yaml
        scripts:
          - channel: phone
            greeting: true
            text: Buenos días, le atiende {agente}.
        ```

        ## Solución

        ### Despedirse {#despedida}

        Agradece la llamada.
        """;

    private static ProtocolFileProblem Single(string text, string code)
    {
        var result = ProtocolFile.Parse("tel.md", text);
        result.Protocol.ShouldBeNull();
        result.Problems.ShouldNotBeEmpty();
        var problem = result.Problems.First(p => p.Code == code);
        problem.File.ShouldBe("tel.md");
        return problem;
    }

    private static void At(ProtocolFileProblem problem, int line, int column)
    {
        (problem.Line, problem.Column).ShouldBe((line, column), problem.ToString());
    }

    [Fact]
    public void The_valid_file_parses()
    {
        var result = ProtocolFile.Parse("tel.md", Valid);
        result.Problems.ShouldBeEmpty();
        result.Protocol!.Steps.Count.ShouldBe(2);
        result.Protocol.Steps[0].Instruction.ShouldBe("Saluda con tu nombre.");
        result.Locate("steps[0].scripts[0].text").ShouldBe((24, 11));
        result.Locate("steps[1].instruction").ShouldBe((31, 1));
        result.Locate("steps[1]").ShouldBe((29, 1));
        result.Locate("title").ShouldBe((2, 8));
    }

    [Fact]
    public void Bad_yaml_indentation_in_the_front_matter_reports_yamls_position_on_the_file_line()
    {
        var text = Valid.Replace("    resolutionSeconds: 600", "  resolutionSeconds: 600");
        var problem = Single(text, ProtocolFile.Codes.Yaml);
        problem.Line.ShouldBe(10);
    }

    [Fact]
    public void Bad_yaml_indentation_in_a_step_block_reports_the_file_line()
    {
        var text = Valid.Replace("    greeting: true", "   greeting: true");
        var problem = Single(text, ProtocolFile.Codes.Yaml);
        problem.Line.ShouldBe(23);
    }

    [Fact]
    public void An_unknown_key_is_reported_at_the_key()
    {
        At(Single(Valid.Replace("language: es", "idioma: es"), ProtocolFile.Codes.UnknownKey), 5, 1);
        At(Single(Valid.Replace("    clock: business", "    clock: business\n    reloj: x"), ProtocolFile.Codes.UnknownKey), 12, 5);
        At(Single(Valid.Replace("    greeting: true", "    saludo: true"), ProtocolFile.Codes.UnknownKey), 23, 5);
    }

    [Fact]
    public void An_unknown_channel_is_reported_at_its_name()
    {
        At(Single(Valid.Replace("channels: [phone]", "channels: [phone, fax]"), ProtocolFile.Codes.UnknownChannel), 6, 19);
        At(Single(Valid.Replace("  - channel: phone\n    greeting", "  - channel: paloma\n    greeting"), ProtocolFile.Codes.UnknownChannel), 22, 14);
    }

    [Fact]
    public void An_unknown_stage_heading_is_reported_at_the_heading_text()
    {
        var problem = Single(Valid.Replace("## Solución", "## Resolución"), ProtocolFile.Codes.UnknownStage);
        At(problem, 27, 4);
        problem.Message.ShouldContain("Resolución");
    }

    [Fact]
    public void A_missing_front_matter_is_reported_at_the_start()
    {
        At(Single(Valid[4..], ProtocolFile.Codes.FrontMatterMissing), 1, 1);
        Single(Valid.Replace("clock: business\n---", "clock: business\n--"), ProtocolFile.Codes.FrontMatterMissing);
    }

    [Fact]
    public void Wrong_types_and_duplicate_keys_are_errors_with_positions()
    {
        At(Single(Valid.Replace("firstResponseSeconds: 20", "firstResponseSeconds: veinte"), ProtocolFile.Codes.WrongType), 9, 27);
        At(Single(Valid.Replace("    greeting: true", "    greeting: quizá"), ProtocolFile.Codes.WrongType), 23, 15);
        At(Single(Valid.Replace("title: Atención telefónica", "title: [a, b]"), ProtocolFile.Codes.WrongType), 2, 8);
        Single(Valid.Replace("language: es", "language: es\ntitle: Otra"), ProtocolFile.Codes.DuplicateKey).Line.ShouldBe(6);
    }

    [Fact]
    public void Body_structure_errors_have_positions()
    {
        At(Single(Valid.Replace("### Despedirse {#despedida}", "### Despedirse"), ProtocolFile.Codes.MissingKey), 29, 1);
        At(Single(Valid.Replace("## Apertura\n", "Texto suelto\n\n## Apertura\n"), ProtocolFile.Codes.Misplaced), 14, 1);
        Single(Valid + "\n\n```yaml\nnext: end\n```\n\n```yaml\nnext: end\n```\n", ProtocolFile.Codes.Twice).Line.ShouldBe(37);
    }

    [Fact]
    public void Every_problem_is_reported_not_just_the_first()
    {
        var text = Valid.Replace("language: es", "idioma: es").Replace("channels: [phone]", "channels: [fax]").Replace("## Solución", "## Final");
        ProtocolFile.Parse("tel.md", text).Problems.Select(p => p.Code).ShouldBe(
            [ProtocolFile.Codes.UnknownKey, ProtocolFile.Codes.UnknownChannel, ProtocolFile.Codes.UnknownStage]);
    }
}
