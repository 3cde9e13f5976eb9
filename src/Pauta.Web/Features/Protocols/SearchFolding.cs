using System.Globalization;
using System.Text;

namespace Pauta.Web.Features.Protocols;

/// <summary>
/// Case and accent folding in C#, the way unaccent and FTS5's remove_diacritics see Latin letters ("Á" → "a",
/// "ñ" → "n", "æ" → "ae"), for the parts of a search the database does not do itself: highlighting on PostgreSQL
/// and its title check. A letter folded slightly differently from the database only moves a highlight; which
/// protocols match is always the database's decision.
/// </summary>
public static class SearchFolding
{
    private const int TableSize = 0x250; // Basic Latin to Latin Extended-B: every letter Spanish or English text uses.
    private static readonly string[] Table = BuildTable();

    /// <summary>Lower case, without diacritics.</summary>
    public static string Fold(string s)
    {
        var ascii = true;
        foreach (var c in s)
            if (c >= 0x80 || char.IsAsciiLetterUpper(c)) { ascii = false; break; }
        if (ascii) return s;
        var b = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (c < TableSize) b.Append(Table[c]);
            else b.Append(FoldOther(c));
        }
        return b.ToString();
    }

    /// <summary>
    /// A PostgreSQL regular expression (ARE) matching <paramref name="tokens"/> as consecutive words in any case and
    /// with or without accents; the last one as a word start when <paramref name="prefix"/>. Built only from
    /// letters, digits and fixed syntax, and always passed as a parameter.
    /// </summary>
    public static string AccentInsensitivePattern(IReadOnlyList<string> tokens, bool prefix)
    {
        var b = new StringBuilder("\\m");
        for (var i = 0; i < tokens.Count; i++)
        {
            if (i > 0) b.Append("[^[:alnum:]]+");
            foreach (var c in Fold(tokens[i]))
            {
                if (Variants.TryGetValue(c, out var set)) b.Append('[').Append(set).Append(']');
                else if (char.IsLetterOrDigit(c)) b.Append(c);
                // Anything else cannot be in a token; never let it reach the pattern.
            }
        }
        if (!prefix) b.Append("\\M");
        return b.ToString();
    }

    /// <summary>For each folded letter, every character of the table that folds to it, upper and lower case.</summary>
    private static readonly Dictionary<char, string> Variants = BuildVariants();

    private static Dictionary<char, string> BuildVariants()
    {
        var map = new Dictionary<char, StringBuilder>();
        for (var c = (char)0; c < TableSize; c++)
        {
            if (!char.IsLetter(c) || Table[c].Length != 1) continue;
            var folded = Table[c][0];
            if (!map.TryGetValue(folded, out var set)) map[folded] = set = new StringBuilder();
            set.Append(c);
        }
        return map.Where(kv => kv.Value.Length > 1).ToDictionary(kv => kv.Key, kv => kv.Value.ToString());
    }

    private static string[] BuildTable()
    {
        var table = new string[TableSize];
        for (var c = (char)0; c < TableSize; c++) table[c] = FoldOther(c);
        return table;
    }

    private static string FoldOther(char c)
    {
        var lower = char.ToLowerInvariant(c);
        switch (lower)
        {
            case 'ß': return "ss";
            case 'æ': return "ae";
            case 'œ': return "oe";
            case 'ø': return "o";
            case 'ł': return "l";
            case 'đ': return "d";
            case 'ð': return "d";
            case 'þ': return "th";
            case 'ı': return "i";
        }
        if (char.IsSurrogate(lower)) return lower.ToString();
        var decomposed = lower.ToString().Normalize(NormalizationForm.FormD);
        var b = new StringBuilder(decomposed.Length);
        foreach (var d in decomposed)
            if (CharUnicodeInfo.GetUnicodeCategory(d) != UnicodeCategory.NonSpacingMark) b.Append(d);
        return b.Length == 0 ? "" : b.ToString();
    }
}
