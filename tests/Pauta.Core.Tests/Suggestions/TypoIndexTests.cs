using Pauta.Core.Suggestions;

namespace Pauta.Core.Tests.Suggestions;

public class TypoIndexTests
{
    [Theory]
    [InlineData("factura", "factura", 0)]
    [InlineData("factura", "factrua", 1)] // two neighbours swapped
    [InlineData("reservar", "resevar", 1)] // a letter missing
    [InlineData("hola", "holaa", 1)] // a letter too many
    [InlineData("devolucion", "devolusion", 1)] // a wrong letter
    [InlineData("ticket", "tiquet", 2)]
    [InlineData("abc", "", 3)]
    public void Distance_is_optimal_string_alignment(string a, string b, int distance)
    {
        TypoIndex.Distance(a, b).ShouldBe(distance);
        TypoIndex.Distance(b, a).ShouldBe(distance);
    }

    [Fact]
    public void Distance_stops_early_past_the_limit()
    {
        TypoIndex.Distance("reclamacion", "cancelacion", 1).ShouldBe(2);
    }

    [Fact]
    public void Near_finds_known_words_one_typo_away()
    {
        var index = new TypoIndex(["factura", "reclamacion", "reservar", "pedido", "hola"]);
        index.Near("factrua").ShouldBe(["factura"]);
        index.Near("recalmacion").ShouldBe(["reclamacion"]);
        index.Near("resevar").ShouldBe(["reservar"]);
        index.Near("holaa").ShouldBe(["hola"]);
        index.Near("pedio").ShouldBe(["pedido"]);
    }

    [Fact]
    public void Near_ignores_short_words_far_words_and_the_word_itself()
    {
        var index = new TypoIndex(["factura", "cita"]);
        index.Near("cota").ShouldBeEmpty(); // shorter than MinLength: too many neighbours to guess
        index.Near("fractal").ShouldBeEmpty();
        index.Near("factura").ShouldBeEmpty();
        index.Contains("factura").ShouldBeTrue();
    }
}
