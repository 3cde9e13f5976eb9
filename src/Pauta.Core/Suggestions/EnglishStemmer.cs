namespace Pauta.Core.Suggestions;

/// <summary>
/// A light English stemmer of our own (a small subset of Porter's ideas), on folded words. Steps, each leaving at
/// least three letters:
/// <list type="number">
/// <item>Words of three letters or fewer, and words with digits, are left alone.</item>
/// <item>Plural: -ies → -y, -sses → -ss, else a final -s goes unless the word ends in -ss, -us or -is.</item>
/// <item>-ied → -y; then -ed or -ing go when a vowel remains ("charged" → "charg", "booking" → "book").</item>
/// <item>One derivational ending: -ation, -ment, -ness, -ful, -ly.</item>
/// <item>A final -y or -e goes ("delivery" → "deliver", "charge" → "charg").</item>
/// <item>A final doubled consonant is undoubled ("cancelled" → "cancel", "shipping" → "ship").</item>
/// </list>
/// </summary>
public static class EnglishStemmer
{
    private const int MinStem = 3;

    private static readonly string[] Derivational = ["ation", "ment", "ness", "ful", "ly"];

    public static string Stem(string folded)
    {
        ArgumentNullException.ThrowIfNull(folded);
        var w = folded;
        if (w.Length <= MinStem || w.Any(char.IsDigit)) return w;

        if (w.EndsWith("ies", StringComparison.Ordinal) && w.Length > 4) w = w[..^3] + "y";
        else if (w.EndsWith("sses", StringComparison.Ordinal)) w = w[..^2];
        else if (w[^1] == 's' && !w.EndsWith("ss", StringComparison.Ordinal) && !w.EndsWith("us", StringComparison.Ordinal)
                 && !w.EndsWith("is", StringComparison.Ordinal)) w = w[..^1];

        if (w.EndsWith("ied", StringComparison.Ordinal) && w.Length > 4) w = w[..^3] + "y";
        else if (w.EndsWith("ed", StringComparison.Ordinal) && w.Length - 2 >= MinStem && HasVowel(w[..^2])) w = w[..^2];
        else if (w.EndsWith("ing", StringComparison.Ordinal) && w.Length - 3 >= MinStem && HasVowel(w[..^3])) w = w[..^3];

        foreach (var ending in Derivational)
        {
            if (w.Length - ending.Length >= MinStem && w.EndsWith(ending, StringComparison.Ordinal)) { w = w[..^ending.Length]; break; }
        }

        if (w.Length > MinStem && w[^1] is 'y' or 'e') w = w[..^1];

        if (w.Length > MinStem && w[^1] == w[^2] && !IsVowel(w[^1])) w = w[..^1];
        return w;
    }

    private static bool HasVowel(string s) => s.Any(IsVowel);

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';
}
