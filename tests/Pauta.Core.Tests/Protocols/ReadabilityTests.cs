using Pauta.Core.Protocols;

namespace Pauta.Core.Tests.Protocols;

public class ReadabilityTests
{
    [Fact]
    public void Flesch_reading_ease_follows_the_published_formula()
    {
        // 6 words, 1 sentence, 6 syllables: 206.835 − 1.015·6 − 84.6·1.
        var score = Readability.FleschReadingEase("The cat sat on the mat.").ShouldNotBeNull();

        score.Words.ShouldBe(6);
        score.Sentences.ShouldBe(1);
        score.Syllables.ShouldBe(6);
        score.Score.ShouldBe(116.145, tolerance: 0.001);
    }

    [Fact]
    public void Fernandez_huerta_follows_the_formula_with_words_per_sentence()
    {
        // 3 words, 1 sentence, 5 syllables (el · ga-to · co-me): 206.84 − 0.60·(500/3) − 1.02·3.
        var score = Readability.FernandezHuerta("El gato come.").ShouldNotBeNull();

        score.Syllables.ShouldBe(5);
        score.Score.ShouldBe(103.78, tolerance: 0.001);
    }

    [Theory]
    [InlineData("es", "Escuche al cliente sin interrumpir y anote su necesidad y luego confirme lo que ha entendido y ofrezca una solución.",
                      "Escuche al cliente sin interrumpir. Anote su necesidad. Luego confirme lo que ha entendido. Ofrezca una solución.")]
    [InlineData("en", "Listen to the customer without interrupting and write down the need and then confirm what you understood and offer a fix.",
                      "Listen to the customer without interrupting. Write down the need. Then confirm what you understood. Offer a fix.")]
    public void Shorter_sentences_read_more_easily(string language, string oneSentence, string fourSentences)
    {
        Readability.Measure(fourSentences, language)!.Score.ShouldBeGreaterThan(Readability.Measure(oneSentence, language)!.Score);
    }

    [Theory]
    [InlineData("es", "Pida el tique y dé la vuelta.", "Solicite documentación justificativa y proporcione compensación.")]
    [InlineData("en", "Ask for the slip and give the change.", "Request justificatory documentation and provide compensation.")]
    public void Longer_words_read_less_easily(string language, string plain, string wordy)
    {
        Readability.Measure(wordy, language)!.Score.ShouldBeLessThan(Readability.Measure(plain, language)!.Score);
    }

    [Fact]
    public void The_language_picks_the_formula()
    {
        Readability.Measure("El gato come.", "es")!.Score.ShouldBe(Readability.FernandezHuerta("El gato come.")!.Score);
        Readability.Measure("The cat sat.", "en")!.Score.ShouldBe(Readability.FleschReadingEase("The cat sat.")!.Score);
        Readability.Threshold("es").ShouldBe(50);
        Readability.Threshold("en").ShouldBe(40);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("¿? ... —")]
    public void Text_without_words_has_no_score(string? text)
    {
        Readability.Measure(text, "es").ShouldBeNull();
        Readability.Measure(text, "en").ShouldBeNull();
    }

    [Fact]
    public void Words_are_letters_and_digits_joined_by_apostrophes_and_hyphens()
    {
        Readability.Words("Don't send the e-mail before 24 horas, ¿vale?").ShouldBe(["Don't", "send", "the", "e-mail", "before", "24", "horas", "vale"]);
    }

    [Theory]
    [InlineData("Hola. ¿Qué tal? ¡Muy bien!", 3)]
    [InlineData("Cuesta 3.5 euros y no más", 1)]
    [InlineData("Primero\nSegundo\n\nTercero", 3)]
    [InlineData("Espere… Ya está.", 2)]
    [InlineData("Sin punto final", 1)]
    [InlineData("", 0)]
    [InlineData("...", 0)]
    public void Sentences_end_at_stops_and_line_breaks(string text, int sentences)
    {
        Readability.Sentences(text).ShouldBe(sentences);
    }
}
