namespace Pauta.Core.Protocols;

/// <summary>
/// Syllable counts for the readability formulas. Counting vowel groups is what those formulas were calibrated
/// with by hand, so an approximation is enough; the rules below fix the common cases each language gets wrong.
/// </summary>
public static class Syllables
{
    public static int Count(string word, string language) => language == "en" ? English(word) : Spanish(word);

    /// <summary>
    /// Spanish: one syllable per vowel nucleus. Two strong vowels (a, e, o, or an accented í/ú) side by side are a
    /// hiatus and split (po-e-ta, dí-a); a weak vowel (i, u, ü) with any other vowel is a diphthong or triphthong and
    /// does not (ciu-dad, buey). "y" is a vowel only when no vowel follows it (hoy, muy, but a-yer).
    /// </summary>
    public static int Spanish(string word)
    {
        var letters = word.ToLowerInvariant();
        var count = 0;
        var previous = VowelKind.None;
        for (var i = 0; i < letters.Length; i++)
        {
            var kind = SpanishVowel(letters, i);
            if (kind == VowelKind.None) { }
            else if (previous == VowelKind.None) count++;
            else if (kind == VowelKind.Strong && previous == VowelKind.Strong) count++;
            previous = kind;
        }
        return Math.Max(count, 1);
    }

    private enum VowelKind { None, Weak, Strong }

    private static VowelKind SpanishVowel(string letters, int i) => letters[i] switch
    {
        'a' or 'e' or 'o' or 'á' or 'é' or 'ó' or 'í' or 'ú' => VowelKind.Strong,
        'i' or 'u' or 'ü' => VowelKind.Weak,
        'y' when i + 1 >= letters.Length || SpanishVowel(letters, i + 1) == VowelKind.None => VowelKind.Weak,
        _ => VowelKind.None,
    };

    /// <summary>
    /// English: vowel groups (y included), minus a silent final "e" (make, service, but not table or free) and a
    /// silent "-es"/"-ed" after most consonants (takes, asked, played, but boxes and wanted keep theirs).
    /// </summary>
    public static int English(string word)
    {
        var w = word.ToLowerInvariant();
        var count = 0;
        var inGroup = false;
        foreach (var c in w)
        {
            var vowel = c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';
            if (vowel && !inGroup) count++;
            inGroup = vowel;
        }

        if (count > 1 && w.Length > 2)
        {
            var beforeE = w[^2];
            if (w.EndsWith('e') && !IsEnglishVowel(beforeE) && !(beforeE == 'l' && w.Length > 3 && !IsEnglishVowel(w[^3])))
                count--;
            else if (w.Length > 3 && w.EndsWith("ed", StringComparison.Ordinal) && w[^3] is not ('a' or 'e' or 'i' or 'o' or 'u' or 't' or 'd'))
                count--;
            else if (w.Length > 3 && w.EndsWith("es", StringComparison.Ordinal) && !IsEnglishVowel(w[^3]) && !EndsWithSibilant(w[..^2]))
                count--;
        }
        return Math.Max(count, 1);
    }

    private static bool IsEnglishVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';

    // "boxes", "places", "wishes", "judges": the "-es" after a hissing sound is a syllable of its own.
    private static bool EndsWithSibilant(string stem) =>
        stem.EndsWith('s') || stem.EndsWith('x') || stem.EndsWith('z') || stem.EndsWith("ch", StringComparison.Ordinal) ||
        stem.EndsWith("sh", StringComparison.Ordinal) || stem.EndsWith('c') || stem.EndsWith('g');
}
