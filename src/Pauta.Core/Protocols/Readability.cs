using System.Text.RegularExpressions;

namespace Pauta.Core.Protocols;

/// <summary>The counts behind a readability score, kept so a warning can say what made the text hard.</summary>
public sealed record ReadabilityScore(int Words, int Sentences, int Syllables, double Score);

/// <summary>
/// Reading-ease scores: higher is easier. Fernández-Huerta for Spanish, Flesch for English; both are built from
/// sentence length and word length, so the advice they give is the same: shorter sentences, plainer words.
/// </summary>
public static partial class Readability
{
    /// <summary>Below this a Spanish text is "algo difícil" on Fernández-Huerta's scale.</summary>
    public const double SpanishThreshold = 50;

    /// <summary>Below this an English text is "difficult" on Flesch's scale.</summary>
    public const double EnglishThreshold = 40;

    public static double Threshold(string language) => language == "en" ? EnglishThreshold : SpanishThreshold;

    /// <summary>The score in the language's formula; null for text without words.</summary>
    public static ReadabilityScore? Measure(string? text, string language) =>
        language == "en" ? FleschReadingEase(text) : FernandezHuerta(text);

    /// <summary>
    /// Fernández-Huerta (1959): 206.84 − 0.60·P − 1.02·F, P = syllables per 100 words. F is taken as words per
    /// sentence, as in Flesch's formula it adapts: the often-quoted reading "sentences per 100 words" makes
    /// shorter sentences score as harder, which is backwards (G. Law, LINGUIST List 22.2332, 2011), and would
    /// push authors towards run-on sentences.
    /// </summary>
    public static ReadabilityScore? FernandezHuerta(string? text)
    {
        var (words, sentences, syllables) = Count(text, "es");
        if (words == 0) return null;
        var p = 100.0 * syllables / words;
        var f = (double)words / sentences;
        return new ReadabilityScore(words, sentences, syllables, 206.84 - 0.60 * p - 1.02 * f);
    }

    /// <summary>Flesch reading ease (1948): 206.835 − 1.015·words/sentence − 84.6·syllables/word.</summary>
    public static ReadabilityScore? FleschReadingEase(string? text)
    {
        var (words, sentences, syllables) = Count(text, "en");
        if (words == 0) return null;
        return new ReadabilityScore(words, sentences, syllables,
            206.835 - 1.015 * words / sentences - 84.6 * syllables / words);
    }

    /// <summary>Words are runs of letters and digits, joined by an apostrophe or hyphen ("e-mail", "don't").</summary>
    public static IReadOnlyList<string> Words(string? text) =>
        string.IsNullOrEmpty(text) ? [] : WordPattern().Matches(text).Select(m => m.Value).ToList();

    /// <summary>
    /// Pieces ended by ".", "!", "?" or "…" followed by a space or the end, or by a line break; a list item is a
    /// sentence. Decimals ("3.5") do not split. A text with words has at least one sentence.
    /// </summary>
    public static int Sentences(string? text)
    {
        if (string.IsNullOrEmpty(text)) return 0;
        return SentenceEnd().Split(text).Count(piece => WordPattern().IsMatch(piece));
    }

    private static (int Words, int Sentences, int Syllables) Count(string? text, string language)
    {
        var words = Words(text);
        if (words.Count == 0) return (0, 0, 0);
        var syllables = words.Sum(w => Syllables.Count(w, language));
        return (words.Count, Math.Max(Sentences(text), 1), syllables);
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"[.!?…]+(?=\s|$)|[\r\n]+")]
    private static partial Regex SentenceEnd();
}
