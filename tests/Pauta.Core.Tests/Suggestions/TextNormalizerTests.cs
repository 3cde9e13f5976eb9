using Pauta.Core.Suggestions;

namespace Pauta.Core.Tests.Suggestions;

public class TextNormalizerTests
{
    [Theory]
    [InlineData("Atención", "atencion")]
    [InlineData("ATENCIÓN", "atencion")]
    [InlineData("atencion", "atencion")]
    [InlineData("Devolución", "devolucion")]
    [InlineData("pingüino", "pinguino")]
    [InlineData("Café", "cafe")]
    public void Folding_lowers_case_and_strips_accents(string text, string folded)
    {
        TextNormalizer.Fold(text).ShouldBe(folded);
    }

    [Fact]
    public void Folding_keeps_ñ_so_uñas_and_unas_stay_apart()
    {
        TextNormalizer.Fold("Uñas").ShouldBe("uñas");
        TextNormalizer.Fold("UÑAS").ShouldBe("uñas");
        TextNormalizer.Fold("un\u0303as").ShouldBe("uñas"); // decomposed input
        TextNormalizer.Fold("unas").ShouldBe("unas");
    }

    [Fact]
    public void Decomposed_accents_fold_like_composed_ones()
    {
        TextNormalizer.Fold("atencio\u0301n").ShouldBe("atencion");
    }

    [Fact]
    public void Words_are_split_with_their_positions_and_typed_form()
    {
        var tokens = TextNormalizer.Tokenize("¡Hola! Quiero DEVOLVER 2 zapatos, ¿vale?");
        tokens.Select(t => t.Text).ShouldBe(["Hola", "Quiero", "DEVOLVER", "2", "zapatos", "vale"]);
        tokens.Select(t => t.Folded).ShouldBe(["hola", "quiero", "devolver", "2", "zapatos", "vale"]);
        var devolver = tokens[2];
        devolver.Start.ShouldBe(14);
        devolver.Length.ShouldBe(8);
    }

    [Fact]
    public void An_apostrophe_inside_a_word_stays_in_it_and_folds_away()
    {
        var tokens = TextNormalizer.Tokenize("It doesn't fit, I'd like a ‘refund’");
        tokens.Select(t => t.Text).ShouldBe(["It", "doesn't", "fit", "I'd", "like", "a", "refund"]);
        tokens.Select(t => t.Folded).ShouldContain("doesnt");
        tokens.Select(t => t.Folded).ShouldContain("id");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("!!! ??? ... ---")]
    [InlineData("😡😡😡")]
    public void Blank_or_wordless_text_has_no_words(string? text)
    {
        TextNormalizer.Tokenize(text).ShouldBeEmpty();
    }
}
