using System.Globalization;
using System.Text;

namespace Pauta.Core.Suggestions;

/// <summary>One word of a text: where it is (so the UI can highlight it) and its folded form.</summary>
/// <param name="Text">The word exactly as written.</param>
/// <param name="Start">Index of its first character in the text.</param>
/// <param name="Folded">Lower case, without accents or apostrophes (see <see cref="TextNormalizer.Fold"/>).</param>
public readonly record struct TextToken(string Text, int Start, string Folded)
{
    public int Length => Text.Length;
}

/// <summary>
/// Folding and word splitting shared by the index and the queries, so both sides compare equal forms.
/// <list type="bullet">
/// <item>Folding: lower case (invariant culture), canonical decomposition (NFD), every nonspacing mark removed, so
/// "Atención", "atencion" and "ATENCIÓN" are one word. The one exception is <c>ñ</c>, kept as its own letter:
/// "uñas" (nails) and "unas" (some) are different Spanish words. Apostrophes are dropped ("doesn't" → "doesnt").</item>
/// <item>Words are runs of letters and digits; an apostrophe between two letters stays inside the word.</item>
/// </list>
/// </summary>
public static class TextNormalizer
{
    /// <summary>Lower case, no accents (except ñ), no apostrophes. Characters other than letters and digits are kept as they are.</summary>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var changed = false;
        foreach (var c in text)
        {
            if (c >= FastRange || Table[c] == Slow) return FoldSlowly(text);
            if (Table[c] != c) changed = true;
        }
        if (!changed) return text;
        return string.Create(text.Length - text.Count(c => Table[c] == Drop), text, static (span, source) =>
        {
            var j = 0;
            foreach (var c in source)
                if (Table[c] != Drop) span[j++] = Table[c];
        });
    }

    /// <summary>Characters below this fold through <see cref="Table"/>, the rest through Unicode normalisation.</summary>
    private const char FastRange = '\u0250';

    private const char Drop = '\uFFFF';

    private const char Slow = '\uFFFE';

    /// <summary>The folded form of each character of Latin-1 and Latin Extended-A/B, computed once the slow way.</summary>
    private static readonly char[] Table = BuildTable();

    private static char[] BuildTable()
    {
        var table = new char[FastRange];
        for (var c = 0; c < FastRange; c++)
        {
            var ch = (char)c;
            if (char.IsSurrogate(ch)) { table[c] = ch; continue; }
            var folded = FoldSlowly(ch.ToString());
            // The few that fold to more than one character (ǆ) always take the slow path.
            table[c] = folded.Length == 0 ? Drop : folded.Length == 1 ? folded[0] : Slow;
        }
        return table;
    }

    private static string FoldSlowly(string text)
    {
        var decomposed = text.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        for (var i = 0; i < decomposed.Length; i++)
        {
            var c = decomposed[i];
            if (IsApostrophe(c)) continue;
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                // n + combining tilde is ñ: keep it as a letter of its own.
                if (c == '\u0303' && builder.Length > 0 && builder[^1] == 'n') builder[^1] = 'ñ';
                continue;
            }
            builder.Append(c);
        }
        return builder.ToString();
    }

    /// <summary>The words of <paramref name="text"/>, in order, with their positions; an empty list for null or blank text.</summary>
    public static IReadOnlyList<TextToken> Tokenize(string? text)
    {
        if (string.IsNullOrEmpty(text)) return [];
        var tokens = new List<TextToken>();
        var i = 0;
        while (i < text.Length)
        {
            if (!IsWordChar(text, i)) { i++; continue; }
            var start = i;
            while (i < text.Length && (IsWordChar(text, i) || IsInnerApostrophe(text, i))) i++;
            var word = text[start..i];
            var folded = Fold(word);
            if (folded.Length > 0) tokens.Add(new TextToken(word, start, folded));
        }
        return tokens;
    }

    private static bool IsWordChar(string text, int i)
    {
        var c = text[i];
        if (char.IsLetterOrDigit(c)) return true;
        // Combining marks typed after a letter (decomposed input) belong to the word.
        var category = CharUnicodeInfo.GetUnicodeCategory(c);
        return i > 0 && category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark && char.IsLetter(text[i - 1]);
    }

    private static bool IsInnerApostrophe(string text, int i) =>
        IsApostrophe(text[i]) && i > 0 && i + 1 < text.Length && char.IsLetter(text[i - 1]) && char.IsLetter(text[i + 1]);

    private static bool IsApostrophe(char c) => c is '\'' or '\u2019' or '\u02BC';
}
