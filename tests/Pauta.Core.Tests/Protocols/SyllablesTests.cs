using Pauta.Core.Protocols;

namespace Pauta.Core.Tests.Protocols;

public class SyllablesTests
{
    [Theory]
    [InlineData("casa", 2)]
    [InlineData("teléfono", 4)]
    [InlineData("documentación", 5)]
    [InlineData("y", 1)]
    [InlineData("sol", 1)]
    public void Spanish_words_have_one_syllable_per_vowel_group(string word, int syllables)
    {
        Syllables.Spanish(word).ShouldBe(syllables);
    }

    [Theory]
    [InlineData("ciudad", 2)]    // ciu-dad: two weak vowels
    [InlineData("murciélago", 4)] // mur-cié-la-go: weak + strong
    [InlineData("buey", 1)]       // triphthong
    [InlineData("averiguáis", 4)] // a-ve-ri-guáis
    [InlineData("pingüino", 3)]   // pin-güi-no
    [InlineData("queso", 2)]      // the u of "que" is silent and joins the e
    public void Spanish_diphthongs_and_triphthongs_stay_in_one_syllable(string word, int syllables)
    {
        Syllables.Spanish(word).ShouldBe(syllables);
    }

    [Theory]
    [InlineData("poeta", 3)]  // po-e-ta: two strong vowels
    [InlineData("aéreo", 4)]  // a-é-re-o
    [InlineData("paella", 3)]
    [InlineData("cooperar", 4)]
    [InlineData("día", 2)]    // an accented weak vowel breaks the diphthong
    [InlineData("país", 2)]
    [InlineData("reír", 2)]
    [InlineData("guía", 2)]   // guí-a
    public void Spanish_hiatus_splits_vowels_into_syllables(string word, int syllables)
    {
        Syllables.Spanish(word).ShouldBe(syllables);
    }

    [Theory]
    [InlineData("hoy", 1)]
    [InlineData("muy", 1)]
    [InlineData("rey", 1)]
    [InlineData("ayuda", 3)]
    [InlineData("leyes", 2)]
    public void Spanish_y_is_a_vowel_only_when_no_vowel_follows(string word, int syllables)
    {
        Syllables.Spanish(word).ShouldBe(syllables);
    }

    [Theory]
    [InlineData("TELÉFONO", 4)]
    [InlineData("Árbol", 2)]
    public void Spanish_capitals_count_like_lower_case(string word, int syllables)
    {
        Syllables.Spanish(word).ShouldBe(syllables);
    }

    [Theory]
    [InlineData("cat", 1)]
    [InlineData("customer", 3)]
    [InlineData("reading", 2)]
    [InlineData("readability", 5)]
    [InlineData("every", 3)]
    [InlineData("you", 1)]
    [InlineData("listen", 2)]
    public void English_words_have_one_syllable_per_vowel_group(string word, int syllables)
    {
        Syllables.English(word).ShouldBe(syllables);
    }

    [Theory]
    [InlineData("make", 1)]
    [InlineData("phone", 1)]
    [InlineData("service", 2)]
    [InlineData("apologise", 4)]
    [InlineData("smile", 1)]
    [InlineData("solve", 1)]
    [InlineData("before", 2)]
    public void English_silent_final_e_does_not_count(string word, int syllables)
    {
        Syllables.English(word).ShouldBe(syllables);
    }

    [Theory]
    [InlineData("table", 2)]
    [InlineData("people", 2)]
    [InlineData("simple", 2)]
    [InlineData("free", 1)]
    [InlineData("the", 1)]
    public void English_final_le_and_double_e_keep_their_syllable(string word, int syllables)
    {
        Syllables.English(word).ShouldBe(syllables);
    }

    [Theory]
    [InlineData("takes", 1)]
    [InlineData("times", 1)]
    [InlineData("asked", 1)]
    [InlineData("played", 1)]
    [InlineData("boxes", 2)]
    [InlineData("places", 2)]
    [InlineData("wanted", 2)]
    [InlineData("agrees", 2)]
    public void English_es_and_ed_endings_are_silent_except_after_hissing_sounds_t_and_d(string word, int syllables)
    {
        Syllables.English(word).ShouldBe(syllables);
    }

    [Theory]
    [InlineData("es")]
    [InlineData("en")]
    public void Every_word_has_at_least_one_syllable(string language)
    {
        Syllables.Count("DNI", language).ShouldBeGreaterThanOrEqualTo(1);
        Syllables.Count("24", language).ShouldBe(1);
        Syllables.Count("brr", language).ShouldBe(1);
    }

    [Fact]
    public void The_language_picks_the_counter()
    {
        Syllables.Count("make", "en").ShouldBe(1);
        Syllables.Count("make", "es").ShouldBe(2);
    }
}
