using System.Text.RegularExpressions;

namespace Pauta.Core.Protocols;

/// <summary>
/// Finds acronyms in prose so the linter can insist each is in the glossary: a customer or a new employee
/// should never meet "TPV" or "CSAT" without a definition at hand.
/// An acronym is a word of capitals and digits with at least two capitals ("DNI", "B2B", "DNIs"), or single
/// capitals with dots ("L.A.S.T."). One capital ("A4", "4G") is left alone: those are sizes and models more
/// often than jargon. A word in capitals for emphasis ("NUNCA") counts too: the cure is bold, not a term.
/// </summary>
public static partial class Acronyms
{
    /// <summary>The acronyms in <paramref name="text"/> as written, each once, in order of appearance.</summary>
    public static IReadOnlyList<string> Find(string? text)
    {
        if (string.IsNullOrEmpty(text)) return [];
        return PlainAcronym().Matches(text).Concat(DottedAcronym().Matches(text))
            .OrderBy(m => m.Index)
            .Select(m => m.Value)
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The form acronyms are compared in: no dots, no plural "s", upper case ("L.A.S.T." → "LAST", "DNIs" → "DNI").</summary>
    public static string Normalise(string acronym)
    {
        var trimmed = acronym.Trim().Replace(".", "", StringComparison.Ordinal);
        if (trimmed.Length > 2 && trimmed.EndsWith('s') && char.IsUpper(trimmed[^2])) trimmed = trimmed[..^1];
        return trimmed.ToUpperInvariant();
    }

    /// <summary>
    /// What the glossary defines: each term's whole name, and every acronym inside a name, so a term written
    /// "Terminal punto de venta (TPV)" defines "TPV".
    /// </summary>
    public static IReadOnlySet<string> DefinedBy(IEnumerable<Term> terms)
    {
        var defined = new HashSet<string>(StringComparer.Ordinal);
        foreach (var term in terms)
        {
            if (string.IsNullOrWhiteSpace(term.Name)) continue;
            defined.Add(Normalise(term.Name));
            foreach (var inside in Find(term.Name)) defined.Add(Normalise(inside));
        }
        return defined;
    }

    [GeneratedRegex(@"(?<![\p{L}\p{N}])(?=(?:\p{N}*\p{Lu}){2})[\p{Lu}\p{N}]+s?(?![\p{L}\p{N}])")]
    private static partial Regex PlainAcronym();

    [GeneratedRegex(@"(?<![\p{L}\p{N}.])(?:\p{Lu}\.){2,}(?:\p{Lu}(?![\p{L}\p{N}]))?")]
    private static partial Regex DottedAcronym();
}
