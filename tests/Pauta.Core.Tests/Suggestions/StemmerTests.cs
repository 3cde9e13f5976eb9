using Pauta.Core.Suggestions;

namespace Pauta.Core.Tests.Suggestions;

public class StemmerTests
{
    private static string Es(string word) => SpanishStemmer.Stem(TextNormalizer.Fold(word));

    private static string En(string word) => EnglishStemmer.Stem(TextNormalizer.Fold(word));

    [Theory]
    [InlineData("devolver", "devolución", "devoluciones", "devuelvo", "devolvieron", "devolverme")]
    [InlineData("reclamar", "reclamación", "reclamaciones", "reclamo", "reclamamos")]
    [InlineData("cancelar", "cancelación", "cancelé", "cancelo", "cancelarla")]
    [InlineData("cita", "citas", "citar")]
    [InlineData("cambiar", "cambio", "cambios", "cambiamos", "cambiado", "cambiarlo")]
    [InlineData("queja", "quejas", "quejarme", "quejo")]
    [InlineData("costar", "cuesta", "cuestan")]
    [InlineData("cerrar", "cierran", "cierra")]
    [InlineData("facturar", "factura", "facturas", "facturación")]
    [InlineData("pagar", "pagué", "pago")]
    [InlineData("buscar", "busqué", "busco")]
    [InlineData("solucionar", "solución", "soluciones")]
    public void A_Spanish_word_family_shares_one_stem(params string[] family)
    {
        var stems = family.Select(Es).Distinct().ToList();
        stems.Count.ShouldBe(1, string.Join(", ", family.Select(w => $"{w} → {Es(w)}")));
    }

    [Fact]
    public void Plurals_and_attached_pronouns_go()
    {
        Es("zapatos").ShouldBe(Es("zapato"));
        Es("flores").ShouldBe(Es("flor"));
        Es("veces").ShouldBe(Es("vez"));
        Es("cortarme").ShouldBe(Es("cortar"));
    }

    [Fact]
    public void An_order_is_not_the_verb_to_ask()
    {
        Es("pedido").ShouldNotBe(Es("pedir"));
        Es("pedidos").ShouldBe(Es("pedido"));
    }

    [Fact]
    public void The_silent_u_of_que_and_gue_is_not_a_stem_vowel()
    {
        Es("queja").ShouldStartWith("qu");
        Es("seguir").ShouldStartWith("seg");
    }

    [Theory]
    [InlineData("sol")]
    [InlineData("iva")]
    [InlineData("24,99")]
    [InlineData("45821")]
    public void Short_words_and_numbers_are_left_alone(string word)
    {
        Es(word).ShouldBe(TextNormalizer.Fold(word));
        En(word).ShouldBe(TextNormalizer.Fold(word));
    }

    [Theory]
    [InlineData("cancel", "cancelled", "canceled", "cancelling", "cancels")]
    [InlineData("charge", "charged", "charges", "charging")]
    [InlineData("delivery", "deliveries", "delivered", "deliver")]
    [InlineData("book", "booking", "booked", "books")]
    [InlineData("refund", "refunds", "refunded")]
    [InlineData("ship", "shipping", "shipped")]
    public void An_English_word_family_shares_one_stem(params string[] family)
    {
        var stems = family.Select(En).Distinct().ToList();
        stems.Count.ShouldBe(1, string.Join(", ", family.Select(w => $"{w} → {En(w)}")));
    }
}
