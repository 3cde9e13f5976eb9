using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using static Pauta.Core.Tests.Protocols.ProtocolBuilder;

namespace Pauta.Core.Tests.Protocols;

public class LintTextTests
{
    // ---- Acronyms ----

    [Fact]
    public void An_acronym_not_in_the_terms_is_an_error_on_the_text_that_uses_it()
    {
        PhoneProtocol()
            .WithStep("informar", s => s with { Instruction = "Consulte el catálogo en el ERP. Pregunte si ha quedado claro." })
            .ShouldFindOnly(LintCodes.AcronymUndefined, "steps[3].instruction", "ERP");
    }

    [Fact]
    public void An_acronym_defined_in_the_terms_keeps_the_rule_quiet()
    {
        var protocol = PhoneProtocol() with { Terms = [.. PhoneProtocol().Terms, new Term("ERP", "El programa de gestión.")] };

        protocol
            .WithStep("informar", s => s with { Instruction = "Consulte el catálogo en el ERP. Pregunte si ha quedado claro." })
            .Lint().ShouldBeEmpty();
    }

    [Fact]
    public void Removing_a_term_reports_every_text_that_uses_it()
    {
        var protocol = PhoneProtocol() with { Terms = PhoneProtocol().Terms.Where(t => t.Name != "TPV").ToList() };

        protocol.Lint().Select(f => (f.Code, f.Path)).ShouldBe(
        [
            (LintCodes.AcronymUndefined, "steps[4].instruction"),
            (LintCodes.AcronymUndefined, "steps[4].checklist[1]"),
        ]);
    }

    [Fact]
    public void A_term_named_with_its_acronym_in_brackets_defines_the_acronym()
    {
        var terms = PhoneProtocol().Terms.Select(t => t.Name == "TPV" ? t with { Name = "Terminal punto de venta (TPV)" } : t).ToList();

        (PhoneProtocol() with { Terms = terms }).Lint().ShouldBeEmpty();
    }

    [Fact]
    public void A_term_defines_its_acronym_whatever_the_case_dots_or_plural()
    {
        var terms = PhoneProtocol().Terms.Select(t => t.Name switch { "DNI" => t with { Name = "dni" }, "L.A.S.T." => t with { Name = "LAST" }, _ => t }).ToList();

        (PhoneProtocol() with { Terms = terms })
            .WithStep("escuchar", s => s with { Instruction = "Escuche sin interrumpir. Revise los DNIs." })
            .Lint().ShouldBeEmpty();
    }

    [Fact]
    public void A_dotted_acronym_must_be_defined_too()
    {
        var protocol = PhoneProtocol() with { Terms = PhoneProtocol().Terms.Where(t => t.Name != "L.A.S.T.").ToList() };

        protocol.ShouldFindOnly(LintCodes.AcronymUndefined, "contingencyPlans[0].name", "L.A.S.T.");
    }

    public static TheoryData<string, Func<Protocol, Protocol>> EveryProse => new()
    {
        { "title", p => p with { Title = "Atención CSAT" } },
        { "purpose", p => p with { Purpose = "Subir el CSAT." } },
        { "scope", p => p with { Scope = "Llamadas al CSAT." } },
        { "terms[0].definition", p => p with { Terms = [p.Terms[0] with { Definition = "Caja del CSAT." }, .. p.Terms.Skip(1)] } },
        { "responsibilities[0].duties", p => p with { Responsibilities = [p.Responsibilities[0] with { Duties = "Cuida el CSAT." }, .. p.Responsibilities.Skip(1)] } },
        { "steps[0].title", p => p.WithStep("saludo", s => s with { Title = "Saludar (CSAT)" }) },
        { "steps[0].checklist[0]", p => p.WithStep("saludo", s => s with { Checklist = ["Medir el CSAT"] }) },
        { "steps[0].scripts[0].text", p => p.WithStep("saludo", s => s with { Scripts = [s.Scripts[0] with { Text = ProtocolBuilder.Greeting + " CSAT" }] }) },
        { "steps[0].goodExample", p => p.WithStep("saludo", s => s with { GoodExample = "Sube el CSAT." }) },
        { "steps[0].badExample", p => p.WithStep("saludo", s => s with { BadExample = "Baja el CSAT." }) },
        { "steps[2].question", p => p.WithStep("motivo", s => s with { Question = "¿Qué CSAT?" }) },
        { "steps[2].answers[0].label", p => p.WithStep("motivo", s => s with { Answers = [s.Answers[0] with { Label = "CSAT" }, .. s.Answers.Skip(1)] }) },
        { "contingencyPlans[0].trigger", p => p with { ContingencyPlans = [p.ContingencyPlans[0] with { Trigger = "Baja el CSAT." }] } },
        { "contingencyPlans[0].steps[0].instruction", p => p.WithPlanStep("molesto-escuchar", s => s with { Instruction = "Piense en el CSAT." }) },
        { "escalationRules[0].detail", p => p with { EscalationRules = [p.EscalationRules[0] with { Detail = "CSAT bajo." }, .. p.EscalationRules.Skip(1)] } },
        { "assessment.questions[0].text", p => p with { Assessment = p.Assessment! with { Questions = [p.Assessment.Questions[0] with { Text = "¿CSAT?" }] } } },
        { "assessment.questions[0].options[2]", p => p with { Assessment = p.Assessment! with { Questions = [p.Assessment.Questions[0] with { Options = ["a", "b", "CSAT"] }] } } },
        { "assessment.questions[0].explanation", p => p with { Assessment = p.Assessment! with { Questions = [p.Assessment.Questions[0] with { Explanation = "Por el CSAT." }] } } },
    };

    [Theory]
    [MemberData(nameof(EveryProse))]
    public void Every_piece_of_prose_is_checked_for_undefined_acronyms(string path, Func<Protocol, Protocol> addAcronym)
    {
        addAcronym(PhoneProtocol()).ShouldFindOnly(LintCodes.AcronymUndefined, path, "CSAT");
    }

    [Fact]
    public void Names_and_links_are_not_checked_for_acronyms()
    {
        var protocol = PhoneProtocol() with
        {
            Department = "Atención SAC",
            Owner = "Jefa SAC",
            Responsibilities = [new Responsibility("Agente SAC", "Atiende la llamada.")],
        };

        protocol
            .WithStep("saludo", s => s with { Images = ["https://example.com/SAC.png"], VideoUrl = "https://example.com/SAC" })
            .Lint().ShouldBeEmpty();
    }

    [Fact]
    public void The_same_acronym_twice_in_one_text_is_reported_once()
    {
        PhoneProtocol()
            .WithStep("informar", s => s with { Instruction = "Mire el ERP. Después vuelva al ERP." })
            .ShouldFindOnly(LintCodes.AcronymUndefined, "steps[3].instruction", "ERP");
    }

    // ---- Script templates ----

    [Fact]
    public void An_unknown_placeholder_is_an_error_on_the_script_with_line_and_column()
    {
        PhoneProtocol()
            .WithStep("saludo", s => s with { Scripts = [s.Scripts[0] with { Text = "Buenos días, le habla {nombre}." }] })
            .ShouldFindOnly(LintCodes.PlaceholderUnknown, "steps[0].scripts[0].text", 1, 23, "nombre");
    }

    [Fact]
    public void An_unclosed_placeholder_is_an_error_with_its_column()
    {
        PhoneProtocol()
            .WithStep("despedida", s => s with { Scripts = [s.Scripts[0] with { Text = "Gracias, {cliente." }] })
            .ShouldFindOnly(LintCodes.PlaceholderUnclosed, "steps[6].scripts[0].text", 1, 10, "{");
    }

    [Fact]
    public void A_stray_closing_brace_is_an_error_with_its_column()
    {
        PhoneProtocol()
            .WithStep("despedida", s => s with { Scripts = [s.Scripts[0] with { Text = "Gracias} por llamar." }] })
            .ShouldFindOnly(LintCodes.BraceStray, "steps[6].scripts[0].text", 1, 8, "}");
    }

    [Fact]
    public void An_empty_placeholder_is_an_error_with_its_column()
    {
        PhoneProtocol()
            .WithStep("despedida", s => s with { Scripts = [s.Scripts[0] with { Text = "Gracias, {}." }] })
            .ShouldFindOnly(LintCodes.PlaceholderEmpty, "steps[6].scripts[0].text", 1, 10, "{}");
    }

    [Fact]
    public void Known_placeholders_fallbacks_and_escaped_braces_keep_the_template_rules_quiet()
    {
        PhoneProtocol()
            .WithStep("despedida", s => s with { Scripts = [s.Scripts[0] with { Text = "{{Gracias}}, {Cliente|amigo}, {customer}, {fecha} {hora}." }] })
            .Lint().ShouldBeEmpty();
    }

    [Fact]
    public void Scripts_in_contingency_plans_are_checked_too()
    {
        PhoneProtocol()
            .WithPlanStep("molesto-disculparse", s => s with { Scripts = [new Script("Lo siento, {client}.")] })
            .ShouldFindOnly(LintCodes.PlaceholderUnknown, "contingencyPlans[0].steps[1].scripts[0].text", 1, 12, "client");
    }

    // ---- Instruction length and readability ----

    /// <summary>Plain words in sentences of five, so the text is long without being hard.</summary>
    private static string PlainWords(int count) =>
        string.Join(" ", Enumerable.Range(0, count).Select(i => i % 5 == 4 || i == count - 1 ? "sol." : "sol"));

    [Fact]
    public void An_instruction_over_sixty_words_is_a_warning_with_the_count()
    {
        var finding = PhoneProtocol()
            .WithStep("informar", s => s with { Instruction = PlainWords(61) })
            .ShouldFindOnly(LintCodes.InstructionTooLong, "steps[3].instruction", 61, 60);

        finding.Severity.ShouldBe(Severity.Warning);
    }

    [Fact]
    public void An_instruction_of_exactly_sixty_words_is_not_too_long()
    {
        PhoneProtocol().WithStep("informar", s => s with { Instruction = PlainWords(60) }).Lint().ShouldBeEmpty();
    }

    private const string HardSpanish =
        "Verifique minuciosamente la documentación acreditativa correspondiente, comprobando individualmente la autenticidad, " +
        "integridad y vigencia administrativa de cada justificante presentado por el reclamante.";

    private const string HardEnglish =
        "Verify meticulously the corresponding supporting documentation, individually confirming the authenticity, " +
        "integrity and administrative validity of every justification presented by the claimant.";

    private const string PlainEnglish =
        "Ask for the receipt and the card. Check the date. Then give the money back and say thank you.";

    [Fact]
    public void A_hard_spanish_instruction_is_a_warning_with_its_fernandez_huerta_score()
    {
        var finding = PhoneProtocol()
            .WithStep("devolucion", s => s with { Instruction = HardSpanish })
            .ShouldFindOnly(LintCodes.InstructionHardToRead, "steps[4].instruction");

        ((double)finding.Args[0]).ShouldBeLessThan(50);
        finding.Args[1].ShouldBe(Readability.SpanishThreshold);
    }

    [Fact]
    public void A_plain_spanish_instruction_long_enough_to_score_keeps_the_readability_rule_quiet()
    {
        var instruction = PhoneProtocol().Steps.Single(s => s.Key == "devolucion").Instruction;

        Readability.Words(instruction).Count.ShouldBeGreaterThanOrEqualTo(ProtocolLinter.MinWordsToScoreReadability);
        Readability.FernandezHuerta(instruction)!.Score.ShouldBeGreaterThanOrEqualTo(Readability.SpanishThreshold);
        PhoneProtocol().ShouldNotFind(LintCodes.InstructionHardToRead);
    }

    [Fact]
    public void A_short_instruction_is_not_scored_even_with_long_words()
    {
        const string shortAndWordy = "Verifique minuciosamente la documentación acreditativa correspondiente.";
        Readability.FernandezHuerta(shortAndWordy)!.Score.ShouldBeLessThan(50);

        PhoneProtocol().WithStep("devolucion", s => s with { Instruction = shortAndWordy }).Lint().ShouldBeEmpty();
    }

    [Fact]
    public void A_hard_english_instruction_is_a_warning_with_its_flesch_score()
    {
        var english = PhoneProtocol() with { Language = "en" };

        var finding = english.WithStep("devolucion", s => s with { Instruction = HardEnglish })
            .Lint().ShouldFind(LintCodes.InstructionHardToRead, "steps[4].instruction");

        ((double)finding.Args[0]).ShouldBeLessThan(40);
        finding.Args[1].ShouldBe(Readability.EnglishThreshold);
    }

    [Fact]
    public void A_plain_english_instruction_keeps_the_readability_rule_quiet()
    {
        var english = PhoneProtocol() with { Language = "en" };

        english.WithStep("devolucion", s => s with { Instruction = PlainEnglish }).ShouldNotFind(LintCodes.InstructionHardToRead);
    }

    [Fact]
    public void The_protocol_language_picks_the_readability_formula()
    {
        // Flesch on Spanish text is harsher than Fernández-Huerta, which was calibrated for Spanish's longer words.
        const string spanish = "Pregunte al cliente cuál es el problema, compruebe sus datos personales y explique las distintas opciones disponibles.";

        PhoneProtocol().WithStep("devolucion", s => s with { Instruction = spanish }).ShouldNotFind(LintCodes.InstructionHardToRead);
        (PhoneProtocol() with { Language = "en" }).WithStep("devolucion", s => s with { Instruction = spanish })
            .Lint().ShouldFind(LintCodes.InstructionHardToRead, "steps[4].instruction");
    }

    [Fact]
    public void Plan_step_instructions_are_checked_for_length_and_readability()
    {
        var findings = PhoneProtocol()
            .WithPlanStep("molesto-solucionar", s => s with { Instruction = HardSpanish })
            .WithPlanStep("molesto-agradecer", s => s with { Instruction = PlainWords(70) })
            .Lint();

        findings.ShouldFind(LintCodes.InstructionHardToRead, "contingencyPlans[0].steps[2].instruction");
        findings.ShouldFind(LintCodes.InstructionTooLong, "contingencyPlans[0].steps[3].instruction", 70, 60);
    }

    [Fact]
    public void Warnings_alone_do_not_block_publishing()
    {
        var findings = PhoneProtocol().WithStep("devolucion", s => s with { Instruction = $"{HardSpanish} {HardSpanish} {HardSpanish}" }).Lint();

        findings.Select(f => f.Code).ShouldBe([LintCodes.InstructionTooLong, LintCodes.InstructionHardToRead], ignoreOrder: true);
        ProtocolLinter.AllowsPublishing(findings).ShouldBeTrue();
    }

    [Fact]
    public void An_error_blocks_publishing()
    {
        ProtocolLinter.AllowsPublishing((PhoneProtocol() with { Title = "" }).Lint()).ShouldBeFalse();
    }
}
