namespace Pauta.Core.Suggestions;

/// <summary>
/// A light Spanish stemmer of our own, for matching words of one family ("devolver", "devolución", "devuelvo",
/// "devolvieron" → "devolv"), not for linguistics. It works on folded words (<see cref="TextNormalizer.Fold"/>) and
/// applies these steps in order; each removal must leave at least three letters:
/// <list type="number">
/// <item>Words of three letters or fewer, and words with digits, are left alone; a few homographs are fixed by hand
/// (<c>pedido</c>, an order, must not become <c>pedir</c>, to ask).</item>
/// <item>Pronouns attached to an infinitive or gerund go: "cortarme" → "cortar", "cambiarlo" → "cambiar".</item>
/// <item>Plural: -ces → -z ("veces" → "vez"); -es after l, r, n, d, z, j or y ("reclamaciones" → "reclamacion",
/// "flores" → "flor"); -s after a vowel ("zapatos" → "zapato"), except the verbal -mos.</item>
/// <item>One verb ending, the longest that fits: infinitives (-ar, -er, -ir), gerunds (-ando, -iendo), participles
/// (-ado, -ido, -ada, -ida), and the common present, past, imperfect, conditional and future endings.</item>
/// <item>One derivational ending: -olución → -olv (so "devolución" meets "devolver"), -ación, -ición, -ción, -sión → -s,
/// -amiento, -imiento, -mente, -idad, -able, -ible, -ador(a), -ancia, -encia, -ista, -ismo, -ería, -eza.</item>
/// <item>Trailing vowels a, e, i, o go while more than three letters remain: "cita", "citas", "citar" → "cit";
/// "cambio", "cambia", "cambiar" → "camb".</item>
/// <item>Spelling: a final -gu → -g and -qu → -c ("pagué" → "pag", "busqué" → "busc").</item>
/// <item>Stem vowels: "ue" → "o" (not the silent u of que/gue) and "ie" → "e" after the first letter, which joins the stem-changing verbs and their
/// families: "devuelvo"/"devolver", "cuesta"/"costar", "prueba"/"probar", "cierran"/"cerrar", "quiero"/"querer".</item>
/// </list>
/// The rules over-join some unrelated words and miss some irregular forms; <see cref="SuggestionLexicon"/> covers the
/// irregular ones that matter for customer service.
/// </summary>
public static class SpanishStemmer
{
    private static readonly Dictionary<string, string> Fixed = new(StringComparer.Ordinal)
    {
        ["pedido"] = "pedido", ["pedidos"] = "pedido",
    };

    private static readonly string[] Enclitics =
        ["selos", "selas", "melo", "mela", "telo", "tela", "selo", "sela", "nos", "los", "las", "les", "me", "te", "se", "lo", "la", "le"];

    private static readonly string[] InfinitiveOrGerund = ["ando", "iendo", "yendo", "ar", "er", "ir"];

    private static readonly string[] VerbEndings = ByLengthDescending(
    [
        "ar", "er", "ir", "ando", "iendo", "yendo", "ado", "ada", "ido", "ida",
        "amos", "emos", "imos", "an", "en", "aste", "iste", "aron", "ieron", "aba", "aban", "abamos", "ia", "ian", "iamos",
        "aria", "arian", "eria", "erian", "iria", "irian", "ariamos", "eriamos", "iriamos",
        "aremos", "eremos", "iremos", "aran", "eran", "iran", "ase", "iese", "iera", "ieran", "ais", "eis",
    ]);

    private static readonly (string Ending, string Replacement)[] Derivational = ByLengthDescending(
    [
        ("olucion", "olv"), ("acion", ""), ("icion", ""), ("cion", ""), ("sion", "s"), ("amiento", ""), ("imiento", ""),
        ("mente", ""), ("idad", ""), ("able", ""), ("ible", ""), ("ador", ""), ("adora", ""), ("ancia", ""), ("encia", ""),
        ("ista", ""), ("ismo", ""), ("eria", ""), ("eza", ""),
    ]);

    private const int MinStem = 3;

    public static string Stem(string folded)
    {
        ArgumentNullException.ThrowIfNull(folded);
        var w = folded;
        if (w.Length <= MinStem || w.Any(char.IsDigit)) return w;
        if (Fixed.TryGetValue(w, out var fixedStem)) return fixedStem;

        // Attached pronouns: only after an infinitive or a gerund, the places Spanish attaches them to.
        foreach (var pronoun in Enclitics)
        {
            if (!w.EndsWith(pronoun, StringComparison.Ordinal) || w.Length - pronoun.Length < MinStem + 2) continue;
            var verb = w[..^pronoun.Length];
            if (InfinitiveOrGerund.Any(e => verb.EndsWith(e, StringComparison.Ordinal))) { w = verb; break; }
        }

        // Plural.
        if (w.Length >= 5 && w.EndsWith("ces", StringComparison.Ordinal)) w = w[..^3] + "z";
        else if (w.Length >= 5 && w.EndsWith("es", StringComparison.Ordinal) && "lrndzjy".Contains(w[^3])) w = w[..^2];
        else if (w.Length >= 4 && w[^1] == 's' && IsVowel(w[^2]) && !w.EndsWith("mos", StringComparison.Ordinal)) w = w[..^1];

        foreach (var ending in VerbEndings)
        {
            if (w.Length - ending.Length >= MinStem && w.EndsWith(ending, StringComparison.Ordinal)) { w = w[..^ending.Length]; break; }
        }

        foreach (var (ending, replacement) in Derivational)
        {
            if (w.Length - ending.Length >= MinStem && w.EndsWith(ending, StringComparison.Ordinal))
            {
                w = w[..^ending.Length] + replacement;
                break;
            }
        }

        // One cut, not one per vowel: a pasted "aaaa…" must cost its length, not its square.
        var end = w.Length;
        while (end > MinStem && w[end - 1] is 'a' or 'e' or 'i' or 'o') end--;
        if (end < w.Length) w = w[..end];

        if (w.Length > MinStem && w.EndsWith("gu", StringComparison.Ordinal)) w = w[..^1];
        else if (w.Length > MinStem && w.EndsWith("qu", StringComparison.Ordinal)) w = w[..^2] + "c";

        return JoinStemVowels(w);
    }

    /// <summary>"ue" → "o" and "ie" → "e" after the first letter; not the silent u of "que", "qui", "gue", "gui".</summary>
    private static string JoinStemVowels(string w)
    {
        if (w.Length <= 2 || (w.IndexOf("ue", 1, StringComparison.Ordinal) < 0 && w.IndexOf("ie", 1, StringComparison.Ordinal) < 0)) return w;
        var chars = new System.Text.StringBuilder(w.Length);
        chars.Append(w[0]);
        for (var i = 1; i < w.Length; i++)
        {
            if (i + 1 < w.Length && w[i + 1] == 'e' && w[i] == 'u' && w[i - 1] is not ('q' or 'g')) { chars.Append('o'); i++; }
            else if (i + 1 < w.Length && w[i + 1] == 'e' && w[i] == 'i') { chars.Append('e'); i++; }
            else chars.Append(w[i]);
        }
        return chars.ToString();
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';

    private static string[] ByLengthDescending(string[] endings) =>
        endings.OrderByDescending(e => e.Length).ThenBy(e => e, StringComparer.Ordinal).ToArray();

    private static (string, string)[] ByLengthDescending((string Ending, string Replacement)[] endings) =>
        endings.OrderByDescending(e => e.Ending.Length).ThenBy(e => e.Ending, StringComparer.Ordinal).ToArray();
}
