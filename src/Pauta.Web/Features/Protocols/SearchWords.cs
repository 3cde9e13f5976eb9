using System.Globalization;
using System.Text;

namespace Pauta.Web.Features.Protocols;

/// <summary>
/// What a person typed in a search box, reduced to plain words that both engines treat as text only:
/// no quotes, operators (OR, NEAR, *, :, &amp;, |, !) or column filters survive, whatever was typed.
/// A word is a run of letters and digits; a dot, hyphen, apostrophe or slash between two of them stays
/// inside the word ("e-mail", "L.A.S.T", "1/2"), which each engine then matches as a phrase of its tokens.
/// </summary>
public sealed record SearchWords(IReadOnlyList<string> Words, bool PrefixLast)
{
    /// <summary>Words beyond this are ignored: nobody types more, and each one costs a lookup.</summary>
    public const int MaxWords = 10;
    /// <summary>A longer word is cut: no real word is this long, and the engines gain nothing from more.</summary>
    public const int MaxWordLength = 64;
    /// <summary>The last word is matched as a prefix from this many characters on; "a*" would match half the index.</summary>
    public const int MinPrefixLength = 2;
    /// <summary>Input beyond this is not even looked at (the doors refuse it earlier with a message).</summary>
    private const int MaxInput = 1000;

    public static readonly SearchWords None = new([], false);

    public bool IsEmpty => Words.Count == 0;

    public static SearchWords Parse(string? text)
    {
        if (string.IsNullOrEmpty(text)) return None;
        var clean = Clean(text.Length > MaxInput ? text[..MaxInput] : text);
        var words = new List<string>();
        var word = new StringBuilder();
        var endsInWord = false;
        for (var i = 0; i < clean.Length; i++)
        {
            var c = clean[i];
            if (IsWordChar(clean, i))
            {
                word.Append(c);
                endsInWord = true;
                continue;
            }
            endsInWord = false;
            // A joiner between two word characters stays: "e-mail" is one word, "e - mail" two.
            if (IsJoiner(c) && word.Length > 0 && i + 1 < clean.Length && IsWordChar(clean, i + 1))
            {
                word.Append(c);
                continue;
            }
            Flush();
        }
        Flush();
        var complete = words.Count <= MaxWords;
        if (!complete) words.RemoveRange(MaxWords, words.Count - MaxWords);
        var prefix = complete && endsInWord && words.Count > 0 && LastTokenLength(words[^1]) >= MinPrefixLength;
        return words.Count == 0 ? None : new SearchWords(words, prefix);

        void Flush()
        {
            if (word.Length == 0) return;
            var w = word.ToString();
            word.Clear();
            if (w.Length > MaxWordLength) w = w[..(char.IsHighSurrogate(w[MaxWordLength - 1]) ? MaxWordLength - 1 : MaxWordLength)];
            // Combining marks alone are no word: the engines would see no token in it.
            if (Enumerable.Range(0, w.Length).Any(i => char.IsLetterOrDigit(w, i) || CharUnicodeInfo.GetUnicodeCategory(w, i) == UnicodeCategory.OtherNumber))
                words.Add(w);
        }
    }

    /// <summary>
    /// The FTS5 MATCH expression: every word a quoted string (FTS5's only escape is a doubled quote), the last one
    /// a prefix while the person is still typing it. Quoted strings side by side are ANDed.
    /// </summary>
    public string ToFts5Match() => string.Join(" ", Words.Select((w, i) =>
        "\"" + w.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" + (PrefixLast && i == Words.Count - 1 ? "*" : "")));

    /// <summary>NFC (so "o" + combining accent is one letter, as the engines see it); no control characters or lone surrogates.</summary>
    private static string Clean(string text)
    {
        var b = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                b.Append(c).Append(text[++i]);
                continue;
            }
            b.Append(char.IsSurrogate(c) || char.IsControl(c) ? ' ' : c);
        }
        return b.ToString().Normalize(NormalizationForm.FormC);
    }

    private static bool IsWordChar(string s, int i)
    {
        if (char.IsLowSurrogate(s[i]) && i > 0 && char.IsHighSurrogate(s[i - 1])) return IsWordChar(s, i - 1);
        if (char.IsLetterOrDigit(s, i)) return true;
        return CharUnicodeInfo.GetUnicodeCategory(s, i) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
            or UnicodeCategory.OtherNumber;
    }

    private static bool IsJoiner(char c) => c is '.' or '-' or '\'' or '\u2019' or '/';

    private static int LastTokenLength(string word)
    {
        var n = 0;
        for (var i = word.Length - 1; i >= 0 && !IsJoiner(word[i]); i--) n++;
        return n;
    }
}
