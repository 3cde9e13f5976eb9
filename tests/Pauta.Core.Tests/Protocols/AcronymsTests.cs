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
