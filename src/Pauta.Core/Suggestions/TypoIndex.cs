namespace Pauta.Core.Suggestions;

/// <summary>
/// Finds the known words one typo away from an unknown one: one letter missing, extra or wrong, or two neighbours
/// swapped (optimal string alignment, the restricted Damerau–Levenshtein distance ≤ 1). Only words of
/// <see cref="MinLength"/> letters or more are corrected: shorter ones have too many neighbours to guess from. Words
/// longer than <see cref="MaxLength"/> are neither stored nor corrected: no word of a language is that long, and the
/// deletion keys of a word cost the square of its length, so a pasted run of 100,000 letters must not reach them.
/// <para>
/// Lookups use symmetric deletion: every known word is stored under itself and under each form with one letter
/// deleted; a typo of distance 1 shares one of those keys with the word it came from ("factrua" and "factura" both give
/// "factua"), so a lookup touches a handful of keys instead of the whole vocabulary. Candidates are then checked with
/// the real distance. Immutable once built; thread-safe for reads.
/// </para>
/// </summary>
public sealed class TypoIndex
{
    /// <summary>The shortest word that is corrected.</summary>
    public const int MinLength = 5;

    /// <summary>The longest word that is stored or corrected (the longest Spanish words have about 25 letters).</summary>
    public const int MaxLength = 40;

    private readonly Dictionary<string, List<string>> _byKey = new(StringComparer.Ordinal);
    private readonly HashSet<string> _words = new(StringComparer.Ordinal);

    public TypoIndex(IEnumerable<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        foreach (var word in words)
        {
            if (word.Length < MinLength - 1 || word.Length > MaxLength || !_words.Add(word)) continue;
            foreach (var key in Keys(word)) Add(key, word);
        }
    }

    public int Count => _words.Count;

    public bool Contains(string word) => _words.Contains(word);

    /// <summary>
    /// Known words at distance exactly 1 from <paramref name="word"/>, in ordinal order; empty when it is too short or
    /// longer than <see cref="MaxLength"/> + 1 (no stored word can then be one letter away).
    /// </summary>
    public IReadOnlyList<string> Near(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length < MinLength || word.Length > MaxLength + 1) return [];
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var key in Keys(word))
        {
            if (!_byKey.TryGetValue(key, out var words)) continue;
            foreach (var candidate in words)
                if (candidate != word && Distance(word, candidate, 1) == 1) found.Add(candidate);
        }
        return [.. found];
    }

    private void Add(string key, string word)
    {
        if (!_byKey.TryGetValue(key, out var list)) _byKey[key] = list = [];
        if (list.Count == 0 || list[^1] != word) list.Add(word);
    }

    private static IEnumerable<string> Keys(string word)
    {
        yield return word;
        for (var i = 0; i < word.Length; i++) yield return string.Concat(word.AsSpan(0, i), word.AsSpan(i + 1));
    }

    /// <summary>
    /// Optimal string alignment distance (Levenshtein plus the swap of two adjacent letters), or
    /// <paramref name="max"/> + 1 as soon as it is known to exceed <paramref name="max"/>.
    /// </summary>
    public static int Distance(string a, string b, int max = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (Math.Abs(a.Length - b.Length) > max) return max == int.MaxValue ? max : max + 1;
        var rows = new int[3][];
        for (var r = 0; r < 3; r++) rows[r] = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) rows[1][j] = j;
        int[] twoBack = rows[0], previous = rows[1], current = rows[2];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) value = Math.Min(value, twoBack[j - 2] + 1);
                current[j] = value;
                rowMin = Math.Min(rowMin, value);
            }
            if (rowMin > max) return max + 1;
            (twoBack, previous, current) = (previous, current, twoBack);
        }
        return previous[b.Length];
    }
}
