namespace Pauta.Core.Suggestions;

/// <summary>
/// Phrases matched as runs of normalized words: the words of the phrase, in order and next to each other in the
/// message, each equal to the message's word folded (accents, case), or sharing its stem (Spanish or English) when
/// the stem has five letters or more and the shorter word is at least ¾ of the longer ("sangra"/"sangraba", not
/// "talla"/"taller" nor "manicura"/"manicurista"), or, for a typed word the protocols do not use and of five letters
/// or more, one typo away (the tolerance the suggester's <see cref="TypoIndex"/> gives unknown words: "peluqeura" is
/// "peluquera", but "peluquería", a word of its own, is not). Used for selection rules and for the intent cues below.
/// </summary>
internal sealed class Phrase
{
    private readonly string[] _words;
    private readonly string[] _spanish;
    private readonly string[] _english;

    private Phrase(string text, string[] words)
    {
        Text = text;
        _words = words;
        _spanish = [.. words.Select(SpanishStemmer.Stem)];
        _english = [.. words.Select(EnglishStemmer.Stem)];
    }

    /// <summary>The phrase as the author wrote it.</summary>
    public string Text { get; }

    public int Length => _words.Length;

    /// <summary>Null for a phrase without words.</summary>
    public static Phrase? Of(string? text)
    {
        var words = TextNormalizer.Tokenize(text).Select(t => t.Folded).ToArray();
        return words.Length == 0 ? null : new Phrase(text!.Trim(), words);
    }

    public static Phrase[] All(IEnumerable<string> texts) => [.. texts.Select(Of).OfType<Phrase>()];

    /// <summary>Every token index of <paramref name="message"/> where the phrase starts.</summary>
    public IEnumerable<int> MatchesIn(MessageReading message)
    {
        var tokens = message.Tokens;
        for (var i = 0; i + _words.Length <= tokens.Count; i++)
        {
            var all = true;
            for (var j = 0; j < _words.Length && all; j++) all = WordMatches(message, i + j, j);
            if (all) yield return i;
        }
    }

    private bool WordMatches(MessageReading message, int token, int word)
    {
        var typed = message.Tokens[token].Folded;
        var wanted = _words[word];
        if (typed == wanted) return true;
        // No phrase word is that long, and a pasted run of letters must not cost its length in stems and distances.
        if (typed.Length > TypoIndex.MaxLength || Math.Abs(typed.Length - wanted.Length) > Math.Max(typed.Length, wanted.Length) / 4 + 1) return false;
        var shorter = Math.Min(typed.Length, wanted.Length);
        if (shorter * 4 >= Math.Max(typed.Length, wanted.Length) * 3
            && ((_spanish[word].Length >= 5 && message.SpanishStem(token) == _spanish[word])
                || (_english[word].Length >= 5 && message.EnglishStem(token) == _english[word]))) return true;
        return typed.Length >= TypoIndex.MinLength && wanted.Length >= TypoIndex.MinLength && !typed.Any(char.IsDigit)
            && !message.IsKnownWord(typed)
            && TypoIndex.Distance(typed, wanted, 1) <= 1;
    }
}

/// <summary>What the customer is after, besides the topic: only information, or nothing in particular.</summary>
internal enum QueryIntent
{
    Any = 0,
    /// <summary>"solo quería saber…", "una pregunta…", "just wanted to know…": informational protocols fit better.</summary>
    Information = 1,
}

/// <summary>
/// One message read for the cues the word scores cannot see: which words are negated ("no es por la factura", "no
/// quiero devolverlo", "not about a refund") and whether the customer only wants information. A negation cue reaches
/// the next <see cref="NegationReach"/> content words and stops early at punctuation or at a word that turns the
/// sentence ("pero", "sino", "solo", "but", "just"). Plain "no" before a verb is not a cue: "no prende", "no llegó",
/// "no reconozco" state the problem.
/// </summary>
internal sealed class MessageReading
{
    private const int NegationReach = 4;

    private static readonly Phrase[] NegationCues = Phrase.All(
    [
        "no es", "no era", "no son", "no quiero", "no lo quiero", "no la quiero", "no los quiero", "no las quiero", "no busco",
        "no vengo por", "no llamo por", "no tiene", "no tienen", "ni", "tampoco", "nada de",
        "not about", "not a", "not an", "not for", "not returning", "not to", "don't want", "dont want", "do not want",
        "nothing to do with", "no need",
    ]);

    private static readonly HashSet<string> Turns = new(StringComparer.Ordinal)
    {
        "pero", "sino", "solo", "nomas", "solamente", "but", "just", "only", "instead",
    };

    private static readonly Phrase[] InformationCues = Phrase.All(
    [
        "solo quería saber", "solo queria saber", "nomás quería saber", "quería saber", "quisiera saber", "solo quiero saber",
        "una pregunta", "una consulta", "una duda", "me podrían informar", "me pueden informar", "quería preguntar",
        "just wanted to know", "just want to know", "quick question", "i was wondering",
    ]);

    private readonly string?[] _spanish;
    private readonly string?[] _english;

    private readonly Func<string, bool> _known;

    /// <param name="known">Whether a folded word is one the protocols or the lexicon use (no typo of another word).</param>
    public MessageReading(string text, IReadOnlyList<TextToken> tokens, Func<string, bool>? known = null)
    {
        _known = known ?? (_ => false);
        Text = text;
        Tokens = tokens;
        _spanish = new string?[tokens.Count];
        _english = new string?[tokens.Count];
        Negated = new bool[tokens.Count];
        foreach (var cue in NegationCues)
            foreach (var start in cue.MatchesIn(this)) MarkNegated(start + cue.Length);
        Intent = InformationCues.Any(c => c.MatchesIn(this).Any()) ? QueryIntent.Information : QueryIntent.Any;
    }

    public string Text { get; }

    public IReadOnlyList<TextToken> Tokens { get; }

    /// <summary>Per token: inside the reach of a negation cue.</summary>
    public bool[] Negated { get; }

    public QueryIntent Intent { get; }

    public bool IsKnownWord(string folded) => _known(folded);

    public string SpanishStem(int token) => _spanish[token] ??= SpanishStemmer.Stem(Tokens[token].Folded);

    public string EnglishStem(int token) => _english[token] ??= EnglishStemmer.Stem(Tokens[token].Folded);

    /// <summary>Whether the token starting at <paramref name="start"/> (a character offset) is negated.</summary>
    public bool IsNegatedAt(int start)
    {
        for (var i = 0; i < Tokens.Count; i++)
            if (Tokens[i].Start == start) return Negated[i];
        return false;
    }

    private void MarkNegated(int from)
    {
        var content = 0;
        for (var i = from; i < Tokens.Count && content < NegationReach; i++)
        {
            if (i > from && BreaksBetween(i - 1, i)) return;
            if (i == from && i > 0 && BreaksBetween(i - 1, i)) return;
            if (Turns.Contains(Tokens[i].Folded)) return;
            Negated[i] = true;
            if (!StopWords.Contains(Tokens[i].Folded)) content++;
        }
    }

    /// <summary>Punctuation between two tokens ends a negation's reach.</summary>
    private bool BreaksBetween(int before, int after)
    {
        var end = Tokens[before].Start + Tokens[before].Length;
        for (var c = end; c < Tokens[after].Start; c++)
            if (Text[c] is ',' or '.' or ';' or ':' or '!' or '?' or '¡' or '¿' or '(' or ')') return true;
        return false;
    }
}
