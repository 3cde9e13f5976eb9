using Pauta.Core.Organisations;
using Pauta.Core.Protocols;

namespace Pauta.Core.Suggestions;

/// <summary>
/// Suggests the protocols, and the contingency plans inside them, that fit a customer's reason for contact as the
/// agent typed it, on the channel of the contact.
/// <para>
/// <b>Index.</b> Built once from the candidates. Every protocol is one entry and every contingency plan another
/// (protocol id + plan key). The text of an entry is analysed by <see cref="TextAnalyzer"/> (fold, stop words, stem,
/// lexicon concepts). Its <i>title</i> (the protocol's title; a plan's name) scores on its own: a query term found in
/// it adds <see cref="TitleBoost"/> × idf, so the title is not drowned by how often the body repeats a word. Its
/// <i>body</i> is every other field with a weight: purpose 2; scope, term names and step titles 1.5; instructions,
/// questions and answers 1; term definitions and checklists 0.7; escalation details 0.5; good and bad examples 0.4;
/// scripts (without their placeholders) and responsibilities 0.3. A plan's body is its trigger (3), its steps, and the
/// protocol's title (1.5) for context; a protocol's body also holds its plans' names and triggers lightly (0.5, 0.3)
/// so that it ranks next to a plan that fits. Every word adds its stem (kept apart by language) and the lexicon
/// concepts it is a synonym of; the body is scored with BM25 (k1 = 1.2, b = 0.75 over the weighted lengths). Each
/// (term, entry) score is computed once, into an inverted index: a query reads only the postings of its own terms.
/// </para>
/// <para>
/// <b>Query.</b> The message's language (Spanish, English or unknown) is guessed from its stop words
/// (<see cref="TextAnalyzer.Detect"/>) and picks the stemmer and the half of the lexicon. Each content word matches
/// by its stem (weight 1) or by the lexicon concepts it names (0.9; 0.45 for a "related" word). A word in another
/// language than the message matches by stem only where the protocol has the very same word. A word that neither the
/// index, the lexicon nor the stop words know is looked up one typo away (<see cref="TypoIndex"/>, weight 0.8), and
/// dropped when that lands on a stop word ("holaa"); if its stem matched something anyway, only corrections with the
/// same first letter are added ("pedio" → "pedido", but not "fechas" → "mechas"). Lexicon expressions ("hoja de reclamaciones", "fed up") count as
/// one more word. A word scores in an entry the best of its ways of matching there, and a term counts once per query
/// (for the word that weighs it most); an entry's score is the sum over the words.
/// </para>
/// <para>
/// <b>Channel.</b> Protocols that apply to the contact's channel come first; those that do not are not dropped (the
/// agent may have picked the wrong channel, or the organisation may have no protocol for it) but always rank after
/// every one that does, flagged with <see cref="ProtocolSuggestion.CoversChannel"/> false. <see cref="Channels.None"/>
/// means any channel. A protocol covers the channel when they share a flag; a protocol with no channels covers none.
/// </para>
/// <para>
/// <b>Selection (issue 12; ADR-011 "Protocol selection").</b> Selection rules put a protocol first above any score
/// (winners ordered by score), <c>notFor</c> takes it out; a plan is ranked as part of its protocol and listed next to
/// it; shared sections and copied boilerplate are not indexed; negated words count little and an information-only
/// intent favours informational protocols (<see cref="MessageReading"/>).
/// </para>
/// <para>
/// Only entries with a positive score, or a protocol that wins by a rule, are returned; ties keep the candidates'
/// order. Only the first 64 words of a reason are scored (128 read for rules and intent). Immutable after
/// construction: <see cref="Suggest"/> is thread-safe.
/// </para>
/// </summary>
public sealed class ProtocolSuggester
{
    private const float K1 = 1.2f;
    private const float B = 0.75f;
    /// <summary>What a title hit adds, in units of the term's idf (a body hit adds at most k1 + 1 = 2.2 of them).</summary>
    private const float TitleBoost = 2f;
    private const float ConceptWeight = 0.9f;
    private const float TypoWeight = 0.8f;
    private const int MaxQueryWords = 64;
    private const float NegatedWeight = 0.15f;

    private static readonly TextAnalyzer Analyzer = TextAnalyzer.Instance;

    private readonly Entry[] _entries;
    private readonly Dictionary<string, int> _stemTerms = new(StringComparer.Ordinal);
    private readonly HashSet<string> _indexWords = new(StringComparer.Ordinal);
    private readonly Posting[][] _postings;
    private readonly TypoIndex _typos;

    private sealed record Entry(int Candidate, string ProtocolId, string Title, string? PlanKey, string? PlanName, Channels Channels);

    /// <summary>A protocol with its entries and its selection rules, compiled.</summary>
    private sealed record CandidateInfo(
        int ProtocolEntry, int[] PlanEntries, Channels Channels, Phrase[] WinsWhen, Channels WinsOnChannels,
        string[] WinsForSegments, Phrase[] NotFor, bool Informational);

    private readonly CandidateInfo[] _candidates;

    private readonly record struct Posting(int Entry, float Score);

    public ProtocolSuggester(IEnumerable<SuggestionCandidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var entries = new List<Entry>();
        var documents = new List<Dictionary<int, float>>();
        var titles = new List<HashSet<int>>();
        var lengths = new List<float>();
        var vocabulary = new HashSet<string>(StringComparer.Ordinal);
        var spanishCache = new Dictionary<string, WordInfo>(StringComparer.Ordinal);
        var englishCache = new Dictionary<string, WordInfo>(StringComparer.Ordinal);
        var termOf = new Dictionary<WordInfo, int>(ReferenceEqualityComparer.Instance);

        var infos = new List<CandidateInfo>();
        var protocolOf = new List<int>();
        foreach (var candidate in candidates)
        {
            var protocol = candidate.Protocol;
            // A shared section is never run by itself: it is not suggested, and its copies in protocols are boilerplate.
            if (protocol.Kind == ProtocolKind.SharedSection) continue;
            var index = infos.Count;
            var plans = protocol.ContingencyPlans.Where(p => p.SharedFrom is null).ToList();
            var language = protocol.Language == "en" ? TextLanguage.English : TextLanguage.Spanish;

            var cache = language == TextLanguage.English ? englishCache : spanishCache;
            var main = new DocumentBuilder(this, language, vocabulary, cache, termOf);
            main.AddTitle(protocol.Title);
            main.Add(protocol.Purpose, 2f);
            main.Add(WithoutExclusions(protocol.Scope), 1.5f);
            foreach (var term in protocol.Terms)
            {
                main.Add(term.Name, 1.5f);
                main.Add(term.Definition, 0.7f);
            }
            foreach (var responsibility in protocol.Responsibilities) main.Add(responsibility.Duties, 0.3f);
            foreach (var step in protocol.Steps.Where(s => s.SharedFrom is null)) main.AddStep(step);
            foreach (var rule in protocol.EscalationRules) main.Add(rule.Detail, 0.5f);
            foreach (var plan in plans)
            {
                main.Add(plan.Name, 0.5f);
                main.Add(plan.Trigger, 0.3f);
            }
            var protocolEntry = entries.Count;
            entries.Add(new Entry(index, candidate.Id, protocol.Title, null, null, protocol.Channels));
            protocolOf.Add(index);
            documents.Add(main.Terms);
            titles.Add(main.TitleTerms);
            lengths.Add(main.Length);

            var planEntries = new List<int>();
            foreach (var plan in plans)
            {
                var doc = new DocumentBuilder(this, language, vocabulary, cache, termOf);
                doc.AddTitle(plan.Name);
                doc.Add(plan.Trigger, 3f);
                foreach (var step in plan.Steps.Where(s => s.SharedFrom is null)) doc.AddStep(step);
                doc.Add(protocol.Title, 1.5f);
                planEntries.Add(entries.Count);
                entries.Add(new Entry(index, candidate.Id, protocol.Title, plan.Key, plan.Name,
                    plan.Channels == Channels.None ? protocol.Channels : plan.Channels & protocol.Channels));
                protocolOf.Add(index);
                documents.Add(doc.Terms);
                titles.Add(doc.TitleTerms);
                lengths.Add(doc.Length);
            }

            var selection = protocol.Selection;
            infos.Add(new CandidateInfo(protocolEntry, [.. planEntries], protocol.Channels,
                Phrase.All(selection.WinsWhen), selection.WinsOnChannels,
                [.. selection.WinsForSegments.Select(NormalizeSegment).Where(s => s.Length > 0)], Phrase.All(selection.NotFor),
                IsInformational(protocol.Title)));
        }

        _entries = [.. entries];
        _candidates = [.. infos];
        _postings = BuildPostings(documents, titles, lengths, protocolOf, infos.Count, Analyzer.ConceptCount + _stemTerms.Count);
        vocabulary.UnionWith(Analyzer.LexiconWords);
        vocabulary.UnionWith(StopWords.Words);
        _typos = new TypoIndex(vocabulary);
    }

    /// <summary>How many entries (protocols plus contingency plans) the index holds.</summary>
    public int EntryCount => _entries.Length;

    /// <summary>How many distinct terms (stems and lexicon concepts) the index holds.</summary>
    public int TermCount => _postings.Count(p => p.Length > 0);

    /// <summary>
    /// The entries that fit <paramref name="reason"/>, best first, at most <paramref name="max"/>, for a customer of
    /// <paramref name="segment"/> (null: none). Protocols that win by a selection rule come first (by score among
    /// themselves), then those that cover <paramref name="channel"/>, then the others; a protocol's plan is listed next to
    /// it, never on its own. Empty for a blank reason (unless a segment wins), a reason of stop words or unknown words
    /// only, or <paramref name="max"/> ≤ 0. Never throws on any text.
    /// </summary>
    public IReadOnlyList<ProtocolSuggestion> Suggest(string? reason, Channels channel, int max = 5, string? segment = null)
    {
        if (max <= 0 || _entries.Length == 0) return [];
        var customerSegment = NormalizeSegment(segment);
        var tokens = TextNormalizer.Tokenize(reason);
        if (tokens.Count == 0 && customerSegment.Length == 0) return [];
        var reading = new MessageReading(reason ?? "", tokens.Count > MaxReadTokens ? [.. tokens.Take(MaxReadTokens)] : tokens,
            w => _indexWords.Contains(w) || Analyzer.IsLexiconWord(w) || StopWords.Contains(w));
        var language = TextAnalyzer.Detect(tokens);
        var words = Analyzer.Analyze(tokens, language);
        var query = BuildQuery(words, language, reading);

        var total = new float[_entries.Length];
        var matched = new ulong[_entries.Length];
        var best = new float[_entries.Length];
        var bestMask = new ulong[_entries.Length];
        var touched = new List<int>();
        foreach (var terms in query)
        {
            foreach (var (term, weight, mask) in terms)
            {
                foreach (var posting in _postings[term])
                {
                    var score = weight * posting.Score;
                    if (bestMask[posting.Entry] == 0UL) touched.Add(posting.Entry);
                    if (score > best[posting.Entry]) best[posting.Entry] = score;
                    bestMask[posting.Entry] |= mask;
                }
            }
            foreach (var entry in touched)
            {
                total[entry] += best[entry];
                matched[entry] |= bestMask[entry];
                best[entry] = 0f;
                bestMask[entry] = 0UL;
            }
            touched.Clear();
        }

        var groups = new List<Group>();
        for (var c = 0; c < _candidates.Length; c++)
        {
            var candidate = _candidates[c];
            if (Mentions(candidate.NotFor, reading) is not null) continue;
            var covers = Covers(candidate.Channels, channel);
            var own = total[candidate.ProtocolEntry];
            var plan = -1;
            foreach (var p in candidate.PlanEntries)
                if (total[p] > 0f && Covers(_entries[p].Channels, channel) && (plan < 0 || total[p] > total[plan])) plan = p;
            // A plan is listed (next to its protocol) only on evidence of its own, not on the protocol's common words.
            if (plan >= 0 && total[plan] < PlanShowRatio * own) plan = -1;
            var score = own + (plan < 0 ? 0f : PlanShare * total[plan]);
            if (reading.Intent == QueryIntent.Information && candidate.Informational && score > 0f) score = score * InformationBoost + InformationBonus;
            var reasonWhy = covers ? WhyFirst(candidate, reading, channel, customerSegment) : null;
            if (score <= 0f && reasonWhy is null) continue;
            groups.Add(new Group(c, covers, reasonWhy, score, own, plan));
        }
        groups.Sort((x, y) =>
            (x.Why is null) != (y.Why is null) ? (x.Why is not null ? -1 : 1)
            : x.Covers != y.Covers ? (x.Covers ? -1 : 1)
            : x.Score != y.Score ? y.Score.CompareTo(x.Score)
            : x.Candidate.CompareTo(y.Candidate));

        var suggestions = new List<ProtocolSuggestion>(max);
        foreach (var group in groups)
        {
            var candidate = _candidates[group.Candidate];
            // A plan is never listed without its protocol: with one place left, the protocol takes it.
            var plan = suggestions.Count + 1 < max ? group.Plan : -1;
            var planFirst = plan >= 0 && total[plan] >= PlanFirstRatio * group.Own;
            if (planFirst) Add(plan, total[plan]);
            Add(candidate.ProtocolEntry, group.Score);
            if (plan >= 0 && !planFirst) Add(plan, total[plan]);
            if (suggestions.Count >= max) break;

            void Add(int e, float score)
            {
                if (suggestions.Count >= max) return;
                var entry = _entries[e];
                suggestions.Add(new ProtocolSuggestion(entry.ProtocolId, entry.PlanKey, entry.Title, entry.PlanName,
                    Math.Round(score, 4), group.Covers, MatchedWords(reason ?? "", words, matched[e]), group.Why));
            }
        }
        return suggestions;
    }

    /// <summary>How much of its best plan's own evidence a protocol's rank adds (the plan is listed with it).</summary>
    private const float PlanShare = 0.5f;
    /// <summary>A plan is listed above its protocol when its own evidence reaches this share of the protocol's.</summary>
    private const float PlanFirstRatio = 0.75f;
    /// <summary>A plan whose evidence is under this share of its protocol's is not listed (the run still offers it).</summary>
    private const float PlanShowRatio = 0.5f;
    /// <summary>How much an informational protocol gains when the customer says they only want information.</summary>
    private const float InformationBoost = 1.5f;
    private const float InformationBonus = 2f;
    /// <summary>The tokens read for rules and intent (the scores read at most <see cref="MaxQueryWords"/> words).</summary>
    private const int MaxReadTokens = 2 * MaxQueryWords;

    private readonly record struct Group(int Candidate, bool Covers, SuggestionReason? Why, float Score, float Own, int Plan);

    /// <summary>
    /// Why the protocol wins, or null: the customer's segment is one it wins for, or the message mentions one of its
    /// phrases (not inside a negation) on a channel it wins on.
    /// </summary>
    private static SuggestionReason? WhyFirst(CandidateInfo candidate, MessageReading reading, Channels channel, string segment)
    {
        if (segment.Length > 0 && candidate.WinsForSegments.Contains(segment, StringComparer.Ordinal))
            return new SuggestionReason(SuggestionReasonCode.RuleSegment, [segment]);
        if (candidate.WinsWhen.Length == 0) return null;
        if (candidate.WinsOnChannels != Channels.None && channel != Channels.None && (candidate.WinsOnChannels & channel) == 0) return null;
        return Mentions(candidate.WinsWhen, reading) is { } typed ? new SuggestionReason(SuggestionReasonCode.RuleMentions, [typed]) : null;
    }

    /// <summary>The words as typed of the first phrase found in the message outside a negation, or null.</summary>
    private static string? Mentions(Phrase[] phrases, MessageReading reading)
    {
        foreach (var phrase in phrases)
        {
            foreach (var start in phrase.MatchesIn(reading))
            {
                if (reading.Negated[start]) continue;
                var first = reading.Tokens[start];
                var last = reading.Tokens[start + phrase.Length - 1];
                return reading.Text.Substring(first.Start, last.Start + last.Length - first.Start);
            }
        }
        return null;
    }

    /// <summary>Segments compare folded and trimmed: "VIP" and " vip " are one segment.</summary>
    private static string NormalizeSegment(string? segment) =>
        string.IsNullOrWhiteSpace(segment) ? "" : TextNormalizer.Fold(segment.Trim());

    /// <summary>A protocol whose title says it gives information ("Información general…") fits an information-only intent.</summary>
    private static bool IsInformational(string? title) =>
        TextNormalizer.Tokenize(title).Any(t => t.Folded is "informacion" or "information" or "informativo" or "informational");

    /// <summary>
    /// The scope without its exclusions: from "no se aplica a", "no incluye", "excepto", "salvo", "not for", "except"
    /// to the end of that sentence. What a protocol is not for is no evidence that it fits.
    /// </summary>
    public static string? WithoutExclusions(string? scope)
    {
        if (string.IsNullOrWhiteSpace(scope)) return scope;
        var builder = new System.Text.StringBuilder(scope.Length);
        var i = 0;
        while (i < scope.Length)
        {
            var end = scope.IndexOfAny(SentenceEnds, i);
            end = end < 0 ? scope.Length : end + 1;
            var sentence = scope[i..end];
            var cut = ExclusionMarkers.Select(m => IndexOfWords(sentence, m)).Where(p => p >= 0).DefaultIfEmpty(-1).Min();
            builder.Append(cut < 0 ? sentence : sentence[..cut]);
            i = end;
        }
        return builder.ToString();
    }

    private static readonly char[] SentenceEnds = ['.', ';', '\n'];

    private static readonly string[] ExclusionMarkers =
        ["no se aplica", "no aplica", "no incluye", "no cubre", "excepto", "salvo", "not for", "does not apply", "does not cover", "except", "excluding"];

    /// <summary>Where <paramref name="marker"/> starts as whole words in <paramref name="text"/> (ignoring case), or -1.</summary>
    private static int IndexOfWords(string text, string marker)
    {
        var at = 0;
        while ((at = text.IndexOf(marker, at, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var before = at == 0 || !char.IsLetter(text[at - 1]);
            var after = at + marker.Length >= text.Length || !char.IsLetter(text[at + marker.Length]);
            if (before && after) return at;
            at++;
        }
        return -1;
    }

    private static bool Covers(Channels protocol, Channels asked) => asked == Channels.None || (protocol & asked) != 0;

    /// <summary>
    /// The query: for each distinct word, the terms it may match by, with their weights and the mask of the positions
    /// (in <paramref name="words"/>) that produce the term. A term belongs to the word that gives it the highest weight
    /// and to no other, so two words that name one concept ("me quedaron chicos") count it once; a repeated word counts once.
    /// </summary>
    private List<List<(int Term, float Weight, ulong Mask)>> BuildQuery(List<AnalyzedWord> words, TextLanguage language, MessageReading reading)
    {
        var perWord = new List<List<(int Term, float Weight)>>();
        var masks = new List<ulong>();
        var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < words.Count && i < MaxQueryWords; i++)
        {
            var word = words[i];
            if (word.IsStop) continue;
            var key = (word.IsExpression ? "~" : "") + word.Folded;
            if (byKey.TryGetValue(key, out var existing))
            {
                masks[existing] |= 1UL << i;
                continue;
            }
            var terms = new List<(int Term, float Weight)>();
            // A negated word ("no es por la factura") is weak evidence: the customer named it to rule it out.
            var factor = reading.IsNegatedAt(word.Start) ? NegatedWeight : 1f;
            AddTerms(word, language, factor, terms);
            if (!word.IsExpression && IsUnknown(word.Folded))
            {
                // A word the index, the lexicon and the stop words do not know may be a typo of one they do. When its
                // stem matched something anyway ("pedio" → pedir), only corrections that keep its first letter join in.
                var near = _typos.Near(word.Folded);
                if (terms.Count == 0 && near.Any(StopWords.Contains)) continue;
                foreach (var candidate in near.Where(c => terms.Count == 0 || c[0] == word.Folded[0]).Take(3))
                    AddTerms(Analyzer.AnalyzeWord(word.Start, word.Length, candidate, language), language, TypoWeight * factor, terms);
            }
            if (terms.Count == 0) continue;
            byKey[key] = perWord.Count;
            perWord.Add(terms);
            masks.Add(1UL << i);
        }

        var owner = new Dictionary<int, (int Word, float Weight, ulong Mask)>();
        for (var w = 0; w < perWord.Count; w++)
        {
            foreach (var (term, weight) in perWord[w])
            {
                if (!owner.TryGetValue(term, out var current)) owner[term] = (w, weight, masks[w]);
                else if (weight > current.Weight) owner[term] = (w, weight, current.Mask | masks[w]);
                else owner[term] = current with { Mask = current.Mask | masks[w] };
            }
        }
        var query = new List<List<(int Term, float Weight, ulong Mask)>>();
        for (var w = 0; w < perWord.Count; w++)
        {
            var owned = new List<(int Term, float Weight, ulong Mask)>();
            foreach (var (term, weight) in perWord[w])
                if (owner[term].Word == w) owned.Add((term, weight, owner[term].Mask));
            if (owned.Count > 0) query.Add(owned);
        }
        return query;
    }

    private bool IsUnknown(string folded) =>
        folded.Length >= TypoIndex.MinLength && !folded.Any(char.IsDigit) && !_indexWords.Contains(folded)
        && !Analyzer.IsLexiconWord(folded) && !StopWords.Contains(folded);

    private static readonly TextLanguage[] Languages = [TextLanguage.Spanish, TextLanguage.English];

    private void AddTerms(AnalyzedWord word, TextLanguage language, float factor, List<(int Term, float Weight)> terms)
    {
        if (word.IsStop) return;
        foreach (var stemLanguage in Languages)
        {
            // A word matches a protocol of the other language by its stem only when the protocol has the very same
            // word ("instagram", "online", "Madrid"): "present" is not "presenta".
            if ((stemLanguage & language) == 0 && !_indexWords.Contains(word.Folded)) continue;
            if (_stemTerms.TryGetValue(word.StemTerm(stemLanguage), out var id)) AddTerm(terms, id, factor);
        }
        foreach (var hit in word.Concepts) AddTerm(terms, hit.Concept, factor * ConceptWeight * hit.Weight);
    }

    private static void AddTerm(List<(int Term, float Weight)> terms, int term, float weight)
    {
        var index = terms.FindIndex(t => t.Term == term);
        if (index < 0) terms.Add((term, weight));
        else if (terms[index].Weight < weight) terms[index] = (term, weight);
    }

    /// <summary>The matched words as typed, in order; a word inside a matched expression is not repeated.</summary>
    private static List<MatchedWord> MatchedWords(string reason, List<AnalyzedWord> words, ulong mask)
    {
        var spans = new List<(int Start, int Length)>();
        for (var i = 0; i < words.Count && i < MaxQueryWords; i++)
            if ((mask & (1UL << i)) != 0) spans.Add((words[i].Start, words[i].Length));
        spans.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.Length.CompareTo(a.Length));
        var result = new List<MatchedWord>(spans.Count);
        var coveredUntil = -1;
        foreach (var (start, length) in spans)
        {
            if (start + length <= coveredUntil) continue;
            result.Add(new MatchedWord(reason.Substring(start, length), start, length));
            coveredUntil = Math.Max(coveredUntil, start + length);
        }
        return result;
    }

    private int StemTerm(string stem)
    {
        if (!_stemTerms.TryGetValue(stem, out var id)) _stemTerms[stem] = id = Analyzer.ConceptCount + _stemTerms.Count;
        return id;
    }

    /// <summary>
    /// The inverted index. A term's idf counts the <i>protocols</i> that hold it (in the protocol or in any of its plans),
    /// out of all protocols: a word every protocol's boilerplate repeats weighs little, however many plans there are.
    /// </summary>
    private static Posting[][] BuildPostings(List<Dictionary<int, float>> documents, List<HashSet<int>> titles, List<float> lengths,
        List<int> protocolOf, int protocolCount, int termCount)
    {
        var postings = new List<Posting>[termCount];
        var n = documents.Count;
        var protocols = Math.Max(protocolCount, 1);
        var averageLength = n == 0 ? 1f : Math.Max(lengths.Average(), 1e-3f);
        for (var d = 0; d < n; d++)
        {
            foreach (var (term, _) in documents[d])
                (postings[term] ??= []).Add(new Posting(d, 0f));
            foreach (var term in titles[d])
                if (!documents[d].ContainsKey(term)) (postings[term] ??= []).Add(new Posting(d, 0f));
        }

        var result = new Posting[termCount][];
        for (var t = 0; t < termCount; t++)
        {
            var list = postings[t];
            if (list is null) { result[t] = []; continue; }
            var df = 0;
            var last = -1;
            foreach (var p in list)
            {
                // Postings are in entry order and a protocol's entries are consecutive.
                if (protocolOf[p.Entry] != last) { df++; last = protocolOf[p.Entry]; }
            }
            var idf = (float)Math.Log(1 + (protocols - df + 0.5) / (df + 0.5));
            result[t] = list.Select(p =>
            {
                var tf = documents[p.Entry].GetValueOrDefault(t);
                var norm = K1 * (1 - B + B * lengths[p.Entry] / averageLength);
                var title = titles[p.Entry].Contains(t) ? TitleBoost : 0f;
                return new Posting(p.Entry, idf * (title + tf * (K1 + 1) / (tf + norm)));
            }).ToArray();
        }
        return result;
    }

    /// <summary>Collects one entry's weighted terms and length.</summary>
    private sealed class DocumentBuilder(ProtocolSuggester owner, TextLanguage language, HashSet<string> vocabulary,
        Dictionary<string, WordInfo> cache, Dictionary<WordInfo, int> termOf)
    {
        public Dictionary<int, float> Terms { get; } = [];

        public HashSet<int> TitleTerms { get; } = [];

        /// <summary>The title's terms score on their own (see <see cref="TitleBoost"/>), not through the body's saturation.</summary>
        public void AddTitle(string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return;
            foreach (var word in Analyzer.Analyze(text, language, cache))
            {
                if (word.IsStop) continue;
                if (!word.IsExpression)
                {
                    var term = StemTerm(word);
                    if (term < 0) continue;
                    TitleTerms.Add(term);
                }
                foreach (var hit in word.Concepts)
                    if (hit.Weight >= 1f) TitleTerms.Add(hit.Concept);
            }
        }

        public float Length { get; private set; }

        public void Add(string? text, float weight)
        {
            if (string.IsNullOrWhiteSpace(text)) return;
            foreach (var word in Analyzer.Analyze(text, language, cache))
            {
                if (word.IsStop) continue;
                if (!word.IsExpression)
                {
                    var term = StemTerm(word);
                    if (term < 0) continue;
                    Length += weight;
                    Bump(term, weight);
                }
                // Related words point a customer towards a concept; in the author's text they mean only themselves.
                foreach (var hit in word.Concepts)
                    if (hit.Weight >= 1f) Bump(hit.Concept, weight);
            }
        }

        /// <summary>
        /// The word's stem term, registering the word the first time it is met (in the vocabulary the typo lookup
        /// corrects towards, and among the index's words); -1 for words with digits, which are not indexed.
        /// </summary>
        private int StemTerm(AnalyzedWord word)
        {
            if (termOf.TryGetValue(word.Info, out var term)) return term;
            var folded = word.Folded;
            if (folded.Any(char.IsDigit)) term = -1;
            else
            {
                if (folded.Length >= TypoIndex.MinLength - 1) vocabulary.Add(folded);
                owner._indexWords.Add(folded);
                term = owner.StemTerm(word.StemTerm(language));
            }
            termOf[word.Info] = term;
            return term;
        }

        public void AddStep(Step step)
        {
            Add(step.Title, 1.5f);
            Add(step.Instruction, 1f);
            Add(step.Question, 1f);
            foreach (var answer in step.Answers) Add(answer.Label, 1f);
            foreach (var item in step.Checklist) Add(item, 0.7f);
            foreach (var script in step.Scripts) Add(WithoutPlaceholders(script.Text), 0.3f);
            Add(step.GoodExample, 0.4f);
            Add(step.BadExample, 0.4f);
        }

        /// <summary>"{empresa}" and "{cliente|cliente}" are filled in at run time: their names say nothing about the topic.</summary>
        private static string WithoutPlaceholders(string text)
        {
            if (!text.Contains('{', StringComparison.Ordinal)) return text;
            var builder = new System.Text.StringBuilder(text.Length);
            var depth = 0;
            foreach (var c in text)
            {
                if (c == '{') depth++;
                else if (c == '}' && depth > 0) { depth--; builder.Append(' '); }
                else if (depth == 0) builder.Append(c);
            }
            return builder.ToString();
        }

        private void Bump(int term, float weight) => Terms[term] = Terms.GetValueOrDefault(term) + weight;
    }
}
