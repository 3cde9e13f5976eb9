using System.Globalization;
using System.Text;

namespace Pauta.Web.Features.Protocols;

/// <summary>
/// Highlights the searched words in a text as written (accents and capitals kept) and cuts the best window
/// of it, with <see cref="ProtocolSearch"/>'s marks around each match. PostgreSQL's ts_headline cannot do this
/// with the schema's 'simple' configuration: it only matches words exactly as written, so "atencion" would never
/// highlight "atención"; and asking the database for every document's accent-folded words cost more than the
/// whole search budget. The words are compared folded (<see cref="SearchFolding"/>), as the index compares them.
/// </summary>
public sealed class SearchSnippet
{
    // Each search word as its folded tokens ("e-mail" → e, mail), matched as consecutive words of the text.
    private readonly List<string[]> _words;
    private readonly bool _prefixLast;

    public SearchSnippet(SearchWords words)
    {
        _words = words.Words.Select(w => Tokens(w).Select(t => SearchFolding.Fold(w[t.Start..t.End])).ToArray())
            .Where(t => t.Length > 0).ToList();
        _prefixLast = words.PrefixLast;
    }

    /// <summary>The whole text with every match marked (for titles).</summary>
    public string MarkAll(string text)
    {
        var tokens = Tokens(text);
        var words = Matches(text, tokens);
        return Render(text, tokens, 0, tokens.Count, words, ellipses: false);
    }

    /// <summary>About <paramref name="size"/> words around the densest matches, with "…" where the text was cut.</summary>
    public string Window(string text, int size)
    {
        var tokens = Tokens(text);
        if (tokens.Count == 0) return "";
        var words = Matches(text, tokens);
        var n = Math.Min(size, tokens.Count);
        // Best window: the most distinct search words, then the most matched words; the earliest among equals.
        var (bestStart, bestDistinct, bestTotal) = (0, -1, -1);
        for (var start = 0; start + n <= tokens.Count; start++)
        {
            // Sliding by one changes nothing unless a match leaves or enters the window.
            if (bestDistinct >= 0 && words[start - 1] < 0 && words[start + n - 1] < 0) continue;
            var seen = new HashSet<int>();
            var total = 0;
            for (var i = start; i < start + n; i++)
                if (words[i] >= 0) { seen.Add(words[i]); total++; }
            if (seen.Count > bestDistinct || (seen.Count == bestDistinct && total > bestTotal))
                (bestStart, bestDistinct, bestTotal) = (start, seen.Count, total);
        }
        // The earliest best window tends to end at the last match: move it on so the first match has three words
        // before it (moving on drops no match, none being before the first) and the text after shows.
        var first = Array.FindIndex(words, bestStart, n, w => w >= 0);
        if (first >= 0) bestStart = Math.Min(Math.Max(bestStart, first - 3), tokens.Count - n);
        return Render(text, tokens, bestStart, bestStart + n, words, ellipses: true);
    }

    /// <summary>For each token of the text, the index of the search word it is part of, or -1.</summary>
    private int[] Matches(string text, List<(int Start, int End)> tokens)
    {
        var folded = tokens.Select(t => SearchFolding.Fold(text[t.Start..t.End])).ToArray();
        var result = new int[tokens.Count];
        Array.Fill(result, -1);
        for (var w = 0; w < _words.Count; w++)
        {
            var phrase = _words[w];
            var prefix = _prefixLast && w == _words.Count - 1;
            for (var i = 0; i + phrase.Length <= folded.Length; i++)
            {
                var match = true;
                for (var k = 0; k < phrase.Length && match; k++)
                    match = prefix && k == phrase.Length - 1
                        ? folded[i + k].StartsWith(phrase[k], StringComparison.Ordinal)
                        : folded[i + k] == phrase[k];
                if (match) Array.Fill(result, w, i, phrase.Length);
            }
        }
        return result;
    }

    private static string Render(string text, List<(int Start, int End)> tokens, int from, int to, int[] words, bool ellipses)
    {
        if (to <= from) return "";
        var b = new StringBuilder();
        if (ellipses && from > 0) b.Append("… ");
        var pos = tokens[from].Start;
        for (var i = from; i < to; i++)
        {
            b.Append(text, pos, tokens[i].Start - pos);
            if (words[i] >= 0) b.Append(ProtocolSearch.Open);
            b.Append(text, tokens[i].Start, tokens[i].End - tokens[i].Start);
            if (words[i] >= 0) b.Append(ProtocolSearch.Close);
            pos = tokens[i].End;
        }
        // Closing punctuation of the last word belongs to the snippet ("…del chat." rather than "…del chat").
        var tail = pos;
        while (tail < text.Length && !char.IsWhiteSpace(text[tail]) && !IsWordChar(text, tail)) tail++;
        b.Append(text, pos, tail - pos);
        if (!ellipses && to == tokens.Count) b.Append(text, tail, text.Length - tail);
        if (ellipses && to < tokens.Count) b.Append(" …");
        return b.ToString();
    }

    /// <summary>The tokens of one search word ("e-mail" → "e", "mail").</summary>
    public static IReadOnlyList<string> TokensOf(string word) => Tokens(word).Select(t => word[t.Start..t.End]).ToList();

    /// <summary>Runs of letters and digits (with their combining marks), as both engines' tokenizers see words.</summary>
    private static List<(int Start, int End)> Tokens(string text)
    {
        var list = new List<(int, int)>();
        var start = -1;
        for (var i = 0; i < text.Length; i++)
        {
            var word = IsWordChar(text, i);
            if (word && start < 0) start = i;
            else if (!word && start >= 0) { list.Add((start, i)); start = -1; }
        }
        if (start >= 0) list.Add((start, text.Length));
        return list;
    }

    private static bool IsWordChar(string s, int i)
    {
        var c = s[i];
        if (char.IsLowSurrogate(c)) return i > 0 && char.IsHighSurrogate(s[i - 1]) && char.IsLetterOrDigit(s, i - 1);
        if (char.IsHighSurrogate(c)) return i + 1 < s.Length && char.IsLetterOrDigit(s, i);
        return char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark
            or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.OtherNumber;
    }
}
