namespace Pauta.Core.Suggestions;

/// <summary>Which stemmer(s) and which half of the lexicon read a text.</summary>
[Flags]
internal enum TextLanguage
{
    Spanish = 1,
    English = 2,
    Both = Spanish | English,
}

/// <summary>A concept of <see cref="SuggestionLexicon"/> a word or expression points to, and how strongly (1 or ½).</summary>
internal readonly record struct ConceptHit(int Concept, float Weight);

/// <summary>
/// What a word is, wherever it stands: folded form, stop word or not, stems (computed when first asked for) and the
/// concepts it names. Shared by every occurrence of the word within one analysis cache. The lazy fields may be filled
/// by two threads at once; both compute the same string, so that race is harmless.
/// </summary>
internal sealed class WordInfo(string folded, bool isStop, ConceptHit[] concepts, bool isExpression)
{
    private string? _spanishStem;
    private string? _englishStem;
    private string? _spanishKey;
    private string? _englishKey;

    public string Folded { get; } = folded;
    public bool IsStop { get; } = isStop;
    public ConceptHit[] Concepts { get; } = concepts;
    public bool IsExpression { get; } = isExpression;

    /// <summary>The stem by the Spanish stemmer (the folded words joined by spaces for an expression).</summary>
    public string SpanishStem => _spanishStem ??= IsExpression ? Folded : SpanishStemmer.Stem(Folded);

    /// <summary>The stem by the English stemmer (the folded words joined by spaces for an expression).</summary>
    public string EnglishStem => _englishStem ??= IsExpression ? Folded : EnglishStemmer.Stem(Folded);

    public string Stem(TextLanguage language) => language == TextLanguage.English ? EnglishStem : SpanishStem;

    private string? _spanishTerm;
    private string? _englishTerm;

    /// <summary>The stem as an index term: stems are kept apart by language, since the same letters may be different words.</summary>
    public string StemTerm(TextLanguage language) => language == TextLanguage.English
        ? _englishTerm ??= "en:" + EnglishStem
        : _spanishTerm ??= "es:" + SpanishStem;

    /// <summary>How the word compares inside a lexicon expression: short words as they are, longer ones by stem.</summary>
    public string ExpressionKey(TextLanguage language) => language == TextLanguage.English
        ? _englishKey ??= TextAnalyzer.ExpressionKey(Folded, EnglishStem, language)
        : _spanishKey ??= TextAnalyzer.ExpressionKey(Folded, SpanishStem, language);
}

/// <summary>
/// A word (or a lexicon expression spanning several words) where it stands in an analysed text.
/// Stop words are kept (flagged) so positions stay right, and expressions can use them.
/// </summary>
internal sealed class AnalyzedWord(int start, int length, WordInfo info)
{
    public int Start { get; } = start;
    public int Length { get; } = length;
    public WordInfo Info { get; } = info;
    public string Folded => Info.Folded;
    public bool IsStop => Info.IsStop;
    public ConceptHit[] Concepts => Info.Concepts;
    public bool IsExpression => Info.IsExpression;
    public string Stem(TextLanguage language) => Info.Stem(language);
    public string StemTerm(TextLanguage language) => Info.StemTerm(language);
}

/// <summary>
/// Turns text into <see cref="AnalyzedWord"/>s: tokenise and fold (<see cref="TextNormalizer"/>), drop nothing but flag
/// stop words (<see cref="StopWords"/>), look each word up in the lexicon by its folded form and by its stem in the
/// language(s) asked for, and add one entry per lexicon expression found. The lexicon tables are built once, when the
/// class is first used; after that it is immutable and thread-safe.
/// </summary>
internal sealed class TextAnalyzer
{
    public static readonly TextAnalyzer Instance = new();

    private readonly Dictionary<string, List<ConceptHit>> _surface = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ConceptHit>> _spanishStems = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ConceptHit>> _englishStems = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Expression>> _expressionsByFirstWord = new(StringComparer.Ordinal);
    private readonly HashSet<string> _lexiconWords = new(StringComparer.Ordinal);
    private readonly HashSet<string> _expressionWords = new(StringComparer.Ordinal);

    private static readonly TextLanguage[] Languages = [TextLanguage.Spanish, TextLanguage.English];

    private sealed record Expression(string[] Words, string[] Keys, TextLanguage Language, ConceptHit Hit)
    {
        public WordInfo Info { get; } = new(string.Join(' ', Words), false, [Hit], true);
    }

    /// <summary>How a word of an expression is compared: short words as they are, longer ones by stem.</summary>
    internal static string ExpressionKey(string folded, string stem, TextLanguage language) =>
        folded.Length > 3 ? (language == TextLanguage.English ? "en:" : "es:") + stem : folded;

    private static string ExpressionKey(string folded, TextLanguage language) => ExpressionKey(folded, Stem(folded, language), language);

    private TextAnalyzer()
    {
        var concepts = SuggestionLexicon.Concepts;
        for (var c = 0; c < concepts.Count; c++)
        {
            var concept = concepts[c];
            Load(concept.Spanish, TextLanguage.Spanish, new ConceptHit(c, 1f));
            Load(concept.English, TextLanguage.English, new ConceptHit(c, 1f));
            Load(concept.Related, TextLanguage.Spanish, new ConceptHit(c, 0.5f));
            Load(concept.RelatedEnglish, TextLanguage.English, new ConceptHit(c, 0.5f));
        }
    }

    /// <summary>Every single word of the lexicon, folded; typo correction may land on them.</summary>
    public IReadOnlyCollection<string> LexiconWords => _lexiconWords;

    /// <summary>Whether the lexicon has the word, alone or inside an expression: such a word is no typo.</summary>
    public bool IsLexiconWord(string folded) => _lexiconWords.Contains(folded) || _expressionWords.Contains(folded);

    public int ConceptCount => SuggestionLexicon.Concepts.Count;

    private void Load(string list, TextLanguage language, ConceptHit hit)
    {
        foreach (var raw in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var words = TextNormalizer.Tokenize(raw).Select(t => t.Folded).ToArray();
            if (words.Length == 0) continue;
            if (words.Length == 1)
            {
                var word = words[0];
                _lexiconWords.Add(word);
                Add(_surface, word, hit);
                var stems = language == TextLanguage.Spanish ? _spanishStems : _englishStems;
                Add(stems, Stem(word, language), hit);
            }
            else
            {
                foreach (var word in words) _expressionWords.Add(word);
                var expression = new Expression(words, words.Select(w => ExpressionKey(w, language)).ToArray(), language, hit);
                if (!_expressionsByFirstWord.TryGetValue(expression.Keys[0], out var list2)) _expressionsByFirstWord[expression.Keys[0]] = list2 = [];
                list2.Add(expression);
            }
        }
    }

    private static void Add(Dictionary<string, List<ConceptHit>> map, string key, ConceptHit hit)
    {
        if (!map.TryGetValue(key, out var hits)) map[key] = hits = [];
        // One word may be listed twice in one concept (plain and related): keep the stronger.
        var existing = hits.FindIndex(h => h.Concept == hit.Concept);
        if (existing < 0) hits.Add(hit);
        else if (hits[existing].Weight < hit.Weight) hits[existing] = hit;
    }

    public static string Stem(string folded, TextLanguage language) =>
        language == TextLanguage.English ? EnglishStemmer.Stem(folded) : SpanishStemmer.Stem(folded);

    /// <summary>Guesses a message's language from its stop words: English only when it has more English ones than Spanish.</summary>
    public static TextLanguage Detect(IReadOnlyList<TextToken> tokens)
    {
        int spanish = 0, english = 0;
        foreach (var token in tokens)
        {
            var es = StopWords.IsSpanish(token.Folded);
            var en = StopWords.IsEnglish(token.Folded);
            if (es && !en) spanish++;
            else if (en && !es) english++;
        }
        return english > spanish ? TextLanguage.English : spanish > english ? TextLanguage.Spanish : TextLanguage.Both;
    }

    public List<AnalyzedWord> Analyze(string? text, TextLanguage language, Dictionary<string, WordInfo>? cache = null) =>
        Analyze(TextNormalizer.Tokenize(text), language, cache);

    /// <summary>
    /// The words of a text, then its lexicon expressions. <paramref name="cache"/>, when given, keeps what each distinct
    /// word is across calls (for one <paramref name="language"/> only): the index passes one while it reads every
    /// protocol; it must not be shared between threads.
    /// </summary>
    public List<AnalyzedWord> Analyze(IReadOnlyList<TextToken> tokens, TextLanguage language, Dictionary<string, WordInfo>? cache = null)
    {
        var words = new List<AnalyzedWord>(tokens.Count + 2);
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            WordInfo? info = null;
            if (cache is not null && !cache.TryGetValue(token.Folded, out info)) cache[token.Folded] = info = Describe(token.Folded, language);
            words.Add(new AnalyzedWord(token.Start, token.Length, info ?? Describe(token.Folded, language)));
        }
        AddExpressions(words, language);
        return words;
    }

    /// <summary>One word on its own, placed at <paramref name="start"/>.</summary>
    public AnalyzedWord AnalyzeWord(int start, int length, string folded, TextLanguage language) =>
        new(start, length, Describe(folded, language));

    /// <summary>A word: whether it is a stop word, and the concepts it names in the language(s).</summary>
    private WordInfo Describe(string folded, TextLanguage language)
    {
        if (StopWords.Contains(folded)) return new WordInfo(folded, true, [], false);
        List<ConceptHit>? hits = null;
        if (_surface.TryGetValue(folded, out var surface)) Merge(hits ??= [], surface);
        if ((language & TextLanguage.Spanish) != 0 && _spanishStems.TryGetValue(SpanishStemmer.Stem(folded), out var es)) Merge(hits ??= [], es);
        if ((language & TextLanguage.English) != 0 && _englishStems.TryGetValue(EnglishStemmer.Stem(folded), out var en)) Merge(hits ??= [], en);
        return new WordInfo(folded, false, hits?.ToArray() ?? [], false);
    }

    private static void Merge(List<ConceptHit> into, List<ConceptHit> from)
    {
        foreach (var hit in from)
        {
            var existing = into.FindIndex(h => h.Concept == hit.Concept);
            if (existing < 0) into.Add(hit);
            else if (into[existing].Weight < hit.Weight) into[existing] = hit;
        }
    }

    /// <summary>Lexicon expressions, matched word by word (short words as they are, longer ones by stem), stop words included.</summary>
    private void AddExpressions(List<AnalyzedWord> words, TextLanguage language)
    {
        var count = words.Count;
        for (var i = 0; i < count; i++)
        {
            foreach (var lang in Languages)
            {
                if ((lang & language) == 0) continue;
                if (!_expressionsByFirstWord.TryGetValue(words[i].Info.ExpressionKey(lang), out var candidates)) continue;
                foreach (var expression in candidates)
                    if (expression.Language == lang) TryExpression(words, count, i, expression);
            }
        }
    }

    private static void TryExpression(List<AnalyzedWord> words, int count, int i, Expression expression)
    {
        var n = expression.Words.Length;
        if (i + n > count) return;
        for (var k = 1; k < n; k++)
            if (words[i + k].Info.ExpressionKey(expression.Language) != expression.Keys[k]) return;
        var last = words[i + n - 1];
        var start = words[i].Start;
        words.Add(new AnalyzedWord(start, last.Start + last.Length - start, expression.Info));
    }
}
