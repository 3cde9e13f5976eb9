using Pauta.Core.Protocols;

namespace Pauta.Core.Tests.Protocols;

public class AcronymsTests
{
    [Fact]
    public void Words_of_capitals_are_acronyms()
    {
        Acronyms.Find("Pida el DNI y cobre en el TPV; mida el CSAT.").ShouldBe(["DNI", "TPV", "CSAT"]);
    }

    [Fact]
    public void Capitals_with_digits_are_acronyms_when_they_hold_two_capitals()
    {
        Acronyms.Find("Venta B2B, clave 2FA, papel A4, red 4G.").ShouldBe(["B2B", "2FA"]);
    }

    [Fact]
    public void Capitals_with_dots_are_acronyms()
    {
        Acronyms.Find("Aplique el método L.A.S.T. con calma, o L.A.S.T sin punto.").ShouldBe(["L.A.S.T.", "L.A.S.T"]);
    }

    [Fact]
    public void Protocol_codes_joined_to_digits_are_not_acronyms()
    {
        Acronyms.Find("Siga el PRT-014 y luego el 2024-QA; el ISO-9001 también. Pida el DNI.").ShouldBe(["DNI"]);
    }

    [Fact]
    public void Currency_codes_are_not_acronyms()
    {
        Acronyms.Find("Hasta 150 EUR (o 160 USD, 700.000 COP, 3.000 MXN, 600 PEN); el IBAN aparte.").ShouldBe(["IBAN"]);
    }

    [Fact]
    public void Country_codes_are_not_acronyms_but_everyday_words_in_capitals_still_are()
    {
        Acronyms.Find("Envíos a ES, MX, CO y US; a COL y MEX por mar. NO prometas plazos; SI hace falta, pregunta. Llama a IT.")
            .ShouldBe(["NO", "SI", "IT"]);
    }

    [Fact]
    public void The_linter_does_not_ask_for_a_glossary_entry_for_codes()
    {
        var protocol = new Protocol { Purpose = "Devolver hasta 150 EUR según el PRT-014 en ES y MX; pida el DNI." };
        ProtocolLinter.Lint(protocol, LintContext.Offline).Where(f => f.Code == LintCodes.AcronymUndefined).Select(f => (string)f.Args[0]).ShouldBe(["DNI"]);
    }

    [Fact]
    public void A_plural_s_stays_with_its_acronym()
    {
        Acronyms.Find("Revise los DNIs.").ShouldBe(["DNIs"]);
        Acronyms.Normalise("DNIs").ShouldBe("DNI");
    }

    [Fact]
    public void Ordinary_words_names_and_single_capitals_are_not_acronyms()
    {
        Acronyms.Find("Buenos días, Sra. Martín. El iPhone de McDonald cuesta 24 euros; sección A.").ShouldBeEmpty();
    }

    [Fact]
    public void Each_acronym_is_found_once()
    {
        Acronyms.Find("DNI, DNI y otra vez DNI").ShouldBe(["DNI"]);
    }

    [Fact]
    public void Capitals_inside_a_word_do_not_make_an_acronym()
    {
        Acronyms.Find("aDNIb DNIx").ShouldBeEmpty();
    }

    [Theory]
    [InlineData("L.A.S.T.", "LAST")]
    [InlineData("dni", "DNI")]
    [InlineData(" TPV ", "TPV")]
    public void Acronyms_compare_without_dots_case_or_spaces(string written, string normal)
    {
        Acronyms.Normalise(written).ShouldBe(normal);
    }

    [Fact]
    public void A_term_defines_its_name_and_any_acronym_inside_it()
    {
        var defined = Acronyms.DefinedBy(
        [
            new Term("Terminal punto de venta (TPV)", "La caja."),
            new Term("dni", "Documento."),
            new Term("L.A.S.T.", "Método."),
            new Term("  ", "Sin nombre."),
        ]);

        defined.ShouldContain("TPV");
        defined.ShouldContain("DNI");
        defined.ShouldContain("LAST");
        defined.ShouldNotContain("");
    }
}
